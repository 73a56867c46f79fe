/**
 * The flat term trie (term-trie.ts): the same typo matches as Lunr's fuzzy TokenSet and as a
 * plain edit-distance check, made from sorted terms, and movable between threads; and the
 * term list (term-list.ts): lookups by binary search over one string.
 */
import { describe, expect, it } from 'vitest';
import { buildTermTrie, fuzzyMatch, trieTransferables } from '../../../src/lib/search/term-trie.ts';
import { fuzzyTokenSet, lunr } from '../../../src/lib/search/lunr.ts';
import { IndexScorer } from '../../../src/lib/search/scorer.ts';
import { TermList, termListParts } from '../../../src/lib/search/term-list.ts';

/** Optimal string alignment distance (insert, delete, substitute, swap adjacent letters). */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const TERMS = [
  'password', 'passwort', 'passwords', 'pass', 'passiv', 'rechnung', 'rechnungen', 'rechner', 'invoice', 'invoices', 'voice',
  'anmeldung', 'anmelden', 'abmelden', 'login', 'logout', 'log', 'drucker', 'druck', 'a', 'ab', 'ba', 'abc', 'acb', 'bac',
  'export', 'exporte', 'import', 'datev', 'daten', 'datum', 'zugang', 'zugriff', 'café', 'muenchen', 'mü',
].sort();

const QUERIES = ['pasword', 'passwrod', 'rechnugn', 'invoise', 'anmedlung', 'drucer', 'ab', 'ba', 'a', 'x', 'xy', 'datev', 'dtaev', 'zugnag', 'expotr', 'cafe', 'mu', ''];

describe('the term trie', () => {
  it('finds exactly the terms within the edit distance (swaps of adjacent letters count one)', () => {
    const trie = buildTermTrie(TERMS);
    for (const query of QUERIES) {
      for (const edits of [1, 2]) {
        const expected = TERMS.filter((term) => osa(query, term) <= edits);
        expect(fuzzyMatch(trie, query, edits).map((n) => TERMS[n]), `${query} ±${edits}`).toEqual(expected);
      }
    }
  });

  it('matches what Lunr’s fuzzy token set matched for typos of real words', () => {
    const trie = buildTermTrie(TERMS);
    const tokenSet = (lunr.TokenSet as unknown as { fromArray(words: string[]): lunr.TokenSet }).fromArray(TERMS);
    for (const query of QUERIES.filter((query) => query.length >= 4)) {
      for (const edits of [1, 2]) {
        const lunrFound = tokenSet.intersect(fuzzyTokenSet(query, edits)).toArray().sort();
        expect(fuzzyMatch(trie, query, edits).map((n) => TERMS[n]).sort(), `${query} ±${edits}`).toEqual(lunrFound);
      }
    }
  });

  it('keeps one node per distinct prefix, children sorted, in movable buffers', () => {
    const trie = buildTermTrie(['ab', 'abc', 'b']);
    // root, a, b, ab, abc
    expect(trie.letters.length).toBe(5);
    expect(Array.from(trie.letters.subarray(trie.firstChild[0], trie.firstChild[0] + trie.childCount[0]))).toEqual(['a'.charCodeAt(0), 'b'.charCodeAt(0)]);
    expect(Array.from(trie.termAt).filter((n) => n !== -1).sort()).toEqual([0, 1, 2]);
    expect(trieTransferables(trie).every((buffer) => buffer instanceof ArrayBuffer)).toBe(true);
    const copy = structuredClone(trie, { transfer: trieTransferables(trie) });
    expect(fuzzyMatch(copy, 'abd', 1)).toEqual([0, 1]);
  });

  it('serves the scorer: exact lookup by binary search and typo matches over a built index', () => {
    const index = lunr(function () {
      this.ref('id');
      this.field('text');
      this.add({ id: 'a', text: 'printer driver' });
      this.add({ id: 'b', text: 'invoice export' });
    });
    const scorer = new IndexScorer(index);
    expect(scorer.has('printer')).toBe(true);
    expect(scorer.has('printers')).toBe(false);
    expect(scorer.fuzzyTerms('prnter', 1)).toEqual(['printer']);
    expect(scorer.terms()).toEqual([...scorer.terms()].sort());
    expect(scorer.termsWithPrefix('pr', 5)).toEqual(['printer']);
    expect(scorer.documentFrequency('invoic')).toBe(1);
  });
});

describe('the term list', () => {
  const list = TermList.fromSorted(TERMS);

  it('finds every term and no other word, without a string per term', () => {
    TERMS.forEach((term, n) => {
      expect(list.indexOf(term)).toBe(n);
      expect(list.at(n)).toBe(term);
    });
    for (const word of ['', 'pas', 'passwordx', 'zzz', 'aa', 'mu', 'cafe']) expect(list.indexOf(word), word).toBe(-1);
    expect(list.toArray()).toEqual(TERMS);
    expect(TermList.fromSorted([]).indexOf('a')).toBe(-1);
  });

  it('lists the terms that start with a prefix, in order, up to a limit', () => {
    expect(list.withPrefix('pass', 10)).toEqual(TERMS.filter((term) => term.startsWith('pass')));
    expect(list.withPrefix('pass', 2)).toEqual(TERMS.filter((term) => term.startsWith('pass')).slice(0, 2));
    expect(list.withPrefix('rechnung', 10)).toEqual(['rechnung', 'rechnungen']);
    expect(list.withPrefix('q', 10)).toEqual([]);
    expect(list.withPrefix('zugriffe', 10)).toEqual([]);
  });

  it('crosses threads as one string and one movable array', () => {
    const parts = termListParts(TERMS);
    expect(typeof parts.text).toBe('string');
    const moved = structuredClone(parts, { transfer: [parts.starts.buffer as ArrayBuffer] });
    expect(new TermList(moved).indexOf('rechner')).toBe(TERMS.indexOf('rechner'));
  });
});
