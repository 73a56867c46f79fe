/**
 * Demo data for a fresh installation: a few weeks of article views and searches, so that
 * "most viewed" and the search log show something on first start, and one staff account per
 * role with a known demo password. Deterministic, so every fresh demo looks the same. Never
 * run against a database that already has data.
 */
import { statement, type Db } from './db.ts';
import type { ArticleStore } from './articles.ts';
import { isPublicArticle } from './search.ts';
import { logSearch, recordArticleView } from './analytics.ts';
import { createUser, getUserByEmail, type NewUser, type User } from './users.ts';
import { isRoleActive, type DeskConfig, type DeskLevels } from './desk-config.ts';
import { takeCall, type CallInput, type CallLookups } from './calls.ts';
import type { Ticket } from './tickets.ts';
import { createTemplate, type AnswerTemplate, type TemplateInput } from './answer-templates.ts';
import type { TrainingStore } from './training.ts';
import { markPageRead, submitSelfCheck } from './training-progress.ts';

const DAY_MS = 86_400_000;

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEMO_SEARCHES: [string, 'de' | 'en', number][] = [
  ['passwort vergessen', 'de', 2],
  ['rechnung stornieren', 'de', 3],
  ['datev export', 'de', 2],
  ['bankabruf fehler', 'de', 2],
  ['reset password', 'en', 2],
  ['vat reverse charge', 'en', 2],
  ['invite tax advisor', 'en', 1],
  ['kassenbuch', 'de', 0],
  ['inventory management', 'en', 0],
];

/** Seeds views and searches of the last 28 days. Returns what it wrote. */
export function seedDemoData(db: Db, store: ArticleStore, now = Date.now()): { views: number; searches: number } {
  const next = random(42);
  const articles = store.all().filter(isPublicArticle);
  let views = 0;
  let searches = 0;
  db.transaction(() => {
    articles.forEach((article, index) => {
      // A few articles are read far more often than the rest, as in every help centre.
      const weight = index % 7 === 0 ? 12 : index % 3 === 0 ? 4 : 1;
      for (let day = 0; day < 28; day++) {
        const count = Math.floor(next() * weight * 3);
        for (let i = 0; i < count; i++) recordArticleView(db, article.slug, now - day * DAY_MS);
        views += count;
      }
    });
    for (let day = 0; day < 28; day++) {
      for (const [query, lang, resultCount] of DEMO_SEARCHES) {
        if (next() < 0.4) {
          logSearch(db, { query, lang, resultCount, source: 'page', at: now - day * DAY_MS - Math.floor(next() * DAY_MS) });
          searches++;
        }
      }
    }
  })();
  return { views, searches };
}

/**
 * The demo staff: one account per role (two at level 1: a trainee and an experienced agent).
 * The passwords are public (README) — for demonstrations only, never on a real installation.
 */
export const DEMO_ACCOUNTS: readonly NewUser[] = [
  { email: 'lena.fischer@tallyhaus.example', name: 'Lena Fischer', role: 'first_level', trainee: true, password: 'demo-first-level' },
  { email: 'jonas.weber@tallyhaus.example', name: 'Jonas Weber', role: 'first_level', password: 'demo-first-level-2' },
  { email: 'mara.keller@tallyhaus.example', name: 'Mara Keller', role: 'second_level', password: 'demo-second-level' },
  { email: 'deniz.aydin@tallyhaus.example', name: 'Deniz Aydin', role: 'third_level', areas: ['banking', 'export'], password: 'demo-third-level' },
  { email: 'sophie.wagner@tallyhaus.example', name: 'Sophie Wagner', role: 'admin', password: 'demo-admin-account' },
];

/**
 * The demo accounts for a desk with this many levels: with two levels (DESK_LEVELS=2) the
 * specialist Deniz Aydin is a second-level agent with the subject areas banking and export.
 */
export function demoAccountsFor(levels: DeskLevels): NewUser[] {
  return DEMO_ACCOUNTS.map((account) => (isRoleActive(account.role, levels) ? { ...account } : { ...account, role: 'second_level' as const }));
}

/** Creates the demo staff accounts (on an empty database only). Returns the accounts created. */
export async function seedDemoAccounts(db: Db, accounts: readonly NewUser[] = DEMO_ACCOUNTS, levels: DeskLevels = 3): Promise<User[]> {
  const created: User[] = [];
  for (const account of accounts) created.push(await createUser(db, account, { levels }));
  return created;
}

