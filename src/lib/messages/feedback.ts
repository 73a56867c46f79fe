/**
 * Interface texts of "Was this helpful?" on articles: every `feedback.*` key, in English and German.
 */
export const en = {
  'feedback.title': 'Was this helpful?',
  'feedback.yes': 'Yes',
  'feedback.no': 'No',
  'feedback.comment': 'What was missing or unclear? (optional)',
  'feedback.commentHint': 'At most 1000 characters. Please do not include personal data; we cannot answer here — for help, contact support.',
  'feedback.thanks': 'Thank you for your feedback. If you vote again on this article, your new answer replaces the old one.',
  'feedback.error': 'Your feedback could not be saved: {message}',
  'feedback.error.tooLong': 'The comment is longer than 1000 characters.',
  'feedback.error.voter': 'Your browser sent an unreadable feedback cookie. Please reload the page and try again.',
  'feedback.limited.one': 'You have sent a lot of feedback in a short time. Please try again in 1 minute.',
  'feedback.limited.other': 'You have sent a lot of feedback in a short time. Please try again in {count} minutes.',
};

export const de: Record<keyof typeof en, string> = {
  'feedback.title': 'War dieser Artikel hilfreich?',
  'feedback.yes': 'Ja',
  'feedback.no': 'Nein',
  'feedback.comment': 'Was hat gefehlt oder war unklar? (optional)',
  'feedback.commentHint': 'Höchstens 1000 Zeichen. Bitte keine persönlichen Daten angeben; wir können hier nicht antworten — für Hilfe wenden Sie sich an den Support.',
  'feedback.thanks': 'Danke für Ihre Rückmeldung. Wenn Sie zu diesem Artikel erneut abstimmen, ersetzt Ihre neue Antwort die alte.',
  'feedback.error': 'Ihre Rückmeldung konnte nicht gespeichert werden: {message}',
  'feedback.error.tooLong': 'Der Kommentar ist länger als 1000 Zeichen.',
  'feedback.error.voter': 'Ihr Browser hat ein unlesbares Rückmelde-Cookie gesendet. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
  'feedback.limited.one': 'Sie haben in kurzer Zeit sehr viele Rückmeldungen gesendet. Bitte versuchen Sie es in 1 Minute erneut.',
  'feedback.limited.other': 'Sie haben in kurzer Zeit sehr viele Rückmeldungen gesendet. Bitte versuchen Sie es in {count} Minuten erneut.',
};
