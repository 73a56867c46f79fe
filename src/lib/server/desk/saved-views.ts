/**
 * Saved personal views: a named filter (search text, priority, category, tag, order) on one
 * of the agent's views, listed in the agent's navigation under the built-in views.
 *
 * Rules that always hold:
 * - A saved view belongs to one staff member: only they list, open or delete it.
 * - Only the view's known filter parameters are stored (`SAVED_VIEW_PARAMS`), never a page
 *   number or anything else from the address; the name is 1–60 characters, unique per person.
 * - Whether the agent may see the view at all is checked when it is saved and again when it is
 *   opened (views.ts), so a role change never opens a list beyond the agent's reach.
 * - Names compare case-insensitively on both engines (lower() on both sides).
 * On Kysely, both engines (issue 17).
 */
import { sql } from 'kysely';
import type { Database } from '../platform/database/connect.ts';
import { lockKey, writeTransaction } from '../platform/database/write-transaction.ts';
import { cleanLine } from '../platform/clean-text.ts';
import { DomainError } from '../errors.ts';

/** The GET parameters a saved view keeps. */
export const SAVED_VIEW_PARAMS = ['q', 'priority', 'category', 'tag', 'sort', 'dir'] as const;
/** The longest name of a saved view. */
export const MAX_VIEW_NAME = 60;
/** At most this many saved views per person. */
export const MAX_SAVED_VIEWS = 30;

/** One saved view. */
export interface SavedView {
  id: number;
  name: string;
  /** The view it filters (a fixed view key or area-<key>). */
  view: string;
  /** The filter as a query string (without `saved`). */
  query: string;
  createdAt: number;
}

/** Why a saved view could not be saved or found. */
export class SavedViewError extends DomainError<'invalid' | 'exists' | 'not_found', 'name'> {
  constructor(code: 'invalid' | 'exists' | 'not_found', key: 'tags.error.viewName' | 'tags.error.viewExists' | 'tags.error.viewNotFound' | 'tags.error.viewLimit', message: string) {
    super(code, key, { field: code === 'not_found' ? undefined : 'name', values: { max: MAX_VIEW_NAME, limit: MAX_SAVED_VIEWS }, message });
    this.name = 'SavedViewError';
  }
}

/** The kept filter of a view address: only the known parameters, non-empty, in a fixed order. */
export function savedViewQuery(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of SAVED_VIEW_PARAMS) {
    const value = (params.get(key) ?? '').trim().slice(0, 200);
    if (value) kept.set(key, value);
  }
  return kept.toString();
}

/** The address of a saved view (with `saved=<id>`, so the page knows which one it shows). */
export function savedViewHref(view: Pick<SavedView, 'id' | 'view' | 'query'>): string {
  return `/staff/views/${encodeURIComponent(view.view)}?${view.query ? `${view.query}&` : ''}saved=${view.id}`;
}

/** What `saveView` is given. */
export interface SaveViewOptions {
  userId: number;
  name: string;
  /** The view key; the caller has checked that it is one of the agent's views. */
  view: string;
  params: URLSearchParams;
  now?: number;
}

/** Saves a named filter for `userId`; refuses an empty, too long or repeated name. */
export async function saveView(database: Database, options: SaveViewOptions): Promise<SavedView> {
  const name = cleanLine(String(options.name ?? '')).trim();
  if (name.length < 1 || name.length > MAX_VIEW_NAME) throw new SavedViewError('invalid', 'tags.error.viewName', `A view name has 1–${MAX_VIEW_NAME} characters.`);
  const query = savedViewQuery(options.params);
  const now = options.now ?? Date.now();
  return writeTransaction(database, async (trx): Promise<SavedView> => {
    // One person's saves one at a time (PostgreSQL), so the limit and the name check hold.
    await lockKey(trx, `saved-views ${options.userId}`);
    const mine = trx.selectFrom('saved_views').where('user_id', '=', options.userId);
    const { n } = await mine.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_SAVED_VIEWS) throw new SavedViewError('invalid', 'tags.error.viewLimit', `At most ${MAX_SAVED_VIEWS} saved views per person.`);
    if (await mine.select('id').where(sql<boolean>`lower(name) = lower(${name})`).executeTakeFirst()) {
      throw new SavedViewError('exists', 'tags.error.viewExists', `You already have a view named "${name}".`);
    }
    const { id } = await trx.insertInto('saved_views').values({ user_id: options.userId, name, view: options.view, query, created_at: now }).returning('id').executeTakeFirstOrThrow();
    return { id, name, view: options.view, query, createdAt: now };
  });
}

const COLUMNS = ['id', 'name', 'view', 'query', 'created_at as createdAt'] as const;

/** `userId`'s saved views, by name (case-insensitive). */
export async function listSavedViews(database: Database, userId: number): Promise<SavedView[]> {
  return database.kysely.selectFrom('saved_views').select(COLUMNS).where('user_id', '=', userId).orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** One of `userId`'s saved views, or null (also when it is someone else's). */
export async function getSavedView(database: Database, userId: number, id: number): Promise<SavedView | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (await database.kysely.selectFrom('saved_views').select(COLUMNS).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

/** Deletes one of `userId`'s saved views; refuses (not_found) someone else's or a missing one. */
export async function deleteSavedView(database: Database, userId: number, id: number): Promise<void> {
  const result = await database.kysely.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) {
    throw new SavedViewError('not_found', 'tags.error.viewNotFound', `There is no saved view ${id} of yours.`);
  }
}
