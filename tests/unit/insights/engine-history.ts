/**
 * The insights tests on both engines: every test gets an empty database of its engine
 * (tests/unit/engines.ts, `each`), and the history is written into it through the domain
 * functions, as the portal writes it (issue 17: the desk's commands run on either engine).
 */
import { beforeEach } from 'vitest';
import type { Database, Engine } from '../../../src/lib/server/platform/database/connect.ts';
import type { Db } from '../../../src/lib/server/platform/db.ts';
import { useDatabase } from '../engines.ts';

/** What a test sees: the engine's query layer (and the SQLite connection under it, null on PostgreSQL). */
export interface EngineHistory {
  database: Database;
  sqlite: Db | null;
}

/** Per test: an empty database of `engine`; `seed` writes into it before the test runs. */
export function useEngineHistory(engine: Engine, seed: (database: Database) => Promise<unknown> = async () => undefined): { current: EngineHistory } {
  const env = useDatabase(engine, { each: true });
  const holder = {} as { current: EngineHistory };
  beforeEach(async () => {
    holder.current = { database: env.current.database, sqlite: env.current.sqlite };
    await seed(holder.current.database);
  });
  return holder;
}
