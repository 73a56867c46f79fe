/**
 * Turns what a person typed into weighted index terms and ranks the results.
 *
 * Shared by the server and the browser's instant search. The query is analysed in both
 * languages (documents are indexed in their own), with typo tolerance for unknown words,
 * prefix matching for the word being typed, German compound splitting and joining, and
 * the knowledge base's synonyms (which also bridge German and English words) and the shipped
 * support vocabulary. Results below the relevance floor (RELEVANCE_FLOOR) are dropped, so a
 * question the knowledge base cannot answer gets no results rather than loose matches.
 */
import type { IndexScorer, TermClause } from './scorer.ts';
import { isStopWord, stemWord, tokenize, type Word } from './analyzer.ts';
import { englishCognates, ierenRoot } from './morphology.ts';
import { compoundMap } from './compound-parts.ts';
import type { Thesaurus } from './thesaurus.ts';
import { bestPassageCoverage, type DocWords, type SlotMasks } from './proximity.ts';
import { LANGS, type Lang } from '../languages.ts';
import { selectInPlace } from '../select-in-place.ts';

/** What the search shows of an article: enough to render a result. */
export interface SearchDoc {
  /** The article's slug; also its Lunr ref. */
  id: string;
  title: string;
  summary: string;
  lang: Lang;
  category: string;
  /** Links the language versions of one article; the key of a result group. */
  translationKey: string;
}

/** One ranked result. */
export interface SearchHit {
  doc: SearchDoc;
  score: number;
  /** The index terms (stems) that matched, for highlighting. */
  terms: string[];
}

/** Relative weights of the ways a query word can match. Exact always outweighs fuzzy. */
export const CLAUSE_BOOST = {
  exact: 10,
  joined: 8,
  synonym: 6,
  /** Two query words that are not neighbours, joined into one name. */
  apart: 4,
  /** A known word that a mistyped one was taken for. */
  corrected: 5,
  split: 4,
  /** An English cognate of a German reader's word ("installieren" → "install"; morphology.ts). */
  cognate: 6,
  /** A derivation of an "-ieren" verb's root ("stornieren" → "Storno", "Stornorechnung"). */
  derived: 4,
  /** An article's compound whose last part (head) is the query word ("Platte" → "Festplatte"). */
  compoundHead: 4,
  prefix: 3,
  fuzzy: 1,
} as const;

/** A synonym of a corrected word or of a compound part, relative to the word itself. */
const SYNONYM_SHARE = CLAUSE_BOOST.synonym / CLAUSE_BOOST.exact;

/** Score factor for results that exist only in the other language. */
export const OTHER_LANGUAGE_FACTOR = 0.75;

/**
 * How strongly a result is held back for the query words it does not match: the score is
 * multiplied by its coverage (the share of the query's words it matches, each word weighted
 * by its importance, see IMPORTANCE_EXPONENT) to this power.
 */
export const COVERAGE_EXPONENT = 2;

/**
 * How much a query word that an index has no term for counts against that index's
 * documents in the coverage (1: like any unmatched word; 0: not at all).
 */
export const UNREACHABLE_WORD_WEIGHT = 0.5;

/** How strongly rare words dominate the coverage (0: every word counts the same). */
export const IMPORTANCE_EXPONENT = 0.5;

/**
 * The relevance floor: the least share of the query's meaningful (non-stop) words, weighted
 * by importance, that a result must match to be shown at all. Unlike the ranking coverage,
 * a word that no document of the index has counts fully here: a question about something
 * the knowledge base does not cover ("connect my Shopify store") must not be answered with
 * whatever matched its one generic word ("connect"). Below the floor the answer is "no
 * results", so the search is logged as a zero-result search and shows up as a content gap.
 */
export const RELEVANCE_FLOOR = 0.5;

/**
 * How much a word matched only by a guess (a typo correction by edit distance, a prefix of
 * the word being typed, the parts of a compound that nothing knows as a whole) counts
 * towards the relevance floor, relative to a sure match, beside other words.
 */
export const WEAK_MATCH_SHARE = 0.25;

/** Like WEAK_MATCH_SHARE, for a query of one meaningful word. */
export const LONE_WEAK_MATCH_SHARE = 0.5;

/**
 * For the relevance floor, how much a word that no index knows (not even by a guess) weighs,
 * relative to the rarest word an index could have: such a word is most likely what the
 * question is about ("Shopify", "Elterngeld", "Bitcoin"), and the knowledge base has never
 * heard of it.
 */
