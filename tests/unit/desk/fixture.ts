/**
 * Shared set-up for the support-desk tests: a temp database, staff users written straight
 * into the users table (independent of the account code), tickets from a valid form, and a
 * scripted random function.
 */
import { expect } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { parseDeskConfig } from '../../../src/lib/server/desk/desk-config.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import type { Actor, Ticket } from '../../../src/lib/server/desk/types.ts';
import type { TicketInput } from '../../../src/lib/server/desk/ticket-input.ts';
import { openTempDb, type TempDb } from '../support/temp-db.ts';
import { sqliteDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';

/**
 * The default desk configuration (first response: low 72 h, normal 24 h, high 8 h, urgent 2 h;
 * auto-close 7 days), except that second level may move tickets to level 3
 * (`SPECIALIST_OWNERSHIP=1`): most desk tests walk a ticket through all three levels.
 * `CONSULTING_CONFIG` is the default as shipped (second level consults and keeps the ticket).
 */
export const CONFIG = parseDeskConfig({ SITE_URL: 'https://help.tallyhaus.example', SPECIALIST_OWNERSHIP: '1' });
export const CONSULTING_CONFIG = parseDeskConfig({ SITE_URL: 'https://help.tallyhaus.example' });

/** A fixed "now" in 2026 (UTC noon), so references and due times are predictable. */
export const NOW = Date.UTC(2026, 9, 14, 12);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A temp database for a test that opens one itself (most use `useTempDb`); `close()` closes it and removes the folder. */
export function openDeskDb(): TempDb {
  return openTempDb('tierzero-desk-');
}

const queryLayers = new WeakMap<Db, Database>();

/** The Kysely query layer over a test's SQLite connection (one per connection), for converted functions. */
export function deskDatabase(db: Db): Database {
  let database = queryLayers.get(db);
  if (!database) queryLayers.set(db, (database = sqliteDatabase(db)));
  return database;
}

/** Adds a staff user; present unless told otherwise. Returns the id. */
export function addUser(
  db: Db,
  user: { name: string; role: Role; present?: boolean; disabled?: boolean; areas?: string[]; email?: string; trainee?: boolean; languages?: string },
): number {
  const id = Number(
    db
      .prepare('INSERT INTO users (email, name, role, password_hash, present, disabled, created_at, trainee, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        user.email ?? `${user.name.toLowerCase().replace(/\W+/g, '.')}@tallyhaus.example`,
        user.name,
        user.role,
        'not-a-real-hash',
        user.present === false ? 0 : 1,
        user.disabled ? 1 : 0,
        NOW,
        user.trainee ? 1 : 0,
        user.languages ?? 'de,en',
      ).lastInsertRowid,
  );
  for (const area of user.areas ?? []) db.prepare('INSERT INTO user_areas (user_id, category) VALUES (?, ?)').run(id, area);
  return id;
}

/** The actor for a user id, as the session would build it. */
export function actorOf(db: Db, id: number): Actor {
  const user = db.prepare('SELECT id, role FROM users WHERE id = ?').get(id) as { id: number; role: Role };
  const areas = (db.prepare('SELECT category FROM user_areas WHERE user_id = ? ORDER BY category').all(id) as { category: string }[]).map((row) => row.category);
  return { id: user.id, role: user.role, areas };
}

/** A valid ticket form. */
export function ticketForm(overrides: Partial<TicketInput> = {}): TicketInput {
  return {
    name: 'Erika Mustermann',
    email: 'erika@example.com',
    subject: 'Invoice numbers jump after import',
    description: 'After importing last year’s invoices the numbers start at 1 again.',
    category: 'invoices',
    lang: 'en',
    ...overrides,
  };
}

/** Creates a ticket from a valid form (with overrides). */
export function newTicket(db: Db, overrides: Partial<TicketInput> = {}, now = NOW, random?: () => number): { ticket: Ticket; token: string } {
  return createTicket(db, { input: ticketForm(overrides), config: CONFIG, now, random });
}

/** A "random" function returning the given values in turn (and then the last one). */
export function scripted(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)];
}

/** Moves a ticket to a level and assignee directly in the database (for setting up a scenario). */
export function placeTicket(db: Db, ticketId: number, place: { level?: 1 | 2 | 3; assigneeId?: number | null; status?: string; priority?: string }): void {
  if (place.level !== undefined) db.prepare('UPDATE tickets SET level = ? WHERE id = ?').run(place.level, ticketId);
  if (place.assigneeId !== undefined) db.prepare('UPDATE tickets SET assignee_id = ? WHERE id = ?').run(place.assigneeId, ticketId);
  if (place.status !== undefined) db.prepare('UPDATE tickets SET status = ? WHERE id = ?').run(place.status, ticketId);
  if (place.priority !== undefined) db.prepare('UPDATE tickets SET priority = ? WHERE id = ?').run(place.priority, ticketId);
}

/** Rows of a table for a ticket, for checking the audit trail. */
export function eventsOf(db: Db, ticketId: number): { type: string; actor_id: number | null; from_value: string | null; to_value: string | null; detail: string | null; version: number }[] {
  return db
    .prepare('SELECT type, actor_id, from_value, to_value, detail, version FROM ticket_events WHERE ticket_id = ? ORDER BY id')
    .all(ticketId) as ReturnType<typeof eventsOf>;
}

/** Expects `run` to throw a DeskError with this code; returns it. */
export function expectDeskError(run: () => unknown, code: DeskError['code']): DeskError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe(code);
    return error as DeskError;
  }
  throw new Error(`expected a DeskError '${code}', but nothing was thrown`);
}

/** The staff of a small desk, all present: one of each role (the specialist for invoices). */
export function deskStaff(db: Db): Record<'first' | 'second' | 'third' | 'admin', Actor> {
  const first = addUser(db, { name: 'Fiona First', role: 'first_level' });
  const second = addUser(db, { name: 'Sam Second', role: 'second_level' });
  const third = addUser(db, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] });
  const admin = addUser(db, { name: 'Ada Admin', role: 'admin' });
  return { first: actorOf(db, first), second: actorOf(db, second), third: actorOf(db, third), admin: actorOf(db, admin) };
}

/** How many rows a table has. */
export function countRows(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}
