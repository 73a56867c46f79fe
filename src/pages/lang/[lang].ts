/**
 * GET /lang/de?back=/path — switches the interface language, remembers it in a cookie
 * for a year and returns to the page the reader was on (same site only).
 */
import type { APIRoute } from 'astro';
import { isLang, LANG_COOKIE } from '../../lib/languages.ts';

export const GET: APIRoute = ({ params, url, cookies, redirect }) => {
  const back = url.searchParams.get('back') ?? '/';
  const target = back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/';
  if (!isLang(params.lang)) return redirect(target, 303);
  cookies.set(LANG_COOKIE, params.lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
  return redirect(target, 303);
};
