/**
 * `addNote`: internal notes, a specialist's note recorded as advice.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { handBackTicket } from '../../../src/lib/server/desk/hand-back-ticket.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { CONFIG, deskStaff, eventsOf, newTicket, placeTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

const staff = () => deskStaff(db);

describe('addNote', () => {
  it('records a specialist’s note as advice, visible to staff only', () => {
    const { second, third } = staff();
    const { ticket } = newTicket(db);
    placeTicket(db, ticket.id, { level: 2, assigneeId: second.id });
    const up = escalateTicket(db, { ticketId: ticket.id, actor: second, reason: 'Undocumented', expectedVersion: ticket.version, config: CONFIG });
    const advised = addNote(db, { ticketId: ticket.id, actor: third, body: 'Use the repair tool.', expectedVersion: up.version, config: CONFIG });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'advice', actor_id: third.id });
    const back = handBackTicket(db, { ticketId: ticket.id, actor: third, guidance: 'See my advice.', expectedVersion: advised.version, config: CONFIG });
    addNote(db, { ticketId: ticket.id, actor: second, body: 'Thanks', expectedVersion: back.version, config: CONFIG });
    expect(eventsOf(db, ticket.id).at(-1)).toMatchObject({ type: 'note', actor_id: second.id });
    const staffView = listTimeline(db, ticket.id, { includeInternal: true });
    expect(staffView.find((entry) => entry.entry === 'message' && entry.kind === 'note')).toMatchObject({ authorName: 'Tess Third', authorRole: 'third_level' });
    expect(listTimeline(db, ticket.id, { includeInternal: false }).some((entry) => entry.entry === 'message' && entry.kind === 'note')).toBe(false);
  });
});
