/**
 * GET /media/<file> — images from content/media, referenced by articles. Only known image
 * types, only inside the media folder.
 */
import type { APIRoute } from 'astro';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { getApp } from '../../lib/server/platform/app.ts';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

export const GET: APIRoute = async ({ params }) => {
  const { store } = await getApp();
  const relative = params.path ?? '';
  const file = path.resolve(store.mediaDir, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type || !file.startsWith(store.mediaDir + path.sep)) return new Response('Not found', { status: 404 });
  try {
    const data = await fsp.readFile(file);
    return new Response(new Uint8Array(data), {
      headers: {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=3600',
        // An SVG could carry script; never let it run on this origin.
        ...(type === 'image/svg+xml' ? { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" } : {}),
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
};
