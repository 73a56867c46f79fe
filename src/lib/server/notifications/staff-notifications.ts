/**
 * Staff notifications: what a staff member should know about, stored so that nothing is
 * missed while away. Rules that always hold: a notification is written inside the
 * transaction of the change that causes it (`notifyInChange`), so a change and its
 * notification exist together or not at all; nobody is notified of their own doing; a staff
 * member only ever reads and marks their own notifications; one who asked for it also gets
 * each new notification by e-mail (notification-mail.ts), queued in the same transaction.
 * `now` is injectable.
 */
import { statement, type Db } from '../platform/db.ts';
import { mailNotificationInChange } from './notification-mail.ts';

/** What a notification is about. */
export const NOTIFICATION_KINDS = ['assigned', 'handed_back', 'advice', 'customer_reply', 'article_validated', 'article_flagged'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What `notifyInChange` is given. */
export interface NotificationInput {
  userId: number;
  kind: NotificationKind;
  ticketId?: number | null;
  articleSlug?: string | null;
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
export function notifyInChange(db: Db, input: NotificationInput): void {
  if (input.actorId !== null && input.actorId === input.userId) return;
  statement(db, 'INSERT INTO staff_notifications (user_id, kind, ticket_id, article_slug, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    input.userId,
    input.kind,
    input.ticketId ?? null,
    input.articleSlug ?? null,
    input.actorId,
    input.at,
  );
  mailNotificationInChange(db, { userId: input.userId, kind: input.kind, ticketId: input.ticketId ?? null, articleSlug: input.articleSlug ?? null, at: input.at });
}

/** How many unread notifications `userId` has. */
export function countUnread(db: Db, userId: number): number {
  return (statement(db, 'SELECT COUNT(*) AS n FROM staff_notifications WHERE user_id = ? AND read_at IS NULL').get(userId) as { n: number }).n;
}

/** `userId`'s notifications, newest first (at most `limit`). */
export function listNotifications(db: Db, userId: number, limit = 100): StaffNotification[] {
  return statement(
    db,
    `SELECT n.id, n.kind, t.reference, t.subject, n.article_slug AS articleSlug, u.name AS actorName, n.created_at AS createdAt, n.read_at AS readAt
     FROM staff_notifications n LEFT JOIN tickets t ON t.id = n.ticket_id LEFT JOIN users u ON u.id = n.actor_id
     WHERE n.user_id = ? ORDER BY n.id DESC LIMIT ?`,
  ).all(userId, limit) as StaffNotification[];
}

/** Marks one of `userId`'s notifications read; false when it is not theirs (or does not exist). */
export function markRead(db: Db, userId: number, id: number, now: number): boolean {
  const found = statement(db, 'SELECT read_at FROM staff_notifications WHERE id = ? AND user_id = ?').get(id, userId);
  if (!found) return false;
  statement(db, 'UPDATE staff_notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL').run(now, id, userId);
  return true;
}

/** Marks all of `userId`'s notifications read; returns how many were unread. */
export function markAllRead(db: Db, userId: number, now: number): number {
  return statement(db, 'UPDATE staff_notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, userId).changes;
}
