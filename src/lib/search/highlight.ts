/**
 * Highlighting of matched words in titles, summaries and snippets. Produces text segments
 * rather than HTML, so that neither the server nor the browser ever injects markup.
 */
import { foldText, stemWord } from './analyzer.ts';
import type { Lang } from '../languages.ts';

/** A piece of text; `mark` is true for a matched word. */
export interface Segment {
  text: string;
  mark: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

function isMatch(word: string, lang: Lang, terms: ReadonlySet<string>): boolean {
  const folded = foldText(word);
  return terms.has(stemWord(folded, lang)) || terms.has(folded);
}

function pushText(segments: Segment[], text: string, mark: boolean): void {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && last.mark === mark && !mark) last.text += text;
  else segments.push({ text, mark });
}

/** Splits text into segments, marking the words whose stem is one of the matched terms. */
export function highlightText(text: string, lang: Lang, terms: ReadonlySet<string>): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    if (!isMatch(match[0], lang, terms)) continue;
    pushText(segments, text.slice(cursor, start), false);
    pushText(segments, match[0], true);
    cursor = start + match[0].length;
  }
  pushText(segments, text.slice(cursor), false);
  return segments;
}

/**
 * A text's words, folded and stemmed once, with where each starts: lets `snippetAround` find
 * the first match of any query without folding and stemming the text again (the server keeps
 * these for the articles it has shown snippets of).
 */
export interface WordPositions {
  starts: number[];
  folded: string[];
  stems: string[];
}

/** The words of a text in a language (see WordPositions). */
export function wordPositions(text: string, lang: Lang): WordPositions {
  const positions: WordPositions = { starts: [], folded: [], stems: [] };
  for (const match of text.matchAll(WORD)) {
    const folded = foldText(match[0]);
    positions.starts.push(match.index ?? 0);
    positions.folded.push(folded);
    positions.stems.push(stemWord(folded, lang));
  }
  return positions;
}

/** Where the first word that matches the terms starts, or -1. */
function firstMatch(text: string, lang: Lang, terms: ReadonlySet<string>, words?: WordPositions): number {
  if (words) {
    for (let i = 0; i < words.starts.length; i++) if (terms.has(words.stems[i]) || terms.has(words.folded[i])) return words.starts[i];
    return -1;
  }
  for (const match of text.matchAll(WORD)) if (isMatch(match[0], lang, terms)) return match.index ?? 0;
  return -1;
}

/**
 * Like `highlightText` over `text.slice(start, end)` with runs of white space made one space,
 * but from the text's precomputed words: nothing is folded or stemmed again.
 */
function highlightRange(text: string, start: number, end: number, terms: ReadonlySet<string>, words: WordPositions): Segment[] {
  const segments: Segment[] = [];
  const plain = (from: number, to: number): void => pushText(segments, text.slice(from, to).replace(/\s+/g, ' '), false);
  let cursor = start;
  for (let i = 0; i < words.starts.length; i++) {
    const at = words.starts[i];
    if (at < start) continue;
    if (at >= end) break;
    if (!terms.has(words.stems[i]) && !terms.has(words.folded[i])) continue;
    const wordEnd = Math.min(end, at + wordLength(text, at));
    plain(cursor, at);
    pushText(segments, text.slice(at, wordEnd), true);
    cursor = wordEnd;
  }
  plain(cursor, end);
  return segments;
}

/** The length of the word (letters and digits, as WORD matches) that starts at `at`. */
function wordLength(text: string, at: number): number {
  const match = /^[\p{L}\p{N}]+/u.exec(text.slice(at, at + 100));
  return match ? match[0].length : 0;
}

/**
 * A short excerpt around the first matched word, highlighted; null when no word of the
 * text matches (the caller then shows the summary instead). `words`, when given, are the
 * text's precomputed words (see wordPositions), which makes finding the match cheap.
 */
export function snippetAround(text: string, lang: Lang, terms: ReadonlySet<string>, length = 180, words?: WordPositions): Segment[] | null {
  const position = firstMatch(text, lang, terms, words);
  if (position >= 0) {
    let start = Math.max(0, position - Math.floor(length / 3));
    if (start > 0) {
      const space = text.indexOf(' ', start);
      start = space >= 0 && space < position ? space + 1 : start;
    }
    let end = Math.min(text.length, start + length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      end = space > position ? space : end;
    }
    const segments = words ? highlightRange(text, start, end, terms, words) : highlightText(text.slice(start, end).replace(/\s+/g, ' '), lang, terms);
    if (start > 0) segments.unshift({ text: '… ', mark: false });
    if (end < text.length) segments.push({ text: ' …', mark: false });
    return segments;
  }
  return null;
}
