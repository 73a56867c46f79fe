/**
 * Interface texts of topic pages: every `category.*` key, in English and German.
 */
export const en = {
  'category.title': '{category}',
  'category.empty': 'There are no articles in this topic yet.',
};

export const de: Record<keyof typeof en, string> = {
  'category.title': '{category}',
  'category.empty': 'Zu diesem Thema gibt es noch keine Artikel.',
};
