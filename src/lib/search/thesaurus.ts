/**
 * Synonyms of the knowledge base (content/synonyms.yml): groups of words that mean the
 * same to a searcher, in any language — "folder, directory, Ordner, Verzeichnis". A query
 * word also finds its group's other words, which bridges a customer's words and the
 * articles' words, and German and English.
 */
import { LANGS, type Lang } from '../languages.ts';
import { foldText, isStopWord, stemWord, tokenize, type Word } from './analyzer.ts';

/** At most this many synonyms are added for one query word. */
const MAX_SYNONYMS = 16;

/**
 * How much a synonym from the shipped support vocabulary (vocabulary.ts) counts, relative
 * to one from the knowledge base's own synonyms.yml: general language is a weaker hint
 * than what the knowledge base's authors wrote down. 0.7 since #15 round four (with the
 * Porter2 English stems): tuned hit@1 without KB synonyms 0.51 → 0.54, nothing lost (0.6,
 * 0.7, 0.8 and 1 measured; 1 cost a first place with KB synonyms).
 */
export const SHIPPED_SYNONYM_WEIGHT = 0.7;

/**
 * Edit distance between two words (insertions, deletions, substitutions and swaps of
 * neighbours), or `max + 1` as soon as it is certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/** A synonym and how much it counts (parts of a multi-word entry count less). */
export interface WeightedSynonym {
  word: Word;
  /** 1 for a word or the joined form of a phrase; 1/n for each of a phrase's n words. */
  weight: number;
}

/** One entry of a group: the whole (a phrase's words joined) and, for a phrase, its words. */
interface Entry {
  whole: Word;
  parts: Word[];
}

/** Synonym groups, looked up by a word as written or by its stem in either language. */
export class Thesaurus {
  /** The groups as given (for shipping to the browser). */
  readonly groups: string[][];
  private byKey = new Map<string, Set<number>>();
  private groupEntries: Entry[][];
  /** Every single-word entry, for spelling corrections. */
  private entries: Word[] = [];

  /** Each group's weight (1 for the knowledge base's groups, SHIPPED_SYNONYM_WEIGHT for the shipped ones). */
  private groupWeights: number[];

  /**
   * `groups` are the knowledge base's synonyms; `shipped` general groups (the support
   * vocabulary) that count at `shippedWeight`. A word in both finds the union.
   */
  constructor(groups: string[][], shipped: readonly (readonly string[])[] = [], shippedWeight = SHIPPED_SYNONYM_WEIGHT) {
    this.groups = groups;
    const all = [...groups, ...shipped];
    this.groupWeights = all.map((_, index) => (index < groups.length ? 1 : shippedWeight));
    // A phrase ("time zone", "recycle bin") is also written as one word, and that is how
    // the query planner joins words written apart, so the joined form is its key.
    this.groupEntries = all.map((group) =>
      group
        .map((text): Entry | null => {
          const words = tokenize(text);
          if (words.length === 0) return null;
          if (words.length === 1) return { whole: words[0], parts: [] };
          const joined = foldText(text).replace(/[^\p{L}\p{N}]+/gu, '');
          return { whole: { raw: joined, folded: joined }, parts: words.filter((word) => word.folded !== joined) };
        })
        .filter((entry): entry is Entry => entry !== null),
    );
    this.groupEntries.forEach((entries, groupIndex) => {
      for (const { whole, parts } of entries) {
        if (parts.length === 0 && !this.entries.some((entry) => entry.folded === whole.folded)) this.entries.push(whole);
        for (const key of this.keysOf(whole)) {
          let set = this.byKey.get(key);
          if (!set) this.byKey.set(key, (set = new Set()));
          set.add(groupIndex);
        }
      }
    });
  }

  /** Ways a word is looked up: as folded, and by its stem in each language. */
  private keysOf(word: Word): string[] {
    return [`=${word.folded}`, ...LANGS.filter((lang) => !isStopWord(word, lang)).map((lang) => `${lang}:${stemWord(word.folded, lang)}`)];
  }

  /** True when a word with this stem (in that language) is in some group. */
  hasStem(stem: string, lang: Lang): boolean {
    return this.byKey.has(`${lang}:${stem}`);
  }

  /**
   * The entries closest to a word that none knows, within an edit distance: the thesaurus
   * is a small dictionary of the words searchers use, so "herrunterladen" is taken for
   * "herunterladen" and then finds its synonyms. Empty when nothing is close enough.
   */
  closest(word: Word, maxDistance: number): Word[] {
    let best = maxDistance + 1;
    let found: Word[] = [];
    for (const entry of this.entries) {
      // Short entries ("ip", "os") would be within reach of too many words.
      if (entry.folded.length < 4) continue;
      const distance = editDistance(word.folded, entry.folded, Math.min(best, maxDistance));
      if (distance < best) {
        best = distance;
        found = [entry];
      } else if (distance === best && distance <= maxDistance) found.push(entry);
    }
    return best <= maxDistance ? found : [];
  }

  /**
   * The other words of every group the word belongs to. A word listed as written is looked
   * up as such; only other forms fall back to their stems, because stems of different words
   * can collide ("terminal" and "terminate" are both "termin" to the English stemmer).
   */
  synonymsOf(word: Word): Word[] {
    return this.weightedSynonymsOf(word).map((synonym) => synonym.word);
  }

  /**
   * Like `synonymsOf`, with weights: a phrase's joined form counts fully, its single words
   * only by their share, since one word of "time zone" alone is not what was meant.
   */
  weightedSynonymsOf(word: Word): WeightedSynonym[] {
    const groups = new Set<number>();
    const listed = this.byKey.get(`=${word.folded}`);
    const keys = listed ? [`=${word.folded}`] : this.keysOf(word);
    for (const key of keys) for (const group of this.byKey.get(key) ?? []) groups.add(group);
    const found = new Map<string, WeightedSynonym>();
    const put = (synonym: Word, weight: number): void => {
      if (synonym.folded === word.folded) return;
      const existing = found.get(synonym.folded);
      if (existing) existing.weight = Math.max(existing.weight, weight);
      else if (found.size < MAX_SYNONYMS) found.set(synonym.folded, { word: synonym, weight });
    };
    // The knowledge base's own groups first: the limit must not cut them off.
    for (const group of [...groups].sort((a, b) => this.groupWeights[b] - this.groupWeights[a] || a - b)) {
      const weight = this.groupWeights[group];
      for (const { whole, parts } of this.groupEntries[group]) {
        if (whole.folded === word.folded) continue;
        put(whole, weight);
        for (const part of parts) put(part, weight / parts.length);
      }
    }
    return [...found.values()];
  }
}
