/**
 * Interface texts that search engines, feed readers and link previews read: every `seo.*`
 * key, in English and German.
 */
export const en = {
  'seo.feed': 'New and updated articles',
  'seo.feed.description': 'New and updated articles of the Tallyhaus Help Center',
  'seo.search.description': 'Search the Tallyhaus Help Center: answers about invoicing, payments and bookkeeping.',
  'seo.contact.description': 'Contact Tallyhaus support: open a support request, call or write to us.',
  'seo.category.description': 'Articles about {category} in the Tallyhaus Help Center.',
};

export const de: Record<keyof typeof en, string> = {
  'seo.feed': 'Neue und geänderte Artikel',
  'seo.feed.description': 'Neue und geänderte Artikel im Tallyhaus Hilfe-Center',
  'seo.search.description': 'Suche im Tallyhaus Hilfe-Center: Antworten rund um Rechnungen, Zahlungen und Buchhaltung.',
  'seo.contact.description': 'Tallyhaus-Support kontaktieren: Supportanfrage stellen, anrufen oder schreiben.',
  'seo.category.description': 'Artikel zum Thema {category} im Tallyhaus Hilfe-Center.',
};
