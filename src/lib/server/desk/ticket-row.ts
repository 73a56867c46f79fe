/**
 * The `tickets` row as stored (snake_case) and its mapping to the `Ticket` the pages see.
 * Used only inside desk/: nothing outside this folder sees a row or the token hash.
 */
import type { Lang } from '../../languages.ts';
import { statement, type Db } from '../platform/db.ts';
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
export function loadRow(db: Db, ticketId: number): TicketRow | undefined {
  return statement(db, 'SELECT * FROM tickets WHERE id = ?').get(ticketId) as TicketRow | undefined;
}
