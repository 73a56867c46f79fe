/**
 * The HTML part of a customer mail, rendered from the mail's text with the one Markdown
 * pipeline of the portal (sanitised; links stay links). The text part stays the source of
 * truth: it is what is stored and readable on its own, with every link written out as a URL.
 */
import { renderMarkdown } from '../knowledge/markdown.ts';

/** Escapes what would otherwise start Markdown constructs that a plain-text mail never means. */
function protectPlainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // Numbered/bulleted lines and headings are what the author typed; keep them as text.
    .replace(/^(\s*)([#>])/gm, '$1\\$2')
    // One line break in a mail is a line break, not a space.
    .replace(/([^\n])\n(?!\n)/g, '$1  \n');
}

/** A small, self-contained HTML document for the mail (inline styles only: mail clients drop <style>). */
export function mailHtml(text: string): string {
  const { html } = renderMarkdown(protectPlainText(text));
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em;">',
    html,
    '</body></html>',
  ].join('\n');
}
