/**
 * GET / — the help centre lives under its languages: sends the reader to `/de/` or `/en/`,
 * by the language cookie, else Accept-Language, else English. Temporary (302), since the
 * answer depends on the reader; crawlers without either land on `/en/`.
 */
import type { APIRoute } from 'astro';
import { homePath } from '../lib/public-urls.ts';

export const GET: APIRoute = ({ locals, url }) =>
  new Response(null, {
    status: 302,
    headers: { Location: `${homePath(locals.lang)}${url.search}`, Vary: 'Cookie, Accept-Language', 'Cache-Control': 'no-store' },
  });
