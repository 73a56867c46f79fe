/**
 * One result of the staff knowledge-base search, as the server builds it and the desk's
 * browser scripts show it (the ticket view's panel and the call desk's): shared so that both
 * show the same thing, and link every result to the page where staff read it.
 */

/** One result of the staff knowledge-base search. */
export interface KbResult {
  slug: string;
  title: string;
  summary: string;
  lang: string;
  /** The category's (article) or module's (training page) label, in the reader's language. */
  category: string;
  /** Public articles can be sent to customers; internal ones (and training pages) only be read. */
  audience: 'public' | 'internal';
  /** The public address of a public article (for links sent to the customer); '' otherwise. */
  url: string;
  /** An article, or a training page (staff only, never linked to tickets or sent). */
  kind: 'article' | 'training';
  /** Where staff read it: /staff/articles/<slug> (any article, also internal) or /staff/training/<slug>. */
  href: string;
}

/** Where staff read a knowledge-base result. */
export function kbHref(kind: KbResult['kind'], slug: string): string {
  return kind === 'training' ? `/staff/training/${slug}` : `/staff/articles/${slug}`;
}

/** Which badge text a result gets: training page, public or internal article. */
export function kbBadgeKey(result: Pick<KbResult, 'kind' | 'audience'>): 'training' | 'public' | 'internal' {
  return result.kind === 'training' ? 'training' : result.audience;
}

/** True when the result is an article that may be sent to the customer. */
export function isSendable(result: Pick<KbResult, 'kind' | 'audience'>): boolean {
  return result.kind === 'article' && result.audience === 'public';
}
