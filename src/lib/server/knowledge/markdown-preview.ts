/**
 * The editors' preview: the body rendered safely (render-markdown-safely.ts), or, when it is
 * refused, a notice saying why in the editor's language, in place of the preview. Never
 * throws, so an editor always opens, whatever its stored text, and the text stays in the form.
 */
import { t } from '../../i18n.ts';
import type { Lang } from '../../languages.ts';
import { markdownRefusalText, renderMarkdownSafely, type SafeRenderOptions } from './render-markdown-safely.ts';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The preview HTML of `body`: rendered, or a notice with the reason of the refusal. */
export async function previewHtml(lang: Lang, body: string, options: SafeRenderOptions = {}): Promise<string> {
  if (!body.trim()) return '';
  const rendered = await renderMarkdownSafely(body, options);
  if (rendered.ok) return rendered.html;
  const refusal = markdownRefusalText(rendered.reason);
  return (
    `<div class="notice" role="note" data-render-refused="${rendered.reason}">` +
    `<p><strong>${escapeHtml(t(lang, 'markdown.preview.refused'))}</strong> ${escapeHtml(t(lang, refusal.key, refusal.values))}</p></div>`
  );
}
