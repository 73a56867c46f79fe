/**
 * Builds the search indexes in a worker thread (index-build-worker.ts) so that a rebuild
 * never stalls the requests being served: this thread only hands over the documents that
 * changed since the last build (in small batches) and receives the finished scoring parts
 * and the shipped public index. The parts arrive as moved typed arrays (postings, the
 * fuzzy-match trie, the terms' offsets) and one string of terms; this thread makes no object per term.
 *
 * Rules that always hold:
 * - the worker keeps the analysed documents; a document is sent again only when its source
 *   object changed (the article store and staff sources give a new object per change);
 * - when the worker fails or exits, every waiting build fails and the next build starts a
 *   fresh worker and sends every document again; after a failed build the next one sends
 *   every document again, too;
 * - the worker keeps the process alive only while a build is waiting for it.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IndexScorer } from '../../search/scorer.ts';
import { TermList } from '../../search/term-list.ts';
import type { IndexableDoc } from '../../search/build-index.ts';
import type { LanguageIndexes } from '../../search/query.ts';
import { LANGS, type Lang } from '../../languages.ts';
import type { IndexWorkerRequest, IndexWorkerResponse, ScopeParts, WireScorerParts } from './index-build-worker.ts';

/** A document to index and the object it came from (its identity tells whether it changed). */
export interface IndexEntry {
  source: object;
  doc: IndexableDoc;
}

/** What one build asks for. */
export interface IndexBuildInput {
  publicEntries: IndexEntry[];
  /** Null when staff search the public index (no internal or staff-only documents). */
  staffEntries: IndexEntry[] | null;
  synonyms: string[][];
  categories: Record<string, Record<Lang, string>>;
  /** Test hook: the worker fails this build. */
  fail?: boolean;
}

/** What one build gives. */
export interface IndexBuildOutput {
  public: LanguageIndexes;
  staff: LanguageIndexes | null;
  /** The shipped public index files, one per language, and a hash over both. */
  shipped: { hash: string; langs: Record<Lang, { json: string; gzipped: Buffer; hash: string }> };
  workerMs: number;
}

/** Documents per message to the worker (each message is serialised on this thread). */
const DOCS_PER_MESSAGE = 100;
/** This thread works at most this long at a time before it lets requests run. */
const SLICE_MS = 8;

/** The worker's file: the .ts beside this module (dev, tests, scripts) or the built server's .mjs (astro.config.mjs emits it). */
function workerFile(): string {
  for (const candidate of ['./index-build-worker.ts', '../index-build-worker.mjs', './index-build-worker.mjs']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  throw new Error('The index-build worker (index-build-worker.ts / index-build-worker.mjs) is missing beside the server code');
}

/** Lets other work run when this thread has worked for SLICE_MS since the last pause. */
class Slicer {
  private since = performance.now();
  async pause(): Promise<void> {
    if (performance.now() - this.since < SLICE_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}

/**
 * A scorer over parts from the worker. Everything heavy (the postings, the terms' offsets,
 * the fuzzy-match trie) arrives as moved typed arrays, the terms as one string; this thread
 * makes no object per term or letter, so a new index leaves the garbage collector next to
 * nothing to do.
 */
async function loadScorer(wire: WireScorerParts, slicer: Slicer): Promise<IndexScorer> {
  const { terms, trie, ...parts } = wire;
  await slicer.pause();
  return IndexScorer.fromParts({ parts, terms: new TermList(terms), trie });
}

async function loadScope(parts: ScopeParts, slicer: Slicer): Promise<LanguageIndexes> {
  return { de: await loadScorer(parts.de, slicer), en: await loadScorer(parts.en, slicer) };
}

type Waiting = { resolve: (response: Extract<IndexWorkerResponse, { type: 'built' }>) => void; reject: (error: Error) => void };

export class IndexBuilder {
  private worker: Worker | null = null;
  /** Per document id, the source object the worker has analysed. */
  private sent = new Map<string, object>();
  private waiting = new Map<number, Waiting>();
  private nextId = 1;

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerFile());
    worker.unref();
    const fail = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.sent.clear();
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    worker.on('message', (response: IndexWorkerResponse) => {
      const waiting = this.waiting.get(response.id);
      if (!waiting) return;
      this.waiting.delete(response.id);
      if (this.waiting.size === 0) worker.unref();
      if (response.type === 'built') waiting.resolve(response);
      else {
        // What the worker kept may not match what was sent (a document it could not analyse):
        // the next build sends every document again.
        this.sent.clear();
        waiting.reject(new Error(response.message));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the index-build worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Builds both indexes in the worker; rejects when the worker fails (the caller keeps its old index). */
  async build(input: IndexBuildInput): Promise<IndexBuildOutput> {
    const worker = this.start();
    const slicer = new Slicer();
    const entries = input.staffEntries ? [...input.publicEntries, ...input.staffEntries] : input.publicEntries;
    const current = new Map<string, object>();
    let batch: IndexableDoc[] = [];
    const flush = (): void => {
      if (batch.length) worker.postMessage({ type: 'docs', docs: batch } satisfies IndexWorkerRequest);
      batch = [];
    };
    for (const { source, doc } of entries) {
      if (current.has(doc.id)) continue;
      current.set(doc.id, source);
      if (this.sent.get(doc.id) === source) continue;
      this.sent.set(doc.id, source);
      batch.push(doc);
      if (batch.length >= DOCS_PER_MESSAGE) {
        flush();
        await slicer.pause();
      }
    }
    flush();
    for (const id of this.sent.keys()) if (!current.has(id)) this.sent.delete(id);

    const id = this.nextId++;
    const done = new Promise<Extract<IndexWorkerResponse, { type: 'built' }>>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({
      type: 'build',
      id,
      publicIds: input.publicEntries.map((entry) => entry.doc.id),
      staffIds: input.staffEntries?.map((entry) => entry.doc.id) ?? null,
      synonyms: input.synonyms,
      categories: input.categories,
      fail: input.fail,
    } satisfies IndexWorkerRequest);
    const built = await done;
    const publicIndexes = await loadScope(built.public, slicer);
    const staffIndexes = built.staff ? await loadScope(built.staff, slicer) : null;
    const langs = {} as IndexBuildOutput['shipped']['langs'];
    for (const lang of LANGS) {
      const { json, gzipped, hash } = built.shipped.langs[lang];
      langs[lang] = { json, hash, gzipped: Buffer.from(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength) };
    }
    return {
      public: publicIndexes,
      staff: staffIndexes,
      shipped: { hash: built.shipped.hash, langs },
      workerMs: built.workerMs,
    };
  }

  /** Stops the worker (tests, scripts that end). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.sent.clear();
    for (const waiting of this.waiting.values()) waiting.reject(new Error('the index builder was closed'));
    this.waiting.clear();
    await worker?.terminate();
  }
}
