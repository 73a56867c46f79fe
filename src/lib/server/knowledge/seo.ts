/**
 * What search engines and link previews read about a public page: absolute addresses,
 * language alternates (symmetric: every version lists every version, itself included, plus
 * `x-default`), and schema.org JSON-LD for articles, breadcrumbs and question/answer shaped
 * articles. Pure functions; pages pass in what they show.
 */
import type { Lang } from '../../languages.ts';

/** A page's address in each language it exists in (paths, not absolute). */
export type Alternates = Partial<Record<Lang, string>>;

/** `https://kb.example` + `/de/…`, never a double slash. */
export function absoluteUrl(site: string, path: string): string {
  return `${site.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The hreflang links of a page: one per language version, and `x-default` (the English version, else the only one). */
export function hreflangLinks(site: string, alternates: Alternates, xDefault?: string): { hreflang: string; href: string }[] {
  const links = (Object.entries(alternates) as [Lang, string][])
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([lang, path]) => ({ hreflang: lang, href: absoluteUrl(site, path) }));
  if (links.length === 0) return links;
  const fallback = xDefault ?? alternates.en ?? links[0]!.href;
  return [...links, { hreflang: 'x-default', href: fallback.startsWith('http') ? fallback : absoluteUrl(site, fallback) }];
}

/** schema.org BreadcrumbList for a trail of (name, path). */
export function breadcrumbJsonLd(site: string, trail: { name: string; path: string }[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((crumb, i) => ({ '@type': 'ListItem', position: i + 1, name: crumb.name, item: absoluteUrl(site, crumb.path) })),
  };
}

/** schema.org Article. */
export function articleJsonLd(site: string, article: { title: string; summary: string; lang: Lang; updated: Date; path: string; image?: string | null }, publisher: string): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: article.title,
    description: article.summary,
    inLanguage: article.lang,
    dateModified: article.updated.toISOString(),
    mainEntityOfPage: absoluteUrl(site, article.path),
    ...(article.image ? { image: absoluteUrl(site, article.image) } : {}),
    publisher: { '@type': 'Organization', name: publisher },
  };
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The questions and answers of a question/answer shaped article: at least two second-level
 * headings that end in a question mark, each answered by the text up to the next heading.
 * Empty when the article is not shaped so.
 */
export function questionsAndAnswers(html: string): { question: string; answer: string }[] {
  const parts = html.split(/<h2\b[^>]*>/i).slice(1);
  const pairs = parts
    .map((part) => {
      const end = part.search(/<\/h2>/i);
      if (end < 0) return null;
      const question = plainText(part.slice(0, end));
      const answer = plainText(part.slice(end + 5));
      return question.endsWith('?') && answer ? { question, answer: answer.slice(0, 1000) } : null;
    })
    .filter((pair): pair is { question: string; answer: string } => pair !== null);
  return pairs.length >= 2 && pairs.length === parts.length ? pairs : [];
}

/** schema.org FAQPage for question/answer pairs. */
export function faqJsonLd(pairs: { question: string; answer: string }[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: pairs.map((pair) => ({ '@type': 'Question', name: pair.question, acceptedAnswer: { '@type': 'Answer', text: pair.answer } })),
  };
}

/** JSON for a `<script type="application/ld+json">`: no `</script>` can close it early. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
