/**
 * A small bilingual knowledge base for the search tests: German and English articles,
 * two translated pairs, compounds, umlauts, an internal article and a draft.
 */
import { writeArticle, writeFile } from '../helpers.ts';

/** Words that appear only in the internal article and the draft: they must never reach the public. */
export const SECRET_WORDS = { internal: 'Kulanzgutschrift', draft: 'Zebrafinkprojekt' } as const;

/** Writes the articles and synonyms.yml into `contentDir`. */
export function writeSearchFixture(contentDir: string): void {
  // A translated pair: reset-password.
  writeArticle(contentDir, 'reset-password', {
    title: 'Reset your password',
    summary: 'What to do when you have forgotten your password.',
    category: 'account',
    tags: ['login'],
    lang: 'en',
    translationKey: 'reset-password',
    body: 'Open the sign-in page and choose "Forgot password". We send you a link by e-mail.',
  });
  writeArticle(contentDir, 'passwort-zuruecksetzen', {
    title: 'Passwort zurücksetzen',
    summary: 'Was Sie tun, wenn Sie Ihr Passwort vergessen haben.',
    category: 'account',
    tags: ['anmeldung'],
    lang: 'de',
    translationKey: 'reset-password',
    body: 'Öffnen Sie die Anmeldeseite und wählen Sie „Passwort vergessen“. Wir senden Ihnen einen Link per E-Mail.',
  });

  // A translated pair: create-invoice.
  writeArticle(contentDir, 'create-invoice', {
    title: 'Create an invoice',
    summary: 'How to write and send your first invoice.',
    category: 'invoices',
    lang: 'en',
    translationKey: 'create-invoice',
    body: 'Choose New invoice, add the customer and the items, then send the invoice as a PDF.',
  });
  writeArticle(contentDir, 'rechnung-erstellen', {
    title: 'Rechnung erstellen',
    summary: 'So schreiben und versenden Sie Ihre erste Rechnung.',
    category: 'invoices',
    lang: 'de',
    translationKey: 'create-invoice',
    body: 'Wählen Sie Neue Rechnung, ergänzen Sie Kunde und Positionen und versenden Sie die Rechnung als PDF.',
  });

  // German only: a long word for edit distance 2.
  writeArticle(contentDir, 'zahlungserinnerung', {
    title: 'Zahlungserinnerung senden',
    summary: 'Offene Posten freundlich anmahnen.',
    category: 'payments',
    lang: 'de',
    body: 'Eine Zahlungserinnerung geht an Kunden, deren Zahlung überfällig ist.',
  });

  // Compounds: one article writes the compound, the other the separate words.
  writeArticle(contentDir, 'druckertreiber', {
    title: 'Druckertreiber aktualisieren',
    summary: 'Wenn Belege unvollständig aus dem Gerät kommen.',
    category: 'printing',
    lang: 'de',
    body: 'Laden Sie den neuesten Druckertreiber beim Hersteller herunter und starten Sie neu.',
  });
  writeArticle(contentDir, 'etiketten', {
    title: 'Etiketten ausgeben',
    summary: 'Versandetiketten aus Tallyhaus ausgeben.',
    category: 'printing',
    lang: 'de',
    body: 'Wählen Sie den Drucker aus. Fehlt er in der Liste, installieren Sie den Treiber des Herstellers.',
  });

  // Umlauts and ß.
  writeArticle(contentDir, 'gebuehren', {
    title: 'Gebühr für Auslandsüberweisungen',
    summary: 'Welche Kosten bei Zahlungen ins Ausland entstehen.',
    category: 'payments',
    lang: 'de',
    body: 'Die Bank berechnet eine Gebühr je Auftrag.',
  });
  writeArticle(contentDir, 'anschrift-aendern', {
    title: 'Anschrift ändern',
    summary: 'Firmenanschrift für Rechnungen anpassen.',
    category: 'account',
    lang: 'de',
    body: 'Tragen Sie Straße, Hausnummer und Ort unter Einstellungen ein.',
  });

  // Ranking: the word "delivery" in one title, and only in another article's body.
  writeArticle(contentDir, 'delivery-notes', {
    title: 'Delivery notes',
    summary: 'Print a note to go with the parcel.',
    category: 'invoices',
    lang: 'en',
    body: 'Open an order and choose Print note.',
  });
  writeArticle(contentDir, 'shipping-costs', {
    title: 'Shipping costs on invoices',
    summary: 'Add postage as an invoice item.',
    category: 'invoices',
    lang: 'en',
    body: 'Add a line for postage. The delivery address is printed above the items.',
  });

  // Ranking: an exact word and a near miss of it.
  writeArticle(contentDir, 'export-data', {
    title: 'Export your data',
    summary: 'Download everything as CSV.',
    category: 'export',
    lang: 'en',
    body: 'Choose Settings, then Export.',
  });
  writeArticle(contentDir, 'expert-mode', {
    title: 'Expert mode',
    summary: 'Extra options for accountants.',
    category: 'account',
    lang: 'en',
    body: 'Turn on the advanced switches under Settings.',
  });

  // "CSV" appears in an English-only and a German-only article.
  writeArticle(contentDir, 'datev-export', {
    title: 'DATEV-Export einrichten',
    summary: 'Buchungsdaten an die Steuerberatung übergeben.',
    category: 'export',
    lang: 'de',
    body: 'Die Buchungsdaten gehen als CSV-Datei an Ihre Steuerberatung.',
  });

  // Synonyms: the article says "Ordner"; searchers say "directory" or "folder".
  writeArticle(contentDir, 'belege-ablegen', {
    title: 'Belege ablegen',
    summary: 'Eingescannte Belege sortieren.',
    category: 'banking',
    lang: 'de',
    body: 'Jeder Beleg landet in einem Ordner je Monat.',
  });
  writeFile(contentDir, 'synonyms.yml', '- [folder, directory, Ordner, Verzeichnis]\n');

  // Staff only, and work in progress: never public.
  writeArticle(contentDir, 'kulanz-intern', {
    title: 'Kulanzgutschrift intern freigeben',
    summary: 'Wann der Second Level eine Kulanzgutschrift ausstellen darf.',
    category: 'payments',
    lang: 'de',
    audience: 'internal',
    body: 'Eine Kulanzgutschrift bis 50 Euro darf ohne Rückfrage ausgestellt werden.',
  });
  writeArticle(contentDir, 'zebrafink-entwurf', {
    title: 'Zebrafinkprojekt Entwurf',
    summary: 'Noch nicht fertig.',
    category: 'account',
    lang: 'de',
    status: 'draft',
    body: 'Das Zebrafinkprojekt startet im Winter.',
  });
}
