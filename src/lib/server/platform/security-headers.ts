/**
 * The security headers every response carries, in one place: the middleware adds them to
 * everything Astro answers, and the page cache's fast path (serveFromPageCache) to what it
 * answers before Astro runs, so both paths send the same set. Rules that always hold:
 * - a header a response already has wins (Astro's per-page Content-Security-Policy with the
 *   hashes of that page's inline scripts and styles; a stricter Referrer-Policy on a page);
 * - a response without its own Content-Security-Policy (JSON, redirects, media files) gets
 *   FALLBACK_CSP, which allows nothing to run or load and no framing.
 * The page policy itself is configured in astro.config.mjs (`security.csp`).
 */

/** Policy for responses that are not pages: nothing runs, nothing loads, no framing. */
export const FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers every response carries unless it set its own value (the first one always). */
export const SECURITY_HEADERS: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ['Content-Security-Policy', FALLBACK_CSP],
];
