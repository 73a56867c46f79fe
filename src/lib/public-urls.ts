/**
 * The addresses of the public help centre. Every public page lives under its language:
 * `/de/…` and `/en/…` (home, categories, articles, search, contact). An article's address
 * always carries the article's own language, so one article has exactly one URL.
 * Shared by server pages, e-mails and the browser scripts: imports nothing from the server.
 */
import { isLang, type Lang } from './languages.ts';

/** A slug as a path (each segment encoded, the slashes kept). */
function encodeSlug(slug: string): string {
  return slug.split('/').map(encodeURIComponent).join('/');
}

/** `/de/` — the home page of a language (with the trailing slash, its one canonical form). */
export function homePath(lang: Lang): string {
  return `/${lang}/`;
}

/** `/de/articles/<slug>` — an article, always under its own language. */
export function articlePath(lang: Lang, slug: string, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `/${lang}/articles/${encodeSlug(slug)}${search ? `?${search}` : ''}`;
}

/** `/de/categories/<key>`. */
export function categoryPath(lang: Lang, key: string): string {
  return `/${lang}/categories/${encodeURIComponent(key)}`;
}

/** `/de/search?q=…`. */
export function searchPath(lang: Lang, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `/${lang}/search${search ? `?${search}` : ''}`;
}

/** `/de/contact?…`. */
export function contactPath(lang: Lang, query?: Record<string, string>): string {
  const search = query ? new URLSearchParams(query).toString() : '';
  return `/${lang}/contact${search ? `?${search}` : ''}`;
}

/** The language a path is published under (`/de/…` → de), or null for unprefixed paths. */
export function langOfPath(pathname: string): Lang | null {
  const first = pathname.split('/')[1];
  return isLang(first) ? first : null;
}

/** Old unprefixed public paths (before per-language URLs) that now redirect permanently. */
export const LEGACY_PUBLIC_PATH = /^\/(?:articles\/|categories\/|search\/?$|contact\/?$)/;

/** Rewrites links between articles in rendered article HTML (`href="/articles/x"`) to their language URL. */
export function localiseArticleLinks(html: string, langOf: (slug: string) => Lang | null, fallback: Lang): string {
  return html.replace(/href="\/articles\/([^"?#]+)([^"]*)"/g, (_, slug: string, rest: string) => {
    const decoded = slug.split('/').map((part) => { try { return decodeURIComponent(part); } catch { return part; } }).join('/');
    return `href="/${langOf(decoded) ?? fallback}/articles/${slug}${rest}"`;
  });
}
