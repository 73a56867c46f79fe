/**
 * The Message-IDs that belong to a ticket: every mail Tierzero sent for it and every mail
 * the customer sent into it. Outgoing mails refer to the earlier ones (`In-Reply-To`,
 * `References`) so mail clients show one thread; incoming mails are matched to a ticket by
 * the ids they refer to. Ids are stored with their angle brackets, as in the headers.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';

/** At most this many ids go into `References` (the first and the most recent ones). */
const MAX_REFERENCES = 20;

/** Normalises a Message-ID for lookup: trimmed, with angle brackets. Null for nothing usable. */
export function normalizeMessageId(value: string | null | undefined): string | null {
  const text = (value ?? '').trim();
  if (!text || text.length > 250 || /\s/.test(text)) return null;
  return text.startsWith('<') ? text : `<${text}>`;
}

/** Records that a Message-ID belongs to a ticket (inside the change's transaction). */
export async function recordThreadIdInChange(trx: Trx, messageId: string, ticketId: number, at: number): Promise<void> {
  await trx
    .insertInto('mail_thread_ids')
    .values({ message_id: messageId, ticket_id: ticketId, created_at: at })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

/** `In-Reply-To` and `References` for the mail `ownId` of a ticket: the ticket's earlier mails. */
export async function threadHeaders(database: Database, ticketId: number, ownId: string): Promise<{ inReplyTo: string | null; references: string[] }> {
  const own = await database.kysely.selectFrom('mail_thread_ids').select('created_at').where('message_id', '=', ownId).executeTakeFirst();
  let earlier = database.kysely.selectFrom('mail_thread_ids').select('message_id').where('ticket_id', '=', ticketId).where('message_id', '<>', ownId);
  if (own) earlier = earlier.where('created_at', '<=', own.created_at);
  const rows = await earlier.orderBy('created_at').orderBy('message_id').execute();
  const ids = rows.map((row) => row.message_id);
  const references = ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
  return { inReplyTo: ids.at(-1) ?? null, references };
}

/** The ticket that the first known id of `ids` belongs to (In-Reply-To first, then References from the newest). */
export async function ticketForMessageIds(trx: Trx, ids: readonly string[]): Promise<number | null> {
  if (ids.length === 0) return null;
  const rows = await trx
    .selectFrom('mail_thread_ids')
    .select(['message_id', 'ticket_id'])
    .where('message_id', 'in', [...ids])
    .execute();
  const found = new Map(rows.map((row) => [row.message_id, row.ticket_id]));
  for (const id of ids) {
    const ticketId = found.get(id);
    if (ticketId !== undefined) return ticketId;
  }
  return null;
}
