/**
 * Free tags on tickets: `addTicketTag` and `removeTicketTag` (staff commands, each one
 * version-checked change with its own timeline event), the tags of tickets, and the tags in
 * use (the suggestions of the tag field, most used first).
 *
 * Rules that always hold:
 * - A tag is normalised before it is stored: trimmed, lower-case, inner spaces as "-"; it has
 *   1–40 letters, digits, "-" or "_" (any script's letters), so "VAT refund" and "vat-refund"
 *   are one tag. Anything else is refused with `desk.error.tag`, nothing written.
 * - Adding a tag the ticket has, or removing one it lacks, changes nothing (no version bump).
 */
import type { Database } from '../platform/database/connect.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { Ticket } from './types.ts';

/** The longest tag. */
export const MAX_TAG = 40;
const TAG_PATTERN = /^[\p{L}\p{N}_-]{1,40}$/u;

/** The stored form of a tag, or null when it cannot be one. */
export function normalizeTag(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const tag = text.trim().toLowerCase().replace(/\s+/g, '-');
  return TAG_PATTERN.test(tag) ? tag : null;
}

/** The stored form of a tag; throws `invalid` (desk.error.tag) when it cannot be one. */
export function parseTag(text: unknown): string {
  const tag = normalizeTag(text);
  if (tag === null) {
    throw new DeskError('invalid', 'desk.error.tag', { values: { max: MAX_TAG }, message: `A tag has 1–${MAX_TAG} letters, digits, "-" or "_" (got ${JSON.stringify(String(text).slice(0, 60))}).` });
  }
  return tag;
}

/** What `addTicketTag` / `removeTicketTag` are given. */
export interface TicketTagOptions extends StaffCommandOptions {
  tag: string;
}

/** Adds a tag to the ticket (event `tag_added`). */
export async function addTicketTag(database: Database, options: TicketTagOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const tag = parseTag(options.tag);
  return staffChange(database, { ticketId, actor, action: 'tag', expectedVersion, now, levels: config.levels }, async (trx, row, version) => {
    const added = await trx
      .insertInto('ticket_tags')
      .values({ ticket_id: row.id, tag })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(added.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'tag_added', to: tag, version, at: now });
  });
}

/** Removes a tag from the ticket (event `tag_removed`). */
export async function removeTicketTag(database: Database, options: TicketTagOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const tag = parseTag(options.tag);
  return staffChange(database, { ticketId, actor, action: 'tag', expectedVersion, now, levels: config.levels }, async (trx, row, version) => {
    const removed = await trx.deleteFrom('ticket_tags').where('ticket_id', '=', row.id).where('tag', '=', tag).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'tag_removed', from: tag, version, at: now });
  });
}

/** Code-point order, the same on both engines (a database's collation may differ). */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A ticket's tags, alphabetically. */
export async function listTicketTags(database: Database, ticketId: number): Promise<string[]> {
  const rows = await database.kysely.selectFrom('ticket_tags').select('tag').where('ticket_id', '=', ticketId).execute();
  return rows.map((row) => row.tag).sort(byCodePoint);
}

/** The tags of several tickets at once (for a list), by ticket id. */
export async function tagsOfTickets(database: Database, ticketIds: readonly number[]): Promise<Map<number, string[]>> {
  const tags = new Map<number, string[]>();
  if (ticketIds.length === 0) return tags;
  const rows = await database.kysely.selectFrom('ticket_tags').select(['ticket_id', 'tag']).where('ticket_id', 'in', [...ticketIds]).execute();
  for (const row of rows.sort((a, b) => byCodePoint(a.tag, b.tag))) tags.set(row.ticket_id, [...(tags.get(row.ticket_id) ?? []), row.tag]);
  return tags;
}

/** The tags in use, most used first (the tag field's suggestions). */
export async function listKnownTags(database: Database, limit = 200): Promise<string[]> {
  const rows = await database.kysely
    .selectFrom('ticket_tags')
    .select(['tag', (eb) => eb.fn.countAll<number>().as('uses')])
    .groupBy('tag')
    .orderBy('uses', 'desc')
    .orderBy('tag')
    .limit(limit)
    .execute();
  return rows.sort((a, b) => Number(b.uses) - Number(a.uses) || byCodePoint(a.tag, b.tag)).map((row) => row.tag);
}
