/**
 * The one Markdown pipeline: remark (GFM) → rehype → sanitise with an allow-list →
 * heading ids, code highlighting, media links, a table of contents. Pure and synchronous:
 * requests never call it directly but through `render-markdown-safely.ts`, which runs it in
 * a worker thread with a time limit (an author's Markdown can make any parser slow).
 *
 * Rules that always hold for the HTML it returns:
 * - no script, style, event handler or `javascript:` URL (GitHub's allow-list);
 * - images load only from `/media/…` or a configured media host (no tracking pixels);
 *   any other image becomes its alt text;
 * - links to other sites carry `rel="noopener noreferrer nofollow ugc"`;
 * - every `id` and `name` in the article starts with `user-content-` (no DOM clobbering and
 *   no clash with the page's own ids); in-page `#anchor` links and the table of contents
 *   point to the prefixed ids, so they still jump;
 * - a tree nested deeper than `MAX_TREE_DEPTH` is refused with `MarkdownTooDeepError`.
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
import type { Element, ElementContent, Root } from 'hast';

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

/** Where the rendered HTML may load images from and what counts as an outside link. */
export interface MarkdownOptions {
  /** Host names (e.g. `cdn.example.com`) whose https images articles may show, besides /media. */
  mediaHosts?: readonly string[];
  /** The portal's own origin (e.g. `https://help.example.com`): absolute links to it are not outside links. */
  siteOrigin?: string;
}

/** Prefix of every author-given or generated id (as GitHub does). */
export const ID_PREFIX = 'user-content-';

/**
 * Deepest element tree the pipeline accepts (block quotes, lists and HTML elements together).
 * The deepest article in content/ is 7 levels deep, the deepest tldr page 5; 40 leaves room
 * for tables in lists in quotes, and keeps every recursive step far from the stack's end.
 */
export const MAX_TREE_DEPTH = 40;

/** Thrown when the Markdown or its HTML nests deeper than `MAX_TREE_DEPTH`. */
export class MarkdownTooDeepError extends Error {
  constructor() {
    super(`Markdown nests deeper than ${MAX_TREE_DEPTH} levels`);
    this.name = 'MarkdownTooDeepError';
  }
}

/** The depth of a tree, walked without recursion (a recursive walk is what overflows). */
export function treeDepth(tree: { children?: unknown[] }): number {
  let max = 0;
  const stack: [{ children?: unknown[] }, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    for (const child of node.children ?? []) stack.push([child as { children?: unknown[] }, depth + 1]);
  }
  return max;
}

/** A plugin that refuses trees deeper than the limit before the next (recursive) step. */
function refuseDeepTrees() {
  return (tree: Root): void => {
    if (treeDepth(tree) > MAX_TREE_DEPTH) throw new MarkdownTooDeepError();
  };
}

/**
 * What authors may use beyond Markdown: GitHub's allow-list, which already drops scripts,
 * event handlers, styles and `javascript:` URLs, and prefixes author-given `id`/`name` with
 * `user-content-`. `<picture>`/`<source srcset>` are left out: they would load images from
 * anywhere (the `<img>` inside stays and is checked like any other).
 */
const sanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: ID_PREFIX,
  tagNames: [...(defaultSchema.tagNames ?? []).filter((tag) => tag !== 'picture' && tag !== 'source'), 'figure', 'figcaption'],
  // Dropped with their content: a <style> block's CSS would otherwise show up as page text.
  strip: [...(defaultSchema.strip ?? []), 'style'],
};

/** Media files live in content/media and are served under /media/. */
function normalizeMediaSrc(src: string): string {
  const match = /^(?:\.\.\/|\.\/)*(?:content\/)?media\/(.+)$/.exec(src);
  return match ? `/media/${match[1]}` : src;
}

/** Whether an image may load from `src`: /media on this site, or https from a configured host. */
export function isAllowedImageSrc(src: string, mediaHosts: readonly string[] = []): boolean {
  if (src.startsWith('/media/') && !src.includes('\\')) return true;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && mediaHosts.includes(url.hostname.toLowerCase());
}

