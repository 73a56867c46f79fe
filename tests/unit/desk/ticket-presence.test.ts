/**
 * The collision warning's data: a heartbeat makes an agent present on a ticket for the TTL,
 * others see them (never themselves), typing shows as "replying", leaving or expiry removes
 * them, and the sentences come in the reader's language.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { leavePresence, markPresence, othersOnTicket, PRESENCE_TTL_MS } from '../../../src/lib/server/desk/ticket-presence.ts';
import { presenceLines } from '../../../src/lib/server/desk/presence-lines.ts';
import { addUser, newTicket, NOW } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;

useTempDb((temp) => ({ db } = temp), 'tierzero-desk-');

describe('ticket presence', () => {
  it('shows each agent to the others, not to themself, replying first', () => {
    const mara = addUser(db, { name: 'Mara', role: 'first_level' });
    const olaf = addUser(db, { name: 'Olaf', role: 'first_level' });
    const zoe = addUser(db, { name: 'Zoe', role: 'second_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
    markPresence(db, { userId: zoe, ticketId: ticket.id, state: 'replying', now: NOW });
    expect(othersOnTicket(db, ticket.id, olaf, NOW + 1)).toEqual([
      { userId: zoe, name: 'Zoe', state: 'replying' },
      { userId: mara, name: 'Mara', state: 'viewing' },
    ]);
    expect(othersOnTicket(db, ticket.id, mara, NOW + 1).map((p) => p.name)).toEqual(['Zoe']);
  });

  it('renews on each heartbeat and expires without one; leaving removes at once', () => {
    const mara = addUser(db, { name: 'Mara', role: 'first_level' });
    const olaf = addUser(db, { name: 'Olaf', role: 'first_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'replying', now: NOW + 5_000 });
    expect(othersOnTicket(db, ticket.id, olaf, NOW + PRESENCE_TTL_MS + 1)).toEqual([{ userId: mara, name: 'Mara', state: 'replying' }]);
    expect(othersOnTicket(db, ticket.id, olaf, NOW + 5_000 + PRESENCE_TTL_MS)).toEqual([]);
    // An expired row is swept by the next heartbeat of anyone.
    markPresence(db, { userId: olaf, ticketId: ticket.id, state: 'viewing', now: NOW + 60_000 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM ticket_presence WHERE user_id = ?').get(mara)).toEqual({ n: 0 });
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW + 61_000, page: 'p1' });
    leavePresence(db, mara, ticket.id, 'p1');
    expect(othersOnTicket(db, ticket.id, olaf, NOW + 61_001)).toEqual([]);
  });

  it('says it in the reader’s language', () => {
    const mara = addUser(db, { name: 'Mara', role: 'first_level' });
    const olaf = addUser(db, { name: 'Olaf', role: 'first_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'replying', now: NOW });
    expect(presenceLines(db, ticket.id, olaf, NOW, 'en')[0]?.text).toBe('Mara is replying');
    expect(presenceLines(db, ticket.id, olaf, NOW, 'de')[0]?.text).toBe('Mara schreibt eine Antwort');
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW });
    expect(presenceLines(db, ticket.id, olaf, NOW, 'en')[0]?.text).toBe('Mara is viewing');
    expect(presenceLines(db, ticket.id, olaf, NOW, 'de')[0]?.text).toBe('Mara sieht sich das Ticket an');
  });
});

describe('leaving', () => {
  it('ignores the late goodbye of a page that a reload already replaced', () => {
    const mara = addUser(db, { name: 'Mara', role: 'first_level' });
    const olaf = addUser(db, { name: 'Olaf', role: 'first_level' });
    const { ticket } = newTicket(db, {}, NOW, () => 0);
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW, page: 'first' });
    markPresence(db, { userId: mara, ticketId: ticket.id, state: 'viewing', now: NOW + 100, page: 'second' });
    leavePresence(db, mara, ticket.id, 'first');
    expect(othersOnTicket(db, ticket.id, olaf, NOW + 200).map((p) => p.name)).toEqual(['Mara']);
    leavePresence(db, mara, ticket.id, 'second');
    expect(othersOnTicket(db, ticket.id, olaf, NOW + 200)).toEqual([]);
  });
});
