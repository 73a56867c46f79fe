/**
 * The one Markdown pipeline: remark (GFM) → rehype → sanitise with an allow-list →
 * heading ids, code highlighting, media links, a table of contents.
 * Used for article pages and, later, the editor's preview, so both always agree.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeHighlight from 'rehype-highlight';
import rehypeStringify from 'rehype-stringify';
import { visit } from 'unist-util-visit';
import { toString as hastToString } from 'hast-util-to-string';
import type { Element, Root } from 'hast';

/** One entry of an article's table of contents. */
export interface TocEntry {
  id: string;
  text: string;
  depth: 2 | 3;
}

/** Rendered article body. */
export interface RenderedMarkdown {
  html: string;
  toc: TocEntry[];
}

/**
 * What authors may use beyond Markdown: GitHub's allow-list, which already drops scripts,
 * event handlers, styles and `javascript:` URLs. Ids are added after sanitising, so the
 * `user-content-` prefix is not needed.
 */
const sanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption'],
  // Dropped with their content: a <style> block's CSS would otherwise show up as page text.
  strip: [...(defaultSchema.strip ?? []), 'style'],
};

/** Media files live in content/media and are served under /media/. */
function normalizeMediaSrc(src: string): string {
  const match = /^(?:\.\.\/|\.\/)*(?:content\/)?media\/(.+)$/.exec(src);
  return match ? `/media/${match[1]}` : src;
}

/** Images lazy-load from /media, external links open safely, tables scroll on phones. */
function rehypeTierzero() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'img' && typeof node.properties.src === 'string') {
        node.properties.src = normalizeMediaSrc(node.properties.src);
        node.properties.loading = 'lazy';
        node.properties.decoding = 'async';
      }
      if (node.tagName === 'a' && typeof node.properties.href === 'string' && /^https?:\/\//.test(node.properties.href)) {
        node.properties.rel = ['noopener', 'noreferrer'];
      }
      const wrapped = parent?.type === 'element' && Array.isArray(parent.properties.className) && parent.properties.className.includes('table-wrap');
      if (node.tagName === 'table' && parent && typeof index === 'number' && !wrapped) {
        parent.children[index] = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-wrap'], tabIndex: 0, role: 'region', ariaLabel: 'Table' },
          children: [node],
        };
      }
    });
  };
}

function collectToc(tree: Root): TocEntry[] {
  const toc: TocEntry[] = [];
  visit(tree, 'element', (node: Element) => {
    if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string') {
      toc.push({ id: node.properties.id, text: hastToString(node).trim(), depth: node.tagName === 'h2' ? 2 : 3 });
    }
  });
  return toc;
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeSlug)
  .use(rehypeHighlight, { detect: false, ignoreMissing: true } as never)
  .use(rehypeTierzero);

const stringifier = unified().use(rehypeStringify);

/** Renders Markdown to sanitised HTML with a table of contents (h2 and h3). */
export function renderMarkdown(markdown: string): RenderedMarkdown {
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  const toc = collectToc(tree);
  return { html: stringifier.stringify(tree), toc };
}

/**
 * Plain text of Markdown for the search index and snippets: fast and forgiving, it keeps
 * the words (link texts, image alt texts, code) and drops the syntax.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    // Like the renderer, drop scripts and styles with their content: they are not article text.
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/^(```|~~~).*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/\{\{|\}\}/g, '')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`|~]+/g, ' ')
    .replace(/^\s*:?-{3,}:?\s*$/gm, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
