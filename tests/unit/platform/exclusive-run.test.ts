/**
 * One instance at a time: on PostgreSQL a second instance (another pool) skips the work while
 * the first runs it, and runs it again once the first is done (also after the first threw);
 * on SQLite (one process per file) the work always runs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { postgresDatabase, type Database } from '../../../src/lib/server/platform/database/connect.ts';
import { runExclusively } from '../../../src/lib/server/platform/database/exclusive-run.ts';
import { ENGINES, useDatabase } from '../engines.ts';

describe.each(ENGINES)('runExclusively on %s', (engine) => {
  const env = useDatabase(engine);
  const others: Database[] = [];
  afterAll(async () => {
    for (const other of others) await other.close();
  });
  /** Another instance: a second pool on PostgreSQL; the same process's database on SQLite. */
  const otherInstance = (): Database => {
    if (!env.current.url) return env.current.database;
    const other = postgresDatabase(env.current.url, { max: 2 });
    others.push(other);
    return other;
  };

  it('lets one instance run the work; the other skips it meanwhile and runs it afterwards', async () => {
    const other = otherInstance();
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const first = runExclusively(env.current.database, 'auto-close', async () => {
      started();
      await holding;
      return 'first';
    });
    await running;
    const second = await runExclusively(other, 'auto-close', async () => 'second');
    // Another key is not blocked.
    expect(await runExclusively(other, 'something else', async () => 'other work')).toEqual({ ran: true, value: 'other work' });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    if (engine === 'postgres') expect(second).toEqual({ ran: false });
    else expect(second).toEqual({ ran: true, value: 'second' });
    expect(await runExclusively(other, 'auto-close', async () => 'later')).toEqual({ ran: true, value: 'later' });
  });

  it('releases the lock when the work throws', async () => {
    const other = otherInstance();
    await expect(runExclusively(env.current.database, 'auto-close', async () => Promise.reject(new Error('sweep failed')))).rejects.toThrow('sweep failed');
    expect(await runExclusively(other, 'auto-close', async () => 'runs')).toEqual({ ran: true, value: 'runs' });
  });
});
