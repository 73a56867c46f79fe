/**
 * npm run db:copy (platform/database/copy-database.ts, scripts/db-copy.ts) on the real
 * PostgreSQL: every row of a SQLite installation arrives with its id, parents before children,
 * counts compared; identity sequences continue after the copied ids; a non-empty target is
 * refused unless forced; the attachment files of DATA_DIR/attachments arrive in the database
 * (a missing one is named); the script prints the counts and exits 0.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/lib/server/platform/db.ts';
import { postgresDatabase, sqliteDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { migratePostgres } from '../../../src/lib/server/platform/database/migrate-postgres.ts';
import { copyDatabase, CopyRefused, foreignKeyOrder } from '../../../src/lib/server/platform/database/copy-database.ts';
import { createTestDatabase } from '../../support/postgres-server.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const T0 = Date.UTC(2026, 11, 6, 12);

describe('db:copy from SQLite into PostgreSQL', () => {
  let dir: string;
  let db: Db;
  let source: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    dir = makeTempDir('tierzero-copy-');
    db = openDatabase(dir);
    source = sqliteDatabase(db);
    const k = source.kysely;
    // Gaps in the ids, as after deletions: the copy keeps them.
    ids.user = (await k.insertInto('users').values({ id: 7, email: 'Ada@Example.com', name: 'Ada', role: 'admin', password_hash: 'h', created_at: T0 }).returning('id').executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 3; i++) {
      const ticket = await k
        .insertInto('tickets')
        .values({ id: 40 + i * 3, reference: `T-2026-${i}`, token_hash: `t${i}`, customer_name: 'Bo', customer_email: 'bo@example.com', subject: `Ticket ${i} — Größe`, category: 'billing', lang: 'de', created_at: T0, updated_at: T0, first_response_due: T0 + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await k.insertInto('ticket_events').values({ ticket_id: ticket.id, type: 'created', actor_id: ids.user, created_at: T0, version: 1 }).execute();
    }
    await k.insertInto('content_revisions').values({ collection: 'articles', slug: 'a', number: 1, kind: 'saved', source: 'x'.repeat(100_000), author_id: ids.user, created_at: T0 }).execute();
    // Many rows: more than one read batch and one insert statement.
    const hits = Array.from({ length: 4500 }, (_, i) => ({ bucket: 'b', key: `k${i % 7}`, at: T0 + i }));
    for (let i = 0; i < hits.length; i += 500) await k.insertInto('rate_limit_hits').values(hits.slice(i, i + 500)).execute();
    await k.insertInto('login_slow_lane').values([{ account: 'ada', last_at: T0 }, { account: 'bo', last_at: T0 }]).execute();
    // Two attachments of the first ticket: one file in DATA_DIR/attachments, one lost.
    const file = (name: string) => ({ ticket_id: 40, message_id: null, file_name: `${name}.txt`, mime: 'text/plain', size: 5, storage_name: `stored-${name}`, created_at: T0 });
    await k.insertInto('attachments').values([file('kept'), file('lost')]).execute();
    fs.mkdirSync(path.join(dir, 'attachments'));
    fs.writeFileSync(path.join(dir, 'attachments', 'stored-kept'), 'bytes');
  });

  afterAll(async () => {
    await source.close();
    db.close();
    removeDir(dir);
  });

  it('orders parents before children', () => {
    const order = foreignKeyOrder([
      { name: 'ticket_events', parents: ['tickets', 'users'] },
      { name: 'tickets', parents: ['users'] },
      { name: 'users', parents: [] },
    ]).map((table) => table.name);
    expect(order).toEqual(['users', 'tickets', 'ticket_events']);
    expect(() => foreignKeyOrder([{ name: 'a', parents: ['b'] }, { name: 'b', parents: ['a'] }])).toThrow(CopyRefused);
  });

  it('copies every row with its id, sets the sequences after them, and refuses a non-empty target unless forced', async () => {
    const url = await createTestDatabase(inject('postgresUrl'), 'copy');
    await migratePostgres(url);
    const target = postgresDatabase(url, { max: 2 });
    try {
      const logged: string[] = [];
      const result = await copyDatabase(source, target, { log: (line) => logged.push(line), attachmentsDir: path.join(dir, 'attachments') });
      expect(result.ok).toBe(true);
      expect(result.attachmentFiles).toEqual({ stored: 1, missing: ['stored-lost'] });
      const data = await target.kysely.selectFrom('attachment_data as d').innerJoin('attachments as a', 'a.id', 'd.attachment_id').select(['a.file_name', 'd.data']).execute();
      expect(data.map((row) => [row.file_name, Buffer.from(row.data).toString()])).toEqual([['kept.txt', 'bytes']]);
      expect(result.onlyInSource).toEqual([]);
      const counts = Object.fromEntries(result.tables.map((row) => [row.table, [row.source, row.target]]));
      expect(counts.tickets).toEqual([3, 3]);
      expect(counts.ticket_events).toEqual([3, 3]);
      expect(counts.rate_limit_hits).toEqual([4500, 4500]);
      expect(counts.login_slow_lane).toEqual([2, 2]);
      expect(logged).toContain('rate_limit_hits: 4500 row(s)');
      const order = result.tables.map((row) => row.table);
      expect(order.indexOf('users')).toBeLessThan(order.indexOf('tickets'));
      expect(order.indexOf('tickets')).toBeLessThan(order.indexOf('ticket_events'));

      const tickets = await target.kysely.selectFrom('tickets').select(['id', 'subject']).orderBy('id').execute();
      expect(tickets).toEqual([
        { id: 40, subject: 'Ticket 0 — Größe' },
        { id: 43, subject: 'Ticket 1 — Größe' },
        { id: 46, subject: 'Ticket 2 — Größe' },
      ]);
      expect((await target.kysely.selectFrom('content_revisions').select('source').executeTakeFirstOrThrow()).source).toHaveLength(100_000);
      // citext: the e-mail is found in any case, as on SQLite.
      expect((await target.kysely.selectFrom('users').select('id').where('email', '=', 'ada@example.com').executeTakeFirst())?.id).toBe(7);
      // The next ticket gets an id after the copied ones.
      const next = await target.kysely
        .insertInto('tickets')
        .values({ reference: 'T-new', token_hash: 'n', customer_name: 'C', customer_email: 'c@example.com', subject: 'S', category: 'c', lang: 'en', created_at: T0, updated_at: T0, first_response_due: T0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(next.id).toBe(47);

      await expect(copyDatabase(source, target)).rejects.toThrow(/not empty \(.*tickets/);
      const again = await copyDatabase(source, target, { force: true });
      expect(again.ok).toBe(true);
      expect(Object.fromEntries(again.tables.map((row) => [row.table, row.target])).tickets).toBe(3);
    } finally {
      await target.close();
    }
  });

  it('is run by npm run db:copy, which prints the counts', async () => {
    const url = await createTestDatabase(inject('postgresUrl'), 'copycli');
    const node = path.resolve('node_modules/.bin/node');
    const output = execFileSync(node, ['scripts/db-copy.ts', '--from', `sqlite:${dir}`, '--to', url], { encoding: 'utf8', timeout: 60_000 });
    expect(output).toMatch(/^tickets\s+3\s+3$/m);
    expect(output).toMatch(/every count matches/);
    expect(output).toMatch(/attachment files: 1 stored in PostgreSQL; not found in .*attachments: stored-lost/);
    let refused = '';
    try {
      execFileSync(node, ['scripts/db-copy.ts', '--from', `sqlite:${dir}`, '--to', url], { encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
    } catch (error) {
      refused = String((error as { stderr?: string }).stderr);
    }
    expect(refused).toMatch(/db:copy: the target database is not empty .* --force/);
  });
});
