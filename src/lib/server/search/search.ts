/**
 * The search service: one index for the public (validated public articles) and one for
 * staff (adds internal articles and the documents of staff-only sources: training pages).
 * Rebuilds run in a worker thread (index-builder.ts) after every content change; until a
 * rebuild is done, the previous index keeps answering, and a failed one keeps it too.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { IndexableDoc } from '../../search/build-index.ts';
import { IndexBuilder, type IndexEntry } from './index-builder.ts';
import { runQuery, type LanguageIndexes, type QueryOptions, type SearchDoc } from '../../search/query.ts';
import { Thesaurus } from '../../search/thesaurus.ts';
import { compoundMap } from '../../search/compound-parts.ts';
import { SUPPORT_VOCABULARY } from '../../search/vocabulary.ts';
import { boostPhrased, phrasedArticles, phrasingTable, type PhrasingTable } from '../../search/learned-phrasing.ts';
import { highlightText, snippetAround, wordPositions, type Segment, type WordPositions } from '../../search/highlight.ts';
import type { DocWords } from '../../search/proximity.ts';
import { LANGS, type Lang } from '../../languages.ts';
import type { Article, ArticleStore } from '../knowledge/articles.ts';

const brotliCompress = promisify(zlib.brotliCompress);

/** Who is searching: the public sees only public articles. */
export type SearchScope = 'public' | 'staff';

/** One search result, ready to render. */
export interface SearchResult {
  slug: string;
  title: Segment[];
  lang: Lang;
  category: string;
  /** Excerpt of the body around the first match, or the summary, with matches marked. */
  snippet: Segment[];
  score: number;
}

/** The serialised public index of one language for the browser's instant search. */
export interface ShippedIndex {
  /** Content hash: part of the URL, so the file can be cached forever. */
  hash: string;
  /** The URL the browser fetches it from: /search-index/<lang>-<hash>.json. */
  url: string;
  json: string;
  gzipped: Buffer;
  /**
   * Brotli form (smaller than gzip; sent to browsers that accept it), made once per build in
   * the background, so that a new index is searchable without waiting for it.
   */
  brotli: Promise<Buffer>;
  /**
   * The brotli form once it is made, else null: until then the gzip form is sent. (Quality 11
   * takes seconds on a busy machine; a browser must never wait for it.)
   */
  brotliReady: Buffer | null;
  /** False when the gzipped index is over the limit: the browser asks the server instead. */
  shippable: boolean;
}

/**
 * The shipped indexes: one file per language, so a reader downloads only the articles of the
 * language they read in (the server's search, asked when that finds nothing, covers both).
 */
export interface ShippedIndexes {
  /** Hash over both files: changes whenever one does (page caches key on it). */
  hash: string;
  langs: Record<Lang, ShippedIndex>;
}

/** The shape of one shipped index file. */
export interface ShippedIndexPayload {
  /** The language whose articles the file holds. */
  lang: Lang;
  /** Serialised Lunr index per language: the file's language in full, the other one empty. */
  indexes: Record<Lang, object>;
  /** The file's language's documents (only the fields a suggestion shows). */
  docs: SearchDoc[];
  /** Synonym groups (content/synonyms.yml). */
  synonyms: string[][];
  /** Category labels per language, by key. */
  categories: Record<string, Record<Lang, string>>;
}

/**
 * Staff-only documents from elsewhere than the article store (the training pages). Their ids
 * carry a prefix that no article slug has ("training:"), so a result says where it is from.
 * They are never part of the public index.
 */
export interface StaffDocSource {
  /** The documents; the same object for an unchanged document (its analysis is reused). */
  docs(): IndexableDoc[];
  onChange(listener: () => void): () => void;
}

interface BuiltIndex {
  indexes: LanguageIndexes;
  thesaurus: Thesaurus;
  docs: Map<string, SearchDoc>;
  texts: Map<string, string>;
  /** The words of the articles snippets were made for, folded and stemmed once (at most MAX_WORD_POSITIONS). */
  words: Map<string, WordPositions>;
  /** Ids of the documents that are articles (the others come from staff sources). */
  articles: Set<string>;
  /** Per document, its title and tags as one text (the head of every passage, proximity.ts). */
  heads: Map<string, string>;
  /** Per document, its words by part for the passage check (at most MAX_WORD_POSITIONS). */
  docWords: Map<string, DocWords>;
}

/** What a build reads: the entries (by their source objects) and the synonyms and categories as text. */
interface BuildInput {
  publicEntries: IndexEntry[];
  staffEntries: IndexEntry[];
  synonyms: string;
  categories: string;
}

/**
 * True when two builds would read the same: the same source objects in the same order (the
 * article store and staff sources give a new object per change), the same synonyms and
 * category labels.
 */
