/**
 * Customer-facing messages written in Markdown (staff replies): rendered once, two ways.
 * - `html`: through the one sanitised Markdown pipeline (knowledge/markdown.ts), for the
 *   status page and the HTML part of a multipart e-mail;
 * - `text`: a readable plain-text part: no Markdown syntax, every link written out as its
 *   address ("title (https://…)"), site-relative links made absolute with the site URL.
 * Rule: a customer never sees raw `[title](url)`, and never a `localhost` address we made.
 */
import { renderMarkdown } from '../knowledge/markdown.ts';

export interface RenderedMessage {
  html: string;
  text: string;
}

/** A link target as the customer can open it: site-relative paths get the site's address. */
function absolute(url: string, siteUrl: string | undefined): string {
  return url.startsWith('/') && !url.startsWith('//') && siteUrl ? `${siteUrl.replace(/\/$/, '')}${url}` : url;
}

/** Markdown → readable plain text; links as "title (url)" (or the bare URL when they are the same). */
export function markdownToReadableText(markdown: string, siteUrl?: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_match, alt: string, url: string) => `${alt ? `${alt} ` : ''}(${absolute(url, siteUrl)})`)
    .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_match, title: string, url: string) => {
      const href = absolute(url, siteUrl);
      return title.trim() === url || title.trim() === href ? href : `${title} (${href})`;
    })
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^(\s*)[*+]\s+/gm, '$1- ')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|\W)_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/^(```|~~~).*$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Renders a staff reply for the customer: sanitised HTML and its readable plain text. */
export function renderCustomerMessage(markdown: string, siteUrl?: string): RenderedMessage {
  // Links to this site are not outside links (no nofollow/ugc); others are marked as such.
  const siteOrigin = siteUrl ? new URL(siteUrl).origin : undefined;
  return { html: renderMarkdown(markdown, { siteOrigin }).html, text: markdownToReadableText(markdown, siteUrl) };
}

const GREETING = /^\s*(hello|hi|hey|dear|good (morning|afternoon|evening)|hallo|guten (tag|morgen|abend)|liebe[rs]?|sehr geehrte[rs]?|moin|servus)\b/i;

/** Whether a message already opens with a greeting (then the e-mail does not greet again). */
export function startsWithGreeting(text: string): boolean {
  return GREETING.test(text);
}
