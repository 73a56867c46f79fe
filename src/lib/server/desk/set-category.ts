/**
 * `setCategory`: sets a ticket's category (e.g. of an "unsorted" ticket that came in by
 * e-mail), with a `category` event from → to. The category decides which specialists' areas
 * the ticket reaches. Setting the same category changes nothing.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { DeskError } from './errors.ts';
import { recordTicketEventInChange } from './events.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import type { Ticket } from './types.ts';

/** What `setCategory` is given. */
export interface SetCategoryOptions extends StaffCommandOptions {
  /** A category key (kebab-case). */
  category: string;
}

/** Sets the category. Throws DeskError 'invalid' for a malformed key. */
export async function setCategory(database: Database, options: SetCategoryOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const category = typeof options.category === 'string' ? options.category.trim() : '';
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(category) || category.length > 100) {
    throw new DeskError('invalid', 'ticket.error.category.invalid', { message: 'Please choose a category from the list.' });
  }
  return staffChange(database, { ticketId, actor, action: 'setCategory', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    if (row.category === category) return false;
    await trx.updateTable('tickets').set({ category }).where('id', '=', row.id).execute();
    await recordTicketEventInChange(trx, { ticketId: row.id, actorId: actor.id, type: 'category', from: row.category, to: category, version, at: now });
  });
}
