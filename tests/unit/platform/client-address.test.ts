/**
 * The client address per-client limits count by: the TCP peer, unless the peer is a trusted
 * proxy; then the right-most X-Forwarded-For entry that is not a trusted proxy.
 */
import { describe, expect, it } from 'vitest';
import { clientAddressOf, parseTrustedProxies } from '../../../src/lib/server/platform/client-address.ts';

const request = (forwardedFor?: string): Request => new Request('http://portal.example/', { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });

describe('clientAddressOf', () => {
  const proxies = parseTrustedProxies(' 127.0.0.1, ::1 10.0.0.2');

  it('parses the trusted proxies', () => {
    expect([...proxies]).toEqual(['127.0.0.1', '::1', '10.0.0.2']);
    expect(parseTrustedProxies(undefined).size).toBe(0);
  });

  it.each([
    ['a direct client, no proxies trusted', '203.0.113.5', '198.51.100.1', new Set<string>(), '203.0.113.5'],
    ['a direct client cannot choose its address', '203.0.113.5', '198.51.100.1', proxies, '203.0.113.5'],
    ['behind the proxy: what the proxy saw', '127.0.0.1', '198.51.100.1', proxies, '198.51.100.1'],
    ['behind the proxy: a forged entry on the left is ignored', '127.0.0.1', '1.2.3.4, 198.51.100.1', proxies, '198.51.100.1'],
    ['through two trusted proxies', '::ffff:127.0.0.1', '198.51.100.1, 10.0.0.2', proxies, '198.51.100.1'],
    ['the proxy without the header', '127.0.0.1', undefined, proxies, '127.0.0.1'],
  ])('%s', (_label, peer, forwarded, trusted, expected) => {
    expect(clientAddressOf({ clientAddress: peer, request: request(forwarded) }, trusted)).toBe(expected);
  });

  it('gives "unknown" when the adapter cannot tell the address', () => {
    const context = {
      request: request(),
      get clientAddress(): string {
        throw new Error('no address');
      },
    };
    expect(clientAddressOf(context, proxies)).toBe('unknown');
  });
});
