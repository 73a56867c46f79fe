/** The visible "internal — remove or rewrite" block: shape, detection, and that the preview shows it. */
import { describe, expect, it } from 'vitest';
import { hasInternalBlock, internalBlock, INTERNAL_MARKERS } from '../../../src/lib/server/knowledge/internal-block.ts';
import { renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';
import { siteRelativeLinks } from '../../../src/lib/server/desk/ticket-article.ts';

describe('internalBlock', () => {
  it('is a quote opened by the marker, visible in the rendered preview', () => {
    const block = internalBlock(['First advice.', 'Second\nline.'], 'de', 'Hinweis');
    expect(block.split('\n')[0]).toBe(`> **${INTERNAL_MARKERS.de}** — Hinweis`);
    expect(hasInternalBlock(`Text\n\n${block}`)).toBe(true);
    expect(hasInternalBlock('Text only')).toBe(false);
    const html = renderMarkdown(block).html;
    expect(html).toContain('<blockquote>');
    expect(html).toContain(INTERNAL_MARKERS.de);
    expect(html).toContain('Second\nline.');
  });
});

describe('siteRelativeLinks', () => {
  it('makes links to this site (and to a local address) site-relative, and leaves other sites', () => {
    const text = 'See [Reset](http://localhost:4321/articles/reset-password), https://help.tallyhaus.example/articles/datev-export and https://example.org/articles/x.';
    expect(siteRelativeLinks(text, 'https://help.tallyhaus.example')).toBe('See [Reset](/articles/reset-password), /articles/datev-export and https://example.org/articles/x.');
    expect(siteRelativeLinks('http://127.0.0.1:8080', undefined)).toBe('/');
  });
});
