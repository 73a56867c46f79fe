/**
 * Interface texts of KCS article states: every `states.*` key, in English and German.
 */
export const en = {
  'states.title': 'State',
  'states.validate': 'Validate',
  'states.archive': 'Archive',
  'states.toDraft': 'Back to draft',
  'states.submit': 'Submit for validation',
  'states.unvalidate': 'Take offline: not validated',
  'states.replacedBy': 'Replaced by',
};

export const de: Record<keyof typeof en, string> = {
  'states.title': 'Zustand',
  'states.validate': 'Prüfen und freigeben',
  'states.archive': 'Archivieren',
  'states.toDraft': 'Zurück zum Entwurf',
  'states.submit': 'Zur Prüfung einreichen',
  'states.unvalidate': 'Offline nehmen: nicht geprüft',
  'states.replacedBy': 'Ersetzt durch',
};
