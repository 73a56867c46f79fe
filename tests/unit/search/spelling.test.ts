/** "Did you mean …": suggestions from the knowledge base's own words. */
import { describe, expect, it } from 'vitest';
import { buildVocabulary, suggestSpelling } from '../../../src/lib/search/spelling.ts';
import { editDistance } from '../../../src/lib/search/thesaurus.ts';

const vocabulary = buildVocabulary(['Rechnung stornieren und Gutschrift erstellen', 'Rechnung Rechnung Passwort zurücksetzen', 'Reset your password', 'Rechnen']);

describe('suggestSpelling', () => {
  it('corrects unknown words to the closest known one', () => {
    expect(suggestSpelling('rechnug stornieren', vocabulary)).toBe('rechnung stornieren');
    expect(suggestSpelling('pasword', vocabulary)).toBe('password');
    expect(suggestSpelling('passwrot zurücksetzen', vocabulary)).toBe('passwort zurücksetzen');
  });

  it('says nothing when every word is known or nothing is close', () => {
    expect(suggestSpelling('Rechnung', vocabulary)).toBeNull();
    expect(suggestSpelling('qwertzuiop', vocabulary)).toBeNull();
    expect(suggestSpelling('ab', vocabulary)).toBeNull();
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('passwrot', 'passwort', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abc', 'xyzxyz', 2)).toBe(3);
  });
});
