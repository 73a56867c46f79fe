/**
 * The security headers: one list for the middleware and the page cache's fast path, so a
 * cached page is answered with the same headers as a freshly rendered one (issue 18).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FALLBACK_CSP, SECURITY_HEADERS } from '../../../src/lib/server/platform/security-headers.ts';
import { PageCache, pageCacheKey, serveFromPageCache } from '../../../src/lib/server/platform/page-cache.ts';
import { precompress } from '../../../src/lib/server/platform/compression.ts';

function fastPath(pageHeaders: [string, string][]): Record<string, string> {
  const pages = new PageCache();
  pages.set(pageCacheKey('en', 1, 'h', '/en/'), { body: precompress('<!doctype html>'), status: 200, headers: pageHeaders });
  let sent: Record<string, string> = {};
  const res = {
    writeHead(_status: number, headers: Record<string, string>) {
      sent = headers;
    },
    end() {},
  } as unknown as ServerResponse;
  const req = { method: 'GET', url: '/en/', headers: { 'accept-language': 'en' } } as unknown as IncomingMessage;
  const served = serveFromPageCache({ pages, versions: () => ({ content: 1, index: 'h' }), onHit: () => {} }, req, res);
  expect(served).toBe(true);
  return sent;
}

describe('security headers', () => {
  it('lists a strict policy for non-page responses and the framing, sniffing and referrer rules', () => {
    const headers = Object.fromEntries(SECURITY_HEADERS);
    expect(SECURITY_HEADERS[0][0]).toBe('X-Content-Type-Options');
    expect(headers['Content-Security-Policy']).toBe(FALLBACK_CSP);
    expect(FALLBACK_CSP).toContain("default-src 'none'");
    expect(FALLBACK_CSP).toContain("frame-ancestors 'none'");
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Referrer-Policy']).toBe('same-origin');
  });

  it('the fast path sends the cached page’s own policy and every other security header', () => {
    const pagePolicy = "default-src 'self'; frame-ancestors 'none'; script-src 'self' 'sha256-abc='";
    const sent = fastPath([['content-type', 'text/html'], ['content-security-policy', pagePolicy]]);
    expect(sent['content-security-policy']).toBe(pagePolicy);
    for (const [name, value] of SECURITY_HEADERS) {
      if (name !== 'Content-Security-Policy') expect(sent[name.toLowerCase()], name).toBe(value);
    }
  });

  it('the fast path falls back to the strict policy when a cached page has none', () => {
    expect(fastPath([['content-type', 'text/html']])['content-security-policy']).toBe(FALLBACK_CSP);
  });
});
