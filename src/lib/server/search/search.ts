/**
 * The search service: one index for the public (validated public articles) and one for
 * staff (adds internal articles and the documents of staff-only sources: training pages).
 * Rebuilds run off the request path after every content
 * change; until a rebuild is done, the previous index keeps answering.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { analyzeDoc, buildSearchIndexes, type AnalyzedDoc, type IndexableDoc } from '../../search/build-index.ts';
import { runQuery, type LanguageIndexes, type QueryOptions, type SearchDoc } from '../../search/query.ts';
import { IndexScorer } from '../../search/scorer.ts';
import { Thesaurus } from '../../search/thesaurus.ts';
import { SUPPORT_VOCABULARY } from '../../search/vocabulary.ts';
import { highlightText, snippetAround, wordPositions, type Segment, type WordPositions } from '../../search/highlight.ts';
import { LANGS, type Lang } from '../../languages.ts';
import type { Article, ArticleStore } from '../knowledge/articles.ts';

const gzip = promisify(zlib.gzip);
/** An index without documents: the other language's slot in a shipped file. */
let emptyIndexJson: Promise<object> | null = null;
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
}

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

/** A document to index and the object it came from (an article, or a staff source's document). */
interface IndexEntry {
  source: object;
  doc: IndexableDoc;
}

function articleEntry(article: Article): IndexEntry {
  return { source: article, doc: toIndexable(article) };
}

/** Analysed fields per document, kept across rebuilds: only changed documents are analysed again. */
class AnalysisCache {
  private entries = new Map<string, { source: object; analyzed: AnalyzedDoc }>();

  get({ source, doc }: IndexEntry): AnalyzedDoc {
    const entry = this.entries.get(doc.id);
    if (entry && entry.source === source) return entry.analyzed;
    const analyzed = analyzeDoc(doc);
    this.entries.set(doc.id, { source, analyzed });
    return analyzed;
  }

  /** Forgets articles that are gone. */
  retain(slugs: Set<string>): void {
    for (const slug of this.entries.keys()) if (!slugs.has(slug)) this.entries.delete(slug);
  }
}

export class SearchEngine {
  private built: Record<SearchScope, BuiltIndex> | null = null;
  private shipped: ShippedIndexes | null = null;
  private building: Promise<void> | null = null;
  /** The rebuild queued behind the running one, shared by every change during it. */
  private queued: Promise<void> | null = null;
  private firstBuild: Promise<void>;
  private analysis = new AnalysisCache();
  private staffSources: StaffDocSource[] = [];
  private resolveFirstBuild!: () => void;
  /** Milliseconds the last full rebuild took (both indexes). */
  lastBuildMs = 0;

  private readonly store: ArticleStore;
  private readonly maxShippedBytes: number;

  /** Whether the shipped support vocabulary (vocabulary.ts) widens queries; off only for comparisons. */
  private readonly vocabulary: boolean;

  constructor(store: ArticleStore, maxShippedBytes = MAX_SHIPPED_INDEX_BYTES, options: { vocabulary?: boolean } = {}) {
    this.store = store;
    this.vocabulary = options.vocabulary ?? true;
    this.maxShippedBytes = maxShippedBytes;
    this.firstBuild = new Promise((resolve) => (this.resolveFirstBuild = resolve));
    store.onChange(() => this.scheduleRebuild());
  }

  /**
   * Adds staff-only documents (never public). The index is rebuilt after each of the
   * source's changes, and now when one was built already (else the first build takes them).
   */
  addStaffSource(source: StaffDocSource): void {
    this.staffSources.push(source);
    source.onChange(() => void this.scheduleRebuild());
    if (this.built || this.building) void this.scheduleRebuild();
  }

  /** Resolves once the first index is ready. */
  ready(): Promise<void> {
    if (!this.built && !this.building) this.scheduleRebuild();
    return this.firstBuild;
  }

