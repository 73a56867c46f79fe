/**
 * `listTimeline`: what staff see and what the customer sees.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { addNote } from '../../../src/lib/server/desk/add-note.ts';
import { escalateTicket } from '../../../src/lib/server/desk/escalate-ticket.ts';
import { listTimeline } from '../../../src/lib/server/desk/timeline.ts';
import { putOnHold } from '../../../src/lib/server/desk/put-on-hold.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { solveTicket } from '../../../src/lib/server/desk/solve-ticket.ts';
import type { TimelineEntry } from '../../../src/lib/server/desk/types.ts';
import { CONFIG, deskStaff, newTicket, NOW } from './fixture.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('timeline on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  const staff = () => deskStaff(database);

  describe('listTimeline', () => {
    it('shows staff everything and the customer only messages, public replies and status changes', async () => {
      const { first, second } = await staff();
      const { ticket, token } = await newTicket(database);
      let t = await addNote(database, { ticketId: ticket.id, actor: first, body: 'Looks like a known bug', expectedVersion: ticket.version, config: CONFIG, now: NOW + 1 });
      t = await replyToCustomer(database, { ticketId: t.id, actor: first, body: 'Could you send a screenshot?', expectedVersion: t.version, config: CONFIG, now: NOW + 2 });
      t = await putOnHold(database, { ticketId: t.id, actor: first, reason: 'internal: waiting for screenshot', expectedVersion: t.version, config: CONFIG, now: NOW + 3 });
      t = await addCustomerReply(database, { token, body: 'Here it is', now: NOW + 4 });
      t = await escalateTicket(database, { ticketId: t.id, actor: first, reason: 'Internal reason', expectedVersion: t.version, config: CONFIG, now: NOW + 5 });
      t = await solveTicket(database, { ticketId: t.id, actor: second, summary: 'Fixed the number range.', expectedVersion: t.version, config: CONFIG, now: NOW + 6 });

      const describe = (entries: TimelineEntry[]): string[] =>
        entries.map((entry) =>
          entry.entry === 'message'
            ? `${entry.kind} (${entry.authorName}): ${entry.body}`
            : `${entry.type} ${entry.from ?? ''}→${entry.to ?? ''}${entry.detail ? ` [${entry.detail}]` : ''} by ${entry.actorName ?? 'system'}`,
        );
      expect(describe(await listTimeline(database, ticket.id, { includeInternal: true }))).toEqual([
        'created →new by system',
        'customer (Erika Mustermann): After importing last year’s invoices the numbers start at 1 again.',
        'assigned →Fiona First [automatic] by system',
        'note (Fiona First): Looks like a known bug',
        'reply (Fiona First): Could you send a screenshot?',
        'status new→open by Fiona First',
        'status open→waiting [internal: waiting for screenshot] by Fiona First',
        'customer (Erika Mustermann): Here it is',
        'status waiting→open [customer replied] by system',
        'assigned Fiona First→ [escalated] by Fiona First',
        'escalated 1→2 [Internal reason] by Fiona First',
        'assigned →Sam Second [automatic] by Fiona First',
        'status open→solved [Fixed the number range.] by Sam Second',
      ]);
      expect(describe(await listTimeline(database, ticket.id, { includeInternal: false }))).toEqual([
        'created →new by system',
        'customer (Erika Mustermann): After importing last year’s invoices the numbers start at 1 again.',
        'reply (Fiona First): Could you send a screenshot?',
        'status new→open by Fiona First',
        'status open→waiting by Fiona First',
        'customer (Erika Mustermann): Here it is',
        'status waiting→open by system',
        'status open→solved [Fixed the number range.] by Sam Second',
      ]);
      expect(await listTimeline(database, 99_999_999, { includeInternal: true })).toEqual([]);
    });
  });
});
