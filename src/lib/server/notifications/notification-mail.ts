/**
 * Staff notifications by e-mail: a per-user setting (off by default) and the e-mail each new
 * notification then queues in the outbox. Rules that always hold: the e-mail is queued inside
 * the transaction that writes the notification (so both exist or neither); it goes only to the
 * staff member it is for, in the language they chose with the setting, with an absolute link
 * to the thing it is about on the configured site (never a guessed host); a disabled account
 * gets none. Both engines (issue 17).
 */
import type { Database } from '../platform/database/connect.ts';
import { queueEmailInChange } from '../mail/outbox.ts';
import type { Trx } from '../platform/database/write-transaction.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { isLang, type Lang } from '../../languages.ts';

/** A staff member's e-mail setting. */
export interface NotificationMailSetting {
  byEmail: boolean;
  lang: Lang;
}

let siteUrl = '';

/** The site's public address (set once at start-up); links in the e-mails start with it. */
export function setNotificationSiteUrl(url: string): void {
  siteUrl = url.replace(/\/+$/, '');
}

/** `userId`'s setting (off and English when the account does not exist). */
export async function getNotificationMailSetting(database: Database, userId: number): Promise<NotificationMailSetting> {
  const row = await database.kysely.selectFrom('users').select(['notify_email', 'notify_lang']).where('id', '=', userId).executeTakeFirst();
  return { byEmail: row?.notify_email === 1, lang: row && isLang(row.notify_lang) ? row.notify_lang : 'en' };
}

/** Turns the e-mail copies of `userId`'s notifications on or off; they are written in `lang`. */
export async function setNotificationMailSetting(database: Database, userId: number, setting: NotificationMailSetting): Promise<NotificationMailSetting> {
  const lang: Lang = isLang(setting.lang) ? setting.lang : 'en';
  await database.kysely.updateTable('users').set({ notify_email: setting.byEmail ? 1 : 0, notify_lang: lang }).where('id', '=', userId).execute();
  return { byEmail: setting.byEmail, lang };
}

/** What a notification e-mail is about. */
export interface NotificationMailInput {
  userId: number;
  /** One of staff-notifications.ts's NOTIFICATION_KINDS. */
  kind: string;
  ticketId: number | null;
  articleSlug: string | null;
  /** The article's title as the reader knows it (else the slug is shown). */
  articleTitle?: string | null;
  at: number;
}

interface Recipient {
  email: string;
  name: string;
  notify_email: number;
  notify_lang: string;
  disabled: number;
}

/** The e-mail of a notification for `user`, or null when they did not ask for one (or are disabled). */
function notificationMail(user: Recipient | undefined, ticket: { reference: string; subject: string } | undefined, input: NotificationMailInput): { to: string; subject: string; body: string; ticketId: null } | null {
  if (!user || user.notify_email !== 1 || user.disabled) return null;
  const lang: Lang = isLang(user.notify_lang) ? user.notify_lang : 'en';
  const text = t(lang, `live.kind.${input.kind}` as MessageKey, { reference: ticket?.reference ?? '', title: input.articleTitle || input.articleSlug || '' });
  const path = ticket ? `/staff/tickets/${encodeURIComponent(ticket.reference)}` : input.articleSlug ? `/staff/articles/${encodeURIComponent(input.articleSlug)}` : '/staff/notifications';
  const lines = [
    t(lang, 'live.mail.greeting', { name: user.name }),
    '',
    ticket ? `${text}: ${ticket.subject}` : text,
    '',
    siteUrl ? `${siteUrl}${path}` : '',
    '',
    t(lang, 'live.mail.why'),
    siteUrl ? `${siteUrl}/staff/account` : '',
  ].filter((line, index, all) => line !== '' || (index > 0 && all[index - 1] !== ''));
  return { to: user.email, subject: t(lang, 'live.mail.subject', { text }), body: lines.join('\n').trim(), ticketId: null };
}

/** Queues the e-mail copy of a new notification when the recipient asked for it (inside the caller's transaction). */
export async function mailNotificationInChange(trx: Trx, input: NotificationMailInput): Promise<boolean> {
  const user = await trx.selectFrom('users').select(['email', 'name', 'notify_email', 'notify_lang', 'disabled']).where('id', '=', input.userId).executeTakeFirst();
  const ticket = input.ticketId === null ? undefined : await trx.selectFrom('tickets').select(['reference', 'subject']).where('id', '=', input.ticketId).executeTakeFirst();
  const mail = notificationMail(user, ticket, input);
  if (!mail) return false;
  await queueEmailInChange(trx, mail, input.at);
  return true;
}
