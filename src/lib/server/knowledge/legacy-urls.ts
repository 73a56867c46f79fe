/**
 * Where the public addresses from before per-language URLs went. `/articles/<slug>` moves to
 * the article's own language (whatever the reader's), the other old pages (`/categories/…`,
 * `/search`, `/contact`) to the reader's language. Query strings are kept. An old article
 * address of anything that is not a public article (unknown, internal, draft, a training page)
 * is not redirected: it is the same plain 404 for all of them, so no answer reveals whether an
 * internal or draft article exists.
 */
import type { ArticleStore } from './articles.ts';
import { isPublicArticle } from '../search/search.ts';
import type { Lang } from '../../languages.ts';
import { LEGACY_PUBLIC_PATH } from '../../public-urls.ts';

/** The new path for an old public URL, or null when the URL is not an old public one. */
export function legacyRedirectTarget(url: URL, store: ArticleStore, readerLang: Lang): string | null {
  if (!LEGACY_PUBLIC_PATH.test(url.pathname)) return null;
  let lang = readerLang;
  if (url.pathname.startsWith('/articles/')) {
    let slug = url.pathname.slice('/articles/'.length);
    try {
      slug = decodeURIComponent(slug);
    } catch {
      // An undecodable slug is a 404 in the reader's language.
    }
    const article = store.get(slug);
    if (article && isPublicArticle(article)) lang = article.lang;
    else if (article && article.audience === 'public' && article.status === 'archived') lang = article.lang;
    else return null;
  }
  const path = url.pathname.replace(/\/$/, '') || '/';
  return `/${lang}${path}${url.search}`;
}
