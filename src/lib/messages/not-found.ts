/**
 * Interface texts of the 404 page: every `notFound.*` key, in English and German.
 */
export const en = {
  'notFound.title': 'Page not found',
  'notFound.text': 'The page you are looking for does not exist or is not available. Try searching for it:',
};

export const de: Record<keyof typeof en, string> = {
  'notFound.title': 'Seite nicht gefunden',
  'notFound.text': 'Die gesuchte Seite gibt es nicht oder sie ist nicht verfügbar. Versuchen Sie es mit der Suche:',
};
