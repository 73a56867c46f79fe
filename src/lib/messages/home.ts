/**
 * Interface texts of the public home page: every `home.*` key, in English and German.
 */
export const en = {
  'home.title': 'How can we help?',
  'home.categories': 'Browse by topic',
  'home.mostViewed': 'Most viewed',
  'home.newest': 'Recently updated',
  'home.articles.one': '1 article',
  'home.articles.other': '{count} articles',
};

export const de: Record<keyof typeof en, string> = {
  'home.title': 'Wie können wir helfen?',
  'home.categories': 'Themen',
  'home.mostViewed': 'Meistgelesen',
  'home.newest': 'Zuletzt aktualisiert',
  'home.articles.one': '1 Artikel',
  'home.articles.other': '{count} Artikel',
};
