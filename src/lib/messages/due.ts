/**
 * Interface texts of the desk's due times beside the first response: every `due.*` key, in
 * English and German.
 */
export const en = {
  'due.resolution': 'Resolution due',
  'due.paused': 'paused while waiting on the customer',
  /** The same in a dense list's cell; the long text is its tooltip. */
  'due.pausedShort': 'paused',
};

export const de: Record<keyof typeof en, string> = {
  'due.resolution': 'Lösung fällig',
  'due.paused': 'angehalten, solange auf den Kunden gewartet wird',
  'due.pausedShort': 'angehalten',
};
