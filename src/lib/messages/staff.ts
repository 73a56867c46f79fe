/**
 * Interface texts of the staff shell and start page: every `staff.*` key, in English and German.
 */
export const en = {
  'staff.error.account': 'The account details are not valid; please check the field “{field}”.',
  'staff.error.forbidden': 'Your role may not make this change.',
  'staff.title': 'Support desk',
  'staff.greeting': 'Hello, {name}',
  'staff.account': 'Your account',
  'staff.name': 'Name',
  'staff.email': 'E-mail address',
  'staff.role': 'Role',
  'staff.areas': 'Subject areas',
  'staff.trainee': 'Trainee',
  'staff.trainee.yes': 'Yes — start with the training pages. Second-level staff clear this flag when you are ready.',
  'staff.trainee.no': 'No',
  'staff.presence': 'Status',
  'staff.present': 'Present — you receive new tickets',
  'staff.away': 'Away — you receive no new tickets',
  'staff.level': 'Your part in support',
  'staff.session': 'Your session lasts until {date} and is extended while you use the desk.',
  'staff.areas.optional': 'Subject areas (tickets of these topics come to you first)',
};

export const de: Record<keyof typeof en, string> = {
  'staff.error.account': 'Die Kontodaten sind nicht gültig; bitte prüfen Sie das Feld „{field}“.',
  'staff.error.forbidden': 'Ihre Rolle darf diese Änderung nicht vornehmen.',
  'staff.title': 'Support-Desk',
  'staff.greeting': 'Hallo, {name}',
  'staff.account': 'Ihr Konto',
  'staff.name': 'Name',
  'staff.email': 'E-Mail-Adresse',
  'staff.role': 'Rolle',
  'staff.areas': 'Fachgebiete',
  'staff.trainee': 'In Einarbeitung',
  'staff.trainee.yes': 'Ja – beginnen Sie mit den Schulungsseiten. Der Second Level nimmt diese Markierung zurück, wenn Sie so weit sind.',
  'staff.trainee.no': 'Nein',
  'staff.presence': 'Status',
  'staff.present': 'Anwesend – Sie erhalten neue Tickets',
  'staff.away': 'Abwesend – Sie erhalten keine neuen Tickets',
  'staff.level': 'Ihre Rolle im Support',
  'staff.session': 'Ihre Sitzung gilt bis {date} und verlängert sich, solange Sie den Desk nutzen.',
  'staff.areas.optional': 'Fachgebiete (Tickets dieser Themen kommen zuerst zu Ihnen)',
};
