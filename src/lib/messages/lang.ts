/**
 * Interface texts of the language switch: every `lang.*` key, in English and German.
 */
export const en = {
  'lang.de': 'German',
  'lang.en': 'English',
};

export const de: Record<keyof typeof en, string> = {
  'lang.de': 'Deutsch',
  'lang.en': 'Englisch',
};
