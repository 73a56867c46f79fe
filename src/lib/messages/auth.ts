/**
 * Interface texts of staff authentication notices: every `auth.*` key, in English and German.
 */
export const en = {
  'auth.error.unauthorized': 'Please log in first.',
  'auth.error.forbidden': 'This is not available to your role ({role}).',
};

export const de: Record<keyof typeof en, string> = {
  'auth.error.unauthorized': 'Bitte melden Sie sich zuerst an.',
  'auth.error.forbidden': 'Das ist für Ihre Rolle ({role}) nicht verfügbar.',
};