export const UNKNOWN_WORD_WEIGHT = 2;

/** Like UNKNOWN_WORD_WEIGHT, for a word that an index knows only by a guess (a typo correction). */
const GUESSED_WORD_WEIGHT = 1;

/** Options of `runQuery`. */
export interface QueryOptions {
  /**
   * The relevance floor (see RELEVANCE_FLOOR); 0 turns it off, for "more like this"
   * queries made of a whole article title and its tags.
   */
  floor?: number;
  /** Overrides WEAK_MATCH_SHARE (for tuning). */
  weakMatchShare?: number;
  /** Overrides UNKNOWN_WORD_WEIGHT (for tuning). */
  unknownWordWeight?: number;
  /**
   * An article's words (proximity.ts), where the caller has its text (the server): a query
   * of several meaningful words then also needs them together in one passage of the
   * article (PASSAGE_FLOOR). Without it (the browser, which has no article text) the
   * relevance floor looks at whole articles only.
   */
  wordsOf?: (doc: SearchDoc) => DocWords | null;
  /** Overrides PASSAGE_FLOOR (for tuning). */
  passageFloor?: number;
  /** Overrides PROXIMITY_WINDOW (for tuning). */
  passageWindow?: number;
}

/**
 * The least share of the query's meaningful words (weighted as for RELEVANCE_FLOOR) that one
 * passage of a result must match (its head with its summary or with a few consecutive words
 * of its text, see proximity.ts), when the query has at least two meaningful words: a
 * question whose words are scattered over an article is not what it answers.
 */
export const PASSAGE_FLOOR = 0.5;

/** Shortest word that gets edit distance 1, and 2. */
const FUZZY_MIN_LENGTH = { one: 4, two: 8 } as const;
const PREFIX_MIN_LENGTH = 2;
const COMPOUND_PART_MIN_LENGTH = 4;
/** Shortest "-ieren" root whose derivations are looked up by prefix ("storn-"; "sort-" is too short). */
const DERIVATION_ROOT_MIN_LENGTH = 5;
/** At most this many vocabulary terms stand in for the word being typed. */
const PREFIX_EXPANSIONS = 12;

/** One scored Lunr index per language; a document lives in the index of its language. */
export type LanguageIndexes = Record<Lang, IndexScorer>;

/** An index term to look up, its weight, and the query words it stands for. */
export interface Clause {
  term: string;
  boost: number;
  /** Positions of the query words this term matches. */
  words: number[];
  /**
   * The scoring slots this term fills (see `QueryPlan.slots`); the term counts once per
   * slot, with the strongest boost it was reached by there.
   */
  slots: number[];
  editDistance?: number;
  /** A guess (typo correction, prefix of the word being typed): counts only partly for the relevance floor. */
  weak?: boolean;
}

/**
 * A unit of coverage: a query word as a whole, or one part of a German compound the word
 * was split into ("Logdatei" → "log", "datei"), so that a document must have both parts to
 * cover the word like one that has the whole word.
 */
export interface Slot {
  /** The query word the slot belongs to. */
  word: number;
  /** How much of the word a match in this slot covers (1 for the whole word). */
  share: number;
}

/** The clauses per language index, the number of query words and the scoring slots. */
export interface QueryPlan {
  clauses: Record<Lang, Clause[]>;
  wordCount: number;
  slots: Slot[];
  /** Per query word, true when it contains a digit (an order, invoice or booking number, a code). */
  identifiers: boolean[];
  /**
   * Per query word, true when a German reader wrote it in lower case in a query that has
   * capitals: German capitalises every noun, so such a word is a verb, adjective or adverb
   * ("belegt", "langsam"), part of how the question is asked rather than what it is about.
   */
  plainGerman: boolean[];
}

/** German verb particles that separate from their verb ("lade … herunter"), folded. */
const SEPARABLE_PARTICLES = new Set(
  'ab an auf aus bei ein fest her herauf heraus herein herunter hin hinauf hinaus hinein hoch los mit nach runter rauf raus rein um vor weg zu zurueck zusammen'.split(' '),
);

/** English adverb particles of phrasal verbs (not in the stop-word list). */
const ENGLISH_PARTICLES = new Set(['up', 'down', 'out', 'back', 'over', 'away']);

/** How far apart two query words may stand to be tried as one compound name. */
const JOIN_WINDOW = 3;

