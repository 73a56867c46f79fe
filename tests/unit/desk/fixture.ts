/**
 * Shared set-up for the support-desk tests, on either engine (a `Database` from
 * tests/unit/engines.ts's `useDatabase`): staff users written straight into the users table
 * (independent of the account code), tickets from a valid form, rows arranged and inspected
 * through Kysely, and a scripted random function. All data helpers are async.
 */
import { expect } from 'vitest';
import { DeskError } from '../../../src/lib/server/desk/errors.ts';
import { parseDeskConfig } from '../../../src/lib/server/desk/desk-config.ts';
import type { Role } from '../../../src/lib/server/accounts/roles.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import type { Actor, Ticket } from '../../../src/lib/server/desk/types.ts';
import type { TicketInput } from '../../../src/lib/server/desk/ticket-input.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import type { Schema } from '../../../src/lib/server/platform/database/schema.ts';

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

/** Adds a staff user; present unless told otherwise. Returns the id. */
export async function addUser(
  database: Database,
  user: { name: string; role: Role; present?: boolean; disabled?: boolean; areas?: string[]; email?: string; trainee?: boolean; languages?: string },
): Promise<number> {
  const { id } = await database.kysely
    .insertInto('users')
    .values({
      email: user.email ?? `${user.name.toLowerCase().replace(/\W+/g, '.')}@tallyhaus.example`,
      name: user.name,
      role: user.role,
      password_hash: 'not-a-real-hash',
      present: user.present === false ? 0 : 1,
      disabled: user.disabled ? 1 : 0,
      created_at: NOW,
      trainee: user.trainee ? 1 : 0,
      languages: user.languages ?? 'de,en',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (user.areas?.length) await database.kysely.insertInto('user_areas').values(user.areas.map((category) => ({ user_id: id, category }))).execute();
  return id;
}

/** The actor for a user id, as the session would build it. */
export async function actorOf(database: Database, id: number): Promise<Actor> {
  const user = await database.kysely.selectFrom('users').select(['id', 'role']).where('id', '=', id).executeTakeFirstOrThrow();
  const areas = await database.kysely.selectFrom('user_areas').select('category').where('user_id', '=', id).orderBy('category').execute();
  return { id: user.id, role: user.role as Role, areas: areas.map((row) => row.category) };
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
export async function newTicket(database: Database, overrides: Partial<TicketInput> = {}, now = NOW, random?: () => number): Promise<{ ticket: Ticket; token: string }> {
  return createTicket(database, { input: ticketForm(overrides), config: CONFIG, now, random });
}

/** A "random" function returning the given values in turn (and then the last one). */
export function scripted(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)];
}

/** Moves a ticket to a level and assignee directly in the database (for setting up a scenario). */
export async function placeTicket(database: Database, ticketId: number, place: { level?: 1 | 2 | 3; assigneeId?: number | null; status?: string; priority?: string }): Promise<void> {
  const set: { level?: number; assignee_id?: number | null; status?: string; priority?: string } = {};
  if (place.level !== undefined) set.level = place.level;
  if (place.assigneeId !== undefined) set.assignee_id = place.assigneeId;
  if (place.status !== undefined) set.status = place.status;
  if (place.priority !== undefined) set.priority = place.priority;
  if (Object.keys(set).length > 0) await database.kysely.updateTable('tickets').set(set).where('id', '=', ticketId).execute();
}

/** One audit-trail row of a ticket, as `eventsOf` returns it. */
export interface EventRow {
  type: string;
  actor_id: number | null;
  from_value: string | null;
  to_value: string | null;
  detail: string | null;
  version: number;
}

/** Rows of a table for a ticket, for checking the audit trail. */
export async function eventsOf(database: Database, ticketId: number): Promise<EventRow[]> {
  return database.kysely
    .selectFrom('ticket_events')
    .select(['type', 'actor_id', 'from_value', 'to_value', 'detail', 'version'])
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
}

/** Expects `run` to fail (throw, or return a rejected promise) with a DeskError with this code; returns it. */
export async function expectDeskError(run: () => unknown, code: DeskError['code']): Promise<DeskError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DeskError);
    expect((error as DeskError).code).toBe(code);
    return error as DeskError;
  }
  throw new Error(`expected a DeskError '${code}', but nothing was thrown`);
}

/** The staff of a small desk, all present: one of each role (the specialist for invoices). */
export async function deskStaff(database: Database): Promise<Record<'first' | 'second' | 'third' | 'admin', Actor>> {
  const first = await addUser(database, { name: 'Fiona First', role: 'first_level' });
  const second = await addUser(database, { name: 'Sam Second', role: 'second_level' });
  const third = await addUser(database, { name: 'Tess Third', role: 'third_level', areas: ['invoices'] });
  const admin = await addUser(database, { name: 'Ada Admin', role: 'admin' });
  return { first: await actorOf(database, first), second: await actorOf(database, second), third: await actorOf(database, third), admin: await actorOf(database, admin) };
}

/** How many rows a table has. */
export async function countRows(database: Database, table: string): Promise<number> {
  const { n } = await database.kysely.selectFrom(table as keyof Schema).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}
