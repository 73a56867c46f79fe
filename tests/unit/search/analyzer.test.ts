/**
 * Text analysis: folding of umlauts and ß, tokenising (hyphenated words), stop words and
 * stemming per language.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText, foldText, isStopWord, stemWord, tokenize } from '../../../src/lib/search/analyzer.ts';

/** The single index term of one word (fails if the word yields none or several). */
function termOf(word: string, lang: 'de' | 'en'): string {
  const terms = analyzeText(word, lang);
  expect(terms, `terms of "${word}" (${lang})`).toHaveLength(1);
  return terms[0];
}

describe('foldText', () => {
  it('folds umlauts and ß to their two-letter spellings and lower-cases', () => {
    expect(foldText('Größe')).toBe('groesse');
    expect(foldText('GRÖSSE')).toBe('groesse');
    expect(foldText('Gebühr')).toBe('gebuehr');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('Ärger')).toBe('aerger');
  });

  it('drops other accents', () => {
    expect(foldText('Café crème')).toBe('cafe creme');
  });
});

describe('German stemming', () => {
  it('gives "Rechnungen" and "Rechnung" the same stem', () => {
    expect(termOf('Rechnungen', 'de')).toBe(termOf('Rechnung', 'de'));
  });

  it('treats "Größe", "groesse" and "GRÖSSE" as one word', () => {
    const stem = termOf('Größe', 'de');
    expect(termOf('groesse', 'de')).toBe(stem);
    expect(termOf('GRÖSSE', 'de')).toBe(stem);
  });

  it('treats "Gebühren" and "Gebuehr" as one word', () => {
    expect(termOf('Gebühren', 'de')).toBe(termOf('Gebuehr', 'de'));
  });

  it('keeps numbers as they are', () => {
    expect(stemWord('2026', 'de')).toBe('2026');
    expect(analyzeText('Paragraph 19', 'de')).toContain('19');
  });
});

describe('English stemming', () => {
  it('gives "invoices" and "invoice" the same stem', () => {
    expect(termOf('invoices', 'en')).toBe(termOf('invoice', 'en'));
  });

  it('gives "running", "runs" and "run" the same stem', () => {
    const stem = termOf('run', 'en');
    expect(termOf('running', 'en')).toBe(stem);
    expect(termOf('runs', 'en')).toBe(stem);
  });

  it('takes "-ly" adverbs to the stem of their adjective or verb (Porter2)', () => {
    expect(termOf('repeatedly', 'en')).toBe(termOf('repeat', 'en'));
    expect(termOf('automatically', 'en')).toBe(termOf('automatic', 'en'));
    expect(termOf('generously', 'en')).toBe(termOf('generous', 'en'));
  });

  it('does not merge unrelated words', () => {
    expect(termOf('invoice', 'en')).not.toBe(termOf('voice', 'en'));
  });
});

describe('stop words', () => {
  it('removes German stop words from German text', () => {
    expect(analyzeText('der Drucker und die Rechnung', 'de')).toEqual([termOf('Drucker', 'de'), termOf('Rechnung', 'de')]);
  });

  it('removes English stop words from English text', () => {
    expect(analyzeText('the printer and an invoice', 'en')).toEqual([termOf('printer', 'en'), termOf('invoice', 'en')]);
  });

  it('removes only the stop words of the text’s own language', () => {
    // "die" and "und" are German stop words, "the" and "and" English ones.
    expect(analyzeText('die the und and', 'de')).toEqual(['the', 'and']);
    expect(analyzeText('die the und and', 'en')).toEqual(['die', 'und']);
    expect(isStopWord({ raw: 'und', folded: 'und' }, 'de')).toBe(true);
    expect(isStopWord({ raw: 'und', folded: 'und' }, 'en')).toBe(false);
  });

  it('recognises a stop word written with an umlaut and folded', () => {
    expect(isStopWord({ raw: 'für', folded: 'fuer' }, 'de')).toBe(true);
  });
});

describe('tokenize', () => {
  const folded = (text: string): string[] => tokenize(text).map((word) => word.folded);

  it('splits on spaces and punctuation and lower-cases', () => {
    expect(folded('Rechnung, Mahnung; Gutschrift!')).toEqual(['rechnung', 'mahnung', 'gutschrift']);
  });

  it('yields the parts and the joined form of a hyphenated word with long parts', () => {
    expect(folded('SEPA-Lastschrift')).toEqual(['sepa', 'lastschrift', 'sepalastschrift']);
  });

  it('yields the parts and the joined form of a dotted word', () => {
    expect(folded('tar.gz')).toEqual(['tar', 'gz', 'targz']);
  });

  it('splits "E-Mail" into mail and the joined email (single letters are not words of their own)', () => {
    expect(folded('E-Mail')).toEqual(['mail', 'email']);
  });

  it('finds "mail" in "E-Mail" in both languages', () => {
    expect(analyzeText('E-Mail', 'de')).toContain('mail');
    expect(analyzeText('E-Mail', 'en')).toContain('mail');
  });

  it('drops one-letter words but keeps single digits', () => {
    expect(folded('a b 7 ok')).toEqual(['7', 'ok']);
  });
});
