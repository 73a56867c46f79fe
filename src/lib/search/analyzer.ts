/**
 * Text analysis for search: folding, tokenising, stop words and stemming.
 *
 * Lunr is only used as the scoring index; all linguistic work happens here, so that
 * every document is analysed in its own language and a query can be analysed in both.
 * The same code runs on the server (indexing, queries) and in the browser (instant search).
 */
import { lunr } from './lunr.ts';
import type { Lang } from '../languages.ts';
import { germanIerenStem } from './morphology.ts';
import { stem as porter2 } from 'porter2';

const NON_ASCII = /[^\x00-\x7f]/;
const FOLDS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss' };

/**
 * Lower-cases and folds text so that spelling variants meet: "Größe", "groesse" and
 * "GRÖSSE" all become "groesse"; other accents are dropped ("café" → "cafe").
 */
export function foldText(text: string): string {
  // Most words are plain ASCII: skip the Unicode work for them (a hot path in highlighting).
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .toLowerCase()
    .replace(/[äöüßẞ]/g, (ch) => FOLDS[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** One word of a text: its lower-cased original (for stop words) and its folded form. */
export interface Word {
  /** The word as written, lower-cased. */
  raw: string;
  /** The folded form used for stemming and matching. */
  folded: string;
}

const WORD_PATTERN = /[\p{L}\p{N}]+(?:[-‐'’.][\p{L}\p{N}]+)*/gu;
const JOINERS = /[-‐'’.]/;

/**
 * Splits text into words. Hyphenated and dotted words yield their parts of two or more
 * letters and the joined form ("E-Mail" → "mail", "email"; "tar.gz" → "tar", "gz",
 * "targz"), so either spelling finds the other.
 */
export function tokenize(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.toLowerCase().matchAll(WORD_PATTERN)) {
    const whole = match[0];
    if (!JOINERS.test(whole)) {
      if (whole.length > 1 || /\d/.test(whole)) words.push({ raw: whole, folded: foldText(whole) });
      continue;
    }
    const parts = whole.split(JOINERS);
    // Single letters are too common to index on their own, but they belong to the joined form.
    for (const part of parts) if (part.length > 1 || /\d/.test(part)) words.push({ raw: part, folded: foldText(part) });
    if (parts.length > 1) {
      const joined = parts.join('');
      words.push({ raw: joined, folded: foldText(joined) });
    }
  }
  return words;
}

const stopFilters: Record<Lang, lunr.PipelineFunction> = {
  en: lunr.stopWordFilter,
  de: lunr.de.stopWordFilter,
};
/**
 * German: lunr-languages' Snowball stemmer. English: Porter2 (the `porter2` package), not
 * Lunr's original Porter stemmer: Porter2 takes "-ly" adverbs to their stem ("repeatedly"
 * → "repeat", "automatically" → "automat" like "automatic"), which Porter leaves apart
 * ("repeatedli"). Measured with bench:relevance (README, #15 round four).
 */
const stemmers: { de: lunr.PipelineFunction } = {
  de: lunr.de.stemmer,
};

function runPipelineFunction(fn: lunr.PipelineFunction, word: string): string | null {
  const out = fn(new lunr.Token(word, {}), 0, []) as lunr.Token | lunr.Token[] | undefined | null;
  if (!out) return null;
  return Array.isArray(out) ? (out[0]?.toString() ?? null) : out.toString();
}

/** True when a word is a stop word of the language, as written or folded. */
export function isStopWord(word: Word, lang: Lang): boolean {
  const filter = stopFilters[lang];
  return runPipelineFunction(filter, word.raw) === null || runPipelineFunction(filter, word.folded) === null;
}

const STEM_CACHE_LIMIT = 200_000;
const stemCache: Record<Lang, Map<string, string>> = { en: new Map(), de: new Map() };

/**
 * The stem of a folded word in a language ("rechnungen" → "rechnung"). Numbers stay as they
 * are. The forms of a German "-ieren" verb and its "-ierung" noun share one stem
 * ("storniert", "Stornierung" → "stornier"; morphology.ts), which the stemmer alone does not give.
 */
export function stemWord(folded: string, lang: Lang): string {
  const cache = stemCache[lang];
  const hit = cache.get(folded);
  if (hit !== undefined) return hit;
  if (/^\d+$/.test(folded)) return folded;
  const stem = (lang === 'de' ? germanIerenStem(folded) : null) ?? (lang === 'en' ? porter2(folded) : runPipelineFunction(stemmers.de, folded)) ?? folded;
  if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
  cache.set(folded, stem);
  return stem;
}

/** Index terms of a text in its own language: tokenised, stop words removed, stemmed. */
export function analyzeText(text: string, lang: Lang): string[] {
  const terms: string[] = [];
  for (const word of tokenize(text)) {
    if (isStopWord(word, lang)) continue;
    terms.push(stemWord(word.folded, lang));
  }
  return terms;
}
