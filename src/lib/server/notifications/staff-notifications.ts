/**
 * Staff notifications: what a staff member should know about, stored so that nothing is
 * missed while away. Rules that always hold: a notification is written inside the
 * transaction of the change that causes it (`notifyInChange`), so a change and its
 * notification exist together or not at all; nobody is notified of their own doing; a staff
 * member only ever reads and marks their own notifications; one who asked for it also gets
 * each new notification by e-mail (notification-mail.ts), queued in the same transaction.
 * `now` is injectable. Both engines (issue 17).
 */
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import { mailNotificationInChange } from './notification-mail.ts';

/** What a notification is about. */
export const NOTIFICATION_KINDS = ['assigned', 'handed_back', 'advice', 'customer_reply', 'article_validated', 'article_flagged', 'consultation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What `notifyInChange` is given. */
export interface NotificationInput {
  userId: number;
  kind: NotificationKind;
  ticketId?: number | null;
  articleSlug?: string | null;
  /** The article's title, for the e-mail copy (the slug when not given). */
  articleTitle?: string | null;
  /** null for the system or the customer. */
  actorId: number | null;
  at: number;
}

/** One notification as listed, with what it points to. */
export interface StaffNotification {
  id: number;
  kind: NotificationKind;
  reference: string | null;
  subject: string | null;
  articleSlug: string | null;
  actorName: string | null;
  createdAt: number;
  readAt: number | null;
}

/** Writes a notification inside the caller's transaction; nothing when the recipient caused it. */
export async function notifyInChange(trx: Trx, input: NotificationInput): Promise<void> {
  if (input.actorId !== null && input.actorId === input.userId) return;
  await trx
    .insertInto('staff_notifications')
    .values({ user_id: input.userId, kind: input.kind, ticket_id: input.ticketId ?? null, article_slug: input.articleSlug ?? null, actor_id: input.actorId, created_at: input.at })
    .execute();
  await mailNotificationInChange(trx, { userId: input.userId, kind: input.kind, ticketId: input.ticketId ?? null, articleSlug: input.articleSlug ?? null, articleTitle: input.articleTitle ?? null, at: input.at });
}

/** How many unread notifications `userId` has. */
export async function countUnread(database: Database, userId: number): Promise<number> {
  const { n } = await database.kysely
    .selectFrom('staff_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** `userId`'s notifications, newest first (at most `limit`). */
export async function listNotifications(database: Database, userId: number, limit = 100): Promise<StaffNotification[]> {
  const rows = await database.kysely
    .selectFrom('staff_notifications as n')
    .leftJoin('tickets as t', 't.id', 'n.ticket_id')
    .leftJoin('users as u', 'u.id', 'n.actor_id')
    .select(['n.id', 'n.kind', 't.reference', 't.subject', 'n.article_slug as articleSlug', 'u.name as actorName', 'n.created_at as createdAt', 'n.read_at as readAt'])
    .where('n.user_id', '=', userId)
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows as StaffNotification[];
}

/** Marks one of `userId`'s notifications read; false when it is not theirs (or does not exist). */
export async function markRead(database: Database, userId: number, id: number, now: number): Promise<boolean> {
  return writeTransaction(database, async (trx) => {
    const found = await trx.selectFrom('staff_notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!found) return false;
    await trx.updateTable('staff_notifications').set({ read_at: now }).where('id', '=', id).where('user_id', '=', userId).where('read_at', 'is', null).execute();
    return true;
  });
}

/** Marks all of `userId`'s notifications read; returns how many were unread. */
export async function markAllRead(database: Database, userId: number, now: number): Promise<number> {
  const result = await database.kysely.updateTable('staff_notifications').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
