/**
 * Actions of the staff notifications: mark one notification read, mark all read (the
 * notifications page), and the e-mail setting (the account page). Every staff role, each only
 * their own notifications and setting (plain forms; the page redirects with a GET).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { markAllRead, markRead } from '../lib/server/notifications/staff-notifications.ts';
import { setNotificationMailSetting } from '../lib/server/notifications/notification-mail.ts';
import { t } from '../lib/i18n.ts';
import { LANGS } from '../lib/languages.ts';

export const notifications = {
  markRead: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().positive() }),
    handler: async (input, context): Promise<{ done: 'read' }> => {
      const user = assertRole(context.locals.user, undefined, context.locals.lang);
      const { database } = await getApp();
      if (!(await markRead(database, user.id, input.id, Date.now()))) throw new ActionError({ code: 'NOT_FOUND', message: t(context.locals.lang, 'live.error.notFound') });
      return { done: 'read' };
    },
  }),
  markAllRead: defineAction({
    accept: 'form',
    handler: async (_input, context): Promise<{ done: 'allRead' }> => {
      const user = assertRole(context.locals.user, undefined, context.locals.lang);
      const { database } = await getApp();
      await markAllRead(database, user.id, Date.now());
      return { done: 'allRead' };
    },
  }),
  setMailSetting: defineAction({
    accept: 'form',
    input: z.object({
      /** The checkbox: present ("on") means e-mail copies are wanted. */
      byEmail: z.string().optional(),
      /** The language of the e-mails. */
      lang: z.enum(LANGS),
    }),
    handler: async (input, context): Promise<{ done: 'mailSetting' }> => {
      const user = assertRole(context.locals.user, undefined, context.locals.lang);
      const { database } = await getApp();
      await setNotificationMailSetting(database, user.id, { byEmail: input.byEmail !== undefined && input.byEmail !== '', lang: input.lang });
      return { done: 'mailSetting' };
    },
  }),
};
