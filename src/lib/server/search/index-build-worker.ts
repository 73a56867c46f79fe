/**
 * The worker thread's side of `index-builder.ts`: keeps the analysed documents (so a rebuild
 * after a change analyses only what changed), builds the Lunr indexes, inverts them into the
 * scorer's flat arrays and makes the shipped public index (JSON, gzip, hash), all off the
 * request thread. Imports only the pure search code.
 *
 * Rules that always hold:
 * - a build answers with every part of both scopes or with a failure, never with a mix;
 * - the shipped JSON is made from the very indexes whose parts are sent back, so the browser
 *   and the server rank with the same weights;
 * - typed arrays go back in the transfer list (moved, not copied).
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import zlib from 'node:zlib';
import { analyzeDoc, buildSearchIndexes, type AnalyzedDoc, type IndexableDoc } from '../../search/build-index.ts';
import { scorerParts, type ScorerParts } from '../../search/scorer.ts';
import { buildTermTrie, trieTransferables, type TermTrie } from '../../search/term-trie.ts';
import { termListParts, type TermListParts } from '../../search/term-list.ts';
import type { SearchDoc } from '../../search/query.ts';
import { LANGS, type Lang } from '../../languages.ts';

/** Request thread → worker. */
export type IndexWorkerRequest =
  /** New or changed documents (their analysis replaces any kept one). */
  | { type: 'docs'; docs: IndexableDoc[] }
  | {
      type: 'build';
      id: number;
      /** Ids of the public index's documents. */
      publicIds: string[];
      /** Ids of the staff index's documents; null when it is the public one. */
      staffIds: string[] | null;
      /** Synonym groups and category labels for the shipped index. */
      synonyms: string[][];
      categories: Record<string, Record<Lang, string>>;
      /** Test hook: fail this build (tests of "a failed build keeps the old index"). */
      fail?: boolean;
    };

/**
 * A scorer's parts as sent: the terms as one string and their offsets (term-list.ts: one
 * string crosses threads as one copy, and the request thread never makes a string per
 * term), and the terms' trie for fuzzy matching, made here (typed arrays, moved: the
 * request thread makes no object per letter).
 */
export type WireScorerParts = Omit<ScorerParts, 'terms'> & { terms: TermListParts; trie: TermTrie };

/** One scope's scoring parts per language. */
export type ScopeParts = Record<Lang, WireScorerParts>;

/** Worker → request thread. */
export type IndexWorkerResponse =
  | {
      type: 'built';
      id: number;
      public: ScopeParts;
      staff: ScopeParts | null;
      /** The shipped public index files, one per language (search.ts ShippedIndexPayload), and a hash over both. */
      shipped: { hash: string; langs: Record<Lang, { json: string; gzipped: Uint8Array; hash: string }> };
      /** Milliseconds the worker spent. */
      workerMs: number;
    }
  | { type: 'failed'; id: number; message: string };

const analysed = new Map<string, { doc: IndexableDoc; analysed: AnalyzedDoc }>();
/** A Lunr index without documents: the other language's slot in a shipped file. */
let emptyIndexJson: object | null = null;

function analysedOf(ids: string[]): AnalyzedDoc[] {
  return ids.map((id) => {
    const entry = analysed.get(id);
    if (!entry) throw new Error(`document ${id} was never sent to the index worker`);
    return entry.analysed;
  });
}

async function scopeParts(ids: string[]): Promise<{ parts: ScopeParts; indexes: Record<Lang, lunr.Index> }> {
  const indexes = await buildSearchIndexes(analysedOf(ids), false);
  const parts = {} as ScopeParts;
  for (const lang of LANGS) {
    const { terms, ...rest } = scorerParts(indexes[lang]);
    parts[lang] = { ...rest, terms: termListParts(terms), trie: buildTermTrie(terms) };
  }
  return { parts, indexes };
}

function transferables(scope: ScopeParts | null): ArrayBuffer[] {
  if (!scope) return [];
  return LANGS.flatMap((lang) => [scope[lang].offsets.buffer, scope[lang].docs.buffer, scope[lang].weights.buffer, scope[lang].terms.starts.buffer, ...trieTransferables(scope[lang].trie)] as ArrayBuffer[]);
}

async function build(request: Extract<IndexWorkerRequest, { type: 'build' }>): Promise<void> {
  const started = performance.now();
  if (request.fail) throw new Error('build failed on request (test)');
  const publicScope = await scopeParts(request.publicIds);
  const staffScope = request.staffIds ? await scopeParts(request.staffIds) : null;
  // Forget documents that are in neither index any more.
  const keep = new Set([...request.publicIds, ...(request.staffIds ?? [])]);
  for (const id of analysed.keys()) if (!keep.has(id)) analysed.delete(id);

  // One file per language: that language's index in full, the other one empty, and only the
  // fields a suggestion shows (never the article text).
  emptyIndexJson ??= (await buildSearchIndexes([], false)).de.toJSON();
  const docs: SearchDoc[] = request.publicIds.map((id) => {
    const { id: docId, title, summary, lang, category, translationKey } = analysed.get(id)!.doc;
    return { id: docId, title, summary, lang, category, translationKey };
  });
  const langs = {} as Record<Lang, { json: string; gzipped: Uint8Array; hash: string }>;
  for (const lang of LANGS) {
    const json = JSON.stringify({
      lang,
      indexes: { de: emptyIndexJson, en: emptyIndexJson, [lang]: publicScope.indexes[lang].toJSON() },
      docs: docs.filter((doc) => doc.lang === lang),
      synonyms: request.synonyms,
      categories: request.categories,
    });
    langs[lang] = { json, gzipped: zlib.gzipSync(json, { level: 6 }), hash: createHash('sha256').update(json).digest('hex').slice(0, 16) };
  }
  const hash = createHash('sha256').update(LANGS.map((lang) => langs[lang].hash).join(':')).digest('hex').slice(0, 16);
  const response: IndexWorkerResponse = {
    type: 'built',
    id: request.id,
    public: publicScope.parts,
    staff: staffScope?.parts ?? null,
    shipped: { hash, langs },
    workerMs: performance.now() - started,
  };
  const transfer = [...transferables(publicScope.parts), ...transferables(staffScope?.parts ?? null)];
  // A gzipped Buffer may share Node's buffer pool: transfer only when it owns its memory.
  for (const lang of LANGS) {
    const { gzipped } = langs[lang];
    if (gzipped.byteOffset === 0 && gzipped.byteLength === gzipped.buffer.byteLength) transfer.push(gzipped.buffer as ArrayBuffer);
  }
  parentPort!.postMessage(response, transfer);
}

// Requests are handled one at a time, in order (a build sees every document sent before it).
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (request: IndexWorkerRequest) => {
  queue = queue.then(async () => {
    if (request.type === 'docs') {
      for (const doc of request.docs) {
        // A document that cannot be analysed is dropped: the next build then fails (and says which).
        analysed.delete(doc.id);
        try {
          analysed.set(doc.id, { doc, analysed: analyzeDoc(doc) });
        } catch {}
      }
      return;
    }
    try {
      await build(request);
    } catch (error) {
      parentPort!.postMessage({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) } satisfies IndexWorkerResponse);
    }
  });
});
