/**
 * Lunr with the German stemmer and stop words from lunr-languages registered.
 * Shared by the server and the browser so that both analyse text the same way.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import registerGerman from 'lunr-languages/lunr.de.js';

type LunrWithGerman = typeof lunr & {
  de: { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction };
};

const withGerman = lunr as LunrWithGerman;
if (!withGerman.de) {
  stemmerSupport(lunr);
  registerGerman(lunr);
}

export { withGerman as lunr };

/** A term's entry in Lunr's inverted index: its number, and per field the documents with it. */
export type InvertedIndexEntry = { _index: number } & Record<string, Record<string, object>>;

/** The parts of a built Lunr index that the fast scorer reads; @types/lunr does not declare them. */
export interface IndexInternals {
  invertedIndex: Record<string, InvertedIndexEntry>;
  /** "field/ref" → vector of (term number, weight) pairs. */
  fieldVectors: Record<string, { elements: number[] }>;
  tokenSet: lunr.TokenSet;
}

/** A typed view of an index's internals (the same object). */
export function internalsOf(index: lunr.Index): IndexInternals {
  return index as unknown as IndexInternals;
}

/** Lunr's fuzzy token set, which @types/lunr does not declare. */
export function fuzzyTokenSet(word: string, editDistance: number): lunr.TokenSet {
  return (lunr.TokenSet as unknown as { fromFuzzyString(word: string, distance: number): lunr.TokenSet }).fromFuzzyString(word, editDistance);
}
