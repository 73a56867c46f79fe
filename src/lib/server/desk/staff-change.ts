/**
 * The version-checked transaction every staff command runs in. Inside one immediate
 * transaction it checks, in this order: the ticket exists ('not_found'); the actor's role may
 * do this at all ('forbidden'); the ticket is still at the version the agent saw ('conflict',
 * with what changed since); the ticket is within the actor's level and areas ('forbidden';
 * not for `ANY_LEVEL_ACTIONS`, which the role table alone governs);
 * it is not closed ('closed'). Only then does the command change the row, and the change ends
 * with one version bump. There is no gap between check and write. When the change frees
 * room (the ticket leaves its assignee or is no longer in progress), the waiting tickets of
 * the ticket's former level are handed out in the same transaction (`handOutWaitingInChange`).
 * Both engines (issue 17).
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { handOutWaitingInChange } from './assignment.ts';
import { effectiveLevel, type DeskConfig, type DeskLevels } from './desk-config.ts';
import type { RoutingSettings } from './distribution.ts';
import { isOpenStatus } from './vocabulary.ts';
import { DeskError } from './errors.ts';
import { finishChangeInChange } from './lifecycle.ts';
import { ANY_LEVEL_ACTIONS, reachProblem, roleAllows, type StaffAction } from './permissions.ts';
import { loadRowForUpdate, toTicket, type TicketRow } from './ticket-row.ts';
import { listTimelineAfter } from './timeline.ts';
import type { Actor, Ticket } from './types.ts';

/** What every staff command on a ticket is given besides its own input. */
export interface StaffCommandOptions {
  ticketId: number;
  actor: Actor;
  /** The ticket version the agent saw; a different current version is a 'conflict'. */
  expectedVersion: number;
  config: DeskConfig;
  now?: number;
}

/** What `staffChange` needs to check an action. */
export interface StaffChangeOptions {
  ticketId: number;
  actor: Actor;
  action: StaffAction;
  expectedVersion: number;
  now: number;
  levels: DeskLevels;
  /** Capacity and the trainee rule, for handing out waiting tickets when the change frees room. */
  routing?: RoutingSettings;
}

const ACTION_LABELS: Record<StaffAction, string> = {
  reply: 'reply to the customer',
  note: 'add internal notes',
  setPriority: 'change the priority',
  setCategory: 'change the category',
  solve: 'solve tickets',
  putOnHold: 'put tickets on hold',
  escalate: 'escalate tickets',
  handBack: 'hand tickets back',
  take: 'take tickets',
  linkArticle: 'link articles',
  assign: 'assign tickets to colleagues',
  release: 'release tickets to the queue',
  tag: 'tag tickets',
  consult: 'consult specialists',
  advise: 'advise on consultations',
  acceptAdvice: 'accept advice',
  merge: 'merge tickets',
  relate: 'link related tickets',
};

/**
 * Runs one staff action as one transaction (checks above). `apply` makes the change with the
 * new version inside the transaction (awaiting only queries on `trx`); returning false means
 * nothing needed changing (no version bump). On PostgreSQL the ticket row is locked for the
 * whole transaction (`FOR UPDATE`), so two instances changing one ticket take turns and the
 * second sees the first's version: a 'conflict', never a lost change.
 */
export async function staffChange(
  database: Database,
  options: StaffChangeOptions,
  apply: (trx: Trx, row: TicketRow, version: number) => Promise<boolean | void> | boolean | void,
): Promise<Ticket> {
  const { ticketId, actor, action, expectedVersion, now, levels } = options;
  return writeTransaction(database, async (trx): Promise<Ticket> => {
    const row = await loadRowForUpdate(trx, ticketId);
    if (!row) throw new DeskError('not_found', 'desk.error.ticketId', { values: { id: ticketId }, message: `There is no ticket with id ${ticketId}.` });
    if (!roleAllows(actor.role, action)) {
      throw actor.role === 'third_level' && action === 'reply'
        ? new DeskError('forbidden', 'desk.error.role.specialistReply', {
            message: 'Specialists do not write to the customer. Add an internal note with your advice for second level instead.',
          })
        : new DeskError('forbidden', `desk.error.role.${action}` as const, { message: `Your role (${actor.role}) may not ${ACTION_LABELS[action]}.` });
    }
    if (row.version !== expectedVersion) {
      throw new DeskError('conflict', 'desk.conflict.title', {
        message: `Ticket ${row.reference} was changed by someone else after you opened it. Here is what changed; please check and try again.`,
        changes: await listTimelineAfter(trx, ticketId, true, Math.min(expectedVersion, row.version)),
        currentVersion: row.version,
      });
    }
    const problem = ANY_LEVEL_ACTIONS[action] ? null : reachProblem(actor, row, levels);
    if (problem) throw new DeskError('forbidden', problem.key, { values: problem.values, message: problem.message });
    if (row.status === 'closed')
      throw new DeskError('closed', 'desk.error.closed', { values: { reference: row.reference }, message: `Ticket ${row.reference} is closed and can no longer be changed.` });
    const version = row.version + 1;
    const before = { level: row.level, assignee: row.assignee_id, open: isOpenStatus(row.status) };
    if ((await apply(trx, row, version)) === false) return toTicket(row);
    const ticket = await finishChangeInChange(trx, row.id, version, now);
    // The change freed room (the ticket left its assignee or is done): the level's waiting
    // tickets may go to someone with room now.
    if (before.assignee !== null && before.open && (ticket.assigneeId !== before.assignee || !isOpenStatus(ticket.status))) {
      await handOutWaitingInChange(trx, effectiveLevel(before.level, levels), { now, levels, routing: options.routing });
    }
    return ticket;
  });
}
