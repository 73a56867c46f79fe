/**
 * Status-link tokens (only their SHA-256 is stored) and looking tickets up by token and reference.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { findTicketByToken, getTicket, getTicketByReference } from '../../../src/lib/server/desk/ticket-lookup.ts';
import { newTicket } from './fixture.ts';
import { useTempDb } from '../support/temp-db.ts';

let db: Db;
let dir: string;

useTempDb((temp) => ({ db, dir } = temp), 'tierzero-desk-');

describe('status-link tokens', () => {
  it('returns a token of at least 128 random bits and stores only its SHA-256', () => {
    const { ticket, token } = newTicket(db);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits in base64url
    expect(newTicket(db).token).not.toBe(token);
    const { token_hash } = db.prepare('SELECT token_hash FROM tickets WHERE id = ?').get(ticket.id) as { token_hash: string };
    expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token_hash).not.toContain(token);
  });

  it('never writes the token into the database (only the confirmation mail carries it)', () => {
    const { token } = newTicket(db);
    db.exec('DELETE FROM outbox'); // the queued mail must carry it until sent; nothing else may
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of ['tierzero.sqlite', 'tierzero.sqlite-wal']) {
      const full = path.join(dir, 'data', file);
      if (fs.existsSync(full)) expect(fs.readFileSync(full).includes(Buffer.from(token)), file).toBe(false);
    }
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name);
    for (const table of tables) {
      const text = JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all());
      expect(text, table).not.toContain(token);
    }
  });

  it('finds the ticket by its token, and nothing for a wrong or malformed one', () => {
    const { ticket, token } = newTicket(db);
    const other = newTicket(db);
    expect(findTicketByToken(db, token)?.id).toBe(ticket.id);
    expect(findTicketByToken(db, other.token)?.id).toBe(other.ticket.id);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const { token_hash } = db.prepare('SELECT token_hash FROM tickets WHERE id = ?').get(ticket.id) as { token_hash: string };
    for (const wrong of [flipped, '', 'abc', `${token}x`, token.slice(1), `${token.slice(0, -1)}=`, ` ${token.slice(1)}`, "' OR 1=1 --", token_hash, ticket.reference, undefined, null, 42, { token }]) {
      expect(findTicketByToken(db, wrong)).toBeNull();
    }
  });

  it('looks tickets up by reference, ignoring case and spaces', () => {
    const { ticket } = newTicket(db);
    expect(getTicketByReference(db, ' t-2026-000001 ')?.id).toBe(ticket.id);
    expect(getTicketByReference(db, 'T-2026-000002')).toBeNull();
    expect(getTicket(db, 999)).toBeNull();
  });
});