function isOutsideLink(href: string, siteOrigin: string | undefined): boolean {
  if (!/^https?:\/\//i.test(href)) return false;
  try {
    return new URL(href).origin !== siteOrigin;
  } catch {
    return true;
  }
}

/**
 * Images from /media or media hosts only (lazy), outside links marked, in-page anchors to
 * the prefixed ids, tables that scroll on phones.
 */
function rehypeTierzero(options: MarkdownOptions) {
  const mediaHosts = (options.mediaHosts ?? []).map((host) => host.toLowerCase());
  return (tree: Root): void => {
    const ids = new Set<string>();
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    });
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'img') {
        const src = typeof node.properties.src === 'string' ? normalizeMediaSrc(node.properties.src) : '';
        if (!isAllowedImageSrc(src, mediaHosts)) {
          // A tracking pixel or a hot-linked image: keep what it says, not what it loads.
          const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
          if (parent && typeof index === 'number') {
            const replacement: ElementContent = { type: 'text', value: alt };
            parent.children.splice(index, 1, replacement);
            return index + 1;
          }
          return;
        }
        node.properties.src = src;
        node.properties.loading = 'lazy';
        node.properties.decoding = 'async';
      }
      if (node.tagName === 'a' && typeof node.properties.href === 'string') {
        const href = node.properties.href;
        if (isOutsideLink(href, options.siteOrigin)) node.properties.rel = ['noopener', 'noreferrer', 'nofollow', 'ugc'];
        if (href.startsWith('#') && !href.startsWith(`#${ID_PREFIX}`)) {
          let target = href.slice(1);
          try {
            target = decodeURIComponent(target);
          } catch {
            // Not percent-encoding: compare as written.
          }
          if (ids.has(ID_PREFIX + target)) node.properties.href = `#${ID_PREFIX}${target}`;
        }
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

function createProcessor(options: MarkdownOptions) {
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(refuseDeepTrees)
      // Ids are prefixed once, by the sanitiser (footnotes included).
      .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' })
      .use(rehypeRaw)
      .use(refuseDeepTrees)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeSlug, { prefix: ID_PREFIX })
      .use(rehypeHighlight, { detect: false, ignoreMissing: true } as never)
      .use(rehypeTierzero, options)
  );
}

const processors = new Map<string, ReturnType<typeof createProcessor>>();
const stringifier = unified().use(rehypeStringify);

/**
 * Renders Markdown to sanitised HTML with a table of contents (h2 and h3). Synchronous and
 * unbounded in time: call it through `renderMarkdownSafely` for anything a person wrote.
 * Throws `MarkdownTooDeepError` (or a RangeError) for trees too deep to render.
 */
export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): RenderedMarkdown {
  const key = JSON.stringify([options.mediaHosts ?? [], options.siteOrigin ?? '']);
  let processor = processors.get(key);
  if (!processor) processors.set(key, (processor = createProcessor(options)));
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  const toc = collectToc(tree);
  return { html: stringifier.stringify(tree), toc };
}

/** `text` without each `open … close` span (the first close after each open), in one pass. */
function dropSpans(text: string, open: string, close: string): string {
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf(open, pos);
    if (start < 0) break;
    const end = text.indexOf(close, start + open.length);
    // No close after this open means none after any later open either: stop.
    if (end < 0) break;
    out += `${text.slice(pos, start)} `;
    pos = end + close.length;
  }
  return out + text.slice(pos);
}

/** `text` without `<script …>…</script>` and `<style …>…</style>` blocks, in one pass per tag. */
function dropRawBlocks(text: string, tag: 'script' | 'style'): string {
  const openTag = new RegExp(`<${tag}\\b[^<>]*>`, 'gi');
  const closeTag = new RegExp(`</${tag}\\s*>`, 'gi');
  let out = '';
  let pos = 0;
  for (;;) {
    openTag.lastIndex = pos;
    const opened = openTag.exec(text);
    if (!opened) break;
    closeTag.lastIndex = opened.index + opened[0].length;
    const closed = closeTag.exec(text);
    if (!closed) break;
    out += `${text.slice(pos, opened.index)} `;
    pos = closed.index + closed[0].length;
  }
  return out + text.slice(pos);
}

/** A GFM table's delimiter row (`|---|:--:|`, `--- | ---`): pipes, dashes, colons and blanks, with a pipe and a dash. */
function isTableDelimiter(line: string): boolean {
  return line.includes('|') && line.includes('-') && /^[\s|:-]+$/.test(line);
}