/** One demo call: who took it, how it ended, how long it took, and when (days ago, hour UTC). */
interface DemoCall {
  agent: string;
  daysAgo: number;
  hour: number;
  seconds: number;
  input: Omit<CallInput, 'handlingSeconds'>;
}

const DEMO_CALLS: readonly DemoCall[] = [
  { agent: 'jonas.weber', daysAgo: 13, hour: 8.5, seconds: 185, input: { outcome: 'solved', name: 'Petra Schulze', email: 'petra.schulze@example.com', lang: 'de', category: 'account', question: 'Passwort vergessen, die Mail zum Zurücksetzen kommt nicht an.', solution: 'Spam-Ordner geprüft, Link neu angefordert – Anmeldung klappt wieder.', articleSlug: 'passwort-zuruecksetzen' } },
  { agent: 'lena.fischer', daysAgo: 12, hour: 9.25, seconds: 412, input: { outcome: 'solved', name: 'Tom Becker', email: '', lang: 'de', category: 'account', question: 'Konto nach mehreren Fehlversuchen gesperrt.', solution: 'Erklärt: 30 Minuten warten oder Passwort zurücksetzen.', articleSlug: 'konto-gesperrt-nach-fehlversuchen' } },
  { agent: 'jonas.weber', daysAgo: 11, hour: 10, seconds: 96, input: { outcome: 'solved', name: 'Sarah Miller', email: 'sarah.miller@example.com', lang: 'en', category: 'account', question: 'How do I reset my password?', solution: '', articleSlug: 'reset-password' } },
  { agent: 'jonas.weber', daysAgo: 10, hour: 14, seconds: 540, input: { outcome: 'escalated', name: 'Uwe Krämer', email: 'uwe.kraemer@example.com', lang: 'de', category: 'banking', question: 'Bankabruf meldet seit gestern „Zugang gesperrt“, obwohl Online-Banking geht.', reason: 'Fehlercode passt zu keinem Artikel; Bank-Logs nötig.' } },
  { agent: 'lena.fischer', daysAgo: 9, hour: 11, seconds: 265, input: { outcome: 'solved', name: 'Anna Wolf', email: 'anna.wolf@example.com', lang: 'de', category: 'invoices', question: 'Versendete Rechnung hat einen Tippfehler in der Adresse.', solution: 'Stornorechnung und korrigierte Rechnung erklärt.', articleSlug: 'rechnung-korrigieren-stornorechnung' } },
  { agent: 'mara.keller', daysAgo: 8, hour: 15, seconds: 780, input: { outcome: 'ticket', name: 'Jan de Vries', email: 'jan.devries@example.com', lang: 'en', category: 'taxes', question: 'Reverse charge is not applied to my Dutch customer.', solution: '' } },
  { agent: 'jonas.weber', daysAgo: 7, hour: 9, seconds: 150, input: { outcome: 'solved', name: 'Laura Chen', email: 'laura.chen@example.com', lang: 'en', category: 'users', question: 'How can my accountant get access?', solution: 'Invite them as a user with the accountant role.', articleSlug: 'invite-users' } },
  { agent: 'lena.fischer', daysAgo: 6, hour: 13.5, seconds: 620, input: { outcome: 'ticket', name: 'Heike Brandt', email: 'heike.brandt@example.com', lang: 'de', category: 'payments', question: 'SEPA-Lastschrift wird von der Bank zurückgewiesen.', solution: '' } },
  { agent: 'jonas.weber', daysAgo: 5, hour: 10.5, seconds: 205, input: { outcome: 'solved', name: 'Markus Roth', email: '', lang: 'de', category: 'export', question: 'Wie erstelle ich den DATEV-Export für meinen Steuerberater?', solution: 'Export unter Berichte → DATEV gezeigt.', articleSlug: 'datev-export-erstellen' } },
  { agent: 'mara.keller', daysAgo: 4, hour: 16, seconds: 330, input: { outcome: 'solved', name: 'Olivia Grant', email: 'olivia.grant@example.com', lang: 'en', category: 'payments', question: 'Can reminders be sent automatically?', solution: 'Set up dunning levels once; reminders then go out by themselves.', articleSlug: 'payment-reminders-and-dunning' } },
  { agent: 'jonas.weber', daysAgo: 3, hour: 8, seconds: 130, input: { outcome: 'solved', name: 'Felix Hahn', email: 'felix.hahn@example.com', lang: 'de', category: 'account', question: 'Handy mit der Authenticator-App verloren.', solution: 'Anmeldung mit Wiederherstellungscode, 2FA neu eingerichtet.', articleSlug: 'zwei-faktor-authentifizierung' } },
  { agent: 'lena.fischer', daysAgo: 2, hour: 12, seconds: 890, input: { outcome: 'escalated', name: 'Nina Kovac', email: 'nina.kovac@example.com', lang: 'en', category: 'export', question: 'The DATEV export stops with an encoding error.', reason: 'Error not documented; needs export logs.' } },
  { agent: 'jonas.weber', daysAgo: 1, hour: 9.75, seconds: 240, input: { outcome: 'ticket', name: 'Stefan Lang', email: 'stefan.lang@example.com', lang: 'de', category: 'invoices', question: 'Rechnungsnummern springen nach dem Import wieder auf 1.', solution: '' } },
  { agent: 'jonas.weber', daysAgo: 0, hour: 8.25, seconds: 175, input: { outcome: 'solved', name: 'Emma Davis', email: 'emma.davis@example.com', lang: 'en', category: 'banking', question: 'The bank sync shows error 401.', solution: 'Re-authorised the bank connection.', articleSlug: 'bank-sync-error-messages' } },
];

