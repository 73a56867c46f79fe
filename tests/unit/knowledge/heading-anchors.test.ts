import { describe, expect, it } from 'vitest';
import { addHeadingAnchors } from '../../../src/lib/server/knowledge/heading-anchors.ts';
import { renderMarkdown } from '../../../src/lib/server/knowledge/markdown.ts';

const label = (text: string) => `Copy link to section: ${text}`;

describe('addHeadingAnchors', () => {
  it('links every h2 and h3 to its own prefixed id', () => {
    const { html } = renderMarkdown('## Set up\n\ntext\n\n### Step *one*\n\n#### Deeper\n');
    const out = addHeadingAnchors(html, label);
    expect(out).toContain('<h2 id="user-content-set-up">Set up <a class="heading-anchor" href="#user-content-set-up" aria-label="Copy link to section: Set up" data-copy-link><span aria-hidden="true">#</span></a></h2>');
    expect(out).toContain('href="#user-content-step-one" aria-label="Copy link to section: Step one"');
    // h4 is not in the table of contents and gets no anchor.
    expect(out).not.toContain('href="#user-content-deeper"');
  });

  it('escapes the heading text once in the label', () => {
    const { html } = renderMarkdown('## Fees & "costs" <b>x</b>\n');
    const out = addHeadingAnchors(html, label);
    expect(out).toContain('aria-label="Copy link to section: Fees &amp; &quot;costs&quot; x"');
  });

  it('leaves headings without the user-content prefix alone', () => {
    const html = '<h2 id="toc-heading">Contents</h2>';
    expect(addHeadingAnchors(html, label)).toBe(html);
  });
});
