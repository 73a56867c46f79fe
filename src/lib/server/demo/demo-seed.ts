/**
 * Demo data for a fresh installation: a few weeks of article views and searches, so that
 * "most viewed" and the search log show something on first start, and one staff account per
 * role with a known demo password. Deterministic, so every fresh demo looks the same. Never
 * run against a database that already has data.
 */
import { statement, type Db } from '../platform/db.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { logSearch, logSearchClick, recordArticleView } from '../search/analytics.ts';
import { recordDeflection } from '../desk/deflections.ts';
import { createUser, getUserByEmail, type NewUser, type User } from '../accounts/users.ts';
import { isRoleActive, type DeskConfig, type DeskLevels } from '../desk/desk-config.ts';
import { takeCall, type CallInput, type CallLookups } from '../calls/calls.ts';
import { addCustomerReply } from '../desk/add-customer-reply.ts';
import { addNote } from '../desk/add-note.ts';
import { closeSolvedTickets } from '../desk/close-solved-tickets.ts';
import { createTicket } from '../desk/create-ticket.ts';
import { escalateTicket } from '../desk/escalate-ticket.ts';
import { getTicket } from '../desk/ticket-lookup.ts';
import { handBackTicket } from '../desk/hand-back-ticket.ts';
import { linkArticle } from '../desk/link-article.ts';
import { putOnHold } from '../desk/put-on-hold.ts';
import { replyToCustomer } from '../desk/reply-to-customer.ts';
import { setPriority } from '../desk/set-priority.ts';
import { solveTicket } from '../desk/solve-ticket.ts';
import { takeTicket } from '../desk/take-ticket.ts';
import type { Actor, Ticket } from '../desk/types.ts';
import { DEMO_TICKETS, type DemoAgent, type DemoStep } from './demo-ticket-stories.ts';
import type { Lang } from '../../languages.ts';
import { createTemplate, type AnswerTemplate, type TemplateInput } from '../desk/answer-templates.ts';
import type { TrainingStore } from '../training/training.ts';
import { markPageRead, submitSelfCheck } from '../training/training-progress.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

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

