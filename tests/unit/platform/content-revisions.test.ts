/**
 * The revision store (platform/content-revisions.ts) on both engines: saves record revisions
 * and write the file, a stale base gets the conflict with the revision that got there first,
 * proposals write nothing, changes made outside the editor are recorded as 'external'.
 * On PostgreSQL also scale-out: two instances (two pools, two content folders) — a save on
 * one is written into the other's folder on the 'content' notification, a folder that is
 * behind is brought forward before a save is checked (so the second editor gets the same
 * conflict as on one instance), simultaneous saves let exactly one through, and a new
 * instance's folder is brought up to date at start-up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  currentRevision,
  listRevisions,
  materialiseCollection,
  materialiseContent,
  saveContent,
  syncRevision,
  type ContentChange,
} from '../../../src/lib/server/platform/content-revisions.ts';
import { listen, stopListening } from '../../../src/lib/server/platform/database/notify.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { makeTempDir, removeDir, useTempDirs } from '../helpers.ts';
import { addAuthor, collectionIn, collectionPair, read, type CollectionPair } from './content-fixture.ts';

const T0 = Date.UTC(2026, 11, 6, 12);
describe.each(ENGINES)('content revisions on %s', (engine) => {
  const env = useDatabase(engine);
  const tempDir = useTempDirs('tierzero-revisions-');

  it('creates, saves, refuses a stale base with the winning revision, keeps proposals off the file', async () => {
    const { database } = env.current;
    const dir = tempDir();
    const notes = collectionIn(dir);
    const ada = await addAuthor(database, 'Ada');
    const created = await saveContent(database, notes, { slug: 'a', baseRevision: 0, source: 'one\n', authorId: ada, message: ' first ', kind: 'saved', create: true }, T0);
    expect(created).toMatchObject({ ok: true, revision: { number: 1, kind: 'saved', authorName: 'Ada', message: 'first', createdAt: T0 } });
    expect(read(notes, 'a')).toBe('one\n');
    await expect(saveContent(database, notes, { slug: 'a', baseRevision: 0, source: 'x\n', authorId: ada, message: '', kind: 'saved', create: true })).rejects.toMatchObject({ reason: 'exists' });
    await expect(saveContent(database, notes, { slug: 'a', baseRevision: 1, source: 'INVALID', authorId: ada, message: '', kind: 'saved', create: false })).rejects.toMatchObject({ reason: 'invalid' });

    const second = await saveContent(database, notes, { slug: 'a', baseRevision: 1, source: 'two\n', authorId: ada, message: '', kind: 'saved', create: false }, T0 + 1);
    expect(second.ok && second.revision.number).toBe(2);
    const stale = await saveContent(database, notes, { slug: 'a', baseRevision: 1, source: 'three\n', authorId: ada, message: '', kind: 'saved', create: false }, T0 + 2);
    expect(stale).toMatchObject({ ok: false, conflict: { number: 2, source: 'two\n' } });
    expect(read(notes, 'a')).toBe('two\n');

    const proposal = await saveContent(database, notes, { slug: 'a', baseRevision: 2, source: 'maybe\n', authorId: ada, message: '', kind: 'proposed', create: false }, T0 + 3);
    expect(proposal.ok && proposal.revision.kind).toBe('proposed');
    expect(read(notes, 'a')).toBe('two\n');
    expect((await currentRevision(database, notes.name, 'a'))!.number).toBe(2);
    expect((await listRevisions(database, notes.name, 'a')).map((revision) => revision.kind)).toEqual(['proposed', 'saved', 'saved']);
  });

  it('records a change made outside the editor as external, once', async () => {
    const { database } = env.current;
    const dir = tempDir();
    const notes = collectionIn(dir);
    fs.writeFileSync(path.join(dir, 'g.md'), 'from git\n');
    expect(await syncRevision(database, notes, 'g', T0)).toMatchObject({ number: 1, kind: 'external', authorId: null });
    expect((await syncRevision(database, notes, 'g', T0))!.number).toBe(1);
    fs.writeFileSync(path.join(dir, 'g.md'), 'pulled again\n');
    const ada = await addAuthor(database, 'Ada');
    // The editor's base (1) is older than what git brought: a conflict with the external revision.
    expect(await saveContent(database, notes, { slug: 'g', baseRevision: 1, source: 'mine\n', authorId: ada, message: '', kind: 'saved', create: false })).toMatchObject({
      ok: false,
      conflict: { number: 2, kind: 'external', source: 'pulled again\n' },
    });
    expect(await syncRevision(database, notes, 'missing', T0)).toBeNull();
  });
});

describe('content revisions in scale-out: two instances on one PostgreSQL, each with its own folder', () => {
  const env = useDatabase('postgres');

  /** Instance B: its own pool and folder, writing saves of A into its folder on notification. */
  async function twoInstances(): Promise<CollectionPair & { changes: string[] }> {
    const pair = collectionPair(env.current.database, env.current.url!, 'articles');
    const changes: string[] = [];
    const stop = await listen(pair.b, 'content', async (payload) => {
      const change = JSON.parse(payload) as ContentChange;
      if (change.collection !== pair.left.name) return;
      if (await materialiseContent(pair.b, pair.right, change.slug)) changes.push(change.slug);
    });
    return {
      ...pair,
      changes,
      async close() {
        await stop();
        await stopListening(pair.b);
        await pair.close();
      },
    };
  }

  const until = async (check: () => boolean, ms = 2000): Promise<number> => {
    const start = Date.now();
    while (!check()) {
      if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Date.now() - start;
  };

  it('writes a save on one instance into the other instance\'s folder within 2 s', async () => {
    const pair = await twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      await saveContent(pair.a, pair.left, { slug: 'howto/reset', baseRevision: 0, source: 'v1\n', authorId: ada, message: '', kind: 'saved', create: true });
      await until(() => fs.existsSync(path.join(pair.right.dir, 'howto/reset.md')));
      expect(read(pair.right, 'howto/reset')).toBe('v1\n');
      await saveContent(pair.a, pair.left, { slug: 'howto/reset', baseRevision: 1, source: 'v2\n', authorId: ada, message: '', kind: 'saved', create: false });
      await until(() => read(pair.right, 'howto/reset') === 'v2\n');
      // A proposal changes no file anywhere.
      await saveContent(pair.a, pair.left, { slug: 'howto/reset', baseRevision: 2, source: 'proposal\n', authorId: ada, message: '', kind: 'proposed', create: false });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(read(pair.right, 'howto/reset')).toBe('v2\n');
    } finally {
      await pair.close();
    }
  });

  it('gives the second editor on the other instance the same conflict as on one instance, even before its folder caught up', async () => {
    const pair = await twoInstances();
    try {
      const [ada, bob] = [await addAuthor(pair.a, 'Ada'), await addAuthor(pair.a, 'Bob')];
      fs.writeFileSync(path.join(pair.left.dir, 'page.md'), 'base\n');
      fs.writeFileSync(path.join(pair.right.dir, 'page.md'), 'base\n');
      const base = (await syncRevision(pair.a, pair.left, 'page'))!.number;
      expect((await syncRevision(pair.b, pair.right, 'page'))!.number).toBe(base); // the same git text: one revision
      await saveContent(pair.a, pair.left, { slug: 'page', baseRevision: base, source: 'ada\n', authorId: ada, message: '', kind: 'saved', create: false });
      // Bob saves on B at once, from the same base: a conflict with Ada's revision, no lost edit.
      fs.writeFileSync(path.join(pair.right.dir, 'page.md'), 'base\n'); // as if the notification had not arrived yet
      const bobs = await saveContent(pair.b, pair.right, { slug: 'page', baseRevision: base, source: 'bob\n', authorId: bob, message: '', kind: 'saved', create: false });
      expect(bobs).toMatchObject({ ok: false, conflict: { number: base + 1, source: 'ada\n', authorName: 'Ada' } });
      expect(read(pair.right, 'page')).toBe('ada\n');
      // Seen it: Bob saves on top of Ada's revision.
      const again = await saveContent(pair.b, pair.right, { slug: 'page', baseRevision: base + 1, source: 'bob\n', authorId: bob, message: '', kind: 'saved', create: false });
      expect(again.ok).toBe(true);
      // A's folder (nobody listens there in this test) is brought forward when its editor opens the file.
      expect((await syncRevision(pair.a, pair.left, 'page'))!.number).toBe(base + 2);
      expect(read(pair.left, 'page')).toBe('bob\n');
      expect((await listRevisions(pair.a, pair.left.name, 'page')).map((revision) => revision.source)).toEqual(['bob\n', 'ada\n', 'base\n']);
    } finally {
      await pair.close();
    }
  });

  it('lets exactly one of two simultaneous saves on two instances through', async () => {
    const pair = await twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      await saveContent(pair.a, pair.left, { slug: 'race', baseRevision: 0, source: 'start\n', authorId: ada, message: '', kind: 'saved', create: true });
      await materialiseContent(pair.b, pair.right, 'race');
      const results = await Promise.all([
        saveContent(pair.a, pair.left, { slug: 'race', baseRevision: 1, source: 'left\n', authorId: ada, message: '', kind: 'saved', create: false }),
        saveContent(pair.b, pair.right, { slug: 'race', baseRevision: 1, source: 'right\n', authorId: ada, message: '', kind: 'saved', create: false }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await listRevisions(pair.a, pair.left.name, 'race')).toHaveLength(2);
      // Two instances creating the same new file: one wins, the other is told it exists.
      const creates = await Promise.allSettled([
        saveContent(pair.a, pair.left, { slug: 'new', baseRevision: 0, source: 'l\n', authorId: ada, message: '', kind: 'saved', create: true }),
        saveContent(pair.b, pair.right, { slug: 'new', baseRevision: 0, source: 'r\n', authorId: ada, message: '', kind: 'saved', create: true }),
      ]);
      expect(creates.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(creates.find((result) => result.status === 'rejected')).toMatchObject({ reason: { reason: 'exists' } });
    } finally {
      await pair.close();
    }
  });

  it('brings a new instance\'s folder up to date at start-up, and leaves a text from git alone', async () => {
    const pair = await twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      for (const slug of ['x', 'y']) await saveContent(pair.a, pair.left, { slug, baseRevision: 0, source: `${slug}1\n`, authorId: ada, message: '', kind: 'saved', create: true });
      await saveContent(pair.a, pair.left, { slug: 'x', baseRevision: 1, source: 'x2\n', authorId: ada, message: '', kind: 'saved', create: false });
      const fresh = makeTempDir('tierzero-instance-c-');
      try {
        const third = collectionIn(fresh, pair.left.name);
        fs.writeFileSync(path.join(fresh, 'x.md'), 'x1\n'); // an old checkout: behind
        fs.writeFileSync(path.join(fresh, 'y.md'), 'edited in git\n'); // not a revision: git's
        expect(await materialiseCollection(pair.a, third)).toBe(1);
        expect(read(third, 'x')).toBe('x2\n');
        expect(read(third, 'y')).toBe('edited in git\n');
      } finally {
        removeDir(fresh);
      }
    } finally {
      await pair.close();
    }
  });
});
