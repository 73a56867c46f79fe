/**
 * Heading anchors for a rendered article body: every `<h2>`/`<h3>` with an id gets a link to
 * itself at its end, so a reader can link to a section. Without JavaScript it is a plain
 * `#user-content-…` link (the address bar then holds the section's URL); with JavaScript the
 * page script copies the URL and says so in a live region (see `scripts/copy-link.ts`).
 *
 * Rules that always hold:
 * - only headings whose id carries the Markdown pipeline's `user-content-` prefix get a link
 *   (the body comes sanitised from `renderMarkdown`, so ids hold no quotes or angle brackets);
 * - the link's visible sign is hidden from assistive technology; its name is the label with
 *   the heading's text, escaped;
 * - the HTML is otherwise unchanged (pure string function, no parsing of anything else).
 */
import { ID_PREFIX } from './markdown.ts';

const HEADING = new RegExp(`<(h[23]) id="(${ID_PREFIX}[^"<>]*)">([\\s\\S]*?)</\\1>`, 'g');

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The heading's text content (tags dropped; entities kept as they are, already escaped). */
function headingText(inner: string): string {
  return inner.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * `html` with a "link to this section" anchor at the end of each prefixed h2/h3.
 * `label(text)` gives the link's accessible name for a heading's text (e.g. "Copy link to section: …").
 */
export function addHeadingAnchors(html: string, label: (headingText: string) => string): string {
  return html.replace(HEADING, (_match, tag: string, id: string, inner: string) => {
    // The text is already HTML-escaped by the stringifier; decode the few entities it writes
    // so escaping the label once does not double them.
    const text = headingText(inner).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x26;|&amp;/g, '&');
    const name = escapeAttribute(label(text));
    return `<${tag} id="${id}">${inner} <a class="heading-anchor" href="#${id}" aria-label="${name}" data-copy-link><span aria-hidden="true">#</span></a></${tag}>`;
  });
}
