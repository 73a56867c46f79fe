/**
 * GET /media/<file> — images from content/media, referenced by articles. Only known image
 * types, only inside the media folder. Files whose name carries a content hash (the
 * responsive variants in /media/variants/, uploads named "<name>-<10 hex digits>.<ext>") never
 * change under their name: browsers may keep them for a year. Other files an hour. An upload
 * made on another instance that has not arrived here yet is fetched from the database first
 * (PostgreSQL; knowledge/shared-media.ts).
 */
import type { APIRoute } from 'astro';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { getApp } from '../../lib/server/platform/app.ts';
import { materialiseMedia } from '../../lib/server/knowledge/shared-media.ts';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** Whether the file's name carries a content hash (see above). */
function hashedName(relative: string): boolean {
  return relative.startsWith('variants/') ? !relative.endsWith('.json') : /-[0-9a-f]{10}\.[a-z]+$/.test(relative);
}

export const GET: APIRoute = async ({ params }) => {
  const { store, database } = await getApp();
  const relative = params.path ?? '';
  const file = path.resolve(store.mediaDir, relative);
  const type = TYPES[path.extname(file).toLowerCase()];
  if (!type || !file.startsWith(store.mediaDir + path.sep)) return new Response('Not found', { status: 404 });
  try {
    if (!relative.includes('/')) await fsp.access(file).catch(() => materialiseMedia(database, store.mediaDir, [relative]));
    const data = await fsp.readFile(file);
    return new Response(new Uint8Array(data), {
      headers: {
        'Content-Type': type,
        'Cache-Control': hashedName(relative) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        // An SVG could carry script; never let it run on this origin.
        ...(type === 'image/svg+xml' ? { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" } : {}),
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
};
