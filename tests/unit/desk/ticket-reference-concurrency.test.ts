/**
 * Ticket references stay gap-free and unique when several instances create tickets at the same
 * time (issue 17): on PostgreSQL two pools (two "instances") create 50 tickets at once; on
 * SQLite one process has one connection, so the same 50 creations are serialised by it (the
 * multi-process SQLite case is in create-ticket.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { formatReference } from '../../../src/lib/server/desk/ticket-reference.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { countRows, newTicket, NOW } from './fixture.ts';

const TOTAL = 50;

describe.each(ENGINES)('ticket references under concurrent creation on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  it(`gives ${TOTAL} tickets created at once the references 1..${TOTAL} of the year, without gap or duplicate`, { timeout: 60_000 }, async () => {
    const instances: Database[] = engine === 'postgres' ? [postgresDatabase(env.current.url!, { max: 5 }), postgresDatabase(env.current.url!, { max: 5 })] : [env.current.database];
    try {
      // Half of the tickets through each instance, all started before any has finished.
      const created = await Promise.all(Array.from({ length: TOTAL }, (_, n) => newTicket(instances[n % instances.length]!, { subject: `Request ${n + 1}` }, NOW)));
      const references = created.map(({ ticket }) => ticket.reference);
      expect(new Set(references).size).toBe(TOTAL);
      expect([...references].sort()).toEqual(Array.from({ length: TOTAL }, (_, n) => formatReference(2026, n + 1)));
      expect(await countRows(env.current.database, 'tickets')).toBe(TOTAL);
      const stored = await env.current.database.kysely.selectFrom('tickets').select('reference').orderBy('reference').execute();
      expect(stored.map((row) => row.reference)).toEqual([...references].sort());
      expect(await env.current.database.kysely.selectFrom('ticket_sequence').select(['year', 'last']).execute()).toEqual([{ year: 2026, last: TOTAL }]);
    } finally {
      if (engine === 'postgres') await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
