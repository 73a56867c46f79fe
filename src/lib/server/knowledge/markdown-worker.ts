/**
 * The worker thread's side of `render-markdown-safely.ts`: renders one Markdown body with
 * the pipeline and answers with the result or the refusal. Runs in a piscina worker, so a
 * slow or crashing render never touches the request thread. Imports only the pipeline.
 */
import type { MessagePort } from 'node:worker_threads';
import { MarkdownTooDeepError, renderMarkdown, type MarkdownOptions, type RenderedMarkdown } from './markdown.ts';

/** What the request thread sends. */
export interface MarkdownTask {
  markdown: string;
  options: MarkdownOptions;
  /** Told when the render starts: the request thread's time limit counts from then. */
  started?: MessagePort;
}

/** What the worker answers. */
export type MarkdownTaskResult = { ok: true; rendered: RenderedMarkdown } | { ok: false; reason: 'too_deep' | 'failed'; detail: string };

// Render once while the worker starts (piscina loads this module before it hands out tasks):
// the first render of a fresh worker is several times slower than the next ones, and the time
// limit must not fall on that.
renderMarkdown('## Warm\n\n*a* **b** [c](#warm) `d` <kbd>e</kbd>\n\n> f\n\n- g\n\n| h |\n|---|\n| i |\n\n```js\nconst j = 1;\n```\n');

export default function renderTask(task: MarkdownTask): MarkdownTaskResult {
  task.started?.postMessage('started');
  task.started?.close();
  try {
    return { ok: true, rendered: renderMarkdown(task.markdown, task.options) };
  } catch (error) {
    // A stack overflow is nesting the line check did not see (HTML, nesting over many lines).
    const deep = error instanceof MarkdownTooDeepError || (error instanceof RangeError && /call stack/i.test(error.message));
    return { ok: false, reason: deep ? 'too_deep' : 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
}