/** Slots per query are tracked in a 31-bit mask (query words are at most 16). */
const MAX_SLOTS = 31;
const MAX_WORDS = 16;

/** Up to `limit` index terms that start with `prefix`, shortest (closest) first. */
export function expandPrefix(scorer: IndexScorer, prefix: string, limit = PREFIX_EXPANSIONS): string[] {
  const found = scorer.termsWithPrefix(prefix, limit * 8);
  return found.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, limit);
}

/**
 * Splits a compound into two parts the index knows ("druckertreiber" → "druck", "treib"),
 * allowing the German linking "s" ("rechnungsnummer" → "rechnung", "nummer").
 * Returns the parts' stems, or nothing when no split fits.
 */
export function splitCompound(folded: string, has: (term: string) => boolean): string[] {
  return splitCompoundWords(folded, has).map((part) => stemWord(part.folded, 'de'));
}

/** Like `splitCompound`, but returns the parts as words (for their synonyms). */
function splitCompoundWords(folded: string, has: (term: string) => boolean): Word[] {
  const min = COMPOUND_PART_MIN_LENGTH;
  if (folded.length < min * 2 || /\d/.test(folded)) return [];
  let best: Word[] = [];
  let bestBalance = 0;
  for (let cut = min; cut <= folded.length - min; cut++) {
    const right = folded.slice(cut);
    if (!has(stemWord(right, 'de'))) continue;
    const left = folded.slice(0, cut);
    const lefts = left.endsWith('s') && left.length > min ? [left, left.slice(0, -1)] : [left];
    for (const candidate of lefts) {
      const balance = Math.min(candidate.length, right.length);
      if (has(stemWord(candidate, 'de')) && balance > bestBalance) {
        best = [
          { raw: candidate, folded: candidate },
          { raw: right, folded: right },
        ];
        bestBalance = balance;
      }
    }
  }
  return best;
}

/** A word's stem per language, or null where it is a stop word of that language. */
function stemsOf(word: Word): Record<Lang, string | null> {
  return Object.fromEntries(LANGS.map((lang) => [lang, isStopWord(word, lang) ? null : stemWord(word.folded, lang)])) as Record<
    Lang,
    string | null
  >;
}

/**
 * Plans a query: the index terms per language, each with a weight and the query words it
 * stands for. A word is matched exactly (stemmed in each language), through its synonyms,
 * by prefix when it is the last one, as part or whole of a German compound, and — when no
 * index and no synonym group knows it — as the closest known words (a typo).
 */
