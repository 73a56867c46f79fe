/**
 * Rendering person-written Markdown never blocks the request thread: limits are checked
 * first, the render runs in a worker and is stopped at the time limit. The precise figures
 * are in `npm run bench:markdown`; the bounds here are generous for a busy CI machine but far
 * below what these inputs cost on the request thread before (seconds to minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { closeMarkdownRenderer, RENDER_TIME_LIMIT_MS, renderMarkdownSafely, warmUpMarkdownRenderer } from '../../../src/lib/server/knowledge/render-markdown-safely.ts';
import { checkMarkdownLimits, lineNesting, MAX_MARKDOWN_CHARS, MAX_MARKDOWN_NESTING } from '../../../src/lib/server/knowledge/markdown-limits.ts';
import { markdownToPlainText, renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';
import { previewHtml } from '../../../src/lib/server/knowledge/markdown-preview.ts';
import { WORST_INPUTS } from './markdown-worst-inputs.ts';

/** A worst input must be answered this fast once a worker is up (the limit plus hand-over). */
const ANSWER_BOUND_MS = RENDER_TIME_LIMIT_MS + 1_200;
/**
 * The request thread may pause this long. A machine running the whole suite in parallel pauses
 * even idle processes for 100–400 ms; rendering these inputs on the request thread paused it
 * for seconds (bench:markdown has the precise figures).
 */
const STALL_BOUND_MS = 700;

beforeAll(async () => {
  await warmUpMarkdownRenderer();
}, 60_000);
afterAll(async () => {
  await closeMarkdownRenderer();
});

describe('checkMarkdownLimits', () => {
  it.each([
    ['a real article', '## Steps\n\n1. Open *Settings*\n   - then **Export**\n\n> Note: keep a copy.', null],
    ['the longest body allowed', 'a'.repeat(MAX_MARKDOWN_CHARS), null],
    ['one character more', 'a'.repeat(MAX_MARKDOWN_CHARS + 1), 'too_long'],
    [`${MAX_MARKDOWN_NESTING} levels on a line`, `${'> '.repeat(MAX_MARKDOWN_NESTING)}x`, null],
    [`${MAX_MARKDOWN_NESTING + 1} levels on a line`, `${'> '.repeat(MAX_MARKDOWN_NESTING + 1)}x`, 'too_deep'],
    ['mixed quotes and lists', `${'> - 1. '.repeat(4)}x`, 'too_deep'],
    ['a thematic break is no list', '***\n---\n* * *', null],
  ])('%s', (_name, markdown, expected) => {
    expect(checkMarkdownLimits(markdown)).toBe(expected);
  });

  it('counts block-quote and list markers that open a line, not those inside it', () => {
    expect(lineNesting('text > not a quote - nor a list')).toBe(0);
    expect(lineNesting('> > - 2. deep\nshallow')).toBe(4);
  });
});

describe('renderMarkdownSafely', () => {
  it('renders a normal body exactly like the pipeline', async () => {
    const markdown = '## Export\n\nOpen [the guide](#export) and ![logo](media/logo.png).\n\n| a | b |\n|---|---|\n| 1 | 2 |';
    const rendered = await renderMarkdownSafely(markdown);
    expect(rendered).toEqual({ ok: true, ...renderMarkdown(markdown) });
  });

  it('answers every worst input within the bound (rendered or refused) and never stalls the request thread', async () => {
    const figures: string[] = [];
    for (const { name, markdown } of WORST_INPUTS) {
      // One request on a running server: the pool is up (a stopped worker restarts meanwhile).
      await warmUpMarkdownRenderer();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const started = performance.now();
      const result = await renderMarkdownSafely(markdown);
      const took = performance.now() - started;
      loop.disable();
      figures.push(`${name}: ${result.ok ? 'rendered' : result.reason} in ${took.toFixed(0)} ms, stall ${(loop.max / 1e6).toFixed(0)} ms`);
      expect(took, name).toBeLessThan(ANSWER_BOUND_MS);
      expect(loop.max / 1e6, name).toBeLessThan(STALL_BOUND_MS);
    }
    console.log(figures.join('\n'));
  }, 120_000);

  it('refuses by limits at once, before any worker', async () => {
    expect(await renderMarkdownSafely('['.repeat(200_000))).toEqual({ ok: false, reason: 'too_long' });
    expect(await renderMarkdownSafely(`${'>'.repeat(5_000)} x`)).toEqual({ ok: false, reason: 'too_deep' });
  });

  it('stops a slow render at the time limit and keeps rendering afterwards', async () => {
    expect(await renderMarkdownSafely('*_'.repeat(15_000))).toEqual({ ok: false, reason: 'too_slow' });
    const after = await renderMarkdownSafely('Still **fine**.');
    expect(after.ok && after.html).toBe('<p>Still <strong>fine</strong>.</p>');
  }, 60_000);

  it('refuses nesting over many lines (a tree deeper than the pipeline takes) as too deep', async () => {
    const markdown = Array.from({ length: 60 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n');
    expect(await renderMarkdownSafely(markdown, { timeoutMs: 10_000 })).toEqual({ ok: false, reason: 'too_deep' });
  }, 60_000);
});

describe('previewHtml', () => {
  it('shows the reason of a refusal in the editor’s language, as escaped text', async () => {
    const de = await previewHtml('de', `${'>'.repeat(50)} x`);
    expect(de).toContain('data-render-refused="too_deep"');
    expect(de).toContain('zu tief verschachtelt');
    const en = await previewHtml('en', 'x'.repeat(MAX_MARKDOWN_CHARS + 1));
    expect(en).toContain(`at most ${MAX_MARKDOWN_CHARS} characters`);
    const slow = await previewHtml('en', '*_'.repeat(15_000));
    expect(slow).toContain('&lt;');
    expect(slow).not.toMatch(/, < /);
  }, 60_000);
});

describe('markdownToPlainText on the worst inputs', () => {
  it.each(WORST_INPUTS.map(({ name, markdown }) => [name, markdown] as const))('%s: linear, done in well under a second', (_name, markdown) => {
    const started = performance.now();
    markdownToPlainText(markdown);
    // Was quadratic: 200,000 × [ took 117 s on the request thread, at every load and save.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    ['unclosed comment', `${'<!--'.repeat(50_000)}`],
    ['unclosed script', `${'<script>'.repeat(25_000)}`],
    ['fences, then blank lines', '```\n'.repeat(50_000)],
    ['unclosed autolinks', '<http:'.repeat(33_000)],
    ['links without a closing parenthesis', '[x]('.repeat(50_000)],
  ])('%s (200,000 characters): linear', (_name, markdown) => {
    const started = performance.now();
    markdownToPlainText(markdown);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
