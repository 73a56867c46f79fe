/**
 * Vitest global setup: one real PostgreSQL for the whole unit run (tests/support/postgres-server.ts),
 * its admin URL provided to the tests as `postgresUrl` (each test file creates its own database
 * with `createTestDatabase`). Fails the run, never skips, when PostgreSQL is not installed.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../support/postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default function setup(project: TestProject): () => void {
  const server = startPostgres();
  project.provide('postgresUrl', server.adminUrl);
  return () => server.stop();
}
