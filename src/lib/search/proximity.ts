/**
 * Proximity evidence for the relevance floor: do the query's words stand together somewhere
 * in an article, or only scattered over it?
 *
 * A question the knowledge base cannot answer often has every word somewhere in some
 * article ("annual income tax return": "annual" in one paragraph, "tax" in another, "return"
 * in a third); a real answer has them together: in its title and tags, in its summary, or
 * within a few words of each other in its text. Word coverage of the whole article cannot
 * tell these apart; coverage of its best passage can.
 *
 * Rules that always hold:
 * - a passage is the article's head (title and tags: what the whole article is about)
 *   together with either its summary or one window of PROXIMITY_WINDOW consecutive words of
 *   its text; the head counts in every passage;
 * - a word of the text matches an index term by its stem or by its folded form (as
 *   highlighting does);
 * - pure: the caller says which terms fill which query slots and weighs the slots.
 */

/** Words of a text, folded and stemmed (see highlight.ts `wordPositions`). */
export interface TextWords {
  folded: readonly string[];
  stems: readonly string[];
}

/** An article's words by part, for the passage check. */
export interface DocWords {
  /** Title and tags. */
  head: TextWords;
  summary: TextWords;
  /** The article's text. */
  body: TextWords;
}

/** The query slots an index term fills: all of them, and those it fills as a sure match. */
export interface SlotMasks {
  mask: number;
  strong: number;
}

/**
 * Words in one window of the text. Tuned on the tuned relevance questions and the no-answer
 * set (12, 16, 20, 24, 30 tried): from 20 on, no tuned question lost its answer; 24 kept one
 * more without the benchmark's synonyms.
 */
export const PROXIMITY_WINDOW = 24;

/** The masks of a word that matches no term (shared: most words of a text match none). */
const NO_MATCH: SlotMasks = Object.freeze({ mask: 0, strong: 0 });

function masksOf(words: TextWords, terms: ReadonlyMap<string, SlotMasks>): SlotMasks[] {
  const masks: SlotMasks[] = new Array(words.stems.length);
  for (let i = 0; i < words.stems.length; i++) {
    const stem = words.stems[i];
    const folded = words.folded[i];
    const byStem = terms.get(stem);
    const byFolded = folded === stem ? undefined : terms.get(folded);
    if (!byStem && !byFolded) masks[i] = NO_MATCH;
    else if (!byFolded) masks[i] = byStem!;
    else if (!byStem) masks[i] = byFolded;
    else masks[i] = { mask: byStem.mask | byFolded.mask, strong: byStem.strong | byFolded.strong };
  }
  return masks;
}

function union(masks: readonly SlotMasks[], from = 0, to = masks.length): SlotMasks {
  let mask = 0;
  let strong = 0;
  for (let i = from; i < to; i++) {
    mask |= masks[i].mask;
    strong |= masks[i].strong;
  }
  return { mask, strong };
}

/**
 * The slots matched by each passage of an article (see the rules above), without duplicates.
 * `coverage` scores a passage's slots; the best score is returned.
 */
export function bestPassageCoverage(words: DocWords, terms: ReadonlyMap<string, SlotMasks>, coverage: (slots: SlotMasks) => number, window = PROXIMITY_WINDOW): number {
  const head = union(masksOf(words.head, terms));
  const seen = new Set<number>();
  let best = 0;
  const consider = (part: SlotMasks): void => {
    const slots = { mask: head.mask | part.mask, strong: head.strong | part.strong };
    const key = slots.mask * 2 ** 31 + slots.strong;
    if (seen.has(key)) return;
    seen.add(key);
    best = Math.max(best, coverage(slots));
  };
  consider(union(masksOf(words.summary, terms)));
  const body = masksOf(words.body, terms);
  // Only windows that start at a matching word can add anything beyond the head.
  for (let start = 0; start < body.length; start++) {
    if (body[start].mask === 0) continue;
    consider(union(body, start, Math.min(body.length, start + window)));
  }
  return best;
}
