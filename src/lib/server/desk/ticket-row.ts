/**
 * The `tickets` row as stored (snake_case) and its mapping to the `Ticket` the pages see.
 * Used only inside desk/: nothing outside this folder sees a row or the token hash.
 */
import type { Lang } from '../../languages.ts';
import { forUpdate } from '../platform/database/row-locks.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import type { Ticket } from './types.ts';
import type { CallOutcome, Channel, Level, Priority, TicketStatus } from './vocabulary.ts';

/** A `tickets` row. */
export interface TicketRow {
  id: number;
  reference: string;
  token_hash: string;
  customer_name: string;
  customer_email: string;
  subject: string;
  category: string;
  lang: Lang;
  priority: Priority;
  status: TicketStatus;
  level: Level;
  assignee_id: number | null;
  channel: Channel;
  handling_seconds: number | null;
  call_outcome: CallOutcome | null;
  solution: string | null;
  source_query: string | null;
  source_article: string | null;
  created_at: number;
  updated_at: number;
  first_response_due: number;
  first_response_at: number | null;
  resolution_due: number | null;
  waiting_since: number | null;
  waited_ms: number;
  feedback_token_hash: string | null;
  solved_at: number | null;
  closed_at: number | null;
  version: number;
}

/** The row in camelCase, without the token hash. */
export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    reference: row.reference,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    subject: row.subject,
    category: row.category,
    lang: row.lang,
    priority: row.priority,
    status: row.status,
    level: row.level,
    assigneeId: row.assignee_id,
    channel: row.channel,
    handlingSeconds: row.handling_seconds ?? null,
    callOutcome: row.call_outcome ?? null,
    solution: row.solution,
    sourceQuery: row.source_query,
    sourceArticle: row.source_article,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDue: row.first_response_due,
    firstResponseAt: row.first_response_at,
    resolutionDue: row.resolution_due ?? null,
    solvedAt: row.solved_at,
    closedAt: row.closed_at,
    version: row.version,
  };
}

/** The row of a ticket by id, or undefined. */
export async function loadRow(trx: Trx, ticketId: number): Promise<TicketRow | undefined> {
  return (await trx.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirst()) as TicketRow | undefined;
}

/**
 * The row of a ticket by id, locked until the end of the caller's write transaction on
 * PostgreSQL (`FOR UPDATE`), so that a check on it and the write after it see one state; on
 * SQLite the write transaction already holds the only write lock.
 */
export async function loadRowForUpdate(trx: Trx, ticketId: number): Promise<TicketRow | undefined> {
  return (await forUpdate(trx, trx.selectFrom('tickets').selectAll().where('id', '=', ticketId)).executeTakeFirst()) as TicketRow | undefined;
}
