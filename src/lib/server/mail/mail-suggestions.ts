/**
 * Which articles the confirmation mail of a new ticket suggests: up to 3 public, validated
 * articles in the customer's language, found by the portal's own search (subject first, then
 * the description's opening) — never internal or training pages, never another language.
 * MAIL_SUGGESTIONS=off turns the suggestions off (default on).
 */
import type { Lang } from '../../languages.ts';
import type { Article } from '../knowledge/articles.ts';
import type { SearchResult } from '../search/search.ts';
import { isPublicArticle } from '../search/search.ts';
import type { MailSuggestion } from './desk-emails.ts';

/** What the picker needs from search and the article store. */
export interface SuggestionSources {
  search: { search(query: string, lang: Lang, options: { limit?: number }): SearchResult[] };
  store: { get(slug: string): Article | null };
}

/** The setting MAIL_SUGGESTIONS: on unless 0/false/no/off; throws with the name for anything else. */
export function parseMailSuggestions(value: string | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (['', '1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new Error(`MAIL_SUGGESTIONS: "${value}" is neither on nor off`);
}

/** Up to `limit` public articles in `lang` for the ticket's subject and description. */
export function pickMailSuggestions(sources: SuggestionSources, ticket: { subject: string; description: string; lang: Lang }, limit = 3): MailSuggestion[] {
  const picked: MailSuggestion[] = [];
  const queries = [ticket.subject, ticket.description.slice(0, 300)].map((query) => query.trim()).filter(Boolean);
  for (const query of queries) {
    for (const result of sources.search.search(query, ticket.lang, { limit: 10 })) {
      if (picked.length >= limit) return picked;
      if (result.lang !== ticket.lang || picked.some((entry) => entry.slug === result.slug)) continue;
      const article = sources.store.get(result.slug);
      if (article && article.lang === ticket.lang && isPublicArticle(article)) picked.push({ slug: article.slug, title: article.title });
    }
  }
  return picked;
}
