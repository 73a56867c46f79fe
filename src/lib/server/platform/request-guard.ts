/**
 * Checks a raw Node request before the framework sees it (scripts/serve.ts): a request
 * target, Host header or body size that Astro cannot handle is refused here with a clear
 * 4xx instead of ending in a 500 (or in minutes of parsing). Total: never throws, whatever
 * the bytes. Rules: a body may be at most MAX_BODY_BYTES (the action limit in
 * astro.config.mjs plus room for the multipart envelope); the Host header is a plain
 * host[:port] (no userinfo, path or bad port); the path and query are valid percent-encoding.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { LANG_COOKIE, type Lang } from '../../languages.ts';
import type { ErrorStatus } from './error-answer.ts';
import { readCookie, readerLang, safeDecode } from './page-cache.ts';

/** The largest request body accepted (the 52 MB action limit — five 10 MB attachments and the text — plus 256 KB of form envelope). */
export const MAX_BODY_BYTES = 52 * 1024 * 1024 + 256 * 1024;

/** The reader's language from raw headers (cookie, then Accept-Language); never throws. */
export function rawReaderLang(headers: IncomingHttpHeaders): Lang {
  const acceptLanguage = headers['accept-language'];
  return readerLang(readCookie(headers.cookie, LANG_COOKIE), typeof acceptLanguage === 'string' ? acceptLanguage : null);
}

/** True for a Host header the portal can build a URL from: host or host:port, nothing else. */
export function isPlainHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return true; // HTTP/1.0: Astro falls back to localhost
  if (/[@/\\?#\s]/.test(host)) return false;
  try {
    const url = new URL(`http://${host}`);
    return url.username === '' && url.password === '' && url.pathname === '/';
  } catch {
    return false;
  }
}

/** Why a raw request is refused before routing, or null when it may go on. */
export function refuseRawRequest(target: string | undefined, headers: IncomingHttpHeaders): ErrorStatus | null {
  const length = headers['content-length'];
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) return 413;
  if (!isPlainHost(headers.host)) return 400;
  if (!target) return 400;
  // Astro refuses a target that is not valid percent-encoding (path or query) with a bare 400.
  if (target.startsWith('/') && safeDecode(target) === null) return 400;
  return null;
}