/**
 * Demo phone calls of the last two weeks (solved on the call, opened as tickets, escalated),
 * taken by the demo agents with realistic handling times, so the desk and the call measures
 * show something. Uses the same code path as the call page; the e-mails these calls would
 * send to the (example.com) callers are removed from the outbox. Articles missing from the
 * content are left out. Returns the tickets created.
 */
export function seedDemoCalls(db: Db, store: ArticleStore, config: DeskConfig, now = Date.now()): Ticket[] {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const lookups: CallLookups = { article: (slug) => store.get(slug), isCategory: (key) => store.categories().some((category) => category.key === key) };
  const tickets: Ticket[] = [];
  for (const call of DEMO_CALLS) {
    const agent = getUserByEmail(db, `${call.agent}@tallyhaus.example`);
    if (!agent) continue;
    const at = Math.min(now - 60_000, today - call.daysAgo * 86_400_000 + call.hour * 3_600_000);
    const article = call.input.articleSlug ? store.get(call.input.articleSlug) : null;
    const input: CallInput = { ...call.input, articleSlug: article && isPublicArticle(article) ? call.input.articleSlug : '', handlingSeconds: call.seconds };
    if (input.outcome === 'solved' && !input.articleSlug && !input.solution) input.solution = 'Explained on the phone.';
    const { ticket } = takeCall(db, { id: agent.id, role: agent.role, areas: agent.areas }, input, lookups, config, at, () => 0);
    statement(db, 'DELETE FROM outbox WHERE ticket_id = ?').run(ticket.id);
    tickets.push(ticket);
  }
  return tickets;
}

/**
 * The demo standard answers: the most common questions of the demo articles, in German and
 * English, each standing for its public article (so inserting one records the reuse).
 */
