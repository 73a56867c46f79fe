/**
 * Runs before every page: picks the reader's language and adds security headers.
 * (Sessions and the signed-in user are added here by the support desk.)
 */
import { defineMiddleware } from 'astro:middleware';
import { isLang, LANG_COOKIE, pickLangFromHeader } from './lib/languages.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const chosen = context.cookies.get(LANG_COOKIE)?.value;
  context.locals.lang = isLang(chosen) ? chosen : (pickLangFromHeader(context.request.headers.get('accept-language')) ?? 'en');

  let response = await next();
  try {
    response.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    // Responses made by Response.redirect() have immutable headers: copy them.
    response = new Response(response.body, response);
    response.headers.set('X-Content-Type-Options', 'nosniff');
  }
  response.headers.set('Referrer-Policy', 'same-origin');
  response.headers.set('X-Frame-Options', 'DENY');
  if (!response.headers.has('Vary')) response.headers.set('Vary', 'Cookie, Accept-Language');
  return response;
});
