/**
 * Interface texts of the public footer: every `footer.*` key, in English and German.
 */
export const en = {
  'footer.text': 'Tallyhaus Help Center — powered by Tierzero',
};

export const de: Record<keyof typeof en, string> = {
  'footer.text': 'Tallyhaus Hilfe-Center – betrieben mit Tierzero',
};
