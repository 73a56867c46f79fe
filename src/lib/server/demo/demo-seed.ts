/**
 * The demo web tickets of the last four weeks: the runner that plays demo-ticket-stories.ts
 * through the desk's own commands at their times in the past. The other demo data lives beside
 * it (demo-accounts, demo-visits, demo-calls, demo-templates, demo-training). Deterministic,
 * never run against a database that already has data, and no demo e-mail is kept.
 */
import type { Database } from '../platform/database/connect.ts';
import type { ArticleStore } from '../knowledge/articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { logSearch } from '../search/analytics.ts';
import { getUserCredentials } from '../accounts/users.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import { addCustomerReply } from '../desk/add-customer-reply.ts';
import { addNote } from '../desk/add-note.ts';
import { closeSolvedTickets } from '../desk/close-solved-tickets.ts';
import { createTicket } from '../desk/create-ticket.ts';
import { escalateTicket } from '../desk/escalate-ticket.ts';
import { getTicket } from '../desk/ticket-lookup.ts';
import { handBackTicket } from '../desk/hand-back-ticket.ts';
import { linkArticle } from '../desk/link-article.ts';
import { acceptAdvice } from '../desk/accept-advice.ts';
import { adviseConsultation } from '../desk/advise-consultation.ts';
import { consultSpecialist } from '../desk/consult-specialist.ts';
import { putOnHold } from '../desk/put-on-hold.ts';
import { replyToCustomer } from '../desk/reply-to-customer.ts';
import { setPriority } from '../desk/set-priority.ts';
import { solveTicket } from '../desk/solve-ticket.ts';
import { takeTicket } from '../desk/take-ticket.ts';
import type { Actor, Ticket } from '../desk/types.ts';
import { DEMO_TICKETS, type DemoAgent, type DemoStep } from './demo-ticket-stories.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, demoVisitId, random } from './demo-random.ts';

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
 * 2 → 3 with the specialist's advice and hand-back, level 2 consulting the specialist (advised,
 * accepted, and one still waiting for advice), handed back 2 → 1, solved with summaries
 * and linked articles, and closed by the usual auto-close. Some are new, two overdue. With
 * DESK_LEVELS=2 the level-3 steps are left out (the specialist works at level 2). No demo
 * e-mail is kept: the outbox entries of these tickets are removed. Steps by a missing demo
 * account end that ticket's story; articles missing from the content are not linked.
 */
