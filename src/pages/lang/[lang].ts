/**
 * GET /lang/de?back=/path — switches the interface language, remembers it in a cookie
 * for a year (httpOnly, SameSite=Lax, Secure when the site is HTTPS) and returns to the page
 * the reader was on: `back` passes the shared redirect check (same site only, else "/").
 */
import type { APIRoute } from 'astro';
import { SITE_URL } from 'astro:env/server';
import { isLang, LANG_COOKIE } from '../../lib/languages.ts';
import { safeRedirectTarget } from '../../lib/server/platform/redirect-target.ts';
import { needsSecureCookie } from '../../lib/server/accounts/session.ts';

export const GET: APIRoute = ({ params, url, cookies, redirect }) => {
  const target = safeRedirectTarget(url.searchParams.get('back'), { siteUrl: SITE_URL, fallback: '/' });
  if (!isLang(params.lang)) return redirect(target, 303);
  cookies.set(LANG_COOKIE, params.lang, {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'lax',
    httpOnly: true,
    secure: needsSecureCookie(url, SITE_URL),
  });
  return redirect(target, 303);
};
