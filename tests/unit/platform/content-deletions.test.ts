/**
 * A file deleted outside the editor (git rm + deploy) stays deleted (platform/content-revisions.ts,
 * content-seen.ts), on both engines: the start-up catch-up (`materialiseCollection`) records a
 * 'deleted' revision instead of writing the file back, the history keeps every revision, a save
 * from an editor who had it open is refused, and creating it again (in the browser or in git)
 * brings it back for good. In scale-out (PostgreSQL, two instances with their own folders or one
 * shared checkout) a file created in the browser on one instance still appears on the other,
 * and a deletion on one removes the file on the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import {
  currentRevision,
  listRevisions,
  materialiseCollection,
  materialiseContent,
  saveContent,
  syncRevision,
  type ContentCollection,
} from '../../../src/lib/server/platform/content-revisions.ts';
import { readSeen, SEEN_FILE } from '../../../src/lib/server/platform/content-seen.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { useTempDirs } from '../helpers.ts';
import { addAuthor, collectionIn, collectionPair, fileOf, read, uniqueName, type CollectionPair } from './content-fixture.ts';

const T0 = Date.UTC(2026, 11, 6, 13);
const kinds = async (database: Database, collection: ContentCollection, slug: string): Promise<string[]> =>
  (await listRevisions(database, collection.name, slug)).map((revision) => revision.kind);

describe.each(ENGINES)('a file deleted outside the editor on %s', (engine) => {
  const env = useDatabase(engine);
  const tempDir = useTempDirs('tierzero-deletions-');

  it('stays deleted after a restart, shows in the history, refuses a save from an open editor, and can be created again', async () => {
    const { database } = env.current;
    const dir = tempDir();
    const notes = collectionIn(dir, uniqueName('deletions'));
    const ada = await addAuthor(database, 'Ada');
    await saveContent(database, notes, { slug: 'keep', baseRevision: 0, source: 'kept\n', authorId: ada, message: '', kind: 'saved', create: true }, T0);
    await saveContent(database, notes, { slug: 'howto/old', baseRevision: 0, source: 'v1\n', authorId: ada, message: '', kind: 'saved', create: true }, T0);
    await saveContent(database, notes, { slug: 'howto/old', baseRevision: 1, source: 'v2\n', authorId: ada, message: '', kind: 'saved', create: false }, T0 + 1);
    await materialiseCollection(database, notes, T0 + 2); // a start with everything in place: nothing happens
    expect(await kinds(database, notes, 'howto/old')).toEqual(['saved', 'saved']);

    fs.rmSync(fileOf(notes, 'howto/old')); // git rm + deploy
    await materialiseCollection(database, notes, T0 + 3); // the next start
    expect(fs.existsSync(fileOf(notes, 'howto/old'))).toBe(false);
    const history = await listRevisions(database, notes.name, 'howto/old');
    expect(history.map((revision) => revision.kind)).toEqual(['deleted', 'saved', 'saved']);
    expect(history[0]).toMatchObject({ number: 3, authorId: null, source: '', createdAt: T0 + 3 });
    expect(history[1].source).toBe('v2\n'); // nothing edited in the browser is lost
    // Another restart (and another instance's notification) changes nothing.
    expect(await materialiseCollection(database, notes, T0 + 4)).toBe(0);
    expect(await materialiseContent(database, notes, 'howto/old')).toBe(false);
    expect(fs.existsSync(fileOf(notes, 'howto/old'))).toBe(false);
    expect(await listRevisions(database, notes.name, 'howto/old')).toHaveLength(3);
    expect(read(notes, 'keep')).toBe('kept\n');

    // An editor who had revision 2 open: nothing saved, no file written.
    await expect(
      saveContent(database, notes, { slug: 'howto/old', baseRevision: 2, source: 'mine\n', authorId: ada, message: '', kind: 'saved', create: false }),
    ).rejects.toMatchObject({ reason: 'deleted', key: 'editor.error.deleted' });
    expect(fs.existsSync(fileOf(notes, 'howto/old'))).toBe(false);
    expect(await syncRevision(database, notes, 'howto/old')).toMatchObject({ number: 3, kind: 'deleted' });

    // Created again in the browser, explicitly: a new revision, the file is back for good.
    const again = await saveContent(database, notes, { slug: 'howto/old', baseRevision: 0, source: 'v3\n', authorId: ada, message: '', kind: 'saved', create: true }, T0 + 5);
    expect(again).toMatchObject({ ok: true, revision: { number: 4, kind: 'saved' } });
    await materialiseCollection(database, notes, T0 + 6);
    expect(read(notes, 'howto/old')).toBe('v3\n');
    expect((await currentRevision(database, notes.name, 'howto/old'))!.number).toBe(4);
  });

  it('records a file deleted while running when the editor opens it, and one that git brings back as external', async () => {
    const { database } = env.current;
    const dir = tempDir();
    const notes = collectionIn(dir, uniqueName('deletions'));
    const ada = await addAuthor(database, 'Ada');
    fs.writeFileSync(fileOf(notes, 'other'), 'other\n');
    await saveContent(database, notes, { slug: 'page', baseRevision: 0, source: 'one\n', authorId: ada, message: '', kind: 'saved', create: true }, T0);
    fs.rmSync(fileOf(notes, 'page'));
    expect(await syncRevision(database, notes, 'page', T0 + 1)).toMatchObject({ number: 2, kind: 'deleted' });

    // git revert: the same text comes back; recorded as a change from outside, and it stays.
    fs.writeFileSync(fileOf(notes, 'page'), 'one\n');
    await materialiseCollection(database, notes, T0 + 2);
    expect(await kinds(database, notes, 'page')).toEqual(['external', 'deleted', 'saved']);
    await materialiseCollection(database, notes, T0 + 3);
    expect(read(notes, 'page')).toBe('one\n');
    expect(await kinds(database, notes, 'page')).toEqual(['external', 'deleted', 'saved']);
  });

  it('takes an empty folder as not mounted: nothing is recorded as deleted', async () => {
    const { database } = env.current;
    const dir = tempDir();
    const notes = collectionIn(dir, uniqueName('deletions'));
    const ada = await addAuthor(database, 'Ada');
    await saveContent(database, notes, { slug: 'a', baseRevision: 0, source: 'a\n', authorId: ada, message: '', kind: 'saved', create: true }, T0);
    fs.rmSync(fileOf(notes, 'a'));
    await materialiseCollection(database, notes, T0 + 1);
    expect(await kinds(database, notes, 'a')).toEqual(['saved']);
  });
});

describe('deleting in git with several instances on one PostgreSQL', () => {
  const env = useDatabase('postgres');

  /** Instance B: its own pool; `shared` gives both instances the same folder (one checkout). */
  const twoInstances = (shared = false): CollectionPair => collectionPair(env.current.database, env.current.url!, 'gitdelete', shared);

  it('writes a file created in the browser on A into B\'s folder, and a deletion in git on A removes it on B', async () => {
    const pair = twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      fs.writeFileSync(fileOf(pair.right, 'from-git'), 'git\n'); // B's folder is never empty
      await materialiseCollection(pair.b, pair.right, T0); // B starts: it keeps a list of its files from now on
      expect(await readSeen(pair.right.dir)).toEqual(new Set(['from-git']));
      await saveContent(pair.a, pair.left, { slug: 'new/page', baseRevision: 0, source: 'made in the browser\n', authorId: ada, message: '', kind: 'saved', create: true }, T0 + 1);
      expect(await readSeen(pair.left.dir)).toEqual(new Set(['new/page']));
      // B never had it: not a deletion, a file that is not here yet.
      expect(await materialiseCollection(pair.b, pair.right, T0 + 2)).toBe(1);
      expect(read(pair.right, 'new/page')).toBe('made in the browser\n');
      expect(await readSeen(pair.right.dir)).toEqual(new Set(['from-git', 'new/page']));

      // git rm + deploy reaches A first: A had it, so it was deleted outside.
      fs.rmSync(fileOf(pair.left, 'new/page'));
      fs.writeFileSync(fileOf(pair.left, 'from-git'), 'git\n');
      await materialiseCollection(pair.a, pair.left, T0 + 3);
      expect(await kinds(pair.a, pair.left, 'new/page')).toEqual(['deleted', 'saved']);
      // B hears of it (the 'content' notification) before its own git pull: the file goes there too.
      expect(await materialiseContent(pair.b, pair.right, 'new/page')).toBe(true);
      expect(fs.existsSync(fileOf(pair.right, 'new/page'))).toBe(false);
      // Restarts of both change nothing; the article is gone for good.
      await materialiseCollection(pair.a, pair.left, T0 + 4);
      await materialiseCollection(pair.b, pair.right, T0 + 4);
      expect(fs.existsSync(fileOf(pair.left, 'new/page'))).toBe(false);
      expect(fs.existsSync(fileOf(pair.right, 'new/page'))).toBe(false);
      expect(await listRevisions(pair.a, pair.left.name, 'new/page')).toHaveLength(2);

      // Created again in the browser on B: A writes it (its list forgot the file).
      await saveContent(pair.b, pair.right, { slug: 'new/page', baseRevision: 0, source: 'again\n', authorId: ada, message: '', kind: 'saved', create: true }, T0 + 5);
      expect(await materialiseContent(pair.a, pair.left, 'new/page')).toBe(true);
      expect(read(pair.left, 'new/page')).toBe('again\n');
    } finally {
      await pair.close();
    }
  });

  it('remembers every file a folder held at start-up: a git file edited on B while A was down, then deleted in git, stays deleted on A', async () => {
    const pair = twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      for (const collection of [pair.left, pair.right]) fs.writeFileSync(fileOf(collection, 'faq'), 'from git\n');
      fs.writeFileSync(fileOf(pair.left, 'other'), 'x\n');
      await materialiseCollection(pair.a, pair.left, T0); // A starts (no revisions yet) and goes down
      const opened = (await syncRevision(pair.b, pair.right, 'faq', T0 + 1))!;
      await saveContent(pair.b, pair.right, { slug: 'faq', baseRevision: opened.number, source: 'edited on B\n', authorId: ada, message: '', kind: 'saved', create: false }, T0 + 2);
      fs.rmSync(fileOf(pair.left, 'faq')); // A's checkout: git rm faq
      await materialiseCollection(pair.a, pair.left, T0 + 3); // A starts again
      expect(fs.existsSync(fileOf(pair.left, 'faq'))).toBe(false);
      expect(await kinds(pair.a, pair.left, 'faq')).toEqual(['deleted', 'saved', 'external']);
    } finally {
      await pair.close();
    }
  });

  it('with one checkout shared by two instances: a deletion in git stays, whichever starts first', async () => {
    const pair = twoInstances(true);
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      fs.writeFileSync(fileOf(pair.left, 'from-git'), 'git\n');
      await saveContent(pair.a, pair.left, { slug: 'shared', baseRevision: 0, source: 's1\n', authorId: ada, message: '', kind: 'saved', create: true }, T0);
      await materialiseContent(pair.b, pair.right, 'shared'); // B hears of it: already there
      fs.rmSync(fileOf(pair.left, 'shared'));
      await Promise.all([materialiseCollection(pair.b, pair.right, T0 + 1), materialiseCollection(pair.a, pair.left, T0 + 1)]);
      expect(fs.existsSync(fileOf(pair.left, 'shared'))).toBe(false);
      expect(await kinds(pair.a, pair.left, 'shared')).toEqual(['deleted', 'saved']);
      expect(await readSeen(pair.left.dir)).toEqual(new Set(['from-git']));
    } finally {
      await pair.close();
    }
  });

  it('before a folder keeps a list: a missing file that came from git is a deletion, one made in the browser is written', async () => {
    const pair = twoInstances();
    try {
      const ada = await addAuthor(pair.a, 'Ada');
      fs.writeFileSync(fileOf(pair.left, 'git-page'), 'from git\n');
      await syncRevision(pair.a, pair.left, 'git-page', T0); // an editor opened it: 'external'
      await saveContent(pair.a, pair.left, { slug: 'git-page', baseRevision: 1, source: 'edited\n', authorId: ada, message: '', kind: 'saved', create: false }, T0 + 1);
      await saveContent(pair.a, pair.left, { slug: 'browser-page', baseRevision: 0, source: 'browser\n', authorId: ada, message: '', kind: 'saved', create: true }, T0 + 2);
      // B: a fresh checkout from git after `git rm git-page`, no list yet.
      fs.writeFileSync(fileOf(pair.right, 'unrelated'), 'x\n');
      expect(fs.existsSync(path.join(pair.right.dir, SEEN_FILE))).toBe(false);
      await materialiseCollection(pair.b, pair.right, T0 + 3);
      expect(await kinds(pair.a, pair.left, 'git-page')).toEqual(['deleted', 'saved', 'external']);
      expect(read(pair.right, 'browser-page')).toBe('browser\n');
      expect(fs.existsSync(fileOf(pair.right, 'git-page'))).toBe(false);
      expect(await readSeen(pair.right.dir)).toEqual(new Set(['browser-page', 'unrelated']));
    } finally {
      await pair.close();
    }
  });
});
