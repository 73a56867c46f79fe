/**
 * Saved personal views: a named filter of one of the agent's views; only the known filter
 * parameters are kept; names are unique per person; only the owner lists, opens or deletes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { deleteSavedView, getSavedView, listSavedViews, saveView, savedViewHref, SavedViewError } from '../../../src/lib/server/desk/saved-views.ts';
import { countRows, deskStaff, openDeskDb } from './fixture.ts';

let db: Db;
let close: () => void;

beforeEach(() => {
  ({ db, close } = openDeskDb());
});

afterEach(() => close());

function refused(run: () => unknown): SavedViewError {
  try {
    run();
  } catch (error) {
    if (error instanceof SavedViewError) return error;
    throw error;
  }
  throw new Error('expected a SavedViewError');
}

describe('saved views', () => {
  it('keeps only the filter, lists by name and links with saved=<id>', () => {
    const { first } = deskStaff(db);
    const view = saveView(db, { userId: first.id, name: '  VIP  urgent ', view: 'mine', params: new URLSearchParams('priority=urgent&tag=vip&page=3&evil=1&q='), now: 5 });
    expect(view).toMatchObject({ name: 'VIP urgent', view: 'mine', query: 'priority=urgent&tag=vip', createdAt: 5 });
    saveView(db, { userId: first.id, name: 'Another', view: 'overdue', params: new URLSearchParams() });
    expect(listSavedViews(db, first.id).map((saved) => saved.name)).toEqual(['Another', 'VIP urgent']);
    expect(savedViewHref(view)).toBe(`/staff/views/mine?priority=urgent&tag=vip&saved=${view.id}`);
  });

  it('refuses an empty, too long or repeated name, writing nothing', () => {
    const { first, second } = deskStaff(db);
    saveView(db, { userId: first.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect(refused(() => saveView(db, { userId: first.id, name: '  ', view: 'mine', params: new URLSearchParams() })).key).toBe('tags.error.viewName');
    expect(refused(() => saveView(db, { userId: first.id, name: 'x'.repeat(61), view: 'mine', params: new URLSearchParams() })).key).toBe('tags.error.viewName');
    expect(refused(() => saveView(db, { userId: first.id, name: 'MINE', view: 'mine', params: new URLSearchParams() })).code).toBe('exists');
    // Another person may use the same name.
    saveView(db, { userId: second.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect(countRows(db, 'saved_views')).toBe(2);
  });

  it('only the owner opens or deletes a saved view', () => {
    const { first, second } = deskStaff(db);
    const view = saveView(db, { userId: first.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect(getSavedView(db, second.id, view.id)).toBeNull();
    expect(refused(() => deleteSavedView(db, second.id, view.id)).code).toBe('not_found');
    expect(getSavedView(db, first.id, view.id)?.name).toBe('Mine');
    deleteSavedView(db, first.id, view.id);
    expect(listSavedViews(db, first.id)).toEqual([]);
  });
});
