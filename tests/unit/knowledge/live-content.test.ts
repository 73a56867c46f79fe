/**
 * Live content: with `store.watch()`, edits, new files and deletions in the content folder
 * reach the store and the search index without a restart, also for a file that an atomic save
 * replaced (Node's recursive fs.watch lost such files on Linux).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../src/lib/server/knowledge/articles.ts';
import { SearchEngine } from '../../../src/lib/server/search/search.ts';
import { makeTempDir, removeDir, waitFor, writeArticle } from '../helpers.ts';

let contentDir: string;
let store: ArticleStore;
let engine: SearchEngine;
const changes: number[] = [];

const slugsFor = (query: string): string[] => engine.search(query, 'en').map((result) => result.slug);

beforeAll(async () => {
  contentDir = makeTempDir();
  writeArticle(contentDir, 'reset-password', { title: 'Reset your password', body: 'Choose Forgot password on the sign-in page.' });
  writeArticle(contentDir, 'export-data', { title: 'Export your data', body: 'Download a CSV file under Settings.' });
  writeArticle(contentDir, 'team/invite-users', { title: 'Invite users', body: 'Send an invitation from the Team page.' });
  store = new ArticleStore(contentDir, () => {});
  await store.load();
  engine = new SearchEngine(store);
  await engine.ready();
  store.onChange((changed) => changes.push(changed.version));
  store.watch();
});

afterAll(() => {
  store.close();
  removeDir(contentDir);
});

describe('watched content folder', () => {
  it('picks up an edited file', async () => {
    writeArticle(contentDir, 'reset-password', { title: 'Reset a forgotten passphrase', body: 'Choose Forgot passphrase on the sign-in page.' });
    await waitFor('the new title', () => store.get('reset-password')?.title === 'Reset a forgotten passphrase');
    await waitFor('search to find the new word', () => slugsFor('passphrase').includes('reset-password'));
    expect(slugsFor('password')).toEqual([]);
  });

  it('picks up a new file, also in a sub-folder', async () => {
    writeArticle(contentDir, 'team/remove-users', { title: 'Remove users', body: 'Deactivate a colleague who left the company.' });
    await waitFor('the new article', () => store.get('team/remove-users'));
    await waitFor('search to find the new article', () => slugsFor('colleague').includes('team/remove-users'));
  });

  it('forgets a deleted file', async () => {
    fs.rmSync(path.join(contentDir, 'articles', 'export-data.md'));
    await waitFor('the article to disappear', () => store.get('export-data') === null);
    await waitFor('search to forget it', () => slugsFor('CSV').length === 0);
  });

  it('follows a file after an atomic save (a rename over it): a later edit and its deletion in git still arrive', async () => {
    const file = path.join(contentDir, 'articles', 'saved-in-browser.md');
    writeArticle(contentDir, 'saved-in-browser', { title: 'Saved once', body: 'First text.' });
    await waitFor('the new article', () => store.get('saved-in-browser'));
    // What the editor's save does: a temporary file renamed over the article.
    const temporary = path.join(contentDir, 'articles', '.saved-in-browser.md.tmp');
    fs.writeFileSync(temporary, fs.readFileSync(file, 'utf8').replace('Saved once', 'Saved in the browser'));
    fs.renameSync(temporary, file);
    await waitFor('the saved title', () => store.get('saved-in-browser')?.title === 'Saved in the browser');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Saved in the browser', 'Changed in git'));
    await waitFor('the title changed in git', () => store.get('saved-in-browser')?.title === 'Changed in git');
    fs.rmSync(file);
    await waitFor('the article deleted in git to disappear', () => store.get('saved-in-browser') === null);
  });

  it('reports a file broken by an edit and drops it, then loads it again when fixed', async () => {
    fs.writeFileSync(path.join(contentDir, 'articles', 'team', 'invite-users.md'), '---\ntitle: Invite users\nlang: xx\n---\nBody\n');
    await waitFor('the problem to be reported', () => store.problems().some((problem) => problem.file === 'articles/team/invite-users.md'));
    expect(store.get('team/invite-users')).toBeNull();
    await waitFor('search to drop it', () => !slugsFor('invitation').includes('team/invite-users'));

    writeArticle(contentDir, 'team/invite-users', { title: 'Invite users', body: 'Send an invitation from the Team page.' });
    await waitFor('the fixed article', () => store.get('team/invite-users'));
    expect(store.problems()).toEqual([]);
    await waitFor('search to find it again', () => slugsFor('invitation').includes('team/invite-users'));
  });

  it('ignores files that are not articles', async () => {
    const version = store.version;
    fs.writeFileSync(path.join(contentDir, 'articles', 'notes.txt'), 'not an article');
    fs.writeFileSync(path.join(contentDir, 'articles', '.draft.md.tmp'), 'half-written');
    // A rescan finds nothing that changed.
    expect(await store.rescan()).toBe(false);
    expect(store.version).toBe(version);
  });

  it('told the change listeners, with an increasing version', () => {
    expect(changes.length).toBeGreaterThanOrEqual(4);
    expect([...changes].sort((a, b) => a - b)).toEqual(changes);
  });
});
