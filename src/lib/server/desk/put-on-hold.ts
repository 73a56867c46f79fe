/**
 * `putOnHold`: the ticket waits on the customer (status `waiting`); the optional reason is
 * internal. A customer reply reopens it.
 */
import type { Db } from '../platform/db.ts';
import { changeStatusInChange } from './lifecycle.ts';
import { staffChange, type StaffCommandOptions } from './staff-change.ts';
import { MAX_REASON, optionalText } from './text-input.ts';
import type { Ticket } from './types.ts';

/** What `putOnHold` is given. */
export interface PutOnHoldOptions extends StaffCommandOptions {
  reason?: string | null;
}

/** Puts a ticket on hold, waiting on the customer. */
export function putOnHold(db: Db, options: PutOnHoldOptions): Ticket {
  const { ticketId, actor, expectedVersion, config, now = Date.now() } = options;
  const reason = optionalText(options.reason, 'holdReason', MAX_REASON);
  return staffChange(db, { ticketId, actor, action: 'putOnHold', expectedVersion, now, levels: config.levels, routing: config }, (row, version) => {
    changeStatusInChange(db, row, 'waiting', { actorId: actor.id, version, at: now, detail: reason });
  });
}
