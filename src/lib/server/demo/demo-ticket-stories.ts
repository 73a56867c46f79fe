/**
 * The demo web tickets of the last four weeks, each as a story: who wrote, what they had
 * searched for before, and what the desk did, step by step and hours after the ticket was
 * opened. demo-seed.ts plays them through the real desk functions, so that statuses, events,
 * times and the insights summaries are exactly what the desk would have produced.
 */
import type { Priority } from '../desk/vocabulary.ts';
import type { Lang } from '../../languages.ts';

/** The demo staff by their e-mail's local part. */
export type DemoAgent = 'jonas.weber' | 'lena.fischer' | 'mara.keller' | 'deniz.aydin';

/** One thing that happens to a demo ticket, `h` hours after it was opened. */
export type DemoStep = { h: number } & (
  | { by: DemoAgent; do: 'take' }
  | { by: DemoAgent; do: 'reply' | 'note' | 'hold'; text: string }
  | { by: DemoAgent; do: 'escalate' | 'handBack'; text: string; /** a step between level 2 and level 3 (left out with DESK_LEVELS=2) */ level3?: true }
  | { by: DemoAgent; do: 'solve'; text?: string; article?: string }
  | { by: DemoAgent; do: 'link'; article: string }
  | { by: DemoAgent; do: 'consult'; text: string; /** the subject area asked (default: the ticket's category) */ area?: string; level3: true }
  | { by: DemoAgent; do: 'advise'; text: string; level3: true }
  | { by: DemoAgent; do: 'accept'; level3: true }
  | { by: DemoAgent; do: 'priority'; priority: Priority }
  | { by: 'customer'; do: 'reply'; text: string }
);

/** One demo web ticket. */
export interface DemoTicket {
  /** Opened this long before "now": [days, hours]. */
  ago: [number, number];
  name: string;
  /** Always @example.com (no demo mail is ever sent, and none could arrive). */
  email: string;
  lang: Lang;
  category: string;
  subject: string;
  description: string;
  /** What the visit searched for before opening the form: [query, result count]. */
  searches: [string, number][];
  /** False: the customer's browser ran no JavaScript, so there is no visit id. */
  visit?: false;
  steps: DemoStep[];
}

