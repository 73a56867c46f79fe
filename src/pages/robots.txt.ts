/** GET /robots.txt — crawlers may read the public pages, not the staff side, forms or APIs. */
import type { APIRoute } from 'astro';
import { SITE_URL } from 'astro:env/server';
import { robotsTxt } from '../lib/server/knowledge/discovery.ts';

export const GET: APIRoute = () =>
  new Response(robotsTxt(SITE_URL), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=86400' } });
