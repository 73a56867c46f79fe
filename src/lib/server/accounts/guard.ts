/**
 * Authorisation for staff pages, endpoints and actions. Every staff route calls one of these
 * on the server; the middleware has already put the signed-in user (or null) in `locals`.
 *
 * Pages and endpoints:
 *   const user = await requireStaff(Astro, ['second_level', 'admin']);
 *   if (user instanceof Response) return user;
 * Actions:
 *   const user = assertRole(context.locals.user, ['third_level']);
 *
 * Roles are exact: list 'admin' where admins may act too.
 * (Imports astro:actions for ActionError, so it is for pages, endpoints and actions only.)
 */
import { ActionError } from 'astro:actions';
import { hasRole, type Role } from './roles.ts';
import type { User } from './users.ts';
import { t } from '../../i18n.ts';
import type { Lang } from '../../languages.ts';

/** The parts of `Astro` (pages) or the APIContext (endpoints) that the guard needs. */
export interface GuardContext {
  locals: App.Locals;
  url: URL;
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308 | 300 | 304): Response;
  rewrite(path: string): Promise<Response>;
}

/** The path of the 403 page that `requireStaff` shows for a wrong role. */
export const FORBIDDEN_PATH = '/staff/forbidden';

/** The log-in page, coming back to `next` (a path on this site) afterwards. */
export function loginPath(next?: string): string {
  return next && next !== '/staff' ? `/staff/login?next=${encodeURIComponent(next)}` : '/staff/login';
}

/**
 * The signed-in staff member when they have one of `roles` (no list: any staff member).
 * Otherwise a Response to return at once: a redirect to the log-in page (coming back here
 * afterwards) for anonymous visitors, or the 403 page for a signed-in user with another role.
 */
export async function requireStaff(context: GuardContext, roles?: readonly Role[]): Promise<User | Response> {
  const user = context.locals.user;
  if (!user) {
    // Come back here after logging in, without an action's query parameter (that was a post).
    const back = new URL(context.url);
    back.searchParams.delete('_action');
    return context.redirect(loginPath(back.pathname + back.search), 303);
  }
  if (!hasRole(user, roles)) return context.rewrite(FORBIDDEN_PATH);
  return user;
}

/**
 * For actions: the signed-in staff member when they have one of `roles` (no list: any
 * staff member). Throws ActionError UNAUTHORIZED when nobody is signed in, FORBIDDEN for
 * another role, with a message in `lang` (pass `context.locals.lang`).
 */
export function assertRole(user: User | null | undefined, roles?: readonly Role[], lang: Lang = 'en'): User {
  if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: t(lang, 'auth.error.unauthorized') });
  if (!hasRole(user, roles)) {
    throw new ActionError({ code: 'FORBIDDEN', message: t(lang, 'auth.error.forbidden', { role: t(lang, `role.${user.role}`) }) });
  }
  return user;
}
