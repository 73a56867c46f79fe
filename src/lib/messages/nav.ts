/**
 * Interface texts of the public header navigation: every `nav.*` key, in English and German.
 */
export const en = {
  'nav.skip': 'Skip to content',
  'nav.home': 'Help Center',
  'nav.contact': 'Contact support',
  'nav.language': 'Language',
  'nav.switchTo': 'Deutsch',
  'nav.staff': 'Staff',
  'nav.staff.signedInAs': 'Signed in as {name}',
  'nav.staff.desk': 'Desk',
  'nav.staff.logout': 'Log out',
};

export const de: Record<keyof typeof en, string> = {
  'nav.skip': 'Zum Inhalt springen',
  'nav.home': 'Hilfe-Center',
  'nav.contact': 'Support kontaktieren',
  'nav.language': 'Sprache',
  'nav.switchTo': 'English',
  'nav.staff': 'Mitarbeitende',
  'nav.staff.signedInAs': 'Angemeldet als {name}',
  'nav.staff.desk': 'Desk',
  'nav.staff.logout': 'Abmelden',
};