export function planQuery(query: string, readerLang: Lang, indexes: LanguageIndexes, thesaurus?: Thesaurus): QueryPlan {
  const has = (lang: Lang, term: string): boolean => indexes[lang].has(term);
  const tokens = tokenize(query.slice(0, 500)).slice(0, 32);
  // Words written with a capital letter somewhere in the query (lower-cased, as tokens are).
  const capitalised = new Set([...query.slice(0, 500).matchAll(/[\p{L}\p{N}]*\p{Lu}[\p{L}\p{N}]*/gu)].map((match) => match[0].toLowerCase()));
  // English verb particles ("set up", "shut down", "back it up", "sort out") belong to their
  // verb: not words of their own beside it, wherever they stand after it (the verb and the
  // particle joined are still tried: "setup", "backup").
  const kept = tokens.map((word, index) => !isStopWord(word, readerLang) && !(index > 0 && ENGLISH_PARTICLES.has(word.folded)));
  const words = tokens.filter((_, i) => kept[i]).slice(0, MAX_WORDS);
  const plans = Object.fromEntries(LANGS.map((lang) => [lang, new Map<string, Clause>()])) as Record<Lang, Map<string, Clause>>;
  const slots: Slot[] = [];
  const add = (lang: Lang, clause: Omit<Clause, 'slots'> & { slots?: number[] }): void => {
    const slotsOf = clause.slots ?? clause.words;
    const key = `${clause.term}|${clause.editDistance ?? 0}|${slotsOf.join(',')}`;
    const existing = plans[lang].get(key);
    if (!existing) plans[lang].set(key, { ...clause, slots: slotsOf });
    else {
      existing.boost = Math.max(existing.boost, clause.boost);
      if (!clause.weak) existing.weak = undefined;
    }
  };
  /** Adds a word's synonyms (where an index has them) for query words and their slots. */
  const addSynonyms = (word: Word, positions: number[], slotsOf: number[], boost: number, weak?: boolean): void => {
    for (const synonym of thesaurus?.weightedSynonymsOf(word) ?? []) {
      const synonymStems = stemsOf(synonym.word);
      for (const lang of LANGS) {
        const stem = synonymStems[lang];
        if (stem && has(lang, stem)) add(lang, { term: stem, boost: boost * synonym.weight, words: positions, slots: slotsOf, ...(weak ? { weak } : {}) });
      }
    }
  };
  /** Adds a word's own stems (where an index has them) and its synonyms, at a boost; `weak` marks them as a guess. */
  const addWord = (word: Word, position: number, slot: number, boost: number, synonymBoost: number, weak?: boolean): void => {
    const stems = stemsOf(word);
    for (const lang of LANGS) {
      const stem = stems[lang];
      if (stem && has(lang, stem)) add(lang, { term: stem, boost, words: [position], slots: [slot], ...(weak ? { weak } : {}) });
    }
    addSynonyms(word, [position], [slot], synonymBoost, weak);
  };
  const newSlot = (word: number, share: number): number => {
    slots.push({ word, share });
    return slots.length - 1;
  };

  // Every word has its slot first (slot = position); compound parts get further slots while
  // the mask has room.
  const wordSlots = words.map((_, position) => newSlot(position, 1));
  const joins: { joined: string; positions: number[]; indexOnly?: boolean; boost?: number }[] = [];
  let tokenIndex = 0;
  words.forEach((word, position) => {
    while (tokens[tokenIndex] !== word) tokenIndex++;
    const slot = wordSlots[position];
    const stems = stemsOf(word);
    const known = LANGS.filter((lang) => stems[lang] !== null && has(lang, stems[lang]));
    const synonyms = thesaurus?.synonymsOf(word) ?? [];
    addWord(word, position, slot, CLAUSE_BOOST.exact, CLAUSE_BOOST.synonym);

    // German word formation (morphology.ts): the root of an "-ieren" verb starts its other
    // derivations ("stornieren" → "Storno", "Stornorechnung"), and a German reader's word
    // finds the English cognates an English article uses ("installieren" → "install",
    // "downloaden" → "download", "Priorität" → "priority").
    const root = stems.de ? ierenRoot(stems.de) : null;
    if (root && root.length >= DERIVATION_ROOT_MIN_LENGTH) {
      for (const term of expandPrefix(indexes.de, root)) add('de', { term, boost: CLAUSE_BOOST.derived, words: [position], slots: [slot] });
    }
    // The articles' German compounds whose last part (head) is the word ("Platte" →
    // "Festplatte"; compound-parts.ts). Only the head: a "Platzhalter" is no "Platz".
    if (stems.de) {
      for (const term of compoundMap(indexes.de).get(stems.de) ?? []) add('de', { term, boost: CLAUSE_BOOST.compoundHead, words: [position], slots: [slot] });
    }
    if (readerLang === 'de' && stems.de && !known.includes('en')) {
      for (const cognate of englishCognates(word.folded)) {
        const cognateWord = { raw: cognate, folded: cognate };
        if (isStopWord(cognateWord, 'en')) continue;
        const stem = stemWord(cognate, 'en');
        if (has('en', stem)) {
          add('en', { term: stem, boost: CLAUSE_BOOST.cognate, words: [position], slots: [slot] });
          if (!known.includes('en')) known.push('en');
        }
      }
    }

    // A word that no index knows, and that is no known synonym, is probably mistyped.
    const mistyped = known.length === 0 && synonyms.length === 0 && word.folded.length >= FUZZY_MIN_LENGTH.one && !/\d/.test(word.folded);
    if (mistyped) {
      const editDistance = word.folded.length >= FUZZY_MIN_LENGTH.two ? 2 : 1;
      for (const lang of LANGS) {
        const stem = stems[lang];
        if (!stem) continue;
        // The vocabulary holds stems, so the typed word's stem is what is compared
        // ("memmory" → "memmori" is one edit from "memori"); the word as typed as well,
        // in case the stemmer cut the typo differently.
        for (const term of new Set([stem, word.folded])) add(lang, { term, boost: CLAUSE_BOOST.fuzzy, words: [position], slots: [slot], editDistance, weak: true });
      }
      // The synonyms' words are a dictionary of what searchers type: a close entry is
      // most likely what was meant, and brings its synonyms.
      for (const corrected of thesaurus?.closest(word, editDistance) ?? []) {
        addWord(corrected, position, slot, CLAUSE_BOOST.corrected, CLAUSE_BOOST.corrected * SYNONYM_SHARE);
      }
    }

    if (position === words.length - 1 && word.folded.length >= PREFIX_MIN_LENGTH) {
      for (const lang of LANGS) {
        if (!stems[lang]) continue;
        for (const term of expandPrefix(indexes[lang], word.folded)) add(lang, { term, boost: CLAUSE_BOOST.prefix, words: [position], slots: [slot], weak: true });
      }
    }

    // German compounds: parts that the German index or the synonyms know ("Logdatei" →
    // "log" + "datei", which the synonyms take to "file"), each in a slot of its own.
    if (stems.de && slots.length + 2 <= MAX_SLOTS) {
      const knownPart = (stem: string): boolean => has('de', stem) || (thesaurus?.hasStem(stem, 'de') ?? false);
      const parts = splitCompoundWords(word.folded, knownPart);
      // Parts of a compound that no index and no synonym group knows as a whole are a guess at
      // its meaning ("Fernseher" is no "fern" + "seher"): they count only partly for the floor.
      const guess = known.length === 0 && synonyms.length === 0;
      for (const part of parts) {
        addWord(part, position, newSlot(position, 1 / parts.length), CLAUSE_BOOST.split, CLAUSE_BOOST.split * SYNONYM_SHARE, guess);
      }
    }

    // Words written apart that the index or the synonyms know as one ("e mail" → "email",
    // "Rechnungs nummer" → "rechnungsnummer", "neu starten" → "neustarten", "log in" →
    // "login"). The following token counts even when it is a stop word, as in English
    // phrasal verbs.
    const next = tokens[tokenIndex + 1];
    if (next) {
      const positions = kept[tokenIndex + 1] ? [position, position + 1] : [position];
      joins.push({ joined: word.folded + next.folded, positions });
      joins.push({ joined: `${word.folded}s${next.folded}`, positions });
      if (stems.en) joins.push({ joined: stems.en + next.folded, positions });
    }
  });

  // Names made of two query words in either order, also when words stand between them
  // ("add a new user" → "useradd", "adduser"): command and product names are often such
  // compounds.
  words.forEach((first, i) => {
    words.forEach((second, j) => {
      if (i === j || j === i + 1 || Math.abs(i - j) > JOIN_WINDOW) return;
      joins.push({ joined: first.folded + second.folded, positions: [i, j], indexOnly: true, boost: CLAUSE_BOOST.apart });
    });
  });

  // German separable verbs: the particle stands apart, often at the end ("lade die Datei
  // herunter", "benenne sie um"); joined to the verb it gives the word the index knows.
  tokens.forEach((token, index) => {
    if (!SEPARABLE_PARTICLES.has(token.folded)) return;
    const particlePosition = kept[index] ? words.indexOf(token) : -1;
    words.forEach((word, position) => {
      if (position === particlePosition || word.folded.length < 3) return;
      const positions = particlePosition >= 0 ? [position, particlePosition] : [position];
      joins.push({ joined: token.folded + word.folded, positions });
    });
  });

  // A joined word covers every word it was made of (their slots are known only now).
  const seenJoins = new Set<string>();
  for (const { joined, positions, indexOnly, boost = CLAUSE_BOOST.joined } of joins) {
    const key = `${joined}|${positions.join(',')}`;
    if (seenJoins.has(key)) continue;
    seenJoins.add(key);
    const joinedSlots = positions.map((p) => wordSlots[p]);
    for (const lang of LANGS) {
      const stem = stemWord(joined, lang);
      if (has(lang, stem)) add(lang, { term: stem, boost, words: positions, slots: joinedSlots });
    }
    if (!indexOnly) addSynonyms({ raw: joined, folded: joined }, positions, joinedSlots, CLAUSE_BOOST.joined * SYNONYM_SHARE);
  }
  return {
    clauses: Object.fromEntries(LANGS.map((lang) => [lang, [...plans[lang].values()]])) as Record<Lang, Clause[]>,
    wordCount: words.length,
    slots,
    identifiers: words.map((word) => /\d/.test(word.folded)),
    plainGerman: words.map((word) => readerLang === 'de' && capitalised.size > 0 && !capitalised.has(word.raw)),
  };
}

