/**
 * Notifications between instances (database/notify.ts) on both engines: a notification reaches
 * every listener (on PostgreSQL also one of another pool, i.e. another instance), asynchronously;
 * a change of a desk table is announced on 'desk' by the database itself; unlisten stops
 * deliveries; on PostgreSQL the listening connection comes back after the server dropped it and
 * says so (onReconnect); on SQLite a commit of another process is noticed too; and migration 0023 covers the same tables as DESK_TABLES.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { DESK_TABLES, listen, notify, stopListening } from '../../../src/lib/server/platform/database/notify.ts';
import { migrations } from '../../../src/lib/server/platform/migrations/index.ts';
import { ENGINES, useDatabase } from '../engines.ts';

/** Resolves with the first value `pick` returns for a received payload, or rejects after `ms`. */
function waitFor<T>(ms: number, setUp: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing arrived within ${ms} ms`)), ms);
    setUp((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

async function insertTicket(database: Database, reference: string): Promise<number> {
  const now = Date.now();
  const row = await database.kysely
    .insertInto('tickets')
    .values({ reference, token_hash: `h-${reference}`, customer_name: 'Ada', customer_email: 'ada@example.com', subject: 'S', category: 'c', lang: 'en', created_at: now, updated_at: now, first_response_due: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe.each(ENGINES)('notify and listen on %s', (engine) => {
  const env = useDatabase(engine);

  it('delivers a payload to every listener, after the call returned', async () => {
    const { database } = env.current;
    const seen: string[] = [];
    const first = waitFor<string>(3000, async (resolve) => {
      const stop = await listen(database, 'search', (payload) => {
        seen.push(`a:${payload}`);
        void stop().then(() => resolve(payload));
      });
    });
    const second = waitFor<string>(3000, async (resolve) => {
      const stop = await listen(database, 'search', (payload) => {
        seen.push(`b:${payload}`);
        void stop().then(() => resolve(payload));
      });
    });
    // Both listen() calls have registered by now (they are awaited before waitFor's setUp returns).
    await new Promise((resolve) => setTimeout(resolve, 50));
    await notify(database, 'search', 'phrasings');
    if (engine === 'sqlite') expect(seen).toEqual([]); // asynchronous, never inside the notifier's call
    expect(await Promise.all([first, second])).toEqual(['phrasings', 'phrasings']);
    expect(seen.sort()).toEqual(['a:phrasings', 'b:phrasings']);
  });

  it('announces a change of a desk table on the desk channel, by the database itself', async () => {
    const { database } = env.current;
    const tables: string[] = [];
    let first: (table: string) => void = () => undefined;
    // Listening before the insert: listen() resolves once LISTEN ran (a fixed pause lost the race under load).
    const stop = await listen(database, 'desk', (table) => {
      tables.push(table);
      first(table);
    });
    const arrived = waitFor<string>(3000, (resolve) => {
      first = resolve;
    });
    const id = await insertTicket(database, `N-${engine}-1`);
    expect(await arrived).toBe('tickets');
    await database.kysely.updateTable('tickets').set({ subject: 'T' }).where('id', '=', id).execute();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tables.length).toBeGreaterThanOrEqual(2);
    await stop();
    const before = tables.length;
    await database.kysely.deleteFrom('tickets').where('id', '=', id).execute();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tables.length).toBe(before); // unlistened
  });

  it('does not announce rows of other tables on the desk channel', async () => {
    const { database } = env.current;
    const tables: string[] = [];
    const stop = await listen(database, 'desk', (table) => void tables.push(table));
    await database.kysely.insertInto('rate_limit_hits').values({ bucket: 'b', key: 'k', at: 1 }).execute();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();
    expect(tables).toEqual([]);
  });
});

describe('the desk channel on SQLite', () => {
  const env = useDatabase('sqlite');

  it('hears commits of another connection (a script in another process) through PRAGMA data_version', async () => {
    const other = new BetterSqlite3(env.current.sqlite!.name);
    try {
      const tables: string[] = [];
      let stop: () => Promise<void> = async () => undefined;
      const arrived = waitFor<string>(3000, async (resolve) => {
        stop = await listen(env.current.database, 'desk', (table) => {
          tables.push(table);
          resolve(table);
        });
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      other.prepare('INSERT INTO rate_limit_hits (bucket, key, at) VALUES (?, ?, ?)').run('other', 'process', 1);
      expect(await arrived).toBe('another process');
      await stop();
    } finally {
      other.close();
    }
  });
});

describe('notify and listen between two PostgreSQL pools (two instances)', () => {
  const env = useDatabase('postgres');

  it('reaches the other instance, and its listener comes back after the connection was dropped', async () => {
    const other = postgresDatabase(env.current.url!, { max: 2 });
    try {
      let reconnected = 0;
      const payloads: string[] = [];
      let wake: (() => void) | null = null;
      const stop = await listen(
        other,
        'content',
        (payload) => {
          payloads.push(payload);
          wake?.();
        },
        { onReconnect: () => void reconnected++ },
      );
      const next = (): Promise<void> => waitFor<void>(5000, (resolve) => (wake = () => resolve()));

      let arrived = next();
      await notify(env.current.database, 'content', '{"collection":"articles","slug":"a"}');
      await arrived;
      expect(payloads).toEqual(['{"collection":"articles","slug":"a"}']);

      // The server ends the listening session (a restart, a network cut): it reconnects and hears again.
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tierzero-listen' AND datname = current_database()`.execute(env.current.database.kysely);
      for (let i = 0; i < 100 && reconnected === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(reconnected).toBe(1);
      arrived = next();
      await notify(env.current.database, 'content', 'again');
      await arrived;
      expect(payloads.at(-1)).toBe('again');
      await stop();
    } finally {
      await stopListening(other);
      await other.close();
    }
  });

  it('sends a ticket change made by one instance to the other', async () => {
    const other = postgresDatabase(env.current.url!, { max: 2 });
    try {
      let stop: () => Promise<void> = async () => undefined;
      const arrived = waitFor<string>(3000, async (resolve) => (stop = await listen(other, 'desk', resolve)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      await insertTicket(env.current.database, 'N-two-pools');
      expect(await arrived).toBe('tickets');
      await stop();
    } finally {
      await other.close();
    }
  });

  it('migration 0023 puts triggers on exactly the DESK_TABLES', async () => {
    const rows = await sql<{ table: string }>`SELECT DISTINCT event_object_table AS table FROM information_schema.triggers WHERE trigger_name LIKE '%_notify_desk' ORDER BY 1`.execute(env.current.database.kysely);
    expect(rows.rows.map((row) => row.table)).toEqual([...DESK_TABLES].sort());
    expect(migrations.some((migration) => migration.name === 'desk-notifications')).toBe(true);
  });
});
