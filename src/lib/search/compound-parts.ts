/**
 * German compounds in the articles, by their head (last part): "Festplatte" is found for
 * "Platte", "Speicherplatz" for "Platz". The query side already splits a searcher's compounds
 * (query.ts `splitCompound`); this is the other direction, for a plain word that an article
 * only uses inside compounds.
 *
 * Rules that always hold:
 * - an index term is split only into parts that the same index has as terms of their own
 *   (at least COMPOUND_PART_MIN_LENGTH letters each, a linking element such as "s" or "en" allowed), so only
 *   the knowledge base's own vocabulary decides;
 * - a compound counts only where some article has it without its head as a word of its own
 *   (a hyphenated "DATEV-Export" is indexed with its parts, and its head must not count twice);
 * - only the head counts (a "Festplatte" is a "Platte", a "Platzhalter" is no "Platz"; the
 *   inner parts were tried as a weak match and measured as no gain in bench:relevance);
 * - computed once per index (a WeakMap keyed by the scorer) and only for the German index;
 *   pure otherwise.
 */
import type { IndexScorer } from './scorer.ts';

/** Shortest part of a compound that is looked for. */
export const COMPOUND_PART_MIN_LENGTH = 4;
/** Terms shorter than this are not split (two parts of the least length). */
const MIN_COMPOUND_LENGTH = COMPOUND_PART_MIN_LENGTH * 2;
/** At most this many parts per compound. */
const MAX_PARTS = 4;
/** At most this many compounds are kept per head (the shortest: closest to the part). */
const MAX_COMPOUNDS_PER_HEAD = 24;

/** Per head (a term), the compounds of an index that end in it. */
export type CompoundMap = ReadonlyMap<string, readonly string[]>;

const cache = new WeakMap<IndexScorer, CompoundMap>();

/** German linking elements (Fugenelemente) and inflection endings that may follow a part inside a compound. */
const LINKS = ['s', 'es', 'n', 'en', 'e', 'er', 'ens'];

/** `piece` as a known part: as written, or without a linking element or ending; else undefined. */
function asPart(piece: string, has: (part: string) => boolean): string | undefined {
  if (has(piece)) return piece;
  for (const link of LINKS) {
    if (piece.length - link.length >= COMPOUND_PART_MIN_LENGTH && piece.endsWith(link) && has(piece.slice(0, -link.length))) return piece.slice(0, -link.length);
  }
  return undefined;
}

/**
 * Splits an index term into parts that `has` knows (the last one as written; the others also
 * without a linking element or ending: "platten" in "plattenplatzverbrauch" is the term
 * "platt", "rechnungs" the term "rechnung"), the longest known head first. Returns the
 * parts' terms, or [] when no split fits. Most terms are no compound: they fail at the first
 * step, a look-up per possible head.
 */
export function splitIntoKnownParts(term: string, has: (part: string) => boolean, maxParts = MAX_PARTS): string[] {
  const min = COMPOUND_PART_MIN_LENGTH;
  if (maxParts < 2 || term.length < MIN_COMPOUND_LENGTH || /\d/.test(term)) return [];
  for (let headStart = min; headStart <= term.length - min; headStart++) {
    const head = term.slice(headStart);
    if (!has(head)) continue;
    const prefix = term.slice(0, headStart);
    const whole = asPart(prefix, has);
    if (whole) return [whole, head];
    // The prefix is itself a compound ("plattenplatz" + "verbrauch"); its last part may carry a link.
    for (const link of ['', ...LINKS]) {
      if (link && !prefix.endsWith(link)) continue;
      const inner = splitIntoKnownParts(prefix.slice(0, prefix.length - link.length), has, maxParts - 1);
      if (inner.length > 0) return [...inner, head];
    }
  }
  return [];
}

/** The compounds of an index by their head (computed once per index). */
export function compoundMap(scorer: IndexScorer): CompoundMap {
  let map = cache.get(scorer);
  if (map) return map;
  const built = new Map<string, string[]>();
  const terms = scorer.terms();
  const known = new Set(terms);
  const has = (part: string): boolean => known.has(part);
  for (const term of terms) {
    const parts = splitIntoKnownParts(term, has);
    if (parts.length === 0) continue;
    const head = parts[parts.length - 1];
    // A compound that every article has beside its head as a word of its own ("DATEV-Export"
    // is indexed as "datev", "export" and "datevexport") would only count the head twice.
    if (scorer.coveredBy(term, head)) continue;
    const list = built.get(head);
    if (list) list.push(term);
    else built.set(head, [term]);
  }
  for (const list of built.values()) {
    list.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    list.length = Math.min(list.length, MAX_COMPOUNDS_PER_HEAD);
  }
  map = built;
  cache.set(scorer, map);
  return map;
}
