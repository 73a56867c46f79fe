/**
 * npm run bench:markdown — how the Markdown renderer answers the worst inputs we know
 * (tests/unit/knowledge/markdown-worst-inputs.ts) and real articles: rendered or refused, in
 * how many milliseconds, and the longest pause of the request thread meanwhile
 * (perf_hooks.monitorEventLoopDelay, 10 ms resolution). One request at a time on a running
 * server: the worker pool is up before each input (a stopped worker restarts in between).
 * Targets: every input answered within 1 s; the request thread never paused more than 100 ms.
 * Also the plain-text extraction (search index; runs on the request thread) of each input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { printTable } from './bench/table.ts';
import { MAX_MARKDOWN_CHARS } from '../src/lib/server/knowledge/markdown-limits.ts';
import { closeMarkdownRenderer, renderMarkdownSafely, warmUpMarkdownRenderer } from '../src/lib/server/knowledge/render-markdown-safely.ts';
import { markdownToPlainText } from '../src/lib/server/knowledge/markdown.ts';
import { splitMarkdownSource } from '../src/lib/server/platform/content-folder.ts';
import { WORST_INPUTS } from '../tests/unit/knowledge/markdown-worst-inputs.ts';

const articlesDir = path.join(process.env.CONTENT_DIR ?? 'content', 'articles');
const bodies = fs
  .readdirSync(articlesDir)
  .filter((name) => name.endsWith('.md'))
  .map((name) => {
    const split = splitMarkdownSource(fs.readFileSync(path.join(articlesDir, name), 'utf8'));
    return { name, body: split.ok ? split.body : '' };
  })
  .sort((a, b) => b.body.length - a.body.length);
const largest = bodies[0]!;
let joined = '';
for (const { body } of bodies) {
  if (joined.length + body.length + 2 > MAX_MARKDOWN_CHARS) break;
  joined += `${body}\n\n`;
}

const inputs = [
  { name: `largest article (${largest.name})`, markdown: largest.body },
  { name: `real articles joined (≤ ${MAX_MARKDOWN_CHARS.toLocaleString('en')} chars, the limit)`, markdown: joined },
  ...WORST_INPUTS,
];

await warmUpMarkdownRenderer();
const overall = monitorEventLoopDelay({ resolution: 10 });
overall.enable();
const rows: (string | number)[][] = [];
let slowest = 0;
for (const { name, markdown } of inputs) {
  await warmUpMarkdownRenderer();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const result = await renderMarkdownSafely(markdown);
  const took = performance.now() - started;
  loop.disable();
  const textStarted = performance.now();
  markdownToPlainText(markdown);
  const textTook = performance.now() - textStarted;
  slowest = Math.max(slowest, took);
  rows.push([name, markdown.length.toLocaleString('en'), result.ok ? 'rendered' : `refused: ${result.reason}`, `${took.toFixed(0)} ms`, `${(loop.max / 1e6).toFixed(0)} ms`, `${textTook.toFixed(1)} ms`]);
}
overall.disable();
printTable(['input', 'chars', 'outcome', 'answered in', 'max stall', 'plain text'], rows);
console.log(`\nslowest answer ${slowest.toFixed(0)} ms (target ≤ 1000); longest request-thread pause over the run ${(overall.max / 1e6).toFixed(0)} ms (target ≤ 100)`);
await closeMarkdownRenderer();