/**
 * Searches and ranks: BM25 weights per matched term, held back for query words a result
 * does not cover; one result per article (its version in the reader's language where
 * there is one), other-language-only results a little lower.
 */
export function runQuery(
  indexes: LanguageIndexes,
  docs: ReadonlyMap<string, SearchDoc>,
  query: string,
  readerLang: Lang,
  limit = 20,
  thesaurus?: Thesaurus,
  options: QueryOptions = {},
): SearchHit[] {
  const floor = options.floor ?? RELEVANCE_FLOOR;
  const unknownWeight = options.unknownWordWeight ?? UNKNOWN_WORD_WEIGHT;
  const plan = planQuery(query, readerLang, indexes, thesaurus);
  if (plan.wordCount === 0) return [];
  // A lone word is all the searcher gave: its best guess is worth showing (a typo, a word
  // being typed). Beside other words, a guess must not carry a result that they do not.
  const weakShare = options.weakMatchShare ?? (plan.wordCount === 1 ? LONE_WEAK_MATCH_SHARE : WEAK_MATCH_SHARE);
  const found: { lang: Lang; docs: Int32Array; scores: Float64Array; count: number }[] = [];
  /** Per language, what the passage check needs: the terms' slots and the floor's word weights. */
  const floorOf = new Map<Lang, { terms: ReadonlyMap<string, SlotMasks & TermClause>; floorImportance: number[]; floorExpected: number }>();
  const termsPerLang = {} as Record<Lang, string[]>;
  // First pass: per index, the terms to score and how important each query word is there.
  const prepared = LANGS.map((lang) => {
    const scorer = indexes[lang];
    // Each index term counts once per slot, with the strongest way it was reached there.
    const perSlot = new Map<string, Map<number, number>>();
    /** Per term, the slots it fills as a sure match (see TermClause.strongMask). */
    const strongSlots = new Map<string, number>();
    for (const clause of plan.clauses[lang]) {
      const expanded = clause.editDistance ? scorer.fuzzyTerms(clause.term, clause.editDistance) : [clause.term];
      for (const term of expanded) {
        let boosts = perSlot.get(term);
        if (!boosts) perSlot.set(term, (boosts = new Map()));
        for (const slot of clause.slots) boosts.set(slot, Math.max(boosts.get(slot) ?? 0, clause.boost));
        // A fuzzy expansion that is the word itself is no guess.
        if (!clause.weak || (clause.editDistance && term === clause.term)) {
          strongSlots.set(term, clause.slots.reduce((mask, slot) => mask | (1 << slot), strongSlots.get(term) ?? 0));
        }
      }
    }
    termsPerLang[lang] = [...perSlot.keys()];
    const terms = new Map<string, TermClause & SlotMasks>();
    for (const [term, boosts] of perSlot) {
      let boost = 0;
      let slotMask = 0;
      for (const [slot, value] of boosts) {
        boost += value;
        slotMask |= 1 << slot;
      }
      const strongMask = strongSlots.get(term) ?? 0;
      terms.set(term, { boost, slotMask, strongMask, mask: slotMask, strong: strongMask });
    }

    // How much each query word matters for the coverage: the inverse document frequency of
    // its rarest term in this index ("cpu" more than "file"), softened by IMPORTANCE_EXPONENT,
    // so that missing a word that half the articles contain costs less than missing a rare one.
    // `sure` is the same over the sure matches only (for the relevance floor).
    const importance = new Array<number>(plan.wordCount).fill(0);
    const sure = new Array<number>(plan.wordCount).fill(0);
    // For the floor, a word the index has as itself weighs by that term's rarity, not by a
    // rarer synonym's ("customer" is in most articles; its synonym "client" in one).
    const sureOwn = new Array<number>(plan.wordCount).fill(0);
    for (const [term, boosts] of perSlot) {
      const weight = idf(scorer, term) ** IMPORTANCE_EXPONENT;
      const strong = strongSlots.get(term) ?? 0;
      for (const [slot, boost] of boosts) {
        const word = plan.slots[slot].word;
        if (weight > importance[word]) importance[word] = weight;
        if (strong & (1 << slot) && weight > sure[word]) sure[word] = weight;
        if (strong & (1 << slot) && boost >= CLAUSE_BOOST.exact && plan.slots[slot].share === 1 && weight > sureOwn[word]) sureOwn[word] = weight;
      }
    }
    for (let word = 0; word < plan.wordCount; word++) if (sureOwn[word] > 0) sure[word] = sureOwn[word];
    return { lang, scorer, terms, importance, sure };
  });

  for (const { lang, scorer, terms, importance, sure } of prepared) {
    if (terms.size === 0) continue;
    // Words this index has no term for at all (a German word without an English synonym)
    // cannot be covered by any of its documents: they count only partly against them.
    const reachable = importance.filter((value) => value > 0);
    const typical = reachable.length ? reachable.reduce((sum, value) => sum + value, 0) / reachable.length : 1;
    // For the floor, a word that no index knows for sure (not even in the other language) is
    // what the question is about and the knowledge base has never heard of ("Shopify",
    // "Elterngeld"): it weighs like the rarest possible word. A word only the other language
    // knows is a gap between languages, not between topics: it weighs like a typical word.
    const rarest = Math.log(1 + (scorer.documentCount + 0.5) / 0.5) ** IMPORTANCE_EXPONENT;
    const floorImportance = sure.map((value, word) => {
      if (value > 0) return value;
      const knownElsewhere = prepared.some((other) => other.lang !== lang && other.sure[word] > 0);
      if (knownElsewhere) return Math.max(importance[word], typical);
      const guessedAnywhere = prepared.some((other) => other.importance[word] > 0);
      // A word with a digit that nothing knows is an identifier the customer pasted (an order,
      // invoice or booking number, a code), not the topic: beside other words it does not count.
      if (!guessedAnywhere && plan.identifiers[word] && !plan.identifiers.every(Boolean)) return 0;
      // A German word in lower case is not a noun: not the topic the knowledge base lacks.
      if (plan.plainGerman[word] && !plan.plainGerman.every(Boolean)) return Math.max(importance[word], typical);
      return guessedAnywhere ? Math.max(importance[word], GUESSED_WORD_WEIGHT * rarest) : unknownWeight * rarest;
    });
    const floorExpected = floorImportance.reduce((sum, value) => sum + value, 0);
    const weights = importance.map((value) => (value > 0 ? value : UNREACHABLE_WORD_WEIGHT * typical));
    const expected = weights.reduce((sum, value) => sum + value, 0);
    // Few distinct combinations of matched slots occur: compute each coverage once
    // (0 for a combination below the relevance floor: such documents are dropped).
    const coverageOf = new Map<number, number>();
    const scored = scorer.scoreSlots(terms);
    for (let i = 0; i < scored.count; i++) {
      const mask = scored.slotsMatched[i];
      const strong = scored.strongMatched[i];
      // Both masks fit in 31 bits each: one key for the pair.
      const key = mask * 2 ** 31 + strong;
      let coverage = coverageOf.get(key);
      if (coverage === undefined) {
        const sureShare = coveredImportance(plan, strong, floorImportance);
        const guessed = coveredImportance(plan, mask, floorImportance) - sureShare;
        const meaningful = (sureShare + weakShare * guessed) / floorExpected;
        coverage = meaningful + 1e-9 < floor ? 0 : Math.min(1, coveredImportance(plan, mask, weights) / expected) ** COVERAGE_EXPONENT;
        coverageOf.set(key, coverage);
      }
      scored.scores[i] *= coverage;
    }
    found.push({ lang, docs: scored.docs, scores: scored.scores, count: scored.count });
    floorOf.set(lang, { terms, floorImportance, floorExpected });
  }

  // Only the best results can reach the page: each article has at most one version per
  // language, so limit × 3 groups need at most that many results per language. Those are
  // picked by a threshold instead of sorting thousands of matches.
  const wanted = limit * 3 * LANGS.length;
  // Most matches fall below the floor (score 0): only the others are looked at, in one typed array.
  let positive = 0;
  for (const { scores, count } of found) for (let i = 0; i < count; i++) if (scores[i] > 0) positive++;
  let threshold = Number.NEGATIVE_INFINITY;
  if (positive > wanted) {
    const values = new Float64Array(positive);
    let next = 0;
    for (const { scores, count } of found) for (let i = 0; i < count; i++) if (scores[i] > 0) values[next++] = scores[i];
    threshold = nthLargest(values, wanted);
  }
  const results: { ref: string; lang: Lang; score: number }[] = [];
  for (const { lang, docs: numbers, scores, count } of found) {
    for (let i = 0; i < count; i++) {
      if (scores[i] > 0 && scores[i] >= threshold) results.push({ ref: indexes[lang].refs[numbers[i]], lang, score: scores[i] });
    }
  }
  results.sort((a, b) => b.score - a.score);

  const byKey = new Map<string, { doc: SearchDoc; score: number; versions: { ref: string; lang: Lang }[] }>();
  for (const result of results) {
    // Enough groups to rank the page; the rest cannot reach it.
    if (byKey.size >= limit * 3) break;
    const doc = docs.get(result.ref);
    if (!doc) continue;
    const existing = byKey.get(doc.translationKey);
    if (existing) {
      // The other language version of an article already seen: it adds what it matched.
      existing.versions.push(result);
      if (doc.lang === readerLang) existing.doc = doc;
      continue;
    }
    byKey.set(doc.translationKey, { doc, score: result.score, versions: [result] });
  }

  const preferred = translationsIn(docs, readerLang);
  const ranked = [...byKey.values()].map((hit) => {
    const translation = hit.doc.lang === readerLang ? hit.doc : preferred.get(hit.doc.translationKey);
    if (translation) return { ...hit, doc: translation };
    return { ...hit, score: hit.score * OTHER_LANGUAGE_FACTOR };
  });
  ranked.sort((a, b) => b.score - a.score || a.doc.title.localeCompare(b.doc.title));
  // Proximity: with several meaningful words, one passage of the article (in any of its
  // language versions that matched) must hold enough of them together.
  const passageFloor = options.passageFloor ?? PASSAGE_FLOOR;
  const { wordsOf } = options;
  const meaningfulWords = new Set(plan.slots.map((slot) => slot.word)).size;
  const together = (hit: (typeof ranked)[number]): boolean =>
    hit.versions.some(({ ref, lang }) => {
      const doc = docs.get(ref);
      const floorData = floorOf.get(lang);
      const words = doc && floorData ? wordsOf!(doc) : null;
      if (!words || !floorData) return true;
      const { terms, floorImportance, floorExpected } = floorData;
      const best = bestPassageCoverage(words, terms, ({ mask, strong }) => {
        const sureShare = coveredImportance(plan, strong, floorImportance);
        const guessed = coveredImportance(plan, mask, floorImportance) - sureShare;
        return (sureShare + weakShare * guessed) / floorExpected;
      }, options.passageWindow);
      return best + 1e-9 >= passageFloor;
    });
  let shown = ranked;
  if (wordsOf && floor > 0 && meaningfulWords >= 2) {
    // In rank order, until the page is full: an article's words are looked at only when needed.
    shown = [];
    for (const hit of ranked) {
      if (shown.length >= limit) break;
      if (together(hit)) shown.push(hit);
    }
  }
  // The matched terms are looked up only for the results returned.
  return shown.slice(0, limit).map((hit) => ({
    doc: hit.doc,
    score: hit.score,
    terms: [...new Set(hit.versions.flatMap(({ ref, lang }) => indexes[lang].matchingTerms(ref, termsPerLang[lang])))],
  }));
}

