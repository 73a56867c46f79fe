/**
 * POST /staff/logout — ends the session and removes the cookie, then shows the log-in page.
 * Only same-origin posts are accepted (besides Astro's checkOrigin, which covers form
 * posts, this also refuses other content types from other sites). Logging out without a
 * session is harmless and ends the same way. GET shows the desk, which has the button.
 */
import type { APIRoute } from 'astro';
import { SITE_URL } from 'astro:env/server';
import { getApp } from '../../lib/server/platform/app.ts';
import { deleteSessionCookie, invalidateSession, needsSecureCookie } from '../../lib/server/accounts/session.ts';

/** True when the request comes from a page of this site. */
function isSameOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) return origin === url.origin;
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

export const POST: APIRoute = async ({ request, url, locals, cookies, redirect }) => {
  if (!isSameOrigin(request, url)) {
    return new Response('Cross-site log-out refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (locals.session) {
    const { database } = await getApp();
    await invalidateSession(database, locals.session.id);
  }
  deleteSessionCookie(cookies, needsSecureCookie(url, SITE_URL));
  locals.user = null;
  locals.session = null;
  return redirect('/staff/login?loggedOut', 303);
};

export const GET: APIRoute = ({ redirect }) => redirect('/staff', 303);
