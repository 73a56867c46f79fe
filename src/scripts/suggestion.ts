/**
 * An article suggestion as the browser scripts show it (instant search, the ticket form's
 * "maybe this helps"): from the shipped local index or the JSON search endpoint. Types only.
 */
import type { Segment } from '../lib/search/highlight.ts';

/** One suggestion, from the local index or the JSON endpoint. */
export interface Suggestion {
  slug: string;
  title: Segment[];
  snippet: Segment[];
  category: string;
  lang: 'de' | 'en';
}
