/**
 * Interface texts of staff flags on articles: every `flag.*` key, in English and German.
 */
export const en = {
  'flag.title': 'Flag this article',
  'flag.reason': 'Reason',
  'flag.reason.outdated': 'Outdated',
  'flag.reason.wrong': 'Wrong',
  'flag.reason.unclear': 'Unclear',
  'flag.comment': 'What is outdated, wrong or unclear?',
  'flag.chooseArticle': 'Choose an article',
  'flag.submit': 'Flag article',
  'flag.saved': 'The flag is saved. It shows in the article list until second level or an admin resolves it.',
  'flag.dismissed': 'The flag is dismissed.',
  'flag.error.comment': 'Please describe what is outdated, wrong or unclear.',
  'flag.open': 'Open flags',
  'flag.none': 'No open flags.',
  'flag.by': '{reason} — flagged by {name}',
  'flag.dismiss': 'Dismiss flag',
  'flag.dismissNote': 'Why does the article not need a change?',
  'flag.error.note': 'A dismissal needs a note.',
  'flag.error.resolved': 'This flag is already resolved.',
};

export const de: Record<keyof typeof en, string> = {
  'flag.title': 'Artikel markieren',
  'flag.reason': 'Grund',
  'flag.reason.outdated': 'Veraltet',
  'flag.reason.wrong': 'Falsch',
  'flag.reason.unclear': 'Unklar',
  'flag.comment': 'Was ist veraltet, falsch oder unklar?',
  'flag.chooseArticle': 'Artikel wählen',
  'flag.submit': 'Artikel markieren',
  'flag.saved': 'Die Markierung ist gespeichert. Sie erscheint in der Artikelliste, bis der Second Level oder ein:e Administrator:in sie erledigt.',
  'flag.dismissed': 'Die Markierung ist verworfen.',
  'flag.error.comment': 'Bitte beschreiben Sie, was veraltet, falsch oder unklar ist.',
  'flag.open': 'Offene Markierungen',
  'flag.none': 'Keine offenen Markierungen.',
  'flag.by': '{reason} — markiert von {name}',
  'flag.dismiss': 'Markierung verwerfen',
  'flag.dismissNote': 'Warum muss der Artikel nicht geändert werden?',
  'flag.error.note': 'Zum Verwerfen ist eine Notiz nötig.',
  'flag.error.resolved': 'Diese Markierung ist bereits erledigt.',
};
