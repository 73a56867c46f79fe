/**
 * Staff log-in as an Astro Action (form posts work without JavaScript). The page renders the
 * result: on success it redirects to `data.next`; on failure it shows `error.message`
 * (wrong e-mail or password — never which — or "too many attempts, try again in N minutes"),
 * or per-field messages for missing input. Admins lift log-in locks with auth.liftLoginLock.
 */
import { ActionError, defineAction } from 'astro:actions';
import { SITE_URL, TRUSTED_PROXIES } from 'astro:env/server';
import { clientAddressOf, parseTrustedProxies } from '../lib/server/platform/client-address.ts';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { minutesToWait } from '../lib/server/platform/rate-limit.ts';
import { sharedLoginThrottle } from '../lib/server/accounts/login-throttle.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { invalidateSession, logIn, needsSecureCookie, safeRedirectPath, setSessionCookie } from '../lib/server/accounts/session.ts';
import { MAX_PASSWORD_LENGTH } from '../lib/server/accounts/passwords.ts';
import { plural, t } from '../lib/i18n.ts';
import { isRoleActive } from '../lib/server/desk/desk-config.ts';
import { deskConfig } from './desk.ts';
import { changeOwnPassword } from '../lib/server/accounts/own-password.ts';
import { rethrowAsActionError } from './action-errors.ts';

/** The log-in form's fields. */
const loginInput = z.object({
  /** The account's e-mail address. */
  email: z.string().trim().max(254).pipe(z.email()),
  /** The password, as typed (not trimmed). */
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  /** Where to go afterwards: a path on this site; anything else means the desk. */
  next: z.string().max(2000).optional(),
});

export const auth = {
  /** Logs a staff member in: sets the tz_session cookie and returns where to go next. */
  login: defineAction({
    accept: 'form',
    input: loginInput,
    handler: async (input, context): Promise<{ next: string }> => {
      const lang = context.locals.lang;
      const app = await getApp();
      const client = clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES));
      const result = await logIn(app.database, { email: input.email, password: input.password, client }, sharedLoginThrottle(app.database));
      if (!result.ok) {
        if (result.reason === 'throttled') {
          throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: plural(lang, 'login.error.throttled', minutesToWait(result.retryAfterMs)) });
        }
        throw new ActionError({ code: 'UNAUTHORIZED', message: t(lang, 'login.error.invalid') });
      }
      // Two-level mode: third-level accounts cannot sign in (an admin makes them second level).
      if (!isRoleActive(result.user.role, deskConfig(app).levels)) {
        await invalidateSession(app.database, result.session.id);
        throw new ActionError({ code: 'FORBIDDEN', message: t(lang, 'login.error.levelOff') });
      }
      // A new session for every log-in (no session fixation); the one this browser had ends.
      if (context.locals.session) await invalidateSession(app.database, context.locals.session.id);
      setSessionCookie(context.cookies, result.token, result.session.expiresAt, needsSecureCookie(context.url, SITE_URL));
      return { next: safeRedirectPath(input.next, SITE_URL) };
    },
  }),
  /** A staff member changes their own password (the current one first); their other sessions end. */
  changePassword: defineAction({
    accept: 'form',
    input: z.object({
      /** The password in use now. */
      current: z.string().max(MAX_PASSWORD_LENGTH + 1),
      /** The new password (the policy is checked by the domain, naming the rule). */
      password: z.string().max(MAX_PASSWORD_LENGTH + 1),
    }),
    handler: async (input, context): Promise<{ ended: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, undefined, lang);
      const app = await getApp();
      const client = clientAddressOf(context, parseTrustedProxies(TRUSTED_PROXIES));
      try {
        const ended = await changeOwnPassword(
          app.database,
          { user, current: input.current, next: input.password, keepSessionId: context.locals.session?.id ?? null, client },
          sharedLoginThrottle(app.database),
        );
        return { ended };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
  /** Admins lift a log-in lock (the page /staff/login-locks lists them); `lifted` is false when it had ended already. */
  liftLoginLock: defineAction({
    accept: 'form',
    input: z.object({
      /** Which rule the lock comes from. */
      kind: z.enum(['pair', 'client', 'account']),
      /** The lock's key as the page listed it. */
      key: z.string().min(1).max(600),
    }),
    handler: async (input, context): Promise<{ lifted: boolean }> => {
      assertRole(context.locals.user, ['admin'], context.locals.lang);
      return { lifted: await sharedLoginThrottle((await getApp()).database).lift(input.kind, input.key) };
    },
  }),
};
