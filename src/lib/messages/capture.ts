/**
 * Interface texts of knowledge capture from solved tickets: every `capture.*` key, in English and German.
 */
export const en = {
  'capture.title': 'Knowledge capture',
  'capture.write': 'Write article from this ticket',
  'capture.writeHint': 'Opens the editor with a draft in the KCS structure (problem, environment, cause, resolution); the customer’s name, e-mail and other personal data are removed.',
  'capture.notYet': 'Once the ticket is solved, an article can be written from it.',
  'capture.articles': 'Articles written from this ticket',
  'capture.none': 'No article has been written from this ticket yet.',
  'capture.state': 'State: {state}',
  'capture.inKb.title': 'This solution is now in our knowledge base',
  'capture.inKb.text': 'Next time you can find the answer yourself:',
};

export const de: Record<keyof typeof en, string> = {
  'capture.title': 'Wissen festhalten',
  'capture.write': 'Artikel aus diesem Ticket schreiben',
  'capture.writeHint': 'Öffnet den Editor mit einem Entwurf in der KCS-Struktur (Problem, Umgebung, Ursache, Lösung); Name, E-Mail und andere persönliche Daten des Kunden sind entfernt.',
  'capture.notYet': 'Sobald das Ticket gelöst ist, kann daraus ein Artikel geschrieben werden.',
  'capture.articles': 'Aus diesem Ticket geschriebene Artikel',
  'capture.none': 'Aus diesem Ticket wurde noch kein Artikel geschrieben.',
  'capture.state': 'Status: {state}',
  'capture.inKb.title': 'Diese Lösung steht jetzt in unserer Wissensdatenbank',
  'capture.inKb.text': 'Beim nächsten Mal finden Sie die Antwort selbst:',
};
