/**
 * Consultations: second level asks the specialists of a subject area for advice and keeps the
 * ticket and the customer. This module owns the states and the reads; the commands are
 * `consult-specialist.ts`, `advise-consultation.ts` and `accept-advice.ts`.
 *
 * Rules that always hold:
 * - A consultation goes open → advised → accepted (`CONSULTATION_TRANSITIONS`); accepted is
 *   final. A ticket has at most one consultation that is not accepted (the "current" one).
 * - The ticket never changes owner or level through a consultation, and nothing of it is
 *   shown to the customer (the status page keeps saying "in progress").
 */
import { queryOf, type Queryable, type Trx } from '../platform/database/write-transaction.ts';

/** Where a consultation is: asked, answered with advice, or done (advice accepted). */
export const CONSULTATION_STATUSES = ['open', 'advised', 'accepted'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** The allowed changes of a consultation's status. */
export const CONSULTATION_TRANSITIONS: Readonly<Record<ConsultationStatus, readonly ConsultationStatus[]>> = {
  open: ['advised'],
  advised: ['accepted'],
  accepted: [],
};

/** True when a consultation may go from `from` to `to`. */
export function canConsultationGo(from: ConsultationStatus, to: ConsultationStatus): boolean {
  return CONSULTATION_TRANSITIONS[from].includes(to);
}

/** A consultation as the pages see it. */
export interface Consultation {
  id: number;
  ticketId: number;
  /** The subject area (category key) whose specialists are asked. */
  area: string;
  question: string;
  status: ConsultationStatus;
  askedById: number | null;
  askedByName: string | null;
  askedAt: number;
  advisedByName: string | null;
  advisedAt: number | null;
  acceptedAt: number | null;
}

interface ConsultationRow {
  id: number;
  ticket_id: number;
  area: string;
  question: string;
  status: ConsultationStatus;
  asked_by: number | null;
  asked_by_name: string | null;
  asked_at: number;
  advised_by_name: string | null;
  advised_at: number | null;
  accepted_at: number | null;
}

/** The consultations with the names of who asked and who advised. */
function selectConsultations(db: Queryable) {
  return queryOf(db)
    .selectFrom('ticket_consultations as c')
    .leftJoin('users as a', 'a.id', 'c.asked_by')
    .leftJoin('users as s', 's.id', 'c.advised_by')
    .selectAll('c')
    .select(['a.name as asked_by_name', 's.name as advised_by_name']);
}

function toConsultation(row: ConsultationRow): Consultation {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    area: row.area,
    question: row.question,
    status: row.status,
    askedById: row.asked_by,
    askedByName: row.asked_by_name,
    askedAt: row.asked_at,
    advisedByName: row.advised_by_name,
    advisedAt: row.advised_at,
    acceptedAt: row.accepted_at,
  };
}

/** The ticket's current consultation (open or advised), or null. */
export async function getCurrentConsultation(db: Queryable, ticketId: number): Promise<Consultation | null> {
  const row = (await selectConsultations(db).where('c.ticket_id', '=', ticketId).where('c.status', '<>', 'accepted').executeTakeFirst()) as ConsultationRow | undefined;
  return row ? toConsultation(row) : null;
}

/** All consultations of a ticket, oldest first. */
export async function listConsultations(db: Queryable, ticketId: number): Promise<Consultation[]> {
  return ((await selectConsultations(db).where('c.ticket_id', '=', ticketId).orderBy('c.asked_at').orderBy('c.id').execute()) as ConsultationRow[]).map(toConsultation);
}

/** Changes a consultation's status inside the caller's transaction, after checking the transition. */
export async function moveConsultationInChange(
  trx: Trx,
  consultation: Pick<Consultation, 'id' | 'status'>,
  to: 'advised' | 'accepted',
  change: { actorId: number; at: number },
): Promise<void> {
  if (!canConsultationGo(consultation.status, to)) throw new Error(`consultation ${consultation.id}: ${consultation.status} → ${to} is not allowed`);
  const set = to === 'advised' ? { status: to, advised_by: change.actorId, advised_at: change.at } : { status: to, accepted_by: change.actorId, accepted_at: change.at };
  await trx.updateTable('ticket_consultations').set(set).where('id', '=', consultation.id).execute();
}
