/**
 * `putOnHold`: the ticket waits on the customer (status `waiting`); the optional reason is
 * internal. A customer reply reopens it.
 */
import type { Database } from '../platform/database/connect.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { changeStatusInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, optionalText } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `putOnHold` is given. */
export interface PutOnHoldOptions extends StaffCommandOptions {
  reason?: string | null;
}

/** Puts a ticket on hold, waiting on the customer. */
export async function putOnHold(database: Database, options: PutOnHoldOptions): Promise<Ticket> {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reason = optionalText(options.reason, 'holdReason', MAX_REASON);
  return staffChange(database, { ticketId, actor, action: 'putOnHold', expectedVersion, now, levels: config.levels, routing: config }, async (trx, row, version) => {
    await changeStatusInChange(trx, row, 'waiting', { actorId: actor.id, version, at: now, detail: reason });
  });
}
