/**
 * Renders person-written Markdown without ever blocking the request thread: checks the
 * limits (markdown-limits.ts) on this thread, then renders in a small pool of worker threads
 * (piscina) and stops a render that takes longer than the time limit by terminating its
 * worker. Every article, training page and editor preview goes through here.
 *
 * Rules that always hold:
 * - the answer comes within the time limit (plus the pool's hand-over), whatever the input;
 * - a refusal names its reason (`MarkdownRefusal`), never throws, and is shown in the
 *   reader's language by `markdownRefusalMessage`;
 * - at most `MAX_THREADS` renders run at once, at most `MAX_QUEUE` wait; more are refused as busy.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import Piscina from 'piscina';
import { checkMarkdownLimits, MAX_MARKDOWN_CHARS, MAX_MARKDOWN_NESTING, type MarkdownRefusal } from './markdown-limits.ts';
import type { MarkdownOptions, RenderedMarkdown } from './markdown.ts';
import type { MarkdownTask, MarkdownTaskResult } from './markdown-worker.ts';

/** How long one render may take once a worker runs it, in milliseconds: a body at the length limit needs about 0.2 s (see bench:markdown). */
export const RENDER_TIME_LIMIT_MS = 800;
/**
 * How long a task may wait for a worker to start it (a fresh worker loads the pipeline first:
 * up to 2 s on a busy machine). Waiting costs the request thread nothing; this only bounds it.
 */
const START_LIMIT_MS = 30_000;
/** Renders at once (the machine's cores are shared with the requests). */
const MAX_THREADS = 2;
/** Renders that may wait for a thread; more are refused as busy. */
const MAX_QUEUE = 32;

/** A render's outcome. */
export type SafeRendered = ({ ok: true } & RenderedMarkdown) | { ok: false; reason: MarkdownRefusal };

/** Options of one render. */
export interface SafeRenderOptions extends MarkdownOptions {
  /** Time limit in milliseconds (tests use a shorter one); default RENDER_TIME_LIMIT_MS. */
  timeoutMs?: number;
}

/**
 * The worker's file: beside this module in the sources (dev, tests, scripts: Node runs the
 * .ts file), or `markdown-worker.mjs` at the root of the built server (astro.config.mjs emits it).
 */
function workerFile(): string {
  for (const candidate of ['./markdown-worker.ts', '../markdown-worker.mjs', './markdown-worker.mjs']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  throw new Error('The Markdown worker (markdown-worker.ts / markdown-worker.mjs) is missing beside the server code');
}

let pool: Piscina<MarkdownTask, MarkdownTaskResult> | null = null;

function getPool(): Piscina<MarkdownTask, MarkdownTaskResult> {
  pool ??= new Piscina<MarkdownTask, MarkdownTaskResult>({
    filename: workerFile(),
    // Both threads stay up: while a stopped one restarts, the other takes the next render.
    minThreads: MAX_THREADS,
    maxThreads: MAX_THREADS,
    maxQueue: MAX_QUEUE,
    idleTimeout: 60_000,
    // A render that eats memory ends its worker, not the server.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  return pool;
}

/** Starts a worker and loads the pipeline, so that the first real render does not wait for it. */
export async function warmUpMarkdownRenderer(): Promise<void> {
  await renderMarkdownSafely('# Warm up', { timeoutMs: 30_000 });
}

/** Renders Markdown in a worker within the time limit, or says why not. Never throws. */
export async function renderMarkdownSafely(markdown: string, options: SafeRenderOptions = {}): Promise<SafeRendered> {
  const refused = checkMarkdownLimits(markdown);
  if (refused) return { ok: false, reason: refused };
  const { timeoutMs = RENDER_TIME_LIMIT_MS, ...markdownOptions } = options;
  const controller = new AbortController();
  // Aborting a running task terminates its worker thread; the pool starts a fresh one.
  // The time limit counts from the moment a worker starts the render (it says so on `started`),
  // so a worker still loading the pipeline or a short queue does not refuse a normal body.
  let timer = setTimeout(() => controller.abort(), START_LIMIT_MS);
  const { port1: started, port2: startedInWorker } = new MessageChannel();
  started.unref();
  started.once('message', () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  });
  try {
    const result = await getPool().run({ markdown, options: markdownOptions, started: startedInWorker }, { signal: controller.signal, transferList: [startedInWorker] });
    if (result.ok) return { ok: true, ...result.rendered };
    if (result.reason === 'failed') console.warn(`Markdown render failed: ${result.detail}`);
    return { ok: false, reason: result.reason };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: 'too_slow' };
    if (error instanceof Error && /queue is at limit/i.test(error.message)) return { ok: false, reason: 'busy' };
    console.warn(`Markdown worker failed: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, reason: 'failed' };
  } finally {
    clearTimeout(timer);
    started.close();
  }
}

/** The message key and values of a refusal, for `t()`. */
export function markdownRefusalText(reason: MarkdownRefusal): { key: `markdown.refused.${MarkdownRefusal}`; values: Record<string, number> } {
  return {
    key: `markdown.refused.${reason}`,
    values: { max: MAX_MARKDOWN_CHARS, depth: MAX_MARKDOWN_NESTING, ms: RENDER_TIME_LIMIT_MS },
  };
}

/** Stops the worker threads (tests, scripts that end). */
export async function closeMarkdownRenderer(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.destroy();
}
