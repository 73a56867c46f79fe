/**
 * The HTTP answer that delivers an attachment. Always `X-Content-Type-Options: nosniff`, a
 * sandboxing Content-Security-Policy and `Content-Disposition: attachment` with the stored
 * name; only PNG/JPEG/GIF/WebP images may be shown inline (staff thumbnails), never SVG or
 * HTML (they are not even accepted). Private, never cached by shared caches.
 */
import type { Database } from '../platform/database/connect.ts';
import { INLINE_IMAGE_MIME } from './attachment-types.ts';
import { readAttachmentData, type LocatedAttachment } from './attachment-store.ts';

/** `filename*=` per RFC 6266/5987 plus an ASCII fallback. */
function disposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The file as a download (or inline for an allowed image when `inline` is asked for); 404 when
 * the file is gone (from this instance's folder and, on PostgreSQL, from the database).
 */
export async function attachmentResponse(database: Database, attachment: LocatedAttachment, inline: boolean): Promise<Response> {
  const data = await readAttachmentData(database, attachment);
  if (!data) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const showInline = inline && INLINE_IMAGE_MIME.has(attachment.mime);
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': attachment.mime === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.mime,
      'Content-Length': String(data.length),
      'Content-Disposition': disposition(showInline ? 'inline' : 'attachment', attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  });
}
