/**
 * "Did you mean …": spelling suggestions from the words of the knowledge base itself.
 * Pure: the caller builds the vocabulary from the texts it may show (public articles only,
 * so a suggestion can never reveal a word of an internal article).
 *
 * Rules: a query word that the vocabulary knows is kept; an unknown word of three or more
 * letters is replaced by the known word closest to it (Damerau–Levenshtein distance 1, or
 * 2 from six letters on), the more frequent word winning a tie. No change, no suggestion.
 */
import { foldText, tokenize } from './analyzer.ts';
import { editDistance } from './thesaurus.ts';

/** Known words by folded form: the spelling shown and how often it occurs. */
export type Vocabulary = Map<string, { word: string; count: number }>;

/** Counts the words of some texts. */
export function buildVocabulary(texts: Iterable<string>): Vocabulary {
  const vocabulary: Vocabulary = new Map();
  for (const text of texts) {
    for (const { raw, folded } of tokenize(text)) {
      if (folded.length < 3 || /\d/.test(folded)) continue;
      const entry = vocabulary.get(folded);
      if (entry) entry.count += 1;
      else vocabulary.set(folded, { word: raw, count: 1 });
    }
  }
  return vocabulary;
}

/** The corrected query, or null when every word is known (or nothing close is). */
export function suggestSpelling(query: string, vocabulary: Vocabulary): string | null {
  let changed = false;
  const corrected = query.trim().split(/\s+/).map((token) => {
    const folded = foldText(token.replace(/[^\p{L}\p{N}-]/gu, ''));
    if (folded.length < 3 || /\d/.test(folded) || vocabulary.has(folded)) return token;
    const max = folded.length >= 6 ? 2 : 1;
    let best: { word: string; distance: number; count: number } | null = null;
    for (const [known, { word, count }] of vocabulary) {
      if (Math.abs(known.length - folded.length) > max) continue;
      const distance = editDistance(folded, known, max);
      if (distance > max) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word, distance, count };
    }
    if (!best) return token;
    changed = true;
    return best.word;
  });
  return changed ? corrected.join(' ') : null;
}
