/**
 * Database errors that domain code answers in words, recognised on both engines.
 * Rules that always hold: no other module tests an engine's error codes for these cases.
 */

/** True when `error` is a UNIQUE (or primary key) violation: SQLite `SQLITE_CONSTRAINT_UNIQUE`/`_PRIMARYKEY`, PostgreSQL SQLSTATE 23505. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
