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
 */
import { statement, type Db } from '../platform/db.ts';
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
export function saveView(db: Db, options: SaveViewOptions): SavedView {
  const name = cleanLine(String(options.name ?? '')).trim();
  if (name.length < 1 || name.length > MAX_VIEW_NAME) throw new SavedViewError('invalid', 'tags.error.viewName', `A view name has 1–${MAX_VIEW_NAME} characters.`);
  const query = savedViewQuery(options.params);
  const now = options.now ?? Date.now();
  return db
    .transaction((): SavedView => {
      const count = (statement(db, 'SELECT COUNT(*) AS n FROM saved_views WHERE user_id = ?').get(options.userId) as { n: number }).n;
      if (count >= MAX_SAVED_VIEWS) throw new SavedViewError('invalid', 'tags.error.viewLimit', `At most ${MAX_SAVED_VIEWS} saved views per person.`);
      if (statement(db, 'SELECT 1 FROM saved_views WHERE user_id = ? AND name = ? COLLATE NOCASE').get(options.userId, name)) {
        throw new SavedViewError('exists', 'tags.error.viewExists', `You already have a view named "${name}".`);
      }
      const id = Number(statement(db, 'INSERT INTO saved_views (user_id, name, view, query, created_at) VALUES (?, ?, ?, ?, ?)').run(options.userId, name, options.view, query, now).lastInsertRowid);
      return { id, name, view: options.view, query, createdAt: now };
    })
    .immediate();
}

/** `userId`'s saved views, by name. */
export function listSavedViews(db: Db, userId: number): SavedView[] {
  return statement(db, 'SELECT id, name, view, query, created_at AS createdAt FROM saved_views WHERE user_id = ? ORDER BY name COLLATE NOCASE, id').all(userId) as SavedView[];
}

/** One of `userId`'s saved views, or null (also when it is someone else's). */
export function getSavedView(db: Db, userId: number, id: number): SavedView | null {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return (statement(db, 'SELECT id, name, view, query, created_at AS createdAt FROM saved_views WHERE id = ? AND user_id = ?').get(id, userId) as SavedView | undefined) ?? null;
}

/** Deletes one of `userId`'s saved views; refuses (not_found) someone else's or a missing one. */
export function deleteSavedView(db: Db, userId: number, id: number): void {
  if (statement(db, 'DELETE FROM saved_views WHERE id = ? AND user_id = ?').run(id, userId).changes === 0) {
    throw new SavedViewError('not_found', 'tags.error.viewNotFound', `There is no saved view ${id} of yours.`);
  }
}