function sameInput(a: BuildInput, b: BuildInput): boolean {
  const sameEntries = (x: IndexEntry[], y: IndexEntry[]): boolean => x.length === y.length && x.every((entry, i) => entry.source === y[i].source);
  return sameEntries(a.publicEntries, b.publicEntries) && sameEntries(a.staffEntries, b.staffEntries) && a.synonyms === b.synonyms && a.categories === b.categories;
}

/** First wait before a failed first build is tried again. */
const FIRST_BUILD_RETRY_MS = 200;

/** Articles whose words are kept for snippets; beyond that the cache starts over. */
const MAX_WORD_POSITIONS = 2000;

/** The article text's words, from the index's cache or computed once. */
function wordsOf(built: BuiltIndex, doc: SearchDoc): WordPositions {
  let words = built.words.get(doc.id);
  if (!words) {
    if (built.words.size >= MAX_WORD_POSITIONS) built.words.clear();
    words = wordPositions(built.texts.get(doc.id) ?? '', doc.lang);
    built.words.set(doc.id, words);
  }
  return words;
}

/** An article's words by part (proximity.ts), computed once; the text's words are shared with snippets. */
function docWordsOf(built: BuiltIndex, doc: SearchDoc): DocWords {
  let words = built.docWords.get(doc.id);
  if (!words) {
    if (built.docWords.size >= MAX_WORD_POSITIONS) built.docWords.clear();
    words = { head: wordPositions(built.heads.get(doc.id) ?? doc.title, doc.lang), summary: wordPositions(doc.summary, doc.lang), body: wordsOf(built, doc) };
    built.docWords.set(doc.id, words);
  }
  return words;
}

/** Gzipped size above which the browser does not download the index (issue: 300 KB). */
export const MAX_SHIPPED_INDEX_BYTES = 300 * 1024;

/** True when an article belongs in the public index. */
export function isPublicArticle(article: Article): boolean {
  return article.audience === 'public' && article.status === 'validated';
}

function toIndexable(article: Article): IndexableDoc {
  return {
    id: article.slug,
    title: article.title,
    summary: article.summary,
    lang: article.lang,
    category: article.category,
    translationKey: article.translationKey,
    tags: article.tags,
    body: article.text,
    markdown: article.body,
  };
}

function articleEntry(article: Article): IndexEntry {
  return { source: article, doc: toIndexable(article) };
}

export class SearchEngine {
  private built: Record<SearchScope, BuiltIndex> | null = null;
  private shipped: ShippedIndexes | null = null;
  private building: Promise<void> | null = null;
  /** The rebuild queued behind the running one, shared by every change during it. */
  private queued: Promise<void> | null = null;
  private firstBuild: Promise<void>;
  private builder = new IndexBuilder();
  /** True after a failed build was logged; cleared by the next good build (a failure is logged once). */
  private failureLogged = false;
  /** Test hook: the next build fails in the worker. */
  failNextBuild = false;
  private staffSources: StaffDocSource[] = [];
  /** Confirmed learned phrasings by language and normalised words. */
  private phrasings: PhrasingTable = new Map();
  private resolveFirstBuild!: () => void;
  /** Milliseconds the last full rebuild took (both indexes). */
  lastBuildMs = 0;
  /** Builds that ran in the worker (a change that touches no indexed document runs none). */
  buildCount = 0;
  /** What the index in place was built from (see `sameInput`). */
  private builtFrom: BuildInput | null = null;
  /** Set by `scheduleRebuild(true)`: the next build runs even when nothing indexed changed. */
  private forceNext = false;
  /** Wait before the next try when no build has succeeded yet (doubles up to 30 s). */
  private firstBuildRetryMs = FIRST_BUILD_RETRY_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private readonly store: ArticleStore;
  private readonly maxShippedBytes: number;

  /** Whether the shipped support vocabulary (vocabulary.ts) widens queries; off only for comparisons. */
  private readonly vocabulary: boolean;

  constructor(store: ArticleStore, maxShippedBytes = MAX_SHIPPED_INDEX_BYTES, options: { vocabulary?: boolean } = {}) {
    this.store = store;
    this.vocabulary = options.vocabulary ?? true;
    this.maxShippedBytes = maxShippedBytes;
    this.firstBuild = new Promise((resolve) => (this.resolveFirstBuild = resolve));
    store.onChange(() => void this.scheduleRebuild().catch(() => {})); // a failure is logged by rebuild()
  }

  /**
   * Adds staff-only documents (never public). The index is rebuilt after each of the
   * source's changes, and now when one was built already (else the first build takes them).
   */
  addStaffSource(source: StaffDocSource): void {
    this.staffSources.push(source);
    source.onChange(() => void this.scheduleRebuild().catch(() => {}));
    if (this.built || this.building) void this.scheduleRebuild().catch(() => {});
  }

