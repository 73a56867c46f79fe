/**
 * The Markdown pipeline: sanitising (nothing executable survives), what authors may use
 * (tables, highlighted code, heading ids, <kbd>), media links and the table of contents.
 */
import { describe, expect, it } from 'vitest';
import { markdownToPlainText, renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';

const html = (markdown: string): string => renderMarkdown(markdown).html;

describe('renderMarkdown: sanitising', () => {
  it('removes <script> elements and their content', () => {
    const out = html('Before <script>alert("x")</script> after.\n\n<script src="https://evil.example/x.js"></script>');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('alert');
    expect(out).not.toContain('evil.example');
    expect(out).toContain('Before');
    expect(out).toContain('after.');
  });

  it('removes event handler attributes but keeps the elements', () => {
    const out = html('<img src="media/a.png" alt="A" onerror="alert(1)">\n\n<a href="https://example.com" onclick="steal()">link</a>\n\n<div onmouseover="x()">box</div>');
    expect(out).not.toMatch(/\bon[a-z]+=/i);
    expect(out).not.toContain('alert');
    expect(out).not.toContain('steal');
    expect(out).toContain('<img src="/media/a.png" alt="A"');
    expect(out).toContain('<a href="https://example.com"');
    expect(out).toContain('box');
  });

  it('removes javascript: link targets from Markdown links and raw HTML', () => {
    const out = html('[click](javascript:alert(1)) and <a href="javascript:alert(2)">raw</a> and <a href="JaVaScRiPt:alert(3)">mixed</a>');
    expect(out).not.toMatch(/javascript:/i);
    expect(out).not.toContain('alert');
    // The link texts stay readable.
    expect(out).toContain('click');
    expect(out).toContain('raw');
  });

  it('drops <iframe> and <style> elements, including the style sheet text', () => {
    const out = html('Text.\n\n<iframe src="https://evil.example/frame"></iframe>\n\n<style>\nbody { display: none }\n</style>\n\nMore text.');
    expect(out).not.toMatch(/<iframe|<style/i);
    expect(out).not.toContain('evil.example');
    expect(out).not.toContain('display');
    expect(out).toContain('More text.');
  });

  it('removes inline style attributes', () => {
    expect(html('<p style="position:fixed;top:0">x</p>')).not.toContain('style=');
  });
});

describe('renderMarkdown: what authors may use', () => {
  it('renders GFM tables, wrapped in a scrollable region', () => {
    const out = html('| Field | Meaning |\n|---|---|\n| IBAN | Account |\n');
    expect(out).toContain('<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table>');
    expect(out).toContain('<th>Field</th>');
    expect(out).toContain('<td>IBAN</td>');
  });

  it('highlights fenced code with hljs classes', () => {
    const out = html('```js\nconst total = 1;\n```');
    expect(out).toContain('<pre><code class="hljs language-js">');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
  });

  it('keeps code without a language as plain code', () => {
    expect(html('```\nplain <b>text</b>\n```')).toContain('plain &#x3C;b>text&#x3C;/b>');
  });

  it('gives headings ids without a prefix', () => {
    const out = html('## Set up SEPA direct debit\n\n### Step two');
    expect(out).toContain('<h2 id="set-up-sepa-direct-debit">Set up SEPA direct debit</h2>');
    expect(out).toContain('<h3 id="step-two">Step two</h3>');
  });

  it('keeps <kbd>', () => {
    expect(html('Press <kbd>Ctrl</kbd> + <kbd>S</kbd>.')).toContain('<kbd>Ctrl</kbd> + <kbd>S</kbd>');
  });

  it('marks external links noopener noreferrer and leaves internal ones alone', () => {
    const out = html('[out](https://example.org) [in](/articles/reset-password)');
    expect(out).toContain('<a href="https://example.org" rel="noopener noreferrer">out</a>');
    expect(out).toContain('<a href="/articles/reset-password">in</a>');
  });
});

describe('renderMarkdown: images', () => {
  it('serves media/x.png and ../media/x.png from /media/ and lazy-loads them', () => {
    const out = html('![One](media/x.png)\n\n![Two](../media/sub/y.png)\n\n![Three](./content/media/z.png)');
    expect(out).toContain('<img src="/media/x.png" alt="One" loading="lazy"');
    expect(out).toContain('<img src="/media/sub/y.png" alt="Two" loading="lazy"');
    expect(out).toContain('<img src="/media/z.png" alt="Three" loading="lazy"');
  });

  it('leaves other image addresses alone but still lazy-loads them', () => {
    expect(html('![Ext](https://cdn.example/pic.png)')).toContain('<img src="https://cdn.example/pic.png" alt="Ext" loading="lazy"');
  });

  it('lazy-loads raw <img> tags too', () => {
    expect(html('<img src="../media/raw.png" alt="Raw">')).toContain('<img src="/media/raw.png" alt="Raw" loading="lazy"');
  });
});

describe('renderMarkdown: table of contents', () => {
  it('lists h2 and h3 with their ids, in order, and leaves out h1 and h4', () => {
    const { html: out, toc } = renderMarkdown('# Title\n\n## First step\n\ntext\n\n### Détails *wichtig*\n\n#### Deep\n\n## Zweiter Schritt');
    expect(toc).toEqual([
      { id: 'first-step', text: 'First step', depth: 2 },
      { id: 'détails-wichtig', text: 'Détails wichtig', depth: 3 },
      { id: 'zweiter-schritt', text: 'Zweiter Schritt', depth: 2 },
    ]);
    for (const entry of toc) expect(out).toContain(`id="${entry.id}"`);
  });

  it('gives repeated headings distinct ids', () => {
    const { toc } = renderMarkdown('## Notes\n\n## Notes');
    expect(toc.map((entry) => entry.id)).toEqual(['notes', 'notes-1']);
  });

  it('is empty without h2 or h3', () => {
    expect(renderMarkdown('Just a paragraph.').toc).toEqual([]);
  });
});

describe('markdownToPlainText', () => {
  it('keeps words and drops Markdown syntax', () => {
    const text = markdownToPlainText('## Heading\n\n- **Bold** item with [a link](https://x.example)\n- ![Alt text](media/a.png)');
    expect(text.replace(/\s+/g, ' ')).toBe('Heading Bold item with a link Alt text');
  });

  it('leaves out scripts, styles and comments', () => {
    const text = markdownToPlainText('Intro <script>alert(1)</script>.\n\n<style>body { color: red }</style>\n\n<!-- hidden -->End <kbd>Ctrl</kbd>');
    expect(text).not.toContain('alert');
    expect(text).not.toContain('color');
    expect(text).not.toContain('hidden');
    expect(text).toContain('Intro');
    expect(text).toContain('End Ctrl');
  });
});
