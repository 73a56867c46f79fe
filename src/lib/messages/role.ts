/**
 * Interface texts of staff role names: every `role.*` key, in English and German.
 */
export const en = {
  'role.first_level': 'First-level support',
  'role.second_level': 'Second-level support',
  'role.third_level': 'Third-level specialist',
  'role.admin': 'Administrator',
  'role.first_level.description': 'You answer new tickets first, with standard answers from the knowledge base, and escalate what you cannot solve to second level, with a reason.',
  'role.second_level.description': 'You solve documented problems that need customer-specific work, write articles from solved tickets, train first-level staff, and escalate new problems to the specialists by subject area.',
  'role.third_level.description': 'You advise second level through internal notes in your subject areas, and your solutions become knowledge-base articles. You do not write to customers.',
  'role.admin.description': 'You manage staff accounts and look after the desk as a whole, including the e-mail outbox.',
  'role.second_level.merged': 'Second-level support',
  'role.second_level.merged.description': 'This desk runs with two levels: you solve what first level escalates, including new problems in your subject areas, write articles from solved tickets and train first-level staff.',
};

export const de: Record<keyof typeof en, string> = {
  'role.first_level': 'First-Level-Support',
  'role.second_level': 'Second-Level-Support',
  'role.third_level': 'Third-Level-Spezialist:in',
  'role.admin': 'Administrator:in',
  'role.first_level.description': 'Sie beantworten neue Tickets als Erste, mit Standardantworten aus der Wissensdatenbank, und eskalieren, was Sie nicht lösen können, mit Begründung an den Second Level.',
  'role.second_level.description': 'Sie lösen dokumentierte Probleme, die kundenspezifische Arbeit brauchen, schreiben Artikel aus gelösten Tickets, schulen den First Level und eskalieren neue Probleme nach Fachgebiet an die Spezialist:innen.',
  'role.third_level.description': 'Sie beraten den Second Level mit internen Notizen in Ihren Fachgebieten; Ihre Lösungen werden zu Artikeln der Wissensdatenbank. Sie schreiben nicht an Kund:innen.',
  'role.admin.description': 'Sie verwalten die Konten der Mitarbeitenden und behalten den Desk als Ganzes im Blick, auch den E-Mail-Ausgang.',
  'role.second_level.merged': 'Second-Level-Support',
  'role.second_level.merged.description': 'Dieser Desk arbeitet mit zwei Levels: Sie lösen, was der First Level eskaliert, auch neue Probleme in Ihren Fachgebieten, schreiben Artikel aus gelösten Tickets und schulen den First Level.',
};
