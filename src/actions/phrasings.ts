/**
 * Learned phrasings as Astro Actions (plain form posts, no JavaScript needed): confirm or
 * remove a proposal on the article's staff page, and add a search from the insights' content
 * gaps as a phrasing of an article in one step. Second level and admins only (checked here
 * with `assertRole`, and again in the domain). Every change is handed to search at once.
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp, type App } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { addPhrasing, confirmedPhrasings, decidePhrasing, PHRASING_ROLES, PhrasingError } from '../lib/server/search/learned-phrasings.ts';
import { isLang } from '../lib/languages.ts';
import { t } from '../lib/i18n.ts';
import { domainActionError } from './action-errors.ts';
import { notify } from '../lib/server/platform/database/notify.ts';

/** Which roles may post each action (exact). */
export const PHRASING_ACTION_ROLES = {
  confirm: PHRASING_ROLES,
  remove: PHRASING_ROLES,
  add: PHRASING_ROLES,
} as const;

async function refreshSearch(app: Pick<App, 'database' | 'search'>): Promise<void> {
  app.search.setPhrasings(await confirmedPhrasings(app.database));
  // The other instances reload theirs (platform/instance-sync.ts).
  void notify(app.database, 'search', 'phrasings').catch(() => undefined);
}

function decide(decision: 'confirmed' | 'removed') {
  return defineAction({
    accept: 'form',
    input: z.object({ phrasing: z.coerce.number().int().min(1) }),
    handler: async (input, context): Promise<{ slug: string }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, PHRASING_ROLES, lang);
      const app = await getApp();
      try {
        const phrasing = await decidePhrasing(app.database, input.phrasing, decision, user);
        await refreshSearch(app);
        return { slug: phrasing.articleSlug };
      } catch (error) {
        if (error instanceof PhrasingError) throw domainActionError(lang, error);
        throw error;
      }
    },
  });
}

export const phrasings = {
  /** Confirms a proposed phrasing: search uses it from now on. */
  confirm: decide('confirmed'),
  /** Removes a phrasing: search stops using it and it is never proposed again. */
  remove: decide('removed'),
  /** Adds a search (a content gap) as a confirmed phrasing of an article, in one step. */
  add: defineAction({
    accept: 'form',
    input: z.object({
      /** The search as logged. */
      query: z.string().trim().min(1).max(200),
      /** The language it was searched in. */
      lang: z.string().refine(isLang),
      /** The article it should find. */
      article: z.string().trim().min(1).max(300),
    }),
    handler: async (input, context): Promise<{ slug: string; title: string }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, PHRASING_ROLES, lang);
      const app = await getApp();
      const article = app.store.get(input.article);
      if (!article) throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'phrasing.error.article') });
      try {
        await addPhrasing(app.database, { articleSlug: article.slug, lang: isLang(input.lang) ? input.lang : lang, query: input.query }, user);
        await refreshSearch(app);
        return { slug: article.slug, title: article.title };
      } catch (error) {
        if (error instanceof PhrasingError) throw domainActionError(lang, error);
        throw error;
      }
    },
  }),
};
