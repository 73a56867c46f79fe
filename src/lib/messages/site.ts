/**
 * Interface texts of the site name and tagline: every `site.*` key, in English and German.
 */
export const en = {
  'site.name': 'Tallyhaus Help Center',
  'site.tagline': 'Answers about invoicing, payments and bookkeeping with Tallyhaus',
};

export const de: Record<keyof typeof en, string> = {
  'site.name': 'Tallyhaus Hilfe-Center',
  'site.tagline': 'Antworten rund um Rechnungen, Zahlungen und Buchhaltung mit Tallyhaus',
};
