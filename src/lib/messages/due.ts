/**
 * Interface texts of the desk's due times beside the first response: every `due.*` key, in
 * English and German.
 */
export const en = {
  'due.resolution': 'Resolution due',
  'due.paused': 'paused while waiting on the customer',
};

export const de: Record<keyof typeof en, string> = {
  'due.resolution': 'Lösung fällig',
  'due.paused': 'angehalten, solange auf den Kunden gewartet wird',
};
