/**
 * Actions of a desk view (/staff/views/<view>): save the current filter as a personal view,
 * delete one of one's saved views, and a bulk change on the list's selection (assign,
 * priority, tag, solve with a standard answer). Plain forms; the view page redirects with a
 * GET. Every handler checks the role here (`assertRole`, from the desk's one role table) and
 * the domain checks each ticket again (level, area, state).
 */
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import { getApp } from '../lib/server/platform/app.ts';
import { assertRole } from '../lib/server/accounts/guard.ts';
import { rolesFor, type StaffAction } from '../lib/server/desk/permissions.ts';
import { isViewOf } from '../lib/server/desk/views.ts';
import { deleteSavedView, saveView } from '../lib/server/desk/saved-views.ts';
import { applyBulkChange, MAX_BULK, type BulkChange } from '../lib/server/desk/bulk-change.ts';
import { getTicketByReference } from '../lib/server/desk/ticket-lookup.ts';
import type { Priority } from '../lib/server/desk/vocabulary.ts';
import type { DomainErrorCode } from '../lib/server/errors.ts';
import { t } from '../lib/i18n.ts';
import { formText, rethrowAsActionError } from './action-errors.ts';

/** The bulk changes and the ticket action whose roles each needs. */
const BULK_KINDS = { assign: 'assign', priority: 'setPriority', tag: 'tag', solve: 'solve' } as const satisfies Record<BulkChange['kind'], StaffAction>;

/** What a bulk change reports back to the page (references; refusals by code). */
export interface BulkActionResult {
  view: string;
  changed: number;
  unchanged: string[];
  refused: { reference: string; code: DomainErrorCode }[];
}

export const views = {
  /** Saves the posted filter of `view` under a name. */
  save: defineAction({
    accept: 'form',
    input: z.object({ view: z.string().max(100), name: formText(200), query: formText(2_000) }),
    handler: async (input, context): Promise<{ view: string; id: number; query: string; name: string }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, undefined, lang);
      const { database, config } = await getApp();
      if (!isViewOf(user, config.levels, input.view)) throw new ActionError({ code: 'NOT_FOUND', message: t(lang, 'workspace.view.notFound') });
      try {
        const saved = await saveView(database, { userId: user.id, name: input.name, view: input.view, params: new URLSearchParams(input.query) });
        return { view: saved.view, id: saved.id, query: saved.query, name: saved.name };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** Deletes one of the signed-in person's saved views. */
  remove: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().positive() }),
    handler: async (input, context): Promise<{ deleted: number }> => {
      const lang = context.locals.lang;
      const user = assertRole(context.locals.user, undefined, lang);
      const { database } = await getApp();
      try {
        await deleteSavedView(database, user.id, input.id);
        return { deleted: input.id };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),

  /** One change on every selected ticket (`ticket`: the references ticked in the list). */
  bulk: defineAction({
    accept: 'form',
    input: z.object({
      view: z.string().max(100),
      ticket: z.array(z.string().trim().max(40)).max(MAX_BULK * 2).optional(),
      kind: z.enum(['assign', 'priority', 'tag', 'solve']).optional(),
      colleague: formText(20),
      priority: formText(20),
      tag: formText(200),
      template: formText(20),
    }),
    handler: async (input, context): Promise<BulkActionResult> => {
      const lang = context.locals.lang;
      if (!input.kind) {
        assertRole(context.locals.user, undefined, lang);
        throw new ActionError({ code: 'BAD_REQUEST', message: t(lang, 'tags.error.bulkKind') });
      }
      const user = assertRole(context.locals.user, rolesFor(BULK_KINDS[input.kind]), lang);
      const { database, config, store } = await getApp();
      const ticketIds: number[] = [];
      for (const reference of input.ticket ?? []) {
        const ticket = reference ? await getTicketByReference(database, reference) : null;
        if (ticket) ticketIds.push(ticket.id);
      }
      const change: BulkChange =
        input.kind === 'assign'
          ? { kind: 'assign', colleagueId: Number.parseInt(input.colleague, 10) || 0 }
          : input.kind === 'priority'
            ? { kind: 'priority', priority: input.priority as Priority }
            : input.kind === 'tag'
              ? { kind: 'tag', tag: input.tag }
              : { kind: 'solve', templateId: Number.parseInt(input.template, 10) || 0 };
      try {
        const result = await applyBulkChange(database, { ticketIds, actor: { id: user.id, role: user.role, areas: user.areas, name: user.name }, change, config, store });
        return {
          view: input.view,
          changed: result.changed.length,
          unchanged: result.unchanged,
          refused: result.refused.map((item) => ({ reference: item.reference, code: item.error.code })),
        };
      } catch (error) {
        rethrowAsActionError(lang, error);
      }
    },
  }),
};
