/**
 * Compression and revalidation for what the portal sends: brotli or gzip, chosen from the
 * request's Accept-Encoding, and strong ETags with `304 Not Modified`.
 *
 * Rules that always hold:
 * - A body is compressed once: cached pages keep their brotli and gzip forms beside the
 *   plain one (see page-cache.ts), static build assets are compressed on first request
 *   and kept, and responses rendered per request are compressed as they are sent.
 * - Only text types are compressed (HTML, CSS, JS, JSON, SVG, XML, plain text); tiny bodies
 *   (under 1 KB) are sent as they are, and every compressible answer says `Vary: Accept-Encoding`.
 * - The ETag names the plain body, so every encoding of one page revalidates alike.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A content coding the portal can send. */
export type Encoding = 'br' | 'gzip';

/** Bodies smaller than this are not worth compressing. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|atom\+xml|rss\+xml|manifest\+json)|image\/svg\+xml)/;

/** Streams that must reach the client as they are written (server-sent events): never buffered or compressed here. */
const STREAMING = /^text\/event-stream/i;

/** True when a Content-Type is worth compressing (whole responses only, never a live stream). */
export function isCompressible(contentType: string | null | undefined): boolean {
  return !!contentType && COMPRESSIBLE.test(contentType) && !STREAMING.test(contentType);
}

/**
 * The coding to send for an Accept-Encoding header: brotli when accepted, else gzip, else
 * none. A coding given `q=0` is refused.
 */
export function negotiateEncoding(acceptEncoding: string | null | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) : 1);
  }
  const ok = (name: string): boolean => {
    const q = accepted.get(name) ?? accepted.get('*');
    return q !== undefined && Number.isFinite(q) && q > 0;
  };
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** A strong ETag for a body. */
export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** True when If-None-Match names the ETag (or `*`): the client's copy is current. */
export function isNotModified(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Compresses a body with one coding (brotli at quality 11 for bodies compressed once, 5 per request). */
export function compress(body: Buffer, encoding: Encoding, once = true): Buffer {
  if (encoding === 'gzip') return zlib.gzipSync(body, { level: 9 });
  return zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: once ? 11 : 5,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    },
  });
}

/** A body in every form the portal sends it, made once. */
export interface PrecompressedBody {
  identity: Buffer;
  br: Buffer | null;
  gzip: Buffer | null;
  etag: string;
}

/** Compresses a body once into brotli and gzip (none when it is tiny). */
export function precompress(body: Buffer | string): PrecompressedBody {
  const identity = typeof body === 'string' ? Buffer.from(body) : body;
  const small = identity.length < MIN_COMPRESS_BYTES;
  return { identity, br: small ? null : compress(identity, 'br'), gzip: small ? null : compress(identity, 'gzip'), etag: etagOf(identity) };
}

/** The bytes and Content-Encoding to send for a request's Accept-Encoding. */
export function pickVariant(body: PrecompressedBody, acceptEncoding: string | null | undefined): { bytes: Buffer; encoding: Encoding | null } {
  const encoding = negotiateEncoding(acceptEncoding);
  if (encoding === 'br' && body.br) return { bytes: body.br, encoding };
  if (encoding && body.gzip) return { bytes: body.gzip, encoding: 'gzip' };
  return { bytes: body.identity, encoding: null };
}

/** Adds a token to a Vary header value unless it is already there. */
export function addVary(vary: string | null | undefined, token: string): string {
  const parts = (vary ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  return parts.some((part) => part.toLowerCase() === token.toLowerCase() || part === '*') ? parts.join(', ') : [...parts, token].join(', ');
}

/**
 * Compresses a Response rendered for this request when its type and size are worth it and it
 * is not compressed already; otherwise returns it unchanged.
 */
export async function compressResponse(response: Response, acceptEncoding: string | null): Promise<Response> {
  if (response.headers.has('content-encoding') || !isCompressible(response.headers.get('content-type')) || !response.body) return response;
  if (response.status === 204 || response.status === 304) return response;
  const encoding = negotiateEncoding(acceptEncoding);
  const headers = new Headers(response.headers);
  headers.set('Vary', addVary(headers.get('vary'), 'Accept-Encoding'));
  const plain = Buffer.from(await response.arrayBuffer());
  if (!encoding || plain.length < MIN_COMPRESS_BYTES) return new Response(new Uint8Array(plain), { status: response.status, statusText: response.statusText, headers });
  const packed = compress(plain, encoding, false);
  headers.set('Content-Encoding', encoding);
  headers.delete('content-length');
  return new Response(new Uint8Array(packed), { status: response.status, statusText: response.statusText, headers });
}

const STATIC_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the build's text assets (`/_astro/*.js|css`, `/favicon.svg`) compressed, each
 * compressed once on its first request and then kept in memory. Hashed `/_astro/` files
 * are immutable; other files revalidate. Returns false for anything else (the framework
 * serves it).
 */
export function createStaticAssetServer(clientDir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const root = path.resolve(clientDir);
  const kept = new Map<string, PrecompressedBody | null>();
  return (req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url) return false;
    const pathname = req.url.split('?')[0]!;
    const type = STATIC_TYPES[path.extname(pathname).toLowerCase()];
    if (!type || pathname.includes('..') || pathname.includes('\\')) return false;
    let body = kept.get(pathname);
    if (body === undefined) {
      const file = path.join(root, decodeURIComponent(pathname));
      body = file.startsWith(root + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? precompress(fs.readFileSync(file)) : null;
      if (kept.size < 2000) kept.set(pathname, body);
    }
    if (!body) return false;
    const immutable = pathname.startsWith('/_astro/');
    const headers: Record<string, string> = {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600, must-revalidate',
      ETag: body.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (isNotModified(req.headers['if-none-match'], body.etag)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const { bytes, encoding } = pickVariant(body, req.headers['accept-encoding']);
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(bytes.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };
}