export const DEMO_TICKETS: readonly DemoTicket[] = [
  {
    // Level 2 keeps the customer and asks the specialist (the consulting model): advised, accepted, solved.
    ago: [9, 3],
    name: 'Hannah Becker',
    email: 'hannah.becker@example.com',
    lang: 'en',
    category: 'export',
    subject: 'DATEV rejects our export: account numbers too long',
    description: 'Hello,\n\nour tax advisor says DATEV rejects the batch we exported yesterday: "account number exceeds the configured length". We changed nothing on our side.\n\nBest regards\nHannah Becker',
    searches: [['datev export rejected', 2]],
    steps: [
      { h: 0.5, by: 'jonas.weber', do: 'take' },
      { h: 1, by: 'jonas.weber', do: 'escalate', text: 'DATEV rejects the batch for the account length; the article does not cover it.' },
      { h: 1.8, by: 'mara.keller', do: 'take' },
      { h: 2, by: 'mara.keller', do: 'reply', text: 'Dear Ms Becker, thank you. We are checking the export settings with our DATEV specialist and will come back to you today.' },
      { h: 2.2, by: 'mara.keller', do: 'consult', text: 'Account numbers are one digit longer since the chart of accounts was extended. Which setting must change so that the batch fits again?', level3: true },
      { h: 4, by: 'deniz.aydin', do: 'advise', text: 'Set the account length in the DATEV export settings to the tax advisor\'s (usually 4 → 5 digits) and export the batch again; old batches stay valid.', level3: true },
      { h: 4.5, by: 'mara.keller', do: 'accept', level3: true },
      { h: 5, by: 'mara.keller', do: 'solve', text: 'The account length in the DATEV export settings now matches the tax advisor\'s; the batch was exported again and accepted.', article: 'datev-buchungsstapel-abgelehnt' },
    ],
  },
  {
    // Waiting for the specialist's advice right now: Deniz sees it in his area and as a notification.
    ago: [0, 4],
    name: 'Uwe Krämer',
    email: 'uwe.kraemer@example.com',
    lang: 'de',
    category: 'banking',
    subject: 'Umsätze der Sparkasse kommen doppelt nach Kontowechsel',
    description: 'Hallo,\n\nseit wir das Geschäftskonto zur Sparkasse gewechselt haben, erscheinen manche Umsätze zweimal – einmal vom alten und einmal vom neuen Konto. Was können wir tun?\n\nGruß\nUwe Krämer',
    searches: [['umsätze doppelt', 1], ['bankabruf doppelt kontowechsel', 0]],
    steps: [
      { h: 0.3, by: 'jonas.weber', do: 'take' },
      { h: 0.6, by: 'jonas.weber', do: 'escalate', text: 'Doppelte Umsätze nach Kontowechsel; nicht im Wissensartikel beschrieben.' },
      { h: 1.2, by: 'mara.keller', do: 'take' },
      { h: 1.5, by: 'mara.keller', do: 'consult', text: 'Werden beim Kontowechsel die Umsätze des alten Kontos noch einmal abgerufen? Wie lassen sich die Dubletten sicher entfernen?', level3: true },
    ],
  },
  {
    ago: [27, 6],
    name: 'Claudia Neumann',
    email: 'claudia.neumann@example.com',
    lang: 'de',
    category: 'invoices',
    subject: 'Rechnung mit falschem Betrag verschickt',
    description: 'Guten Tag,\n\nich habe gestern eine Rechnung mit einem falschen Betrag (1.250 € statt 1.150 €) an meinen Kunden geschickt. Kann ich die Rechnung einfach bearbeiten und noch einmal senden?\n\nViele Grüße\nClaudia Neumann',
    searches: [['rechnung ändern', 3]],
    steps: [
      { h: 1, by: 'jonas.weber', do: 'take' },
      { h: 1.5, by: 'jonas.weber', do: 'solve', text: 'Versendete Rechnungen bleiben unverändert: Stornorechnung und korrigierte Rechnung über „Rechnung korrigieren“ erstellt.', article: 'rechnung-korrigieren-stornorechnung' },
    ],
  },
  {
    ago: [25, 3],
    name: 'Daniel Brooks',
    email: 'daniel.brooks@example.com',
    lang: 'en',
    category: 'payments',
    subject: 'Send payment reminders automatically?',
    description: 'Hi,\n\nis there a way to send payment reminders automatically when an invoice is overdue? At the moment I go through the open invoices every Monday and write to each customer by hand.\n\nThanks, Daniel',
    searches: [['automatic reminder', 1]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 2, by: 'lena.fischer', do: 'solve', text: 'Dunning levels set up once under Settings → Dunning; reminders now go out by themselves.', article: 'payment-reminders-and-dunning' },
    ],
  },
  {
    ago: [23, 7],
    name: 'Ralf Zimmermann',
    email: 'ralf.zimmermann@example.com',
    lang: 'de',
    category: 'banking',
    subject: 'Bankabruf: alle Umsätze doppelt seit dem Bankwechsel',
    description: 'Hallo,\n\nseit unsere Hausbank auf das neue Online-Banking umgestellt hat, erscheinen beim Bankabruf alle Umsätze der letzten Wochen doppelt. Die bereits zugeordneten Zahlungen sind auch dabei. Das alte Konto haben wir in Tallyhaus getrennt.\n\nWie werden wir die Dubletten wieder los, ohne die Zuordnungen zu verlieren?\n\nRalf Zimmermann',
    searches: [['umsätze doppelt', 0], ['bankabruf fehler', 2]],
    steps: [
      { h: 1, by: 'jonas.weber', do: 'take' },
      { h: 1.5, by: 'jonas.weber', do: 'reply', text: 'Hallo Herr Zimmermann,\n\nvielen Dank für die genaue Beschreibung. Bitte löschen Sie die doppelten Umsätze noch nicht – wir lassen das von unserem Banking-Team prüfen und melden uns.\n\nViele Grüße\nJonas Weber' },
      { h: 2, by: 'jonas.weber', do: 'escalate', text: 'Doppelte Umsätze nach Umstellung der Bank; kein Artikel dazu, Daten des Abrufs nötig.' },
      { h: 4, by: 'mara.keller', do: 'take' },
      { h: 4.5, by: 'mara.keller', do: 'note', text: 'Geprüft: nur das neue Konto ist verbunden, die Dubletten haben andere Umsatz-IDs als die Originale. Sieht nach der Schnittstelle der Bank aus.' },
      { h: 5, by: 'mara.keller', do: 'escalate', text: 'Dubletten mit neuen Umsatz-IDs nach PSD2-Umstellung der Bank – bitte Banking prüfen.', level3: true },
      { h: 20, by: 'deniz.aydin', do: 'take' },
      { h: 22, by: 'deniz.aydin', do: 'note', text: 'Die Bank liefert nach der Umstellung auf die neue PSD2-Schnittstelle für die letzten 90 Tage neue Umsatz-IDs, deshalb erkennt der Abruf die Umsätze nicht als schon importiert. Lösung: unter Bankkonten → Umsätze ab dem Umstellungsdatum filtern und „Dubletten entfernen“ wählen; zugeordnete Zahlungen bleiben erhalten, weil immer der jüngere, nicht zugeordnete Umsatz entfernt wird. Danach einmal neu abrufen.' },
      { h: 22.2, by: 'deniz.aydin', do: 'handBack', text: 'Rat im Vermerk: Kunde kann die Dubletten selbst entfernen, Zuordnungen bleiben.', level3: true },
      { h: 24, by: 'mara.keller', do: 'take' },
      { h: 24.5, by: 'mara.keller', do: 'reply', text: 'Hallo Herr Zimmermann,\n\ndie Dubletten entstehen, weil Ihre Bank nach der Umstellung neue Kennungen für alte Umsätze liefert. Filtern Sie unter Bankkonten → Umsätze ab dem Umstellungsdatum und wählen Sie „Dubletten entfernen“ – Ihre Zuordnungen bleiben erhalten. Rufen Sie danach einmal neu ab.\n\nViele Grüße\nMara Keller' },
      { h: 30, by: 'mara.keller', do: 'solve', text: 'Dubletten nach der PSD2-Umstellung der Bank über „Dubletten entfernen“ bereinigt; Zuordnungen blieben erhalten.' },
    ],
  },
  {
    ago: [22, 2],
    name: 'Grace Thompson',
    email: 'grace.thompson@example.com',
    lang: 'en',
    category: 'account',
    subject: 'Change the e-mail address I log in with',
    description: 'Hello, our office manager has left and I need to log in with my own address instead of hers. How do I change it?',
    searches: [['change email', 2]],
    steps: [
      { h: 0.4, by: 'lena.fischer', do: 'take' },
      { h: 1, by: 'lena.fischer', do: 'solve', text: 'Explained how to change the sign-in address under Profile → E-mail (confirmation link to the new address).', article: 'change-email-address' },
    ],
  },
  {
    ago: [20, 5],
    name: 'Bernd Schmitt',
    email: 'bernd.schmitt@example.com',
    lang: 'de',
    category: 'export',
    subject: 'DATEV-Export: Steuerberater bekommt Fehlermeldung',
    description: 'Hallo,\n\nmein Steuerberater kann den DATEV-Export für Oktober nicht einlesen, er bekommt eine Fehlermeldung. Was ist da falsch?\n\nGruß Bernd Schmitt',
    searches: [['datev export', 2], ['datev fehler', 1]],
    steps: [
      { h: 0.5, by: 'jonas.weber', do: 'take' },
      { h: 1, by: 'jonas.weber', do: 'reply', text: 'Hallo Herr Schmitt,\n\ndamit wir helfen können: Wie lautet die Fehlermeldung genau? Ein Foto oder Screenshot vom Bildschirm Ihres Steuerberaters genügt.\n\nViele Grüße\nJonas Weber' },
      { h: 1.1, by: 'jonas.weber', do: 'hold', text: 'Warten auf die genaue Fehlermeldung.' },
      { h: 20, by: 'customer', do: 'reply', text: 'Die Meldung lautet: „Beraternummer ungültig“.' },
      { h: 21, by: 'jonas.weber', do: 'solve', text: 'Beraternummer im DATEV-Export war fünf- statt siebenstellig eingetragen; korrigiert, Export neu erstellt.', article: 'datev-export-erstellen' },
    ],
  },
  {
    ago: [18, 3],
    name: 'Priya Raman',
    email: 'priya.raman@example.com',
    lang: 'en',
    category: 'invoices',
    subject: 'Invoice numbers start at 1 again after import',
    description: 'We imported our invoices from our old software last week. The next invoice Tallyhaus created has number 1, but we already have invoices up to 2026-0412. Can I change that?',
    searches: [['invoice number', 2]],
    visit: false,
    steps: [
      { h: 0.7, by: 'jonas.weber', do: 'take' },
      { h: 1.2, by: 'jonas.weber', do: 'solve', text: 'Set the next invoice number after the imported range under Settings → Invoice numbers.', article: 'invoice-number-format' },
    ],
  },
  {
    ago: [16, 6],
    name: 'Monika Fuchs',
    email: 'monika.fuchs@example.com',
    lang: 'de',
    category: 'payments',
    subject: 'Lastschrift doppelt eingezogen',
    description: 'Guten Tag,\n\nbei drei unserer Kunden wurde die Rechnung vom 1. des Monats zweimal per Lastschrift eingezogen. Die Kunden haben sich schon beschwert. Bitte dringend prüfen!\n\nMonika Fuchs',
    searches: [['lastschrift doppelt', 0], ['sepa lastschrift', 3]],
    steps: [
      { h: 0.3, by: 'jonas.weber', do: 'take' },
      { h: 0.4, by: 'jonas.weber', do: 'priority', priority: 'high' },
      { h: 0.6, by: 'jonas.weber', do: 'reply', text: 'Hallo Frau Fuchs,\n\ndas tut uns leid. Wir prüfen die Lastschriftdateien sofort und melden uns heute noch.\n\nViele Grüße\nJonas Weber' },
      { h: 0.7, by: 'jonas.weber', do: 'escalate', text: 'Doppelter Einzug bei drei Kunden – Zahlungsdateien prüfen (kann Level 1 nicht).' },
      { h: 1.5, by: 'mara.keller', do: 'take' },
      { h: 2, by: 'mara.keller', do: 'note', text: 'Sammelauftrag vom 1. wurde zweimal freigegeben (zwei Browser-Tabs). Zweite Datei ist bei der Bank schon zurückgerufen.' },
      { h: 2.5, by: 'mara.keller', do: 'reply', text: 'Hallo Frau Fuchs,\n\nder Sammelauftrag wurde zweimal freigegeben. Die zweite Datei haben wir bei Ihrer Bank zurückgerufen, die Beträge gehen in den nächsten Tagen an Ihre Kunden zurück. Vor dem Freigeben zeigt Tallyhaus jetzt an, wenn ein Auftrag schon übermittelt wurde.\n\nViele Grüße\nMara Keller' },
      { h: 3, by: 'mara.keller', do: 'solve', text: 'Sammelauftrag doppelt freigegeben; zweite Datei bei der Bank zurückgerufen.', article: 'sepa-lastschrift-einrichten' },
    ],
  },
  {
    ago: [14, 4],
    name: 'Lucas Martin',
    email: 'lucas.martin@example.com',
    lang: 'en',
    category: 'export',
    subject: 'CSV export stops after 10,000 rows',
    description: 'Hi,\n\nI need all our booked items since 2021 as CSV for our auditor. The file always ends after exactly 10,000 rows. Is there a limit, and how do I get everything?\n\nBest, Lucas',
    searches: [['export csv', 2], ['export limit', 0]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 1, by: 'lena.fischer', do: 'reply', text: 'Hello Lucas,\n\nthank you — I have passed this on to our export specialists and will get back to you.\n\nKind regards\nLena Fischer' },
      { h: 1.1, by: 'lena.fischer', do: 'escalate', text: 'Export always ends at 10,000 rows; not in the article.' },
      { h: 3, by: 'mara.keller', do: 'take' },
      { h: 3.5, by: 'mara.keller', do: 'escalate', text: 'Reproduced: CSV export cuts at 10,000 rows. Limit or bug?', level3: true },
      { h: 6, by: 'deniz.aydin', do: 'take' },
      { h: 7, by: 'deniz.aydin', do: 'note', text: 'Not a bug: the CSV export runs while the customer waits and is limited to 10,000 rows per file. For more, export one file per quarter, or use Export → Full export (ZIP, prepared in the background and e-mailed as a link), which has no limit.' },
      { h: 7.1, by: 'deniz.aydin', do: 'handBack', text: 'Advice in the note; the full export is the way for auditors.', level3: true },
      { h: 8, by: 'mara.keller', do: 'take' },
      { h: 8.5, by: 'mara.keller', do: 'reply', text: 'Hello Lucas,\n\nthe CSV export has a limit of 10,000 rows per file. For your auditor, please use Export → Full export: it contains everything since 2021 and you receive a download link by e-mail.\n\nKind regards\nMara Keller' },
      { h: 9, by: 'mara.keller', do: 'solve', text: 'CSV export limited to 10,000 rows per file; full export (ZIP) recommended for auditors.', article: 'export-data-as-csv' },
    ],
  },
  {
    ago: [12, 2],
    name: 'Katrin Vogel',
    email: 'katrin.vogel@example.com',
    lang: 'de',
    category: 'account',
    subject: 'Abo zum Monatsende kündigen',
    description: 'Hallo, ich gebe mein Gewerbe zum Jahresende auf. Wie kündige ich mein Abo, und komme ich danach noch an meine Rechnungen?',
    searches: [['abo kündigen', 2]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 1.5, by: 'lena.fischer', do: 'solve', text: 'Kündigung unter Einstellungen → Abo erklärt; Daten bleiben zehn Jahre im Lesezugriff.', article: 'abo-kuendigen' },
    ],
  },
  {
    ago: [10, 6],
    name: 'Oliver Braun',
    email: 'oliver.braun@example.com',
    lang: 'de',
    category: 'banking',
    subject: 'Zahlungseingang wird keiner Rechnung zugeordnet',
    description: 'Hallo,\n\nein Kunde hat Rechnung RE-2026-318 bezahlt, der Verwendungszweck stimmt genau. Tallyhaus ordnet die Zahlung trotzdem nicht zu. Woran liegt das?\n\nOliver Braun',
    searches: [['zahlung zuordnen', 2]],
    steps: [
      { h: 0.5, by: 'jonas.weber', do: 'take' },
      { h: 0.8, by: 'jonas.weber', do: 'reply', text: 'Hallo Herr Braun,\n\ndanke, wir sehen uns die Zahlung an und melden uns.\n\nViele Grüße\nJonas Weber' },
      { h: 1, by: 'jonas.weber', do: 'escalate', text: 'Verwendungszweck stimmt, trotzdem keine Zuordnung.' },
      { h: 3, by: 'mara.keller', do: 'take' },
      { h: 3.5, by: 'mara.keller', do: 'handBack', text: 'Kein Fehler: Der Betrag ist um 3,50 € Bankgebühr niedriger. Bitte den Kunden auf „Mit Differenz zuordnen“ hinweisen (Artikel Zahlungen zuordnen).' },
      { h: 4, by: 'jonas.weber', do: 'take' },
      { h: 4.3, by: 'jonas.weber', do: 'reply', text: 'Hallo Herr Braun,\n\nder Zahlungseingang ist 3,50 € niedriger als die Rechnung (Bankgebühr Ihres Kunden). Solche Zahlungen ordnen Sie mit „Mit Differenz zuordnen“ zu und buchen die Differenz als Nebenkosten des Geldverkehrs.\n\nViele Grüße\nJonas Weber' },
      { h: 5, by: 'jonas.weber', do: 'solve', text: 'Differenz durch Bankgebühr; mit Differenz zugeordnet.', article: 'zahlungen-zuordnen' },
    ],
  },
  {
    ago: [8, 5],
    name: 'Ahmed Karim',
    email: 'ahmed.karim@example.com',
    lang: 'en',
    category: 'invoices',
    subject: 'Recurring invoice was not sent this month',
    description: 'Our monthly maintenance invoice to one customer was not sent on the 1st. All the others went out. Nothing changed on our side.',
    searches: [['recurring invoice', 2]],
    steps: [
      { h: 1, by: 'lena.fischer', do: 'take' },
      { h: 1.5, by: 'lena.fischer', do: 'reply', text: 'Hello Ahmed,\n\nthe recurring invoice for this customer ended after its last run: its end date was set to last month. You can extend it under Invoices → Recurring and send this month\'s invoice right away.\n\nKind regards\nLena Fischer' },
      { h: 4, by: 'lena.fischer', do: 'solve', text: 'The recurring invoice had an end date; extended it.', article: 'recurring-invoices' },
    ],
  },
  {
    ago: [6, 4],
    name: 'Emily Carter',
    email: 'emily.carter@example.com',
    lang: 'en',
    category: 'banking',
    subject: 'Credit card payments show up as income',
    description: 'Hello,\n\nsince I connected our company credit card (Visa, through our savings bank), every card payment appears in Tallyhaus as incoming money. The balance of that account is now completely wrong. Our normal current account works fine.\n\nWhat can I do?\n\nEmily Carter',
    searches: [['credit card transactions wrong', 0], ['credit card', 1]],
    steps: [
      { h: 0.3, by: 'jonas.weber', do: 'take' },
      { h: 0.6, by: 'jonas.weber', do: 'reply', text: 'Hello Emily,\n\nthank you for the details. I have asked our banking specialists to look at the credit card connection and will come back to you.\n\nKind regards\nJonas Weber' },
      { h: 0.7, by: 'jonas.weber', do: 'escalate', text: 'Credit card account: charges imported as income. No article.' },
      { h: 2, by: 'mara.keller', do: 'take' },
      { h: 2.5, by: 'mara.keller', do: 'note', text: 'Only the credit card account is affected; all amounts have the wrong sign. The current account at the same bank is fine.' },
      { h: 3, by: 'mara.keller', do: 'escalate', text: 'Sign of all credit card transactions inverted – bank interface?', level3: true },
      { h: 6, by: 'deniz.aydin', do: 'take' },
      { h: 8, by: 'deniz.aydin', do: 'note', text: 'Known behaviour of some banks: for credit card accounts they report charges as positive amounts. Fix: Bank accounts → the credit card account → Settings → "Amount sign" → "Invert for this account", then fetch again. Transactions that are not matched yet are corrected automatically; matched ones must be unmatched first. Nothing to change on the current account.' },
      { h: 8.1, by: 'deniz.aydin', do: 'handBack', text: 'Advice in the note: invert the amount sign for the credit card account.', level3: true },
      { h: 9, by: 'mara.keller', do: 'take' },
      { h: 9.5, by: 'mara.keller', do: 'reply', text: 'Hello Emily,\n\nsome banks report credit card charges as positive amounts. Please open Bank accounts → your credit card account → Settings, set "Amount sign" to "Invert for this account" and fetch again. Transactions you have not matched yet are corrected automatically.\n\nKind regards\nMara Keller' },
      { h: 30, by: 'mara.keller', do: 'solve', text: 'Credit card account: "Amount sign" set to "Invert for this account" and transactions fetched again; the balance is right.' },
    ],
  },
  {
    ago: [5, 3],
    name: 'Thomas Richter',
    email: 'thomas.richter@example.com',
    lang: 'de',
    category: 'payments',
    subject: 'Teilzahlung erfassen',
    description: 'Ein Kunde hat von einer Rechnung über 2.400 € erst 1.000 € bezahlt. Wie erfasse ich das, ohne die Rechnung als bezahlt zu markieren?',
    searches: [['teilzahlung', 1]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 1, by: 'lena.fischer', do: 'solve', text: 'Teilzahlung unter „Zahlung erfassen“ mit dem gezahlten Betrag gebucht; die Rechnung bleibt offen.', article: 'rechnung-als-bezahlt-markieren' },
    ],
  },
  {
    ago: [4, 6],
    name: 'Sebastian Wright',
    email: 'sebastian.wright@example.com',
    lang: 'en',
    category: 'export',
    subject: 'DATEV import fails: account number length',
    description: 'Our tax advisor says the DATEV file from Tallyhaus has the wrong account number length ("Sachkontenlänge") and cannot be imported. They use 5-digit accounts.',
    searches: [['datev export', 2], ['sachkontenlänge', 0]],
    steps: [
      { h: 0.5, by: 'jonas.weber', do: 'take' },
      { h: 1, by: 'jonas.weber', do: 'reply', text: 'Hello Sebastian,\n\nthank you. Our export specialists are checking the DATEV settings of your account; we will get back to you.\n\nKind regards\nJonas Weber' },
      { h: 1.2, by: 'jonas.weber', do: 'escalate', text: 'Advisor uses 5-digit accounts; export settings unclear.' },
      { h: 3, by: 'mara.keller', do: 'take' },
      { h: 4, by: 'mara.keller', do: 'escalate', text: 'Account length setting is 4 but export still fails with 5 – please check.', level3: true },
      { h: 26, by: 'deniz.aydin', do: 'take' },
    ],
  },
  {
    ago: [3, 5],
    name: 'Andrea Hoffmann',
    email: 'andrea.hoffmann@example.com',
    lang: 'de',
    category: 'banking',
    subject: 'Bankverbindung: TAN-Verfahren wird nicht angeboten',
    description: 'Hallo,\n\nbeim Verbinden unseres Geschäftskontos bietet Tallyhaus nur chipTAN an. Wir nutzen aber pushTAN. Die Verbindung lässt sich so nicht einrichten.\n\nAndrea Hoffmann',
    searches: [['bankkonto verbinden', 2], ['pushtan', 0]],
    steps: [
      { h: 0.5, by: 'jonas.weber', do: 'take' },
      { h: 1, by: 'jonas.weber', do: 'reply', text: 'Hallo Frau Hoffmann,\n\nvielen Dank. Wir klären mit unserem Banking-Team, warum pushTAN nicht angeboten wird, und melden uns.\n\nViele Grüße\nJonas Weber' },
      { h: 1.2, by: 'jonas.weber', do: 'escalate', text: 'pushTAN wird beim Verbinden nicht angeboten.' },
      { h: 4, by: 'mara.keller', do: 'take' },
      { h: 4.5, by: 'mara.keller', do: 'note', text: 'Bank bietet pushTAN laut ihrer Website an. Im Verbindungsdialog nur chipTAN sichtbar.' },
      { h: 5, by: 'mara.keller', do: 'escalate', text: 'TAN-Verfahren der Bank unvollständig – bitte Banking prüfen.', level3: true },
    ],
  },
  {
    ago: [2, 7],
    name: 'Michael Evans',
    email: 'michael.evans@example.com',
    lang: 'en',
    category: 'account',
    subject: 'Lost phone, no recovery codes',
    description: 'My phone with the authenticator app was stolen and I never saved the recovery codes. I cannot log in at all now.',
    searches: [['two factor lost phone', 2]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 0.8, by: 'lena.fischer', do: 'link', article: 'two-factor-authentication' },
      { h: 1, by: 'lena.fischer', do: 'reply', text: 'Hello Michael,\n\nwe can reset two-factor authentication after an identity check. Please reply with a photo of an ID document and the invoice number of your last Tallyhaus invoice.\n\nKind regards\nLena Fischer' },
      { h: 1.1, by: 'lena.fischer', do: 'hold', text: 'Waiting for the identity check documents.' },
    ],
  },
  {
    ago: [1, 15],
    name: 'Sabine Krüger',
    email: 'sabine.krueger@example.com',
    lang: 'de',
    category: 'invoices',
    subject: 'Logo auf der Rechnung unscharf',
    description: 'Unser Logo sieht in der Vorschau gut aus, auf dem PDF der Rechnung ist es aber unscharf und pixelig.',
    searches: [['logo rechnung', 1]],
    steps: [
      { h: 1, by: 'jonas.weber', do: 'take' },
      { h: 1.5, by: 'jonas.weber', do: 'reply', text: 'Hallo Frau Krüger,\n\nin welchem Format und welcher Größe haben Sie das Logo hochgeladen? Am besten eignet sich eine SVG-Datei oder ein PNG mit mindestens 600 Pixel Breite. Gern können Sie uns die Datei auch schicken.\n\nViele Grüße\nJonas Weber' },
      { h: 9, by: 'customer', do: 'reply', text: 'Es ist ein JPG mit 200 Pixel Breite. Eine SVG-Datei habe ich nicht, ich frage unsere Agentur.' },
    ],
  },
  {
    ago: [1, 8],
    name: 'Frank Meyer',
    email: 'frank.meyer@example.com',
    lang: 'de',
    category: 'payments',
    subject: 'PayPal-Zahlungslink öffnet eine Fehlerseite',
    description: 'Seit heute Morgen öffnet der PayPal-Link in unseren Rechnungen nur eine Fehlerseite von PayPal. Kunden können so nicht zahlen.',
    searches: [['paypal', 1]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 0.8, by: 'lena.fischer', do: 'reply', text: 'Hallo Herr Meyer,\n\ndanke für den Hinweis. Wir prüfen die Verbindung zu PayPal und melden uns.\n\nViele Grüße\nLena Fischer' },
      { h: 1, by: 'lena.fischer', do: 'escalate', text: 'PayPal-Link führt auf Fehlerseite; Verbindung unter Zahlungsanbieter sieht aktiv aus.' },
      { h: 2, by: 'mara.keller', do: 'take' },
      { h: 2.5, by: 'mara.keller', do: 'note', text: 'PayPal-Händlerkonto meldet „Zugang widerrufen“ – vermutlich Freigabe im PayPal-Konto zurückgezogen. Rückfrage beim Kunden vorbereiten.' },
    ],
  },
  {
    ago: [1, 6],
    name: 'Hannah Scott',
    email: 'hannah.scott@example.com',
    lang: 'en',
    category: 'taxes',
    subject: 'VAT missing on invoice to Austrian customer',
    description: 'I invoiced a private customer in Austria and Tallyhaus did not add any VAT. Shouldn\'t it add Austrian or German VAT?',
    searches: [['vat austria', 0], ['vat reverse charge', 2]],
    steps: [],
  },
  {
    ago: [0, 5],
    name: 'Dirk Lehmann',
    email: 'dirk.lehmann@example.com',
    lang: 'de',
    category: 'account',
    subject: 'Kein Zugriff mehr – Kontoinhaber ausgeschieden',
    description: 'Unser Geschäftsführer, auf den das Tallyhaus-Konto läuft, ist ausgeschieden und nicht erreichbar. Wir brauchen heute Zugriff, um die Löhne zu überweisen. Wie übertragen wir das Konto?',
    searches: [['kontoinhaber wechseln', 0], ['konto übertragen', 0]],
    steps: [
      { h: 0.5, by: 'lena.fischer', do: 'take' },
      { h: 0.6, by: 'lena.fischer', do: 'priority', priority: 'urgent' },
    ],
  },
  {
    ago: [0, 3],
    name: 'Carina Schulz',
    email: 'carina.schulz@example.com',
    lang: 'de',
    category: 'export',
    subject: 'Welchen Zeitraum beim DATEV-Export wählen?',
    description: 'Meine Steuerberaterin möchte die Daten „quartalsweise“. Muss ich dann drei Monate einzeln exportieren oder geht das in einem Schritt?',
    searches: [['datev export', 2]],
    visit: false,
    steps: [],
  },
  {
    ago: [0, 1.5],
    name: 'Robert King',
    email: 'robert.king@example.com',
    lang: 'en',
    category: 'banking',
    subject: 'Bank asks for re-authorisation every day',
    description: 'Every morning the bank sync says I need to confirm the connection again. Is that normal? It used to be every 90 days.',
    searches: [['bank sync error', 2], ['reauthorise bank', 0]],
    steps: [],
  },
  {
    ago: [0, 0.6],
    name: 'Jürgen Bauer',
    email: 'juergen.bauer@example.com',
    lang: 'de',
    category: 'invoices',
    subject: 'Gutschrift statt Rechnung erstellen',
    description: 'Ich muss einem Kunden 150 € für eine Reklamation gutschreiben. Erstelle ich dafür eine Rechnung mit Minusbetrag?',
    searches: [['gutschrift', 2]],
    steps: [],
  },
];
