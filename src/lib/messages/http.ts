/**
 * Interface texts of the small error answers the server gives before or around the pages
 * (malformed requests, bodies too large, storage trouble): every `http.*` key, in English and German.
 */
export const en = {
  'http.home': 'Go to the start page',
  'http.badRequest.title': 'The request could not be read',
  'http.badRequest.text': 'Your browser sent an address, cookie or form that is not valid. Please go back and try again.',
  'http.notFound.title': 'Not found',
  'http.notFound.text': 'There is no such form or action. Please go back and try again.',
  'http.tooLarge.title': 'Too much data',
  'http.tooLarge.text': 'What you sent is larger than the portal accepts (at most 52 MB). Please shorten it or leave out large attachments.',
  'http.unsupported.title': 'Unsupported format',
  'http.unsupported.text': 'The portal accepts forms and JSON only.',
  'http.unavailable.title': 'Temporarily unavailable',
  'http.unavailable.text': 'We cannot save anything right now because of a storage problem on our side. Nothing was saved. Please try again in a few minutes.',
  'http.serverError.title': 'Something went wrong',
  'http.serverError.text': 'An unexpected error happened on our side. Please try again.',
};

export const de: Record<keyof typeof en, string> = {
  'http.home': 'Zur Startseite',
  'http.badRequest.title': 'Die Anfrage ist nicht lesbar',
  'http.badRequest.text': 'Ihr Browser hat eine Adresse, ein Cookie oder ein Formular geschickt, das nicht gültig ist. Bitte gehen Sie zurück und versuchen Sie es noch einmal.',
  'http.notFound.title': 'Nicht gefunden',
  'http.notFound.text': 'Dieses Formular oder diese Aktion gibt es nicht. Bitte gehen Sie zurück und versuchen Sie es noch einmal.',
  'http.tooLarge.title': 'Zu viele Daten',
  'http.tooLarge.text': 'Was Sie geschickt haben, ist größer als das Portal annimmt (höchstens 52 MB). Bitte kürzen Sie es oder lassen Sie große Anhänge weg.',
  'http.unsupported.title': 'Format nicht unterstützt',
  'http.unsupported.text': 'Das Portal nimmt nur Formulare und JSON an.',
  'http.unavailable.title': 'Vorübergehend nicht verfügbar',
  'http.unavailable.text': 'Wegen eines Speicherproblems auf unserer Seite können wir gerade nichts speichern. Es wurde nichts gespeichert. Bitte versuchen Sie es in ein paar Minuten noch einmal.',
  'http.serverError.title': 'Etwas ist schiefgegangen',
  'http.serverError.text': 'Auf unserer Seite ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es noch einmal.',
};
