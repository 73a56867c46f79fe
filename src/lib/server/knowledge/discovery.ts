/**
 * What the help centre tells crawlers and feed readers: the sitemap (home pages, categories
 * and articles, each with `lastmod` and its language alternates), robots.txt and an Atom feed
 * of new and updated articles per language.
 *
 * Rule that always holds: only public validated articles appear (never internal, draft, in
 * review or archived ones), and only categories that hold such an article; every URL listed
 * is a page that answers 200 under exactly that address.
 */
import { Readable } from 'node:stream';
import { SitemapStream, streamToPromise, type SitemapItemLoose } from 'sitemap';
import { Feed } from 'feed';
import type { Article, ArticleStore } from './articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { LANGS, type Lang } from '../../languages.ts';
import { articlePath, categoryPath, homePath } from '../../public-urls.ts';
import { publicArticles, publicTranslation } from './catalog.ts';
import { absoluteUrl } from './seo.ts';

/** The public validated articles, each once (every language version is its own page). */
export function listedArticles(store: ArticleStore): Article[] {
  return store.all().filter(isPublicArticle).sort((a, b) => a.slug.localeCompare(b.slug));
}

/** The sitemap entries: URLs with lastmod and alternates, before they become XML. */
export function sitemapEntries(store: ArticleStore): SitemapItemLoose[] {
  const articles = listedArticles(store);
  const newest = (list: Article[]): string | undefined =>
    list.length ? new Date(Math.max(...list.map((a) => a.updated.getTime()))).toISOString() : undefined;
  const both = (path: (lang: Lang) => string) => LANGS.map((lang) => ({ lang, url: path(lang) }));
  const entries: SitemapItemLoose[] = LANGS.map((lang) => ({ url: homePath(lang), lastmod: newest(articles), links: [...both(homePath), { lang: 'x-default', url: '/' }] }));
  // A category page exists in both languages as soon as it holds one public article (lists fall back to the other language).
  const categories = [...new Set(articles.map((a) => a.category))].sort();
  for (const key of categories) {
    const inCategory = articles.filter((a) => a.category === key);
    for (const lang of LANGS) {
      entries.push({ url: categoryPath(lang, key), lastmod: newest(inCategory), links: [...both((l) => categoryPath(l, key)), { lang: 'x-default', url: categoryPath('en', key) }] });
    }
  }
  for (const article of articles) {
    const versions = [article, ...LANGS.filter((l) => l !== article.lang).map((l) => publicTranslation(store, article, l)).filter((a): a is Article => a !== null)];
    const links = versions.length > 1 ? [...versions].sort((a, b) => a.lang.localeCompare(b.lang)).map((v) => ({ lang: v.lang, url: articlePath(v.lang, v.slug) })) : [];
    const fallback = versions.find((v) => v.lang === 'en') ?? article;
    entries.push({
      url: articlePath(article.lang, article.slug),
      lastmod: article.updated.toISOString(),
      ...(links.length ? { links: [...links, { lang: 'x-default', url: articlePath(fallback.lang, fallback.slug) }] } : {}),
    });
  }
  return entries;
}

/** sitemap.xml for the site's public address. */
export async function sitemapXml(store: ArticleStore, site: string): Promise<string> {
  const stream = new SitemapStream({ hostname: site, xmlns: { news: false, video: false, image: false, xhtml: true } });
  const entries = sitemapEntries(store).map((entry) => ({
    ...entry,
    url: absoluteUrl(site, entry.url),
    links: entry.links?.map((link) => ({ ...link, url: absoluteUrl(site, link.url) })),
  }));
  return (await streamToPromise(Readable.from(entries).pipe(stream))).toString();
}

/** robots.txt: the public pages are open, staff, forms, search results and APIs are not. */
export function robotsTxt(site: string): string {
  return [
    'User-agent: *',
    'Disallow: /staff/',
    'Disallow: /api/',
    'Disallow: /tickets/',
    'Disallow: /lang/',
    'Disallow: /de/search',
    'Disallow: /en/search',
    'Allow: /',
    '',
    `Sitemap: ${absoluteUrl(site, '/sitemap.xml')}`,
    '',
  ].join('\n');
}

/** The Atom feed of one language: its public validated articles, newest change first (at most 50). */
export function atomFeed(store: ArticleStore, lang: Lang, site: string, texts: { title: string; description: string; siteName: string }): string {
  const articles = publicArticles(store, lang)
    .filter((article) => article.lang === lang)
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || a.slug.localeCompare(b.slug))
    .slice(0, 50);
  const feed = new Feed({
    id: absoluteUrl(site, homePath(lang)),
    title: texts.title,
    description: texts.description,
    link: absoluteUrl(site, homePath(lang)),
    language: lang,
    updated: articles[0]?.updated ?? new Date(0),
    generator: texts.siteName,
    feedLinks: { atom: absoluteUrl(site, `/${lang}/feed.xml`) },
    copyright: texts.siteName,
  });
  for (const article of articles) {
    const link = absoluteUrl(site, articlePath(article.lang, article.slug));
    feed.addItem({ id: link, title: article.title, link, date: article.updated, description: article.summary });
  }
  return feed.atom1();
}
