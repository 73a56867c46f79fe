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
  /** Links the language versions of one article (they share their authority). */
  translationKey?: string;
  title: string[];
  tags: string[];
  summary: string[];
  body: string[];
}

/** Web addresses: "https://example.com/docs/tar.html", "www.example.org". */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi;

/**
 * Drops web addresses from text before it is indexed: their parts ("www", "github", "docs",
 * "software", "manual") are not words a reader searches for, yet a link in nearly every
 * article would make them match everywhere.
 */
export function withoutUrls(text: string): string {
  return text.replace(URL_PATTERN, ' ');
}

/** Analyses a document's fields in its own language. */
export function analyzeDoc(doc: IndexableDoc): AnalyzedDoc {
  return {
    id: doc.id,
    lang: doc.lang,
    translationKey: doc.translationKey,
    title: analyzeText(doc.title, doc.lang),
    tags: analyzeText(doc.tags.join(' '), doc.lang),
    summary: analyzeText(withoutUrls(doc.summary), doc.lang),
    body: analyzeText(withoutUrls(doc.body), doc.lang),
  };
}

/** Field weights: the title above tags and summary, those above the body. */
export const FIELD_BOOST = { title: 6, tags: 3, summary: 3, body: 1 } as const;

const BATCH = 200;

// setTimeout rather than Node's setImmediate: this module also runs in the browser.
const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Titles of at most this many terms are names (of a command, a product, a feature) that
 * other articles can mention; longer titles are sentences ("Reset your password") and stay
 * neutral.
 */
export const NAME_MAX_TERMS = 3;

/** How strongly being mentioned by other articles raises a document (see `documentAuthority`). */
export const AUTHORITY_WEIGHT = 3;

/** How fast the authority of a name fades as the share of articles containing it grows. */
export const COMMON_NAME_DAMPING = 8;

/**
 * A prior per document from in-corpus evidence: how many other documents mention its name
 * (its title, when the title is a short name) in their summary or body. Articles that many
 * others refer to ("see `tar`", "use `systemctl`") are the ones searchers usually mean, while
 * a niche sub-page that merely repeats a query word in its title is not. The count is
 * log-scaled and relative to the size of the document's language, so the prior ranges from
 * 1 (never mentioned, or a sentence title) to 1 + AUTHORITY_WEIGHT (mentioned everywhere).
 * Language versions of one article share the highest prior of the group.
 */
export function documentAuthority(docs: readonly AnalyzedDoc[]): Map<string, number> {
  const byName = new Map<string, number[]>();
  const firstTerms = new Set<string>();
  docs.forEach((doc, docIndex) => {
    if (doc.title.length === 0 || doc.title.length > NAME_MAX_TERMS) return;
    const key = `${doc.lang}:${doc.title.join(' ')}`;
    const list = byName.get(key);
    if (list) list.push(docIndex);
    else byName.set(key, [docIndex]);
    firstTerms.add(`${doc.lang}:${doc.title[0]}`);
  });

  const mentions = new Map<string, number>();
  const perLang = new Map<Lang, number>();
  for (const doc of docs) {
    perLang.set(doc.lang, (perLang.get(doc.lang) ?? 0) + 1);
    const seen = new Set<string>();
    for (const field of [doc.summary, doc.body]) {
      for (let i = 0; i < field.length; i++) {
        if (!firstTerms.has(`${doc.lang}:${field[i]}`)) continue;
        let key = `${doc.lang}:${field[i]}`;
        for (let length = 1; length <= NAME_MAX_TERMS && i + length <= field.length; length++) {
          if (length > 1) key += ` ${field[i + length - 1]}`;
          if (byName.has(key)) seen.add(key);
        }
      }
    }
    for (const key of seen) mentions.set(key, (mentions.get(key) ?? 0) + 1);
  }

  const prior = new Map<string, number>();
  const byGroup = new Map<string, number>();
  for (const [key, docIndexes] of byName) {
    for (const docIndex of docIndexes) {
      const doc = docs[docIndex];
      // A document does not vouch for itself.
      const count = Math.max(0, (mentions.get(key) ?? 0) - (containsName(doc) ? 1 : 0));
      const size = perLang.get(doc.lang) ?? 1;
      // A name that a large share of all articles contain is a common word of the corpus
      // (or its boilerplate: "see also", "more information"), not a reference to one article.
      const specificity = Math.max(0, 1 - count / size) ** COMMON_NAME_DAMPING;
      const value = 1 + (AUTHORITY_WEIGHT * specificity * Math.log1p(count)) / Math.log1p(size);
      prior.set(doc.id, value);
      const group = doc.translationKey ?? doc.id;
      byGroup.set(group, Math.max(byGroup.get(group) ?? 1, value));
    }
  }
  for (const doc of docs) {
    const group = byGroup.get(doc.translationKey ?? doc.id);
    if (group !== undefined && group > 1) prior.set(doc.id, group);
  }
  return prior;
}

/** True when a document's own summary or body contains its title's terms in sequence. */
function containsName(doc: AnalyzedDoc): boolean {
  const name = doc.title;
  for (const field of [doc.summary, doc.body]) {
    outer: for (let i = 0; i + name.length <= field.length; i++) {
      for (let k = 0; k < name.length; k++) if (field[i + k] !== name[k]) continue outer;
      return true;
    }
  }
  return false;
}

/**
 * Builds one index per language over analysed documents (a query is analysed per language
 * and only meets documents of that language). Each document's prior (`documentAuthority`,
 * computed over all languages) becomes its Lunr document boost, so it is part of the index's
 * weights and travels with the serialised index to the browser. `yieldBetweenBatches` keeps
 * the event loop responsive while a large index is built.
 */
export async function buildSearchIndexes(
  docs: readonly AnalyzedDoc[],
  yieldBetweenBatches = true,
): Promise<Record<Lang, lunr.Index>> {
  const priors = documentAuthority(docs);
  const indexes = {} as Record<Lang, lunr.Index>;
  for (const lang of LANGS) {
    indexes[lang] = await buildLanguageIndex(
      docs.filter((doc) => doc.lang === lang),
      priors,
      yieldBetweenBatches,
    );
  }
  return indexes;
}

async function buildLanguageIndex(
  docs: readonly AnalyzedDoc[],
  priors: ReadonlyMap<string, number>,
  yieldBetweenBatches: boolean,
): Promise<lunr.Index> {
  const builder = new lunr.Builder();
  builder.ref('id');
  // The analyser already stemmed and filtered; Lunr must keep the terms as they are.
  builder.pipeline.reset();
  builder.searchPipeline.reset();
  for (const [field, boost] of Object.entries(FIELD_BOOST)) builder.field(field, { boost });

  for (let start = 0; start < docs.length; start += BATCH) {
    for (const doc of docs.slice(start, start + BATCH)) {
      builder.add(doc, { boost: priors.get(doc.id) ?? 1 });
    }
    if (yieldBetweenBatches && start + BATCH < docs.length) await nextTick();
  }
  return builder.build();
}
