/**
 * Rendered bodies of stored articles and training pages, by slug: each body is rendered once
 * (safely, in a worker) and its result kept until the file changes. Concurrent readers of an
 * uncached page share one render. A body that cannot be rendered keeps its refusal too, so a
 * broken file costs one render, not one per request: for good when the refusal is about the
 * text (too long, too deep), for a minute when it may pass later (too slow, busy, failed).
 */
import { renderMarkdownSafely, type SafeRendered, type SafeRenderOptions } from './render-markdown-safely.ts';

/** How long a refusal that may pass later is kept, in milliseconds. */
export const RETRY_AFTER_MS = 60_000;

interface Entry {
  promise: Promise<SafeRendered>;
  expires: number;
}

export class RenderCache {
  private entries = new Map<string, Entry>();
  private readonly options: SafeRenderOptions;
  private readonly onRefusal: (key: string, result: SafeRendered & { ok: false }) => void;
  private readonly now: () => number;

  constructor(options: SafeRenderOptions, onRefusal: RenderCache['onRefusal'], now: () => number = Date.now) {
    this.options = options;
    this.onRefusal = onRefusal;
    this.now = now;
  }

  /** The rendered body of `key`, from the cache or rendered now. Never rejects. */
  get(key: string, body: string): Promise<SafeRendered> {
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.now()) return cached.promise;
    const entry: Entry = { promise: renderMarkdownSafely(body, this.options), expires: Infinity };
    this.entries.set(key, entry);
    void entry.promise.then((result) => {
      if (result.ok || this.entries.get(key) !== entry) return;
      this.onRefusal(key, result);
      if (result.reason === 'too_slow' || result.reason === 'busy' || result.reason === 'failed') entry.expires = this.now() + RETRY_AFTER_MS;
    });
    return entry.promise;
  }

  /** Forgets `key` (its file changed or went away). */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
