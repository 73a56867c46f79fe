/**
 * A ticket's thread and history as one ordered timeline, for staff (everything) and for the
 * customer (their messages, public replies and status events, never internal details).
 * Versions order the entries exactly, since changes are serialised.
 */
import type { Role } from '../accounts/roles.ts';
import { statement, type Db } from '../platform/db.ts';
import type { MessageKind, TimelineEntry } from './types.ts';

/** Events that only mirror a message; the message itself is the timeline entry. */
const MESSAGE_EVENT_TYPES = new Set(['customer_reply', 'reply', 'note', 'advice']);

/** Event types the customer sees on the status page. */
const CUSTOMER_EVENT_TYPES = new Set(['created', 'status']);

/**
 * The timeline entries after `afterVersion` (0: all). For a conflict, the staff command lists
 * what changed since the version the agent saw.
 */
export function listTimelineAfter(db: Db, ticketId: number, includeInternal: boolean, afterVersion: number): TimelineEntry[] {
  const ticket = statement(db, 'SELECT customer_name FROM tickets WHERE id = ?').get(ticketId) as { customer_name: string } | undefined;
  if (!ticket) return [];
  const messages = statement(
    db,
    `SELECT m.id, m.kind, m.body, m.created_at, m.version, u.name AS author_name, u.role AS author_role
     FROM ticket_messages m LEFT JOIN users u ON u.id = m.author_id
     WHERE m.ticket_id = ? AND m.version > ?`,
  ).all(ticketId, afterVersion) as { id: number; kind: MessageKind; body: string; created_at: number; version: number; author_name: string | null; author_role: Role | null }[];
  const events = statement(
    db,
    `SELECT e.id, e.type, e.from_value, e.to_value, e.detail, e.created_at, e.version, a.name AS actor_name,
            fu.name AS from_name, tu.name AS to_name
     FROM ticket_events e
     LEFT JOIN users a ON a.id = e.actor_id
     LEFT JOIN users fu ON e.type = 'assigned' AND fu.id = CAST(e.from_value AS INTEGER)
     LEFT JOIN users tu ON e.type = 'assigned' AND tu.id = CAST(e.to_value AS INTEGER)
     WHERE e.ticket_id = ? AND e.version > ?`,
  ).all(ticketId, afterVersion) as {
    id: number;
    type: string;
    from_value: string | null;
    to_value: string | null;
    detail: string | null;
    created_at: number;
    version: number;
    actor_name: string | null;
    from_name: string | null;
    to_name: string | null;
  }[];

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
      from: isAssignment && e.from_value !== null ? (e.from_name ?? `#${e.from_value}`) : e.from_value,
      to: isAssignment && e.to_value !== null ? (e.to_name ?? `#${e.to_value}`) : e.to_value,
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
export function listTimeline(db: Db, ticketId: number, options: { includeInternal: boolean }): TimelineEntry[] {
  return listTimelineAfter(db, ticketId, options.includeInternal, 0);
}
