/**
 * Creations at the same time stay fair: on PostgreSQL two pools (two "instances") create
 * tickets at once, and the assignment (taken at the end of each creation, under the lock
 * 'desk assignment') still fills the present agents round-robin up to their capacity and never
 * beyond; the rest wait in the queue; and the form's per-client limit (counted at the end of
 * each creation) lets exactly its number through, the others written and rolled back without
 * a trace or a gap. On SQLite one process serialises the same creations.
 * (References under concurrency: ticket-reference-concurrency.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createTicket, createTicketGrouped, TicketRateLimited } from '../../../src/lib/server/desk/create-ticket.ts';
import { formatReference } from '../../../src/lib/server/desk/ticket-reference.ts';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { addUser, CONFIG, NOW, ticketForm } from './fixture.ts';

const AGENTS = 3;
const CAPACITY = 4;
const TOTAL = AGENTS * CAPACITY + 5;

describe.each(ENGINES)('tickets created at once on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  it(`fill ${AGENTS} agents to their capacity of ${CAPACITY} and no further; the rest wait in the queue`, { timeout: 60_000 }, async () => {
    const agents: number[] = [];
    for (let n = 1; n <= AGENTS; n++) agents.push(await addUser(env.current.database, { name: `Agent ${n}`, role: 'first_level' }));
    const instances: Database[] = engine === 'postgres' ? [postgresDatabase(env.current.url!, { max: 5 }), postgresDatabase(env.current.url!, { max: 5 })] : [env.current.database];
    try {
      const config = { ...CONFIG, agentCapacity: CAPACITY };
      const created = await Promise.all(
        Array.from({ length: TOTAL }, (_, n) => createTicket(instances[n % instances.length]!, { input: ticketForm({ subject: `Request ${n + 1}` }), config, now: NOW + n })),
      );
      const assignees = created.map(({ ticket }) => ticket.assigneeId);
      for (const agent of agents) expect(assignees.filter((id) => id === agent)).toHaveLength(CAPACITY);
      expect(assignees.filter((id) => id === null)).toHaveLength(TOTAL - AGENTS * CAPACITY);
      // What the creations returned is what was committed, with one `assigned` event per assignment.
      const stored = await env.current.database.kysely.selectFrom('tickets').select(['reference', 'assignee_id']).execute();
      expect(new Map(stored.map((row) => [row.reference, row.assignee_id]))).toEqual(new Map(created.map(({ ticket }) => [ticket.reference, ticket.assigneeId])));
      const events = await env.current.database.kysely.selectFrom('ticket_events').select('ticket_id').where('type', '=', 'assigned').execute();
      expect(events).toHaveLength(AGENTS * CAPACITY);
      expect(stored.every((row) => /^T-2026-\d{6}$/.test(row.reference))).toBe(true);
    } finally {
      if (engine === 'postgres') await Promise.all(instances.map((instance) => instance.close()));
    }
  });

  it('let exactly the per-client limit through when one client posts many at once', { timeout: 60_000 }, async () => {
    const instances: Database[] = engine === 'postgres' ? [postgresDatabase(env.current.url!, { max: 5 }), postgresDatabase(env.current.url!, { max: 5 })] : [env.current.database];
    try {
      const limit = { bucket: 'ticket-client', options: { limit: 5, windowMs: 60_000 }, key: '198.51.100.7' };
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => createTicketGrouped(instances[n % instances.length]!, { input: ticketForm({ subject: `Flood ${n + 1}` }), config: CONFIG, now: NOW, limit })),
      );
      const created = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.ticket.reference);
      const refused = results.filter((result) => result.status === 'rejected').map((result) => result.reason);
      expect(created.sort()).toEqual(Array.from({ length: 5 }, (_, n) => formatReference(2026, n + 1)));
      expect(refused).toHaveLength(15);
      for (const reason of refused) expect(reason).toBeInstanceOf(TicketRateLimited);
      const db = env.current.database.kysely;
      expect((await db.selectFrom('tickets').select('reference').execute()).map((row) => row.reference).sort()).toEqual(created);
      expect(await db.selectFrom('rate_limit_hits').select('key').execute()).toHaveLength(5);
      expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(5);
    } finally {
      if (engine === 'postgres') await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
