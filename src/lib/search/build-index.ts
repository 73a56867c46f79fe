/**
 * Builds the Lunr index from analysed documents. Building yields to the event loop between
 * batches, so a rebuild after a content change never stalls the requests being served.
 */
import { lunr } from './lunr.ts';
import { analyzeText } from './analyzer.ts';
import type { SearchDoc } from './query.ts';
import { LANGS, type Lang } from '../languages.ts';

/** A document with the text fields that are indexed. */
export interface IndexableDoc extends SearchDoc {
  tags: string[];
  /** Plain text of the body. */
  body: string;
}

/** A document's fields as index terms, analysed in the document's language. */
export interface AnalyzedDoc {
  id: string;
  lang: Lang;
  title: string[];
  tags: string[];
  summary: string[];
  body: string[];
}

/** Analyses a document's fields in its own language. */
export function analyzeDoc(doc: IndexableDoc): AnalyzedDoc {
  return {
    id: doc.id,
    lang: doc.lang,
    title: analyzeText(doc.title, doc.lang),
    tags: analyzeText(doc.tags.join(' '), doc.lang),
    summary: analyzeText(doc.summary, doc.lang),
    body: analyzeText(doc.body, doc.lang),
  };
}

/** Field weights: the title above tags and summary, those above the body. */
export const FIELD_BOOST = { title: 6, tags: 3, summary: 3, body: 1 } as const;

const BATCH = 200;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Builds one index per language over analysed documents (a query is analysed per language
 * and only meets documents of that language). `yieldBetweenBatches` keeps the event loop
 * responsive while a large index is built.
 */
export async function buildSearchIndexes(
  docs: readonly AnalyzedDoc[],
  yieldBetweenBatches = true,
): Promise<Record<Lang, lunr.Index>> {
  const indexes = {} as Record<Lang, lunr.Index>;
  for (const lang of LANGS) {
    indexes[lang] = await buildLanguageIndex(
      docs.filter((doc) => doc.lang === lang),
      yieldBetweenBatches,
    );
  }
  return indexes;
}

async function buildLanguageIndex(docs: readonly AnalyzedDoc[], yieldBetweenBatches: boolean): Promise<lunr.Index> {
  const builder = new lunr.Builder();
  builder.ref('id');
  // The analyser already stemmed and filtered; Lunr must keep the terms as they are.
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  for (const [field, boost] of Object.entries(FIELD_BOOST)) builder.field(field, { boost });

  for (let start = 0; start < docs.length; start += BATCH) {
    for (const doc of docs.slice(start, start + BATCH)) {
      builder.add(doc);
    }
    if (yieldBetweenBatches && start + BATCH < docs.length) await nextTick();
  }
  return builder.build();
}