/** A table row's cells as text: "Cell · Cell · Cell;" (an escaped `\|` splits no cell; like every pipe it is then shown as a space). */
function tableRowText(line: string): string {
  const cells = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.replace(/\\\|/g, '|').trim())
    .filter((cell) => cell !== '');
  return cells.length ? `${cells.join(' · ')};` : ' ';
}

/**
 * GFM tables as text: the delimiter row goes, and each row's cells are joined with " · "
 * and end with ";", so that a snippet reads "Umsatzsteuer 19 % · 8400 · 4400;" instead of
 * the cells run together between pipes. A row is a line with a pipe next to a delimiter row
 * (above it: the header; below it: the body, up to the first line without a pipe) or any
 * line that starts with a pipe. One pass over the lines.
 */
function tablesAsText(text: string): string {
  if (!text.includes('|')) return text;
  const lines = text.split('\n');
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isTableDelimiter(line)) {
      if (i > 0 && lines[i - 1].includes('|') && !lines[i - 1].endsWith(';')) lines[i - 1] = tableRowText(lines[i - 1]);
      lines[i] = ' ';
      inTable = true;
    } else if (line.includes('|') && (inTable || /^[ \t]*\|/.test(line))) {
      // The header above a delimiter row is converted when the delimiter is seen.
      if (!isTableDelimiter(lines[i + 1] ?? '')) lines[i] = tableRowText(line);
    } else {
      inTable = false;
    }
  }
  return lines.join('\n');
}

/**
 * Plain text of Markdown for the search index and snippets: fast and forgiving, it keeps
 * the words (link texts, image alt texts, code, table cells) and drops the syntax, so that
 * a snippet never shows raw Markdown (no pipes, no emphasis markers, no list markers).
 * Linear in the length of the text whatever it holds: no pattern scans past the next
 * character that could start another match (it runs on every stored article at load, on
 * the request thread).
 */
export function markdownToPlainText(markdown: string): string {
  let text = dropSpans(markdown, '<!--', '-->');
  // Like the renderer, drop scripts and styles with their content: they are not article text.
  text = dropRawBlocks(dropRawBlocks(text, 'script'), 'style');
  text = text
    .replace(/^(```|~~~).*$/gm, ' ')
    .replace(/!\[([^[\]]*)\]\([^()[\]]*\)/g, '$1')
    .replace(/\[([^[\]]*)\]\([^()[\]]*\)/g, '$1')
    .replace(/<(https?:[^<>\s]+)>/g, '$1')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/\{\{|\}\}/g, '');
  return tablesAsText(text)
    .replace(/^[ \t]*(#{1,6}|>|[-*+]|\d{1,9}[.)])[ \t]+/gm, '')
    // Emphasis, strike-through and code markers at a word's edge go without a trace
    // ("**Save**." → "Save.", "`{Invoice.Number}`," → "{Invoice.Number},"); inside a word
    // ("th_live_5Jx2", "2*3") they are text. Pipes and what is left of marker runs become spaces.
    .replace(/(^|[^\p{L}\p{N}*_~`])(?:\*+|_+|~~|`+)(?=[^\s*_~`])/gu, '$1')
    .replace(/([^\s*_~`])(?:\*+|_+|~~|`+)(?![\p{L}\p{N}])/gu, '$1')
    .replace(/\||\*{2,}|_{2,}|~~|`+/g, ' ')
    .replace(/^[ \t]*:?-{3,}:?[ \t]*$/gm, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ +\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * The Markdown options from the configuration: MEDIA_HOSTS, a comma- or space-separated list of
 * host names (`cdn.example.com, images.example.org`), and SITE_URL. Throws a one-line error
 * naming MEDIA_HOSTS for anything that is not a plain host name.
 */
export function markdownOptionsFrom(mediaHosts: string | undefined, siteUrl: string): MarkdownOptions {
  const hosts = (mediaHosts ?? '').split(/[\s,]+/).filter(Boolean).map((host) => host.toLowerCase());
  for (const host of hosts) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/.test(host)) {
      throw new Error(`MEDIA_HOSTS: "${host}" is not a host name (write e.g. "cdn.example.com", without https:// or a path)`);
    }
  }
  let siteOrigin: string | undefined;
  try {
    siteOrigin = new URL(siteUrl).origin;
  } catch {
    siteOrigin = undefined;
  }
  return { mediaHosts: hosts, siteOrigin };
}
