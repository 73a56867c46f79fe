/**
 * npm run seed on one's own knowledge base: with CONTENT_DIR lacking the demo categories (as
 * right after `npm run import` into an empty folder) and demo data on, the seed finishes,
 * leaves out what does not fit with a one-line notice, and a log file in the data folder
 * does not make it think the installation exists. A bad setting ends with one line naming it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from '../helpers.ts';

let base: string;
beforeEach(() => {
  base = makeTempDir('tierzero-seed-');
});
afterEach(() => removeDir(base));

const seed = (env: Record<string, string>) =>
  spawnSync(process.execPath, [path.resolve('scripts/seed.ts')], { env: { ...process.env, DEMO_DATA: '1', ...env }, encoding: 'utf8', timeout: 120_000 });

function ownKnowledgeBase(): string {
  const kb = path.join(base, 'kb');
  fs.mkdirSync(path.join(kb, 'articles'), { recursive: true });
  fs.writeFileSync(path.join(kb, 'categories.yml'), 'general:\n  label: General\n');
  fs.writeFileSync(
    path.join(kb, 'articles', 'hello.md'),
    '---\ntitle: Hello\nsummary: Says hello.\ncategory: general\nlang: en\nstatus: validated\naudience: public\nupdated: 2026-10-28\n---\nHello world.\n',
  );
  return kb;
}

describe('scripts/seed.ts', () => {
  it('seeds demo data only where it fits one’s own knowledge base, and a log file does not count as data', { timeout: 120_000 }, () => {
    const data = path.join(base, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'server.log'), 'an old log\n');
    const run = seed({ DATA_DIR: data, CONTENT_DIR: ownKnowledgeBase() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/CallInputError|\n\s+at /);
    expect(run.stdout).toContain('seed: demo phone calls skipped: the knowledge base has none of their categories');
    expect(run.stdout).toContain('seed: demo web tickets skipped');
    expect(run.stdout).toContain('demo staff accounts');
    const db = new Database(path.join(data, 'tierzero.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM tickets').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBeGreaterThan(0);
    db.close();
    // The second run sees the installation in the database.
    expect(seed({ DATA_DIR: data, CONTENT_DIR: ownKnowledgeBase() }).stdout).toContain('already has data');
  });

  it.each([
    [{ DESK_LEVELS: '7' }, /^seed: DESK_LEVELS: .*fix that setting/],
    [{ DATA_DIR: '/etc/passwd/x' }, /^seed: cannot create or open the database in DATA_DIR=\/etc\/passwd\/x .*point DATA_DIR/],
  ])('a bad setting %j ends with one line naming it', (env, line) => {
    const run = seed({ DATA_DIR: path.join(base, 'data'), ...env });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(line);
  });
});
