/**
 * A ticket's thread and history as one ordered timeline, for staff (everything) and for the
 * customer (their messages, public replies and status events, never internal details).
 * Versions order the entries exactly, since changes are serialised.
 */
import type { Role } from '../accounts/roles.ts';
import { queryOf, type Queryable } from '../platform/database/write-transaction.ts';
import { assignedUserId } from './events.ts';
import type { MessageKind, TimelineEntry } from './types.ts';

/** Events that only mirror a message; the message itself is the timeline entry. */
const MESSAGE_EVENT_TYPES = new Set(['customer_reply', 'reply', 'note', 'advice']);

/** Event types the customer sees on the status page. */
const CUSTOMER_EVENT_TYPES = new Set(['created', 'status']);

/**
 * The timeline entries after `afterVersion` (0: all). For a conflict, the staff command lists
 * what changed since the version the agent saw.
 */
export async function listTimelineAfter(db: Queryable, ticketId: number, includeInternal: boolean, afterVersion: number): Promise<TimelineEntry[]> {
  const kysely = queryOf(db);
  const ticket = await kysely.selectFrom('tickets').select('customer_name').where('id', '=', ticketId).executeTakeFirst();
  if (!ticket) return [];
  const messages = (await kysely
    .selectFrom('ticket_messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_id')
    .select(['m.id', 'm.kind', 'm.body', 'm.created_at', 'm.version', 'u.name as author_name', 'u.role as author_role'])
    .where('m.ticket_id', '=', ticketId)
    .where('m.version', '>', afterVersion)
    .execute()) as { id: number; kind: MessageKind; body: string; created_at: number; version: number; author_name: string | null; author_role: Role | null }[];
  const events = await kysely
    .selectFrom('ticket_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .select(['e.id', 'e.type', 'e.from_value', 'e.to_value', 'e.detail', 'e.created_at', 'e.version', 'a.name as actor_name'])
    .where('e.ticket_id', '=', ticketId)
    .where('e.version', '>', afterVersion)
    .execute();
  // Assignment events hold user ids: their names, looked up once (ids kept as text in the event).
  const userIds = new Set<number>();
  for (const e of events) {
    if (e.type !== 'assigned') continue;
    for (const value of [e.from_value, e.to_value]) {
      const id = assignedUserId(value);
      if (id !== null) userIds.add(id);
    }
  }
  const names = new Map<string, string>();
  if (userIds.size > 0) {
    for (const user of await kysely
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', [...userIds])
      .execute())
      names.set(String(user.id), user.name);
  }

  const entries: (TimelineEntry & { rank: number })[] = [];
  for (const m of messages) {
    if (!includeInternal && m.kind === 'note') continue;
    entries.push({
      entry: 'message',
      id: m.id,
      kind: m.kind,
      authorName: m.kind === 'customer' ? ticket.customer_name : (m.author_name ?? 'Support'),
      authorRole: m.kind === 'customer' ? null : m.author_role,
      body: m.body,
      at: m.created_at,
      version: m.version,
      rank: 1,
    });
  }
  for (const e of events) {
    if (MESSAGE_EVENT_TYPES.has(e.type)) continue;
    if (!includeInternal && !CUSTOMER_EVENT_TYPES.has(e.type)) continue;
    const isAssignment = e.type === 'assigned';
    entries.push({
      entry: 'event',
      id: e.id,
      type: e.type,
      from: isAssignment && e.from_value !== null ? (names.get(e.from_value) ?? `#${e.from_value}`) : e.from_value,
      to: isAssignment && e.to_value !== null ? (names.get(e.to_value) ?? `#${e.to_value}`) : e.to_value,
      // The customer sees the solution summary, never internal reasons.
      detail: includeInternal || (e.type === 'status' && e.to_value === 'solved') ? e.detail : null,
      actorName: e.actor_name,
      at: e.created_at,
      version: e.version,
      rank: e.type === 'created' ? 0 : 2,
    });
  }
  // Versions order changes exactly (they are serialised); within one change: created, messages, other events.
  entries.sort((a, b) => a.version - b.version || a.rank - b.rank || a.at - b.at || a.id - b.id);
  return entries.map(({ rank: _rank, ...entry }) => entry as TimelineEntry);
}

/**
 * A ticket's thread and history in order. Staff (`includeInternal: true`) see everything:
 * messages, internal notes and all events. The customer sees their messages, public replies
 * and status events (without internal details). Events that merely record a message are
 * folded into the message.
 */
export async function listTimeline(db: Queryable, ticketId: number, options: { includeInternal: boolean }): Promise<TimelineEntry[]> {
  return listTimelineAfter(db, ticketId, options.includeInternal, 0);
}
