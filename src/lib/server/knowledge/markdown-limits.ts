/**
 * The limits any person-written Markdown must keep before it is rendered, checked on the
 * request thread in one linear pass (no parser): its length, and how deep block quotes and
 * lists nest on one line (`> > > - - x`), the shape that overflows the parser's stack.
 * Deeper nesting over several lines and nested HTML are caught by the pipeline itself
 * (`MAX_TREE_DEPTH` in markdown.ts), slow inputs by the worker's time limit.
 */

/**
 * Longest Markdown body, in characters. The longest article in content/ has 6,600 characters,
 * the longest tldr page 2,300. 30,000 (about ten printed pages, 4.5 times the longest article)
 * renders in about 0.2 s, a quarter of the time limit, so that even a busy machine renders any
 * legitimate body in time; 50,000 of real text already came close to the limit under load.
 */
export const MAX_MARKDOWN_CHARS = 30_000;

/**
 * Most block quotes and list levels one line may open. Articles in content/ use 2, tldr
 * pages 1; 5,000 `>` crash a recursive parser.
 */
export const MAX_MARKDOWN_NESTING = 10;

/** Why Markdown is not rendered: too long, nested too deeply, too slow, the renderer busy, or broken. */
export type MarkdownRefusal = 'too_long' | 'too_deep' | 'too_slow' | 'busy' | 'failed';

/** The deepest run of block-quote and list markers that opens a line. */
export function lineNesting(markdown: string): number {
  let deepest = 0;
  let depth = 0;
  let atLineStart = true;
  for (let i = 0; i < markdown.length; i++) {
    const char = markdown.charCodeAt(i);
    if (char === 10) {
      depth = 0;
      atLineStart = true;
      continue;
    }
    if (!atLineStart) continue;
    if (char === 32 || char === 9) continue;
    if (char === 62) {
      // '>'
      depth++;
    } else if ((char === 45 || char === 42 || char === 43) && (markdown.charCodeAt(i + 1) === 32 || markdown.charCodeAt(i + 1) === 9)) {
      // '-', '*', '+' followed by a space: a list item
      depth++;
    } else if (char >= 48 && char <= 57) {
      // '1.' or '1)' followed by a space: an ordered list item
      let j = i;
      while (j < markdown.length && j - i < 9 && markdown.charCodeAt(j) >= 48 && markdown.charCodeAt(j) <= 57) j++;
      const mark = markdown.charCodeAt(j);
      const after = markdown.charCodeAt(j + 1);
      if ((mark === 46 || mark === 41) && (after === 32 || after === 9)) {
        depth++;
        i = j;
      } else {
        atLineStart = false;
      }
    } else {
      atLineStart = false;
    }
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** The limit a Markdown body breaks, or null when it may be rendered. */
export function checkMarkdownLimits(markdown: string): MarkdownRefusal | null {
  if (markdown.length > MAX_MARKDOWN_CHARS) return 'too_long';
  if (lineNesting(markdown) > MAX_MARKDOWN_NESTING) return 'too_deep';
  return null;
}