export async function seedDemoTickets(database: Database, store: ArticleStore, config: DeskConfig, now = Date.now()): Promise<DemoTicketsResult> {
  const next = random(2026);
  const visitIds = random(1128);
  const actors = new Map<DemoAgent, Actor>();
  for (const key of ['jonas.weber', 'lena.fischer', 'mara.keller', 'deniz.aydin'] as const) {
    const user = (await getUserCredentials(database, `${key}@tallyhaus.example`))?.user;
    if (user) actors.set(key, { id: user.id, role: user.role, areas: user.areas });
  }
  const usable = (slug: string | undefined): string | null => {
    const article = slug ? store.get(slug) : undefined;
    return article && isPublicArticle(article) ? article.slug : null;
  };
  const openedAt = (ago: [number, number]): number => now - ago[0] * DAY_MS - ago[1] * HOUR_MS;
  const stories = [...DEMO_TICKETS].sort((a, b) => openedAt(a.ago) - openedAt(b.ago));
  const ids: number[] = [];

  const play = async (ticket: Ticket, token: string, step: DemoStep, at: number): Promise<Ticket | null> => {
    if (step.by === 'customer') return addCustomerReply(database, { token, body: step.text, config, now: at });
    const actor = actors.get(step.by);
    if (!actor) return null;
    const { id, version } = ticket;
    switch (step.do) {
      case 'take':
        return takeTicket(database, { ticketId: id, actor, expectedVersion: version, config, now: at });
      case 'reply':
        return replyToCustomer(database, { ticketId: id, actor, body: step.text, expectedVersion: version, config, now: at });
      case 'note':
        return addNote(database, { ticketId: id, actor, body: step.text, expectedVersion: version, config, now: at });
      case 'hold':
        return putOnHold(database, { ticketId: id, actor, reason: step.text, expectedVersion: version, config, now: at });
      case 'escalate':
        // The stories were written when second level moved tickets to the specialists; they are
        // replayed that way (`specialistOwnership`) whatever the desk's setting is today.
        return escalateTicket(database, {
          ticketId: id,
          actor,
          reason: step.text,
          expectedVersion: version,
          config: { ...config, specialistOwnership: true },
          now: at,
          random: next,
        });
      case 'handBack':
        return handBackTicket(database, { ticketId: id, actor, guidance: step.text, expectedVersion: version, config, now: at, random: next });
      case 'priority':
        return setPriority(database, { ticketId: id, actor, priority: step.priority, expectedVersion: version, config, now: at });
      case 'link': {
        const slug = usable(step.article);
        return slug ? linkArticle(database, { ticketId: id, actor, articleSlug: slug, expectedVersion: version, config, now: at }) : ticket;
      }
      case 'consult':
        return consultSpecialist(database, { ticketId: id, actor, question: step.text, area: step.area ?? null, expectedVersion: version, config: { ...config, specialistOwnership: false }, now: at });
      case 'advise':
        return adviseConsultation(database, { ticketId: id, actor, advice: step.text, expectedVersion: version, config, now: at });
      case 'accept':
        return acceptAdvice(database, { ticketId: id, actor, expectedVersion: version, config, now: at });
      case 'solve': {
        const articleSlug = usable(step.article);
        const summary = step.text ?? (articleSlug ? null : 'Solved as described in the replies.');
        return solveTicket(database, { ticketId: id, actor, summary, articleSlug, expectedVersion: version, config, now: at });
      }
    }
  };

  // Only where it fits the content: stories in categories the knowledge base lacks are left out.
  const categories = new Set(store.categories().map((category) => category.key));
  for (const story of stories) {
    if (!categories.has(story.category)) continue;
    const opened = openedAt(story.ago);
    const visitId = story.visit === false ? undefined : demoVisitId(visitIds);
    for (const [index, [query, resultCount]] of story.searches.entries()) {
      const at = opened - (story.searches.length - index + 1) * 2 * MINUTE_MS;
      await logSearch(database, { query, lang: story.lang, resultCount, source: 'page', visitId: visitId ?? null, at });
    }
    const created = await createTicket(database, {
      input: {
        name: story.name,
        email: story.email,
        subject: story.subject,
        description: story.description,
        category: story.category,
        lang: story.lang,
        sourceQuery: story.searches.at(-1)?.[0],
        visitId,
      },
      config,
      now: opened,
      random: next,
    });
    let ticket: Ticket | null = created.ticket;
    for (const step of story.steps) {
      const at = opened + step.h * HOUR_MS;
      if (at > now - MINUTE_MS) break;
      if ('level3' in step && step.level3 && config.levels === 2) continue;
      ticket = await play(ticket, created.token, step, at);
      if (!ticket) break;
    }
    ids.push(created.ticket.id);
    // No demo mail is ever sent (the addresses are @example.com anyway).
    await database.kysely.deleteFrom('outbox').where('ticket_id', '=', created.ticket.id).execute();
  }
  // The desk closes solved tickets after AUTO_CLOSE_DAYS; replay that once a day, at 02:00 UTC.
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let day = 28; day >= 0; day--) {
    const at = today - day * DAY_MS + 2 * HOUR_MS;
    if (at < now) await closeSolvedTickets(database, config, at);
  }

  const escalated = async (to: string): Promise<number> => {
    if (ids.length === 0) return 0;
    const { n } = await database.kysely
      .selectFrom('ticket_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', '=', 'escalated')
      .where('to_value', '=', to)
      .where('ticket_id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(n);
  };
  const tickets: Ticket[] = [];
  for (const id of ids) tickets.push((await getTicket(database, id))!);
  return { tickets, escalatedTo2: await escalated('2'), escalatedTo3: await escalated('3') };
}