  /**
   * Rebuilds after a change; coalesces bursts into at most one queued rebuild. The promise
   * resolves once an index that includes the content as of the call is in place: during a
   * build that is the queued one, since the running build may have read the content before
   * the change.
   */
  scheduleRebuild(): Promise<void> {
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

  private async rebuild(): Promise<void> {
    const started = performance.now();
    const validated = this.store.all().filter((article) => article.status === 'validated');
    const publicEntries = validated.filter(isPublicArticle).map(articleEntry);
    const staffEntries = [
      ...validated.map(articleEntry),
      ...this.staffSources.flatMap((source) => source.docs().map((doc) => ({ source: doc, doc }))),
    ];
    const publicIndex = await this.buildIndex(publicEntries);
    // Without internal articles and staff-only documents, staff search the same index as the public.
    const staffIndex = publicEntries.length === staffEntries.length ? publicIndex : await this.buildIndex(staffEntries);
    this.analysis.retain(new Set(staffEntries.map((entry) => entry.doc.id)));
    // Swap in one step: a request sees either the old or the new indexes, never a mix.
    this.built = { public: publicIndex, staff: staffIndex };
    this.shipped = await this.serialize(publicIndex);
    this.lastBuildMs = performance.now() - started;
    this.resolveFirstBuild();
  }

  private async buildIndex(entries: IndexEntry[]): Promise<BuiltIndex> {
    const built = await buildSearchIndexes(entries.map((entry) => this.analysis.get(entry)));
    const indexes: LanguageIndexes = { de: new IndexScorer(built.de), en: new IndexScorer(built.en) };
    const docs = new Map<string, SearchDoc>();
    const texts = new Map<string, string>();
    for (const { body, tags: _tags, ...doc } of entries.map((entry) => entry.doc)) {
      docs.set(doc.id, doc);
      texts.set(doc.id, body);
    }
    return { indexes, docs, texts, words: new Map(), thesaurus: new Thesaurus(this.store.synonyms(), this.vocabulary ? SUPPORT_VOCABULARY : []) };
  }

  private async serialize(built: BuiltIndex): Promise<ShippedIndexes> {
    emptyIndexJson ??= buildSearchIndexes([], false).then((indexes) => indexes.de.toJSON());
    const empty = await emptyIndexJson;
    const docs = [...built.docs.values()];
    const langs = {} as Record<Lang, ShippedIndex>;
    for (const lang of LANGS) {
      const payload: ShippedIndexPayload = {
        lang,
        indexes: { de: empty, en: empty, [lang]: built.indexes[lang].index.toJSON() } as Record<Lang, object>,
        // Only what a suggestion shows: never the article text.
        docs: docs.filter((doc) => doc.lang === lang).map(({ id, title, summary, lang: docLang, category, translationKey }) => ({ id, title, summary, lang: docLang, category, translationKey })),
        synonyms: built.thesaurus.groups,
        categories: Object.fromEntries(this.store.categories().map((category) => [category.key, category.label])),
      };
      langs[lang] = await this.shipFile(lang, JSON.stringify(payload));
    }
    return { hash: createHash('sha256').update(LANGS.map((lang) => langs[lang].hash).join(':')).digest('hex').slice(0, 16), langs };
  }

  private async shipFile(lang: Lang, json: string): Promise<ShippedIndex> {
    const gzipped = await gzip(json, { level: 6 });
    const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
    // Off the event loop, once per build: the index is the largest thing instant search downloads.
    const brotli = brotliCompress(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } });
    brotli.catch(() => {}); // a failure shows when the file is asked for (then gzip is sent)
    return { hash, url: `/search-index/${lang}-${hash}.json`, json, gzipped, brotli, shippable: gzipped.byteLength <= this.maxShippedBytes };
  }

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
    const hits = runQuery(built.indexes, built.docs, query, lang, options.limit ?? 20, built.thesaurus, { floor: options.floor, weakMatchShare: options.weakMatchShare, unknownWordWeight: options.unknownWordWeight });
    return hits.map((hit) => {
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
