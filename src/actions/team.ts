/**
 * The team page's forms (admins only, checked here on the server): add an account, change
 * an account's name, role, subject areas, trainee flag and languages, set a new password,
 * disable or enable an account. A refused form comes back with the rule it broke in the
 * reader's language (the page keeps what was typed). Disabling an account or changing its
 * role puts the colleague's open tickets back into the queue (team/change-account.ts).
 */
import { defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { createUser } from '../lib/server/accounts/users.ts';
import { setAccountPassword } from '../lib/server/accounts/account-admin.ts';
import { ROLES } from '../lib/server/accounts/roles.ts';
import { MAX_PASSWORD_LENGTH } from '../lib/server/accounts/passwords.ts';
import { changeColleagueAccount, setColleagueDisabled } from '../lib/server/team/change-account.ts';
import { LANGS } from '../lib/languages.ts';
import { formText, rethrowAsActionError } from './action-errors.ts';
import { deskConfig } from './desk.ts';

/** The fields of the account form (add and change). */
const accountFields = {
  name: formText(200),
  role: z.string().max(40),
  /** Subject areas: the checked category keys. */
  areas: z.array(z.string().max(60)).max(50).optional(),
  /** The checked languages. */
  languages: z.array(z.string().max(5)).max(LANGS.length).optional(),
  /** The trainee checkbox ("on" when ticked). */
  trainee: z.string().max(5).optional(),
};

const ADMIN = ['admin'] as const;

/** The account form's choices as the domain takes them (role and languages are checked there). */
function accountChoices(input: { name: string; role: string; areas?: string[]; trainee?: string; languages?: string[] }) {
  return {
    name: input.name,
    role: input.role as (typeof ROLES)[number],
    areas: input.areas ?? [],
    trainee: input.trainee === 'on',
    languages: (input.languages ?? []) as (typeof LANGS)[number][],
  };
}

/** The article categories: the subject areas an account may have. */
function knownAreas(app: Awaited<ReturnType<typeof getApp>>): string[] {
  return app.store.categories().map((category) => category.key);
}

export const team = {
  /** Adds a staff account with a first password. */
  create: defineAction({
    accept: 'form',
    input: z.object({ ...accountFields, email: formText(300), password: z.string().max(MAX_PASSWORD_LENGTH + 1) }),
    handler: async (input, context): Promise<{ id: number; name: string }> => {
      const lang = context.locals.lang;
      assertRole(context.locals.user, ADMIN, lang);
      const app = await getApp();
      try {
        const user = await createUser(
          app.database,
          { ...accountChoices(input), email: input.email, password: input.password },
          { knownAreas: knownAreas(app), levels: deskConfig(app).levels },
        );
        return { id: user.id, name: user.name };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Changes an account's name, role, subject areas, trainee flag and languages. */
  update: defineAction({
    accept: 'form',
    input: z.object({ ...accountFields, userId: z.coerce.number().int().min(1) }),
    handler: async (input, context): Promise<{ id: number; name: string; roleChanged: boolean; released: number }> => {
      const lang = context.locals.lang;
      const actor = assertRole(context.locals.user, ADMIN, lang);
      const app = await getApp();
      try {
        const { user, roleChanged, released } = await changeColleagueAccount(app.database, {
          userId: input.userId,
          changes: accountChoices(input),
          actor,
          config: deskConfig(app),
          knownAreas: knownAreas(app),
        });
        return { id: user.id, name: user.name, roleChanged, released };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Sets a new password for an account; its sessions end. */
  setPassword: defineAction({
    accept: 'form',
    input: z.object({ userId: z.coerce.number().int().min(1), password: z.string().max(MAX_PASSWORD_LENGTH + 1) }),
    handler: async (input, context): Promise<{ id: number; name: string }> => {
      const lang = context.locals.lang;
      const actor = assertRole(context.locals.user, ADMIN, lang);
      try {
        const user = await setAccountPassword((await getApp()).database, input.userId, input.password, actor);
        return { id: user.id, name: user.name };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Disables an account (its open tickets go back to the queue) or enables it again. */
  setDisabled: defineAction({
    accept: 'form',
    input: z.object({ userId: z.coerce.number().int().min(1), disabled: z.enum(['0', '1']) }),
    handler: async (input, context): Promise<{ id: number; name: string; disabled: boolean; released: number }> => {
      const lang = context.locals.lang;
      const actor = assertRole(context.locals.user, ADMIN, lang);
      const app = await getApp();
      try {
        const { user, released } = await setColleagueDisabled(app.database, { userId: input.userId, disabled: input.disabled === '1', actor, config: deskConfig(app) });
        return { id: user.id, name: user.name, disabled: user.disabled, released };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
};
