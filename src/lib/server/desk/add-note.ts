/**
 * `addNote`: an internal note, never shown to the customer. From a specialist (third level)
 * it is recorded as `advice`: the way level 3 answers level 2.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { recordTicketEventInChange, writeMessageInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_BODY, requireText } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `addNote` is given. */
export interface AddNoteOptions extends StaffCommandOptions {
  body: string;
}

/** Adds the note (an `advice` event from third level, a `note` event otherwise). */
export async function addNote(database: Database, options: AddNoteOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const body = requireText(options.body, 'note', MAX_BODY);
  return staffChange(database, { ticketId, actor, action: 'note', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    await writeMessageInChange(trx, { ticketId: row.id, kind: 'note', authorId: actor.id, body, version, at: now });
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: actor.role === 'third_level' ? 'advice' : 'note', version, at: now });
  });
}
