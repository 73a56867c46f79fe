/**
 * Status-link tokens (only their SHA-256 is stored) and looking tickets up by token and reference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { findTicketByToken, getTicket, getTicketByReference } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { newTicket } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('ticket-lookup on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('status-link tokens', () => {
    it('returns a token of at least 128 random bits and stores only its SHA-256', async () => {
      const { ticket, token } = await newTicket(database);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits in base64url
      expect((await newTicket(database)).token).not.toBe(token);
      const { token_hash } = await database.kysely.selectFrom('tickets').select('token_hash').where('id', '=', ticket.id).executeTakeFirstOrThrow();
      expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(token_hash).not.toContain(token);
    });

    it('never writes the token into the database (only the confirmation mail carries it)', async () => {
      const { token } = await newTicket(database);
      await database.kysely.deleteFrom('outbox').execute(); // the queued mail must carry it until sent; nothing else may
      const sqlite = env.current.sqlite;
      if (sqlite) {
        // SQLite only: not in the database file or its WAL either (freed pages included).
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.exec('VACUUM');
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        for (const full of [sqlite.name, `${sqlite.name}-wal`]) {
          if (fs.existsSync(full)) expect(fs.readFileSync(full).includes(Buffer.from(token)), path.basename(full)).toBe(false);
        }
      }
      // The catalogue differs by engine (there is no portable list of tables).
      const catalogue =
        engine === 'sqlite'
          ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`
          : sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`;
      const tables = (await catalogue.execute(database.kysely)).rows.map((row) => row.name);
      expect(tables).toContain('tickets');
      for (const table of tables) {
        const text = JSON.stringify((await sql`SELECT * FROM ${sql.table(table)}`.execute(database.kysely)).rows);
        expect(text, table).not.toContain(token);
      }
    });

    it('finds the ticket by its token, and nothing for a wrong or malformed one', async () => {
      const { ticket, token } = await newTicket(database);
      const other = await newTicket(database);
      expect((await findTicketByToken(database, token))?.id).toBe(ticket.id);
      expect((await findTicketByToken(database, other.token))?.id).toBe(other.ticket.id);
      const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      const { token_hash } = await database.kysely.selectFrom('tickets').select('token_hash').where('id', '=', ticket.id).executeTakeFirstOrThrow();
      for (const wrong of [flipped, '', 'abc', `${token}x`, token.slice(1), `${token.slice(0, -1)}=`, ` ${token.slice(1)}`, "' OR 1=1 --", token_hash, ticket.reference, undefined, null, 42, { token }]) {
        expect(await findTicketByToken(database, wrong)).toBeNull();
      }
    });

    it('looks tickets up by reference, ignoring case and spaces', async () => {
      const { ticket } = await newTicket(database);
      expect((await getTicketByReference(database, ' t-2026-000001 '))?.id).toBe(ticket.id);
      expect(await getTicketByReference(database, 'T-2026-000002')).toBeNull();
      expect(await getTicket(database, 99_999_999)).toBeNull();
    });
  });
});
