/**
 * Demo phone calls of the last two weeks, played through the call desk's own takeCall. No demo
 * e-mail is kept, and calls whose category or article the content lacks are left out.
 */
import type { Database } from '../platform/database/connect.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { getUserCredentials } from '../accounts/users.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { takeCall, type CallInput, type CallLookups } from '../calls/calls.ts';
import type { Ticket } from '../desk/types.ts';

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
  { agent: 'lena.fischer', daysAgo: 12, hour: 9.25, seconds: 412, input: { outcome: 'solved', name: 'Tom Becker', email: '', lang: 'de', category: 'account', question: 'Konto nach mehreren Fehlversuchen gesperrt.', solution: 'Erklärt: 15 Minuten warten oder Passwort zurücksetzen.', articleSlug: 'konto-gesperrt-nach-fehlversuchen' } },
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
 * content are left out, and so are calls whose category the knowledge base lacks (your own
 * knowledge base right after `npm run import`). Returns the tickets created.
 */
export async function seedDemoCalls(database: Database, store: ArticleStore, config: DeskConfig, now = Date.now()): Promise<Ticket[]> {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const lookups: CallLookups = { article: (slug) => store.get(slug), isCategory: (key) => store.categories().some((category) => category.key === key) };
  const tickets: Ticket[] = [];
  for (const call of DEMO_CALLS) {
    const agent = (await getUserCredentials(database, `${call.agent}@tallyhaus.example`))?.user;
    // Only where it fits the content: a knowledge base without this category gets no such call.
    if (!agent || !lookups.isCategory(String(call.input.category))) continue;
    const at = Math.min(now - 60_000, today - call.daysAgo * 86_400_000 + call.hour * 3_600_000);
    const article = call.input.articleSlug ? store.get(call.input.articleSlug) : null;
    const input: CallInput = { ...call.input, articleSlug: article && isPublicArticle(article) ? call.input.articleSlug : '', handlingSeconds: call.seconds };
    if (input.outcome === 'solved' && !input.articleSlug && !input.solution) input.solution = 'Explained on the phone.';
    const { ticket } = await takeCall(database, { id: agent.id, role: agent.role, areas: agent.areas }, input, lookups, config, at, () => 0);
    await database.kysely.deleteFrom('outbox').where('ticket_id', '=', ticket.id).execute();
    tickets.push(ticket);
  }
  return tickets;
}