  /**
   * Resolves once the first index is ready (app start-up awaits it, so no request is answered
   * from an empty index). A failed first build is tried again until one succeeds.
   */
  ready(): Promise<void> {
    if (!this.built && !this.building) this.scheduleRebuild().catch(() => {}); // logged by rebuild(), tried again
    return this.firstBuild;
  }

  /**
   * Rebuilds after a change; coalesces bursts into at most one queued rebuild. The promise
   * resolves once an index that includes the content as of the call is in place: during a
   * build that is the queued one, since the running build may have read the content before
   * the change. `force` builds even when nothing indexed changed (benchmarks time a rebuild).
   */
  scheduleRebuild(force = false): Promise<void> {
    if (force) this.forceNext = true;
    if (this.building) {
      this.queued ??= this.building
        .catch(() => {})
        .then(() => {
          this.queued = null;
          return this.scheduleRebuild();
        });
      return this.queued;
    }
    this.building = this.rebuild().finally(() => {
      this.building = null;
    });
    return this.building;
  }

  /**
   * Builds both indexes in the worker thread (index-builder.ts) and swaps them in at once.
   * A failed build keeps the previous indexes and is logged once (until a build succeeds).
   */
  private async rebuild(): Promise<void> {
    const started = performance.now();
    const validated = this.store.all().filter((article) => article.status === 'validated');
    const publicEntries = validated.filter(isPublicArticle).map(articleEntry);
    const staffEntries = [
      ...validated.map(articleEntry),
      ...this.staffSources.flatMap((source) => source.docs().map((doc) => ({ source: doc, doc }))),
    ];
    // Without internal articles and staff-only documents, staff search the same index as the public.
    const sameIndex = publicEntries.length === staffEntries.length;
    const thesaurus = new Thesaurus(this.store.synonyms(), this.vocabulary ? SUPPORT_VOCABULARY : []);
    const categories = Object.fromEntries(this.store.categories().map((category) => [category.key, category.label]));
    const input: BuildInput = { publicEntries, staffEntries, synonyms: JSON.stringify(thesaurus.groups), categories: JSON.stringify(categories) };
    const fail = this.failNextBuild;
    this.failNextBuild = false;
    const force = this.forceNext;
    this.forceNext = false;
    // A change that touches no indexed document (a draft saved, an internal note edited by
    // hand, a view counted) needs no build: the index in place is already that index. Such a
    // build would only delay the next one that matters (a validation right after a draft
    // save waited behind it).
    if (this.built && !fail && !force && this.builtFrom && sameInput(this.builtFrom, input)) return;
    let output;
    try {
      this.buildCount++;
      output = await this.builder.build({
        publicEntries,
        staffEntries: sameIndex ? null : staffEntries,
        synonyms: thesaurus.groups,
        categories,
        fail,
      });
    } catch (error) {
      if (!this.failureLogged) console.error(`Search index rebuild failed; the previous index keeps answering: ${error instanceof Error ? error.message : String(error)}`);
      this.failureLogged = true;
      // Without any index yet, nothing could answer and ready() would never resolve: try again
      // (the builder starts over with every document), waiting longer each time.
      if (!this.built) this.retryFirstBuild();
      throw error;
    }
    this.firstBuildRetryMs = FIRST_BUILD_RETRY_MS;
    this.failureLogged = false;
    const publicIndex = this.assemble(output.public, publicEntries, thesaurus);
    const staffIndex = output.staff ? this.assemble(output.staff, staffEntries, thesaurus) : publicIndex;
    const langs = {} as Record<Lang, ShippedIndex>;
    for (const lang of LANGS) langs[lang] = this.shipFile(lang, output.shipped.langs[lang]);
    // Swap in one step: a request sees either the old or the new indexes (and the shipped
    // indexes made from the same build), never a mix.
    this.built = { public: publicIndex, staff: staffIndex };
    this.shipped = { hash: output.shipped.hash, langs };
    this.builtFrom = input;
    this.lastBuildMs = performance.now() - started;
    this.resolveFirstBuild();
  }

