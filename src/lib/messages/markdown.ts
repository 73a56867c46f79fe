/**
 * Interface texts of Markdown rendering: every `markdown.*` key, in English and German.
 * The refusals are shown in the editors (input kept), the fallback on a public page whose
 * stored text cannot be rendered.
 */
export const en = {
  'markdown.refused.too_long': 'The text is too long to render: at most {max} characters. Split it into several articles.',
  'markdown.refused.too_deep': 'Block quotes, lists or HTML elements are nested too deeply (at most {depth} levels on a line). Flatten the structure.',
  'markdown.refused.too_slow': 'Rendering this text took longer than {ms} ms and was stopped. Long runs of *, _, [ or < usually cause this; simplify them.',
  'markdown.refused.busy': 'The renderer is busy right now. Please try again in a moment; your text is kept.',
  'markdown.refused.failed': 'This text could not be rendered. Check it for unusual syntax; your text is kept.',
  'markdown.preview.refused': 'No preview:',
  'markdown.fallback.title': 'This article cannot be shown right now',
  'markdown.fallback.text': 'Its text could not be displayed. Our team has been told. Please search for another article or contact us.',
};

export const de: Record<keyof typeof en, string> = {
  'markdown.refused.too_long': 'Der Text ist zu lang für die Darstellung: höchstens {max} Zeichen. Teilen Sie ihn auf mehrere Artikel auf.',
  'markdown.refused.too_deep': 'Zitate, Listen oder HTML-Elemente sind zu tief verschachtelt (höchstens {depth} Ebenen in einer Zeile). Vereinfachen Sie die Struktur.',
  'markdown.refused.too_slow': 'Die Darstellung dieses Textes dauerte länger als {ms} ms und wurde abgebrochen. Meist sind lange Folgen von *, _, [ oder < die Ursache; vereinfachen Sie sie.',
  'markdown.refused.busy': 'Die Darstellung ist gerade ausgelastet. Bitte versuchen Sie es gleich noch einmal; Ihr Text bleibt erhalten.',
  'markdown.refused.failed': 'Dieser Text konnte nicht dargestellt werden. Prüfen Sie ihn auf ungewöhnliche Syntax; Ihr Text bleibt erhalten.',
  'markdown.preview.refused': 'Keine Vorschau:',
  'markdown.fallback.title': 'Dieser Artikel kann gerade nicht angezeigt werden',
  'markdown.fallback.text': 'Sein Text ließ sich nicht darstellen. Unser Team ist informiert. Bitte suchen Sie nach einem anderen Artikel oder kontaktieren Sie uns.',
};