/** The importance of the query words a document covers, given the slots it matched (a bit mask). */
function coveredImportance(plan: QueryPlan, slotsMatched: number, importance: readonly number[]): number {
  const perWord = new Array<number>(plan.wordCount).fill(0);
  plan.slots.forEach((slot, index) => {
    if (slotsMatched & (1 << index)) perWord[slot.word] += slot.share;
  });
  return perWord.reduce((sum, covered, word) => sum + Math.min(1, covered) * importance[word], 0);
}

/** The n-th largest value (1-based), or -Infinity when there are fewer values. Reorders `values`. */
function nthLargest(values: Float64Array, n: number): number {
  if (values.length <= n) return Number.NEGATIVE_INFINITY;
  return selectInPlace(values, values.length - n);
}

/** BM25's inverse document frequency of a term in an index. */
function idf(scorer: IndexScorer, term: string): number {
  const n = scorer.documentFrequency(term);
  return Math.log(1 + (scorer.documentCount - n + 0.5) / (n + 0.5));
}

const translationCache = new WeakMap<ReadonlyMap<string, SearchDoc>, Map<Lang, Map<string, SearchDoc>>>();

/** The documents of one language by translation key, computed once per document set. */
function translationsIn(docs: ReadonlyMap<string, SearchDoc>, lang: Lang): Map<string, SearchDoc> {
  let perLang = translationCache.get(docs);
  if (!perLang) {
    perLang = new Map();
    translationCache.set(docs, perLang);
  }
  let map = perLang.get(lang);
  if (!map) {
    map = new Map();
    for (const doc of docs.values()) if (doc.lang === lang) map.set(doc.translationKey, doc);
    perLang.set(lang, map);
  }
  return map;
}
