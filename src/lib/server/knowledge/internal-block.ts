/**
 * The "internal — remove or rewrite" block: when an article is drafted from a ticket, the
 * specialists' internal advice goes into a visible block (a quote opened by this marker), so
 * the author sees it in the editor and in the preview. An article that still holds the marker
 * cannot be validated: the author must remove the advice or rewrite it for customers (and
 * delete the marker line).
 */
import type { Lang } from '../../languages.ts';

/** The marker, per language; one of them in a body blocks validation. */
export const INTERNAL_MARKERS: Record<Lang, string> = {
  en: 'INTERNAL — remove or rewrite before validating',
  de: 'INTERN — vor dem Validieren entfernen oder umschreiben',
};

/** The block for `texts` (Markdown paragraphs) in `lang`: a quote that starts with the marker. */
export function internalBlock(texts: readonly string[], lang: Lang, hint: string): string {
  const lines = [`**${INTERNAL_MARKERS[lang]}** — ${hint}`, '', ...texts.flatMap((text, index) => [...(index > 0 ? [''] : []), ...text.split('\n')])];
  return lines.map((line) => (line ? `> ${line}` : '>')).join('\n');
}

/** Whether a body still holds an internal block (in any language). */
export function hasInternalBlock(body: string): boolean {
  return Object.values(INTERNAL_MARKERS).some((marker) => body.includes(marker));
}
