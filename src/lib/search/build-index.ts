/**
 * Builds the Lunr index from analysed documents. Building yields to the event loop between
 * batches, so a rebuild after a content change never stalls the requests being served.
 */
import { lunr } from './lunr.ts';
import { analyzeText, foldText } from './analyzer.ts';
import type { SearchDoc } from './query.ts';
import { LANGS, type Lang } from '../languages.ts';

/** A document with the text fields that are indexed. */
export interface IndexableDoc extends SearchDoc {
  tags: string[];
  /** Plain text of the body. */
  body: string;
  /** The body's Markdown, when there is one: its code tells what it refers to. */
  markdown?: string;
}

/** A document's fields as index terms, analysed in the document's language. */
export interface AnalyzedDoc {
  id: string;
  lang: Lang;
  /** Links the language versions of one article (they share their authority). */
  translationKey?: string;
  /** The title as a name (see `nameOf`), for references from other articles. */
  name?: string;
  /** What the article refers to (see `extractReferences`). */
  references?: string[];
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
    name: nameOf(doc.title),
    references: doc.markdown === undefined ? undefined : extractReferences(doc.markdown),
    title: analyzeText(doc.title, doc.lang),
    tags: analyzeText(doc.tags.join(' '), doc.lang),
    summary: analyzeText(withoutUrls(doc.summary), doc.lang),
    body: analyzeText(withoutUrls(doc.body), doc.lang),
  };
}

/** Field weights: the title above tags and summary, those above the body. */
export const FIELD_BOOST = { title: 6, tags: 3, summary: 3, body: 1 } as const;

/**
 * BM25 parameters: `k1` is how quickly repeating a term stops adding weight, `b` how much
 * a field's length dilutes its terms (0: not at all, 1: fully).
 */
export const BM25 = { k1: 1.2, b: 0.75 } as const;

const BATCH = 200;

// setTimeout rather than Node's setImmediate: this module also runs in the browser.
const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Titles of at most this many terms are names (of a command, a product, a feature) that
 * other articles can mention; longer titles are sentences ("Reset your password") and stay
 * neutral.
 */
export const NAME_MAX_TERMS = 3;

/** How strongly being referred to by other articles raises a document (see `documentAuthority`). */
export const AUTHORITY_WEIGHT = 4;

/**
 * The number of referring articles at which the prior reaches 1 + AUTHORITY_WEIGHT. An
 * absolute scale, so that in a small knowledge base a few references stay a small effect.
 */
export const AUTHORITY_FULL_AT = 1000;

/** A title or code text reduced to its words: folded, punctuation as spaces ("lsb_release" → "lsb release"). */
export function nameOf(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const INLINE_CODE = /`([^`\n]+)`/g;
const FENCED_CODE = /^(?:```|~~~)[^\n]*\n([\s\S]*?)^(?:```|~~~)/gm;
/** Where a new command starts inside a line of code: after a pipe, `&&`, `;`, `$(` or `sudo`. */
const COMMAND_BREAK = /\|\|?|&&|;|\$\(|`|\bsudo\s+/;

/**
 * The names an article's Markdown refers to: the words at the start of its code spans and
 * code lines and after pipes (up to NAME_MAX_TERMS words each, so "git log --oneline" names
 * "git", "git log" and "git log oneline"). Code is how technical writing names a command
 * or a setting; words in running text are not references ("edit the file" says nothing
 * about a command called `edit`). Links between articles are deliberately not counted: in
 * a small knowledge base a handful of links would outweigh everything else, and the titles
 * they point at are sentences, which the prior leaves neutral.
 */
export function extractReferences(markdown: string): string[] {
  const references = new Set<string>();
  const code: string[] = [];
  for (const match of markdown.matchAll(FENCED_CODE)) code.push(...match[1].split('\n'));
  for (const match of markdown.replace(FENCED_CODE, ' ').matchAll(INLINE_CODE)) code.push(match[1]);
  for (const line of code) {
    for (const command of line.split(COMMAND_BREAK)) {
      // "--unique" after a "|" is an option in a list of alternatives, not a command.
      if (/^\s*[-{[]/.test(command)) continue;
      const words = nameOf(command).split(' ').filter(Boolean);
      for (let length = 1; length <= Math.min(NAME_MAX_TERMS, words.length); length++) references.add(words.slice(0, length).join(' '));
    }
  }
  return [...references];
}

/**
 * A prior per document from in-corpus evidence: how many other articles refer to it by
 * naming it in code (see `extractReferences`). Articles that many others
 * point at ("see also: `tar`", "`… | sort | uniq`") are the ones searchers usually mean,
 * while a niche sub-page that merely repeats a query word in its title is not. Only titles
 * that are names (at most NAME_MAX_TERMS words) take part; sentence titles ("Reset your
 * password") stay neutral. The count is log-scaled: the prior is 1 for an article no other
 * refers to and 1 + AUTHORITY_WEIGHT for one that AUTHORITY_FULL_AT articles refer to.
 * Language versions of one article share the highest prior of their group.
 */
export function documentAuthority(docs: readonly AnalyzedDoc[]): Map<string, number> {
  const named = new Map<string, AnalyzedDoc[]>();
  for (const doc of docs) {
    const name = doc.name ?? '';
    // One letter ("w", "n") is as often a variable in code as a reference to the article.
    if (name.length < 2 || name.split(' ').length > NAME_MAX_TERMS) continue;
    const list = named.get(name);
    if (list) list.push(doc);
    else named.set(name, [doc]);
  }

  // Who refers to what: the referring articles per name.
  const referrers = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const reference of doc.references ?? []) {
      if (!named.has(reference)) continue;
      let set = referrers.get(reference);
      if (!set) referrers.set(reference, (set = new Set()));
      set.add(doc.translationKey ?? doc.id);
    }
  }

  const byGroup = new Map<string, number>();
  for (const [name, list] of named) {
    for (const doc of list) {
      const group = doc.translationKey ?? doc.id;
      const from = new Set(referrers.get(name));
      // An article does not vouch for itself (nor do its translations).
      from.delete(group);
      const count = from.size;
      const value = 1 + (AUTHORITY_WEIGHT * Math.log1p(count)) / Math.log1p(AUTHORITY_FULL_AT);
      byGroup.set(group, Math.max(byGroup.get(group) ?? 1, value));
    }
  }
  const prior = new Map<string, number>();
  for (const doc of docs) {
    const value = byGroup.get(doc.translationKey ?? doc.id);
    if (value !== undefined && value > 1) prior.set(doc.id, value);
  }
  return prior;
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
  builder.k1(BM25.k1);
  builder.b(BM25.b);
  for (const [field, boost] of Object.entries(FIELD_BOOST)) builder.field(field, { boost });

  for (let start = 0; start < docs.length; start += BATCH) {
    for (const doc of docs.slice(start, start + BATCH)) {
      builder.add(doc, { boost: priors.get(doc.id) ?? 1 });
    }
    if (yieldBetweenBatches && start + BATCH < docs.length) await nextTick();
  }
  return builder.build();
}