/** A visit id in the browser's format (32 lower-case hex digits, see visits.ts), from the seeded generator. */
function demoVisitId(next: () => number): string {
  let id = '';
  for (let i = 0; i < 4; i++) id += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
  return id;
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

/**
 * Seeds views and searches of the last 28 days; most searches come from a browser with
 * JavaScript and so belong to a visit (one visit each). Returns what it wrote.
 */
export function seedDemoData(db: Db, store: ArticleStore, now = Date.now()): { views: number; searches: number } {
  const next = random(42);
  // A generator of its own for the visit ids, so the views and searches stay as they were.
  const visits = random(7);
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
          const visitId = visits() < 0.8 ? demoVisitId(visits) : null;
          logSearch(db, { query, lang, resultCount, source: 'page', visitId, at: now - day * DAY_MS - Math.floor(next() * DAY_MS) });
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
export function seedDemoCalls(db: Db, store: ArticleStore, config: DeskConfig, now = Date.now()): Ticket[] {
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  const lookups: CallLookups = { article: (slug) => store.get(slug), isCategory: (key) => store.categories().some((category) => category.key === key) };
  const tickets: Ticket[] = [];
  for (const call of DEMO_CALLS) {
    const agent = getUserByEmail(db, `${call.agent}@tallyhaus.example`);
    // Only where it fits the content: a knowledge base without this category gets no such call.
    if (!agent || !lookups.isCategory(String(call.input.category))) continue;
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

/** A demo search topic: the query, its language, how many results it finds, the result most readers open (null: nothing found), and what a reader types as the subject on the ticket form. */
const DEMO_TOPICS: readonly [string, Lang, number, string | null, string | null][] = [
  ['rechnung stornieren', 'de', 3, 'rechnung-korrigieren-stornorechnung', 'Rechnung falsch verschickt'],
  ['passwort vergessen', 'de', 2, 'passwort-zuruecksetzen', 'Passwort vergessen'],
  ['datev export', 'de', 2, 'datev-export-erstellen', 'DATEV Export für Steuerberater'],
  ['bankabruf fehler', 'de', 2, 'fehlermeldungen-beim-bankabruf', 'Bankabruf geht nicht'],
  ['mahnung automatisch', 'de', 2, 'zahlungserinnerungen-und-mahnungen', 'Mahnungen automatisch verschicken'],
  ['sepa lastschrift', 'de', 3, 'sepa-lastschrift-einrichten', 'Lastschrift einrichten'],
  ['zahlung zuordnen', 'de', 2, 'zahlungen-zuordnen', 'Zahlung wird nicht zugeordnet'],
  ['benutzer einladen', 'de', 2, 'benutzer-einladen', 'Steuerberater Zugang geben'],
  ['reset password', 'en', 2, 'reset-password', 'Cannot reset my password'],
  ['vat reverse charge', 'en', 2, 'reverse-charge-for-eu-customers', 'Reverse charge for EU customer'],
  ['invite tax advisor', 'en', 1, 'invite-users', 'Access for my accountant'],
  ['bank sync error', 'en', 2, 'bank-sync-error-messages', 'Bank sync error'],
  ['mark invoice paid', 'en', 2, 'mark-an-invoice-as-paid', 'Invoice paid in cash'],
  ['export csv', 'en', 2, 'export-data-as-csv', 'Export my data'],
  ['two factor lost phone', 'en', 2, 'two-factor-authentication', 'Lost phone with authenticator'],
  ['kassenbuch', 'de', 0, null, null],
  ['lohnabrechnung', 'de', 0, null, null],
  ['inventory management', 'en', 0, null, null],
];

/**
 * Demo visits of the last 28 days (random 128-bit visit ids like the browser's): each searches
 * a topic of the demo articles; most open a result, some go on to the ticket form and
 * say "This answered my question" there, the rest leave. Written through the same functions as
 * the site's (logSearch, logSearchClick, recordDeflection), so the insights summaries match.
 * Deterministic. Returns the number of visits, result clicks and deflections.
 */
export function seedDemoVisits(db: Db, store: ArticleStore, now = Date.now()): { visits: number; clicks: number; deflections: number } {
  const next = random(4242);
  const usable = (slug: string | null): string | null => {
    const article = slug ? store.get(slug) : undefined;
    return article && isPublicArticle(article) ? article.slug : null;
  };
  const counts = { visits: 0, clicks: 0, deflections: 0 };
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  db.transaction(() => {
    for (let day = 27; day >= 0; day--) {
      // Within the (UTC) day, and started at least 45 minutes ago, so everything the visit does lies in the past.
      const start = today - day * DAY_MS;
      const length = Math.min(DAY_MS, now - 45 * MINUTE_MS - start);
      const visits = 4 + Math.floor(next() * 7);
      for (let v = 0; v < visits; v++) {
        const [query, lang, resultCount, slug, formQuery] = DEMO_TOPICS[Math.floor(next() * DEMO_TOPICS.length)];
        const visitId = demoVisitId(next);
        const at = start + Math.floor(next() * length);
        if (length <= 0) continue;
        logSearch(db, { query, lang, resultCount, source: next() < 0.6 ? 'page' : 'instant', visitId, at });
        counts.visits++;
        const article = usable(slug);
        const outcome = next();
        if (article && outcome < 0.62) {
          const clickedAt = at + (1 + Math.floor(next() * 4)) * MINUTE_MS;
          logSearchClick(db, { query, slug: article, lang, visitId, at: clickedAt });
          recordArticleView(db, article, clickedAt);
          counts.clicks++;
        } else if (article && formQuery && outcome < 0.78) {
          // On the ticket form: the subject brings up the article, which answers the question.
          logSearch(db, { query: formQuery, lang, resultCount: Math.max(1, resultCount), source: 'ticket-form', visitId, at: at + 3 * MINUTE_MS });
          recordDeflection(db, { query: formQuery, articleSlug: article, lang, visitId, at: at + 5 * MINUTE_MS });
          counts.deflections++;
        }
      }
    }
  })();
  return counts;
}

/** What seedDemoTickets wrote. */
export interface DemoTicketsResult {
  /** The demo web tickets as they are now, oldest first. */
  tickets: Ticket[];
  escalatedTo2: number;
  escalatedTo3: number;
}

/**
 * Demo web tickets of the last four weeks (demo-ticket-stories.ts), in German and English,
 * played through the desk's own functions at their times in the past: created from the form
 * (most with a visit that searched first), taken, answered, put on hold, escalated 1 → 2 and
 * 2 → 3 with the specialist's advice and hand-back, handed back 2 → 1, solved with summaries
 * and linked articles, and closed by the usual auto-close. Some are new, two overdue. With
 * DESK_LEVELS=2 the level-3 steps are left out (the specialist works at level 2). No demo
 * e-mail is kept: the outbox entries of these tickets are removed. Steps by a missing demo
 * account end that ticket's story; articles missing from the content are not linked.
 */
export function seedDemoTickets(db: Db, store: ArticleStore, config: DeskConfig, now = Date.now()): DemoTicketsResult {
  const next = random(2026);
  const visitIds = random(1128);
  const actors = new Map<DemoAgent, Actor>();
  for (const key of ['jonas.weber', 'lena.fischer', 'mara.keller', 'deniz.aydin'] as const) {
    const user = getUserByEmail(db, `${key}@tallyhaus.example`);
    if (user) actors.set(key, { id: user.id, role: user.role, areas: user.areas });
  }
  const usable = (slug: string | undefined): string | null => {
    const article = slug ? store.get(slug) : undefined;
    return article && isPublicArticle(article) ? article.slug : null;
  };
  const openedAt = (ago: [number, number]): number => now - ago[0] * DAY_MS - ago[1] * HOUR_MS;
  const stories = [...DEMO_TICKETS].sort((a, b) => openedAt(a.ago) - openedAt(b.ago));
  const ids: number[] = [];

  const play = (ticket: Ticket, token: string, step: DemoStep, at: number): Ticket | null => {
    if (step.by === 'customer') return addCustomerReply(db, { token, body: step.text, now: at });
    const actor = actors.get(step.by);
    if (!actor) return null;
    const { id, version } = ticket;
    switch (step.do) {
      case 'take':
        return takeTicket(db, { ticketId: id, actor, expectedVersion: version, config, now: at });
      case 'reply':
        return replyToCustomer(db, { ticketId: id, actor, body: step.text, expectedVersion: version, config, now: at });
      case 'note':
        return addNote(db, { ticketId: id, actor, body: step.text, expectedVersion: version, config, now: at });
      case 'hold':
        return putOnHold(db, { ticketId: id, actor, reason: step.text, expectedVersion: version, config, now: at });
      case 'escalate':
        return escalateTicket(db, { ticketId: id, actor, reason: step.text, expectedVersion: version, config, now: at, random: next });
      case 'handBack':
        return handBackTicket(db, { ticketId: id, actor, guidance: step.text, expectedVersion: version, config, now: at, random: next });
      case 'priority':
        return setPriority(db, { ticketId: id, actor, priority: step.priority, expectedVersion: version, config, now: at });
      case 'link': {
        const slug = usable(step.article);
        return slug ? linkArticle(db, { ticketId: id, actor, articleSlug: slug, expectedVersion: version, config, now: at }) : ticket;
      }
      case 'solve': {
        const articleSlug = usable(step.article);
        const summary = step.text ?? (articleSlug ? null : 'Solved as described in the replies.');
        return solveTicket(db, { ticketId: id, actor, summary, articleSlug, expectedVersion: version, config, now: at });
      }
    }
  };

  // Only where it fits the content: stories in categories the knowledge base lacks are left out.
  const categories = new Set(store.categories().map((category) => category.key));
  db.transaction(() => {
    for (const story of stories) {
      if (!categories.has(story.category)) continue;
      const opened = openedAt(story.ago);
      const visitId = story.visit === false ? undefined : demoVisitId(visitIds);
      story.searches.forEach(([query, resultCount], index) => {
        const at = opened - (story.searches.length - index + 1) * 2 * MINUTE_MS;
        logSearch(db, { query, lang: story.lang, resultCount, source: 'page', visitId: visitId ?? null, at });
      });
      const created = createTicket(db, { input: {
          name: story.name,
          email: story.email,
          subject: story.subject,
          description: story.description,
          category: story.category,
          lang: story.lang,
          sourceQuery: story.searches.at(-1)?.[0],
          visitId,
        }, config, now: opened, random: next }
      );
      let ticket: Ticket | null = created.ticket;
      for (const step of story.steps) {
        const at = opened + step.h * HOUR_MS;
        if (at > now - MINUTE_MS) break;
        if ('level3' in step && step.level3 && config.levels === 2) continue;
        ticket = play(ticket, created.token, step, at);
        if (!ticket) break;
      }
      ids.push(created.ticket.id);
      // No demo mail is ever sent (the addresses are @example.com anyway).
      statement(db, 'DELETE FROM outbox WHERE ticket_id = ?').run(created.ticket.id);
    }
    // The desk closes solved tickets after AUTO_CLOSE_DAYS; replay that once a day, at 02:00 UTC.
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    for (let day = 28; day >= 0; day--) {
      const at = today - day * DAY_MS + 2 * HOUR_MS;
      if (at < now) closeSolvedTickets(db, config, at);
    }
  })();

  const escalated = (to: string): number =>
    (
      statement(db, `SELECT COUNT(*) AS n FROM ticket_events WHERE type = 'escalated' AND to_value = ? AND ticket_id IN (SELECT value FROM json_each(?))`).get(
        to,
        JSON.stringify(ids),
      ) as { n: number }
    ).n;
  return { tickets: ids.map((id) => getTicket(db, id)!), escalatedTo2: escalated('2'), escalatedTo3: escalated('3') };
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
    body: 'Hallo {customer_name},\n\nnach mehreren falschen Passworteingaben wird Ihr Konto zu Ihrem Schutz vorübergehend gesperrt. Warten Sie bitte 15 Minuten (ohne weitere Versuche) oder setzen Sie Ihr Passwort zurück, dann können Sie sich wieder anmelden.\n\nMehr dazu: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Account locked / cannot log in',
    lang: 'en',
    articleSlug: 'cant-log-in',
    body: 'Hello {customer_name},\n\nAfter several wrong passwords your account is locked for a while to protect it. Please wait 15 minutes without trying again, or reset your password; the most common causes and their fixes are here: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
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