export const DEMO_TEMPLATES: readonly TemplateInput[] = [
  {
    title: 'Passwort zurücksetzen',
    lang: 'de',
    articleSlug: 'passwort-zuruecksetzen',
    body: 'Hallo {customer_name},\n\nüber „Passwort vergessen?“ auf der Anmeldeseite erhalten Sie einen Link, mit dem Sie ein neues Passwort vergeben. Der Link ist 60 Minuten gültig; bitte sehen Sie auch im Spam-Ordner nach.\n\nSchritt für Schritt: {article_link}\n\nViele Grüße\n{agent_name}\nTallyhaus Support ({ticket_reference})',
  },
  {
    title: 'Reset your password',
    lang: 'en',
    articleSlug: 'reset-password',
    body: 'Hello {customer_name},\n\nUse "Forgot password?" on the log-in page and we will e-mail you a link to choose a new password. The link is valid for 60 minutes; please also check your spam folder.\n\nStep by step: {article_link}\n\nKind regards\n{agent_name}\nTallyhaus Support ({ticket_reference})',
  },
  {
    title: 'Konto gesperrt nach Fehlversuchen',
    lang: 'de',
    articleSlug: 'konto-gesperrt-nach-fehlversuchen',
    body: 'Hallo {customer_name},\n\nnach mehreren falschen Passworteingaben wird Ihr Konto zu Ihrem Schutz vorübergehend gesperrt. Warten Sie bitte 30 Minuten oder setzen Sie Ihr Passwort zurück, dann können Sie sich wieder anmelden.\n\nMehr dazu: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Account locked / cannot log in',
    lang: 'en',
    articleSlug: 'cant-log-in',
    body: 'Hello {customer_name},\n\nAfter several wrong passwords your account is locked for a while to protect it. Please wait 30 minutes or reset your password; the most common causes and their fixes are here: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Zwei-Faktor: Handy verloren',
    lang: 'de',
    articleSlug: 'zwei-faktor-authentifizierung',
    body: 'Hallo {customer_name},\n\nwenn Ihr Handy mit der Authenticator-App verloren ist, melden Sie sich bitte mit einem Ihrer Wiederherstellungscodes an und richten Sie die Zwei-Faktor-Anmeldung neu ein. Haben Sie keine Codes mehr, setzen wir die Zwei-Faktor-Anmeldung nach einer Identitätsprüfung zurück – antworten Sie dazu einfach auf diese Nachricht.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Two-factor: lost phone',
    lang: 'en',
    articleSlug: 'two-factor-authentication',
    body: 'Hello {customer_name},\n\nIf you lost the phone with your authenticator app, please log in with one of your recovery codes and set up two-factor authentication again. Without recovery codes we reset two-factor authentication after an identity check — just reply to this message.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Versendete Rechnung korrigieren (Stornorechnung)',
    lang: 'de',
    articleSlug: 'rechnung-korrigieren-stornorechnung',
    body: 'Hallo {customer_name},\n\neine bereits versendete Rechnung darf nicht mehr geändert werden. Erstellen Sie stattdessen eine Stornorechnung und danach eine neue, korrigierte Rechnung – beides geht mit einem Klick unter „Rechnung korrigieren“.\n\nSo geht es: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Correct a sent invoice (cancellation)',
    lang: 'en',
    articleSlug: 'correct-a-sent-invoice',
    body: 'Hello {customer_name},\n\nAn invoice that has been sent can no longer be changed. Instead, create a cancellation invoice and then a new, corrected invoice — "Correct invoice" does both in one step.\n\nHow it works: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Zahlungserinnerungen und Mahnungen',
    lang: 'de',
    articleSlug: 'zahlungserinnerungen-und-mahnungen',
    body: 'Hallo {customer_name},\n\nZahlungserinnerungen und Mahnungen lassen sich unter Einstellungen → Mahnwesen automatisch versenden: Sie legen die Stufen, Fristen und Texte einmal fest.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Payment reminders and dunning',
    lang: 'en',
    articleSlug: 'payment-reminders-and-dunning',
    body: 'Hello {customer_name},\n\nPayment reminders and dunning letters can be sent automatically under Settings → Dunning: you define the levels, deadlines and texts once.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'SEPA-Lastschriftmandat',
    lang: 'de',
    articleSlug: 'sepa-lastschrift-einrichten',
    body: 'Hallo {customer_name},\n\nfür den Einzug per SEPA-Lastschrift brauchen Sie eine Gläubiger-ID und von jedem Kunden ein unterschriebenes Lastschriftmandat. Beides hinterlegen Sie in Tallyhaus, danach werden fällige Rechnungen eingezogen.\n\nAlle Schritte: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'SEPA direct debit mandate',
    lang: 'en',
    articleSlug: 'sepa-direct-debit',
    body: 'Hello {customer_name},\n\nTo collect by SEPA direct debit you need a creditor ID and a signed mandate from each customer. Store both in Tallyhaus and due invoices are collected.\n\nAll steps: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Fehler beim Bankabruf',
    lang: 'de',
    articleSlug: 'fehlermeldungen-beim-bankabruf',
    body: 'Hallo {customer_name},\n\ndie meisten Fehler beim Bankabruf lösen sich, wenn Sie die Verbindung zur Bank unter Bankkonten → Verbindung erneuern neu bestätigen (z. B. nach einer neuen PSD2-Freigabe). Die Fehlermeldungen und ihre Lösung finden Sie hier: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Bank sync errors',
    lang: 'en',
    articleSlug: 'bank-sync-error-messages',
    body: 'Hello {customer_name},\n\nMost bank sync errors are solved by confirming the bank connection again under Bank accounts → Renew connection (for example after a new PSD2 consent). The error messages and their fixes: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'DATEV-Export',
    lang: 'de',
    articleSlug: 'datev-export-erstellen',
    body: 'Hallo {customer_name},\n\nden DATEV-Export für Ihre Steuerberatung erstellen Sie unter Export → DATEV; wählen Sie den Zeitraum und prüfen Sie Berater- und Mandantennummer.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'DATEV export',
    lang: 'en',
    articleSlug: 'datev-export',
    body: 'Hello {customer_name},\n\nCreate the DATEV export for your tax advisor under Export → DATEV; choose the period and check the advisor and client numbers.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Benutzer und Steuerberatung einladen',
    lang: 'de',
    articleSlug: 'benutzer-einladen',
    body: 'Hallo {customer_name},\n\nunter Einstellungen → Benutzer laden Sie Kolleginnen, Kollegen und Ihre Steuerberatung per E-Mail ein und legen ihre Rolle fest.\n\nSo geht es: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Invite users and your tax advisor',
    lang: 'en',
    articleSlug: 'invite-users',
    body: 'Hello {customer_name},\n\nUnder Settings → Users you invite colleagues and your tax advisor by e-mail and choose their role.\n\nHow it works: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Reverse Charge für EU-Kunden',
    lang: 'de',
    articleSlug: 'reverse-charge-eu-kunden',
    body: 'Hallo {customer_name},\n\nbei Firmenkunden in einem anderen EU-Land mit gültiger USt-IdNr. stellen Sie netto mit dem Hinweis auf die Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) aus. Wählen Sie dazu beim Kunden den Steuerfall „Reverse Charge“.\n\nDetails: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'VAT reverse charge for EU customers',
    lang: 'en',
    articleSlug: 'reverse-charge-for-eu-customers',
    body: 'Hello {customer_name},\n\nFor business customers in another EU country with a valid VAT ID you invoice net, with the reverse-charge note. Choose the tax case "Reverse charge" on the customer.\n\nDetails: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Rückfrage: weitere Angaben nötig',
    lang: 'de',
    articleSlug: null,
    body: 'Hallo {customer_name},\n\nvielen Dank für Ihre Nachricht. Damit wir Ihnen schnell helfen können, schicken Sie uns bitte einen Screenshot der Fehlermeldung und beschreiben Sie, was Sie zuvor getan haben.\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Follow-up: more details needed',
    lang: 'en',
    articleSlug: null,
    body: 'Hello {customer_name},\n\nThank you for your message. So that we can help you quickly, please send us a screenshot of the error message and describe what you did just before.\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
];

/**
 * Creates the demo standard answers (on an empty database only). Templates whose article is
 * missing from the content folder are saved without the article link line. Returns them.
 */
export function seedDemoTemplates(db: Db, store: ArticleStore, templates: readonly TemplateInput[] = DEMO_TEMPLATES, userId: number | null = null): AnswerTemplate[] {
  const find = (slug: string) => store.get(slug) ?? null;
  return db.transaction(() =>
    templates.map((template) => {
      const article = template.articleSlug ? find(template.articleSlug) : null;
      const usable = article && isPublicArticle(article);
      const input = usable ? template : { ...template, articleSlug: null, body: template.body.replace(/[^\n]*\{article_link\}[^\n]*\n*/g, '') };
      return createTemplate(db, input, userId, find);
    }),
  )();
}

/**
 * Demo training progress for the demo trainee (lena.fischer): the first module partly done —
 * two pages read with their self-checks passed (one after a failed try), the third read with a
 * failed self-check — and the product overview read. Pages missing from the content folder are
 * left out. Returns the number of pages touched.
 */
export function seedDemoTraining(db: Db, training: TrainingStore, userId: number, now = Date.now()): number {
  const steps: { key: string; daysAgo: number; attempts: boolean[] }[] = [
    { key: 'support-levels', daysAgo: 5, attempts: [false, true] },
    { key: 'search-first', daysAgo: 4, attempts: [true] },
    { key: 'writing', daysAgo: 2, attempts: [false] },
    { key: 'product-areas', daysAgo: 1, attempts: [] },
  ];
  let touched = 0;
  db.transaction(() => {
    for (const step of steps) {
      const page = training.all().find((candidate) => candidate.translationKey === step.key && candidate.lang === 'de');
      if (!page) continue;
      const at = now - step.daysAgo * DAY_MS;
      markPageRead(db, userId, page.translationKey, at);
      step.attempts.forEach((pass, index) => {
        // A right attempt chooses exactly the right options; a wrong one the first wrong option of every question.
        const values = page.selfCheck.flatMap((question, q) =>
          pass
            ? question.options.flatMap((option, o) => (option.correct ? [`${q}:${o}`] : []))
            : [`${q}:${question.options.findIndex((option) => !option.correct)}`],
        );
        submitSelfCheck(db, userId, page, values, at + (index + 1) * 600_000);
      });
      touched++;
    }
  })();
  return touched;
}
