/** Compression and revalidation: coding negotiation, precompressed variants, ETags and 304. */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { addVary, compressResponse, isNotModified, negotiateEncoding, pickVariant, precompress } from '../../../src/lib/server/platform/compression.ts';

const html = `<!doctype html><title>x</title>${'<p>Hallo Welt, hello world.</p>'.repeat(200)}`;

describe('negotiateEncoding', () => {
  it('prefers brotli, then gzip, and honours q=0', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding(undefined)).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
  });
});

describe('precompress and pickVariant', () => {
  it('keeps brotli and gzip forms that decode to the body', () => {
    const body = precompress(html);
    expect(zlib.brotliDecompressSync(pickVariant(body, 'br').bytes).toString()).toBe(html);
    expect(zlib.gunzipSync(pickVariant(body, 'gzip').bytes).toString()).toBe(html);
    expect(pickVariant(body, null)).toEqual({ bytes: body.identity, encoding: null });
    expect(body.br!.length).toBeLessThan(body.identity.length / 5);
  });

  it('sends tiny bodies as they are', () => {
    expect(pickVariant(precompress('<p>hi</p>'), 'br').encoding).toBeNull();
  });
});

describe('ETags', () => {
  it('match the body and answer If-None-Match lists and weak forms', () => {
    const { etag } = precompress(html);
    expect(etag).toBe(precompress(html).etag);
    expect(etag).not.toBe(precompress(`${html}.`).etag);
    expect(isNotModified(etag, etag)).toBe(true);
    expect(isNotModified(`"other", W/${etag}`, etag)).toBe(true);
    expect(isNotModified('"other"', etag)).toBe(false);
    expect(isNotModified(null, etag)).toBe(false);
  });
});

describe('compressResponse', () => {
  it('compresses text per request and leaves images and compressed bodies alone', async () => {
    const compressed = await compressResponse(new Response(html, { headers: { 'Content-Type': 'text/html' } }), 'gzip, br');
    expect(compressed.headers.get('content-encoding')).toBe('br');
    expect(compressed.headers.get('vary')).toContain('Accept-Encoding');
    expect(zlib.brotliDecompressSync(Buffer.from(await compressed.arrayBuffer())).toString()).toBe(html);
    const image = new Response(new Uint8Array(5000), { headers: { 'Content-Type': 'image/png' } });
    expect((await compressResponse(image, 'br')).headers.get('content-encoding')).toBeNull();
  });

  it('passes a server-sent event stream through untouched, without waiting for its end', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
    const live = new Response(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
    // The stream never ends here: a buffering compressor would never return.
    const answered = await Promise.race([compressResponse(live, 'br'), new Promise((resolve) => setTimeout(() => resolve('waited'), 500))]);
    expect(answered).toBe(live);
    controller.close();
  });

  it('adds Accept-Encoding to Vary once', () => {
    expect(addVary('Cookie', 'Accept-Encoding')).toBe('Cookie, Accept-Encoding');
    expect(addVary('Cookie, accept-encoding', 'Accept-Encoding')).toBe('Cookie, accept-encoding');
  });
});
