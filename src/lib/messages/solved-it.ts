/**
 * Interface texts of "this solved it" (the link under an article suggested in the confirmation
 * mail): every `solvedIt.*` key, in English and German.
 */
export const en = {
  'solvedIt.title': 'Did this article solve your problem?',
  'solvedIt.text': 'If “{title}” answered your question, close your request {reference} here. We will then not work on it any more.',
  'solvedIt.confirm': 'Yes, it is solved — close my request',
  'solvedIt.back': 'No, I still need help',
  'solvedIt.read': 'Read the article again',
  'solvedIt.done': 'Thank you! Your request is closed. If you need help again, please open a new request.',
  'solvedIt.gone': 'This article is no longer available. Your request stays open.',
};

export const de: Record<keyof typeof en, string> = {
  'solvedIt.title': 'Hat dieser Artikel Ihr Problem gelöst?',
  'solvedIt.text': 'Wenn „{title}“ Ihre Frage beantwortet hat, schließen Sie Ihre Anfrage {reference} hier. Wir bearbeiten sie dann nicht weiter.',
  'solvedIt.confirm': 'Ja, gelöst – Anfrage schließen',
  'solvedIt.back': 'Nein, ich brauche weiter Hilfe',
  'solvedIt.read': 'Artikel noch einmal lesen',
  'solvedIt.done': 'Vielen Dank! Ihre Anfrage ist geschlossen. Wenn Sie wieder Hilfe brauchen, stellen Sie bitte eine neue Anfrage.',
  'solvedIt.gone': 'Diesen Artikel gibt es nicht mehr. Ihre Anfrage bleibt offen.',
};
