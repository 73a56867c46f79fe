/**
 * Interface texts of the staff "not allowed" page: every `forbidden.*` key, in English and German.
 */
export const en = {
  'forbidden.title': 'No access',
  'forbidden.text': 'You are signed in as {name} ({role}). This page is not available to your role.',
  'forbidden.back': 'Back to the desk',
};

export const de: Record<keyof typeof en, string> = {
  'forbidden.title': 'Kein Zugriff',
  'forbidden.text': 'Sie sind als {name} ({role}) angemeldet. Diese Seite ist für Ihre Rolle nicht verfügbar.',
  'forbidden.back': 'Zurück zum Desk',
};
