/**
 * Saved personal views, on both engines: a named filter of one of the agent's views; only the
 * known filter parameters are kept; names are unique per person (case-insensitively); only the
 * owner lists, opens or deletes.
 */
import { describe, expect, it } from 'vitest';
import { deleteSavedView, getSavedView, listSavedViews, saveView, savedViewHref, SavedViewError } from '../../../src/lib/server/desk/saved-views.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { NOW } from './fixture.ts';

async function refused(run: () => Promise<unknown>): Promise<SavedViewError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SavedViewError) return error;
    throw error;
  }
  throw new Error('expected a SavedViewError');
}

describe.each(ENGINES)('saved views on %s', (engine) => {
  const env = useDatabase(engine);
  let serial = 0;
  /** Two staff members (rows written directly). */
  const staff = async (): Promise<{ first: { id: number }; second: { id: number } }> => {
    const add = async (name: string) =>
      env.current.database.kysely
        .insertInto('users')
        .values({ email: `${name}.${++serial}@tallyhaus.example`, name, role: 'first_level', password_hash: 'x', created_at: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
    return { first: await add('first'), second: await add('second') };
  };
  const rows = async (userIds: number[]) =>
    Number((await env.current.database.kysely.selectFrom('saved_views').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', 'in', userIds).executeTakeFirstOrThrow()).n);

  it('keeps only the filter, lists by name and links with saved=<id>', async () => {
    const { database } = env.current;
    const { first } = await staff();
    const view = await saveView(database, { userId: first.id, name: '  VIP  urgent ', view: 'mine', params: new URLSearchParams('priority=urgent&tag=vip&page=3&evil=1&q='), now: 5 });
    expect(view).toMatchObject({ name: 'VIP urgent', view: 'mine', query: 'priority=urgent&tag=vip', createdAt: 5 });
    await saveView(database, { userId: first.id, name: 'another', view: 'overdue', params: new URLSearchParams() });
    await saveView(database, { userId: first.id, name: 'Zebra', view: 'overdue', params: new URLSearchParams() });
    expect((await listSavedViews(database, first.id)).map((saved) => saved.name)).toEqual(['another', 'VIP urgent', 'Zebra']);
    expect(savedViewHref(view)).toBe(`/staff/views/mine?priority=urgent&tag=vip&saved=${view.id}`);
  });

  it('refuses an empty, too long or repeated name, writing nothing', async () => {
    const { database } = env.current;
    const { first, second } = await staff();
    await saveView(database, { userId: first.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect((await refused(() => saveView(database, { userId: first.id, name: '  ', view: 'mine', params: new URLSearchParams() }))).key).toBe('tags.error.viewName');
    expect((await refused(() => saveView(database, { userId: first.id, name: 'x'.repeat(61), view: 'mine', params: new URLSearchParams() }))).key).toBe('tags.error.viewName');
    expect((await refused(() => saveView(database, { userId: first.id, name: 'MINE', view: 'mine', params: new URLSearchParams() }))).code).toBe('exists');
    // Another person may use the same name.
    await saveView(database, { userId: second.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect(await rows([first.id, second.id])).toBe(2);
  });

  it('saves in parallel without passing the limit or repeating a name', async () => {
    const { database } = env.current;
    const { first } = await staff();
    const names = [...Array.from({ length: 34 }, (_, n) => `View ${n}`), 'View 0', 'view 1'];
    const results = await Promise.allSettled(names.map((name) => saveView(database, { userId: first.id, name, view: 'mine', params: new URLSearchParams() })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(30);
    expect(await rows([first.id])).toBe(30);
    expect(new Set((await listSavedViews(database, first.id)).map((saved) => saved.name.toLowerCase())).size).toBe(30);
  });

  it('only the owner opens or deletes a saved view', async () => {
    const { database } = env.current;
    const { first, second } = await staff();
    const view = await saveView(database, { userId: first.id, name: 'Mine', view: 'mine', params: new URLSearchParams() });
    expect(await getSavedView(database, second.id, view.id)).toBeNull();
    expect((await refused(() => deleteSavedView(database, second.id, view.id))).code).toBe('not_found');
    expect((await getSavedView(database, first.id, view.id))?.name).toBe('Mine');
    await deleteSavedView(database, first.id, view.id);
    expect(await listSavedViews(database, first.id)).toEqual([]);
  });
});
