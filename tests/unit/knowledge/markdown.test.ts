/**
 * The Markdown pipeline: sanitising (nothing executable survives), what authors may use
 * (tables, highlighted code, heading ids, <kbd>), media links and the table of contents.
 */
import { describe, expect, it } from 'vitest';
import { markdownOptionsFrom, markdownToPlainText, renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';

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

  it('gives headings ids with the user-content- prefix (no clash with the page, no DOM clobbering)', () => {
    const out = html('## Set up SEPA direct debit\n\n### Step two');
    expect(out).toContain('<h2 id="user-content-set-up-sepa-direct-debit">Set up SEPA direct debit</h2>');
    expect(out).toContain('<h3 id="user-content-step-two">Step two</h3>');
  });

  it('keeps <kbd>', () => {
    expect(html('Press <kbd>Ctrl</kbd> + <kbd>S</kbd>.')).toContain('<kbd>Ctrl</kbd> + <kbd>S</kbd>');
  });

  it('marks external links noopener noreferrer nofollow ugc and leaves internal ones alone', () => {
    const out = html('[out](https://example.org) [in](/articles/reset-password)');
    expect(out).toContain('<a href="https://example.org" rel="noopener noreferrer nofollow ugc">out</a>');
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

  it('shows images from configured media hosts (https), lazy-loaded', () => {
    expect(renderMarkdown('![Ext](https://cdn.example/pic.png)', { mediaHosts: ['cdn.example'] }).html).toContain('<img src="https://cdn.example/pic.png" alt="Ext" loading="lazy"');
  });

  it('lazy-loads raw <img> tags too', () => {
    expect(html('<img src="../media/raw.png" alt="Raw">')).toContain('<img src="/media/raw.png" alt="Raw" loading="lazy"');
  });
});

describe('renderMarkdown: table of contents', () => {
  it('lists h2 and h3 with their ids, in order, and leaves out h1 and h4', () => {
    const { html: out, toc } = renderMarkdown('# Title\n\n## First step\n\ntext\n\n### Détails *wichtig*\n\n#### Deep\n\n## Zweiter Schritt');
    expect(toc).toEqual([
      { id: 'user-content-first-step', text: 'First step', depth: 2 },
      { id: 'user-content-détails-wichtig', text: 'Détails wichtig', depth: 3 },
      { id: 'user-content-zweiter-schritt', text: 'Zweiter Schritt', depth: 2 },
    ]);
    for (const entry of toc) expect(out).toContain(`id="${entry.id}"`);
  });

  it('gives repeated headings distinct ids', () => {
    const { toc } = renderMarkdown('## Notes\n\n## Notes');
    expect(toc.map((entry) => entry.id)).toEqual(['user-content-notes', 'user-content-notes-1']);
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

  it('reads a table as its cells, also without outer pipes, and drops the delimiter row', () => {
    const text = markdownToPlainText('Intro:\n\nKey | Value\n--- | ---\nSKR 03 | 8400\n`a\\|b` | **c**\n\nAfter.');
    expect(text).toBe('Intro:\nKey · Value;\nSKR 03 · 8400;\na b · c;\nAfter.');
  });

  it('leaves no emphasis or code marker beside punctuation, and keeps underscores inside words', () => {
    expect(markdownToPlainText('Click **Save**. Use `th_live_key`, then _Done_!')).toBe('Click Save. Use th_live_key, then Done!');
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

describe('renderMarkdown: staff-written HTML cannot track readers or clobber the page', () => {
  const options = { mediaHosts: ['cdn.tallyhaus.example'], siteOrigin: 'https://help.tallyhaus.example' };
  const render = (markdown: string): string => renderMarkdown(markdown, options).html;

  it.each([
    ['a raw tracking pixel', 'Hi <img src="https://tracker.example/p.gif" alt="">', '<p>Hi </p>'],
    ['a Markdown image from another host', '![Chart](https://evil.example/c.png)', '<p>Chart</p>'],
    ['a protocol-relative image', '![x](//evil.example/x.png)', '<p>x</p>'],
    ['an http image from the media host', '![x](http://cdn.tallyhaus.example/x.png)', '<p>x</p>'],
    ['an image with credentials', '![x](https://user:pw@cdn.tallyhaus.example/x.png)', '<p>x</p>'],
    ['a data: image', 'A <img src="data:image/gif;base64,R0lGOD" alt="d">', '<p>A d</p>'],
    ['a picture source', '<picture><source srcset="https://evil.example/a.png"><img src="media/a.png" alt="A"></picture>', '<p><img src="/media/a.png" alt="A" loading="lazy" decoding="async"></p>'],
  ])('drops %s (keeping its alt text)', (_name, markdown, expected) => {
    expect(render(markdown)).toBe(expected);
  });

  it.each([
    ['/media', '![a](/media/a.png)', '/media/a.png'],
    ['media/ (relative)', '![a](media/a.png)', '/media/a.png'],
    ['a configured media host (https)', '![a](https://cdn.tallyhaus.example/a.png)', 'https://cdn.tallyhaus.example/a.png'],
  ])('keeps images from %s', (_name, markdown, src) => {
    expect(render(markdown)).toContain(`<img src="${src}"`);
  });

  it.each([
    ['an outside link', '[x](https://other.example/a)', '<a href="https://other.example/a" rel="noopener noreferrer nofollow ugc">x</a>'],
    ['a raw outside link', '<a href="http://other.example/" target="_blank">x</a>', '<a href="http://other.example/" rel="noopener noreferrer nofollow ugc">x</a>'],
    ['a link to the portal itself', '[x](https://help.tallyhaus.example/articles/a)', '<a href="https://help.tallyhaus.example/articles/a">x</a>'],
    ['a relative link', '[x](/articles/a)', '<a href="/articles/a">x</a>'],
  ])('marks %s correctly, without target', (_name, markdown, expected) => {
    expect(render(markdown)).toContain(expected);
  });

  it.each([
    ['an author id', '<div id="config">x</div>', '<div id="user-content-config">x</div>'],
    ['an author name', '<a name="currentScript">x</a>', '<a name="user-content-currentScript">x</a>'],
    ['a heading id', '## toc heading', '<h2 id="user-content-toc-heading">toc heading</h2>'],
    ['an author heading id', '<h2 id="main">Main</h2>', '<h2 id="user-content-main">Main</h2>'],
  ])('prefixes %s with user-content-', (_name, markdown, expected) => {
    expect(render(markdown)).toContain(expected);
  });

  it('points in-page links and the table of contents at the prefixed ids, so they still jump', () => {
    const { html: out, toc } = renderMarkdown('## First step\n\nSee [below](#second-step) and [top](#first-step) and [page](#main-content).\n\n## Second step\n\n<a href="#custom">c</a> <span id="custom">here</span>', options);
    expect(toc.map((entry) => entry.id)).toEqual(['user-content-first-step', 'user-content-second-step']);
    expect(out).toContain('<a href="#user-content-second-step">below</a>');
    expect(out).toContain('<a href="#user-content-first-step">top</a>');
    expect(out).toContain('<a href="#user-content-custom">c</a>');
    // A link to something outside the article (the page's own ids) is left alone.
    expect(out).toContain('<a href="#main-content">page</a>');
    for (const entry of toc) expect(out).toContain(`id="${entry.id}"`);
  });

  it('keeps footnotes working (one prefix, matching links)', () => {
    const out = render('Text[^1].\n\n[^1]: The note.');
    expect(out).toContain('id="user-content-fn-1"');
    expect(out).toContain('href="#user-content-fn-1"');
    expect(out).not.toContain('user-content-user-content');
  });
});

describe('markdownOptionsFrom', () => {
  it('reads MEDIA_HOSTS as a list of host names and SITE_URL as the origin', () => {
    expect(markdownOptionsFrom(' CDN.example.com, img.example.org:8443 ', 'https://help.example.com/x')).toEqual({ mediaHosts: ['cdn.example.com', 'img.example.org:8443'], siteOrigin: 'https://help.example.com' });
    expect(markdownOptionsFrom(undefined, 'http://localhost:4321')).toEqual({ mediaHosts: [], siteOrigin: 'http://localhost:4321' });
  });

  it('refuses anything but host names, naming the setting', () => {
    expect(() => markdownOptionsFrom('https://cdn.example.com/img', 'http://x')).toThrow(/^MEDIA_HOSTS: /);
  });
});
