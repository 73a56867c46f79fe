/**
 * The client address that per-client limits (log-in throttle, ticket form, analytics writes)
 * count by. Rules that always hold:
 * - by default it is the address of the TCP peer; a client cannot choose it;
 * - only when the peer is one of TRUSTED_PROXIES (the TLS proxy in front of the portal) is
 *   `X-Forwarded-For` read, from the right: the first entry that is not itself a trusted proxy
 *   is the client (the proxy appends what it saw; entries further left are the client's claim);
 * - when nothing can be told, every such request shares the key 'unknown'.
 * Without TRUSTED_PROXIES behind a proxy every visitor would share the proxy's address, and
 * the per-client limits would become global ones.
 */

/** The trusted proxy addresses from a comma- or space-separated setting ("127.0.0.1, ::1"). */
export function parseTrustedProxies(value: string | undefined | null): Set<string> {
  return new Set((value ?? '').split(/[\s,]+/).map(normalise).filter(Boolean));
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; trims and lower-cases. */
function normalise(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/** The client address of a request (see the module comment). */
export function clientAddressOf(context: { clientAddress: string; request: Request }, trustedProxies: Set<string> = new Set()): string {
  let peer: string;
  try {
    peer = normalise(context.clientAddress);
  } catch {
    return 'unknown';
  }
  if (!peer) return 'unknown';
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (context.request.headers.get('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    if (!trustedProxies.has(forwarded[i])) return forwarded[i].slice(0, 100);
  }
  return peer;
}