  /** One language's shipped file from the worker's JSON and gzip; brotli follows in the background. */
  private shipFile(lang: Lang, file: { json: string; gzipped: Buffer; hash: string }): ShippedIndex {
    const { json, gzipped, hash } = file;
    const shippable = gzipped.byteLength <= this.maxShippedBytes;
    // Off the event loop, once per build: the index is the largest thing instant search downloads.
    // An index too large to ship is never sent: no brotli form (seconds of CPU at 7,300 articles).
    const brotli = shippable
      ? brotliCompress(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
      : Promise.reject(new Error('the index is too large to ship'));
    brotli.catch(() => {}); // a failure shows when the file is asked for (then gzip is sent)
    const shipped: ShippedIndex = { hash, url: `/search-index/${lang}-${hash}.json`, json, gzipped, brotli, brotliReady: null, shippable };
    brotli.then((made) => (shipped.brotliReady = made), () => {});
    return shipped;
  }

  private assemble(indexes: LanguageIndexes, entries: IndexEntry[], thesaurus: Thesaurus): BuiltIndex {
    const docs = new Map<string, SearchDoc>();
    const texts = new Map<string, string>();
    const heads = new Map<string, string>();
    for (const { body, tags, markdown: _markdown, ...doc } of entries.map((entry) => entry.doc)) {
      docs.set(doc.id, doc);
      texts.set(doc.id, body);
      heads.set(doc.id, [doc.title, ...(tags ?? [])].join(' '));
    }
    const articles = new Set(entries.filter((entry) => entry.source !== entry.doc).map((entry) => entry.doc.id));
    // The German compounds by head (compound-parts.ts), made now rather than by the first query.
    compoundMap(indexes.de);
    return { indexes, docs, texts, words: new Map(), thesaurus, articles, heads, docWords: new Map() };
  }

  /** True while the store still has the article, validated and (for the public) public. */
  private stillListed(slug: string, scope: SearchScope): boolean {
    const article = this.store.get(slug);
    if (!article || article.status !== 'validated') return false;
    return scope === 'staff' || isPublicArticle(article);
  }

  private retryFirstBuild(): void {
    const delay = this.firstBuildRetryMs;
    this.firstBuildRetryMs = Math.min(delay * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.built && !this.closed) this.scheduleRebuild().catch(() => {});
    }, delay);
  }

  /** Stops the index-build worker (tests, scripts that end); the current index keeps answering. */
  close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    return this.builder.close();
  }

  /** Sets the confirmed learned phrasings (learned-phrasings.ts); used by the next search. */
  setPhrasings(phrasings: readonly { lang: Lang; words: string; articleSlug: string }[]): void {
    this.phrasings = phrasingTable(phrasings);
    this.phrasingsVersion++;
  }

  /** Counts the calls of `setPhrasings` (cached search pages key on it). */
  phrasingsVersion = 0;

  /** The public indexes for the browser, one per language, or null before the first build. */
  shippedIndex(): ShippedIndexes | null {
    return this.shipped;
  }

  /** Number of documents in an index (0 before the first build). */
  size(scope: SearchScope): number {
    return this.built?.[scope].docs.size ?? 0;
  }

  /**
   * Searches; returns [] before the first build has finished, and when nothing clears the
   * relevance floor (`floor`, default RELEVANCE_FLOOR; 0 for "more like this" queries).
   */
  search(query: string, lang: Lang, options: { scope?: SearchScope; limit?: number } & QueryOptions = {}): SearchResult[] {
    const built = this.built?.[options.scope ?? 'public'];
    if (!built) return [];
    const scope = options.scope ?? 'public';
    const limit = options.limit ?? 20;
    const found = runQuery(built.indexes, built.docs, query, lang, limit, built.thesaurus, {
      floor: options.floor,
      weakMatchShare: options.weakMatchShare,
      unknownWordWeight: options.unknownWordWeight,
      passageFloor: options.passageFloor,
      passageWindow: options.passageWindow,
      wordsOf: (doc) => docWordsOf(built, doc),
    });
    // Confirmed learned phrasings put their article first, also past the relevance floor.
    const hits = boostPhrased(
      found,
      phrasedArticles(this.phrasings, query, lang),
      (hit) => hit.doc.id,
      (id, score) => {
        const doc = built.docs.get(id);
        return doc ? { doc, score, terms: [] } : null;
      },
      limit,
    );
    // Until a rebuild is swapped in, the index may still hold an article that was deleted,
    // unpublished or made internal since: such a hit is dropped, never shown.
    return hits.filter((hit) => !built.articles.has(hit.doc.id) || this.stillListed(hit.doc.id, scope)).map((hit) => {
      const { doc } = hit;
      const terms = new Set(hit.terms);
      let title: Segment[] | undefined;
      let snippet: Segment[] | undefined;
      // Highlighting scans the article text: done only for the results a page shows.
      return {
        slug: doc.id,
        lang: doc.lang,
        category: doc.category,
        score: hit.score,
        get title(): Segment[] {
          return (title ??= highlightText(doc.title, doc.lang, terms));
        },
        get snippet(): Segment[] {
          return (snippet ??= snippetAround(built.texts.get(doc.id) ?? '', doc.lang, terms, undefined, wordsOf(built, doc)) ?? highlightText(doc.summary, doc.lang, terms));
        },
      };
    });
  }
}
