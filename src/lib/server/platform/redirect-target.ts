/**
 * The one check for every redirect whose target comes from the request (log-in `next`, the
 * language switch's `back`, …). Rules that always hold for what `safeRedirectTarget` returns:
 * - it is the FINAL, normalised value (`new URL(value, siteUrl)` → path + query + fragment),
 *   so a value that only turns into `//host` after normalisation (`/.//evil.example`,
 *   `/staff/..//evil.example`) is caught;
 * - it starts with exactly one `/` and resolves to the site's own origin;
 * - it holds no backslash and no control character (tab, CR, LF, NUL …: browsers drop or
 *   re-read them, and a CR/LF in a Location header would be refused with a 500);
 * - anything else (missing, too long, another origin, unparsable) gives the fallback, never
 *   an exception.
 * Pure (no `astro:*` imports) so that scripts and unit tests can use it.
 */

/** Longest target accepted (longer ones give the fallback). */
export const MAX_REDIRECT_TARGET_LENGTH = 2000;

/** Backslashes, C0 control characters, DEL and the C1 range. */
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f-\u009f]/;

/** Options for {@link safeRedirectTarget}. */
export interface RedirectTargetOptions {
  /** The site's public address (SITE_URL); targets must resolve to its origin. */
  siteUrl: string;
  /** What to return when the target is refused (itself a path on this site). */
  fallback: string;
  /** Paths (pathname only, after normalisation) that are never a target, e.g. the log-in page. */
  refusePath?: RegExp;
}

/** A path on this site to redirect to, from an untrusted value; `fallback` when it is not safe. */
export function safeRedirectTarget(value: unknown, options: RedirectTargetOptions): string {
  const { fallback } = options;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_REDIRECT_TARGET_LENGTH) return fallback;
  let site: URL;
  try {
    site = new URL(options.siteUrl);
  } catch {
    site = new URL('http://localhost');
  }
  const final = normalisedSamePath(value, site.origin);
  if (final === null) return fallback;
  if (options.refusePath) {
    const pathname = new URL(final, site.origin).pathname;
    if (options.refusePath.test(pathname)) return fallback;
  }
  return final;
}

/** The normalised path + query + fragment of `value` when it is a safe same-origin path, else null. */
function normalisedSamePath(value: string, origin: string): string | null {
  if (!isSingleSlashPath(value)) return null;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  const final = url.pathname + url.search + url.hash;
  // The checks again on what will really be sent: normalisation may have made "//host" of it.
  if (!isSingleSlashPath(final)) return null;
  try {
    if (new URL(final, origin).origin !== origin) return null;
  } catch {
    return null;
  }
  return final;
}

/** Starts with exactly one "/", and holds no backslash or control character. */
function isSingleSlashPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !UNSAFE_CHARACTERS.test(value);
}
