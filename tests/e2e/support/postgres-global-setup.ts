/**
 * Playwright global setup of playwright.postgres.config.ts: the test SMTP server (smtp.ts), a
 * real PostgreSQL from Debian's package in a temporary folder (tests/support/postgres-server.ts),
 * one empty database in it, and the built server with DATABASE_URL set (it migrates the
 * database at start-up, as an instance does). Playwright's own webServer starts before any
 * global setup, so this setup starts the server itself, the same command and settings as
 * playwright.config.ts (run-config.ts).
 * Rules that always hold: DATABASE_URL is also set in process.env, so that the workers and the
 * scripts they run (support/staff.ts) arrange and inspect data in the same database; the
 * returned function stops the server, then PostgreSQL, then SMTP (global-teardown.ts then
 * removes the run's folder).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, startPostgres } from '../../support/postgres-server.ts';
import { SERVER_SCRIPT, serverEnv } from './run-config.ts';
import startSmtp, { stopSmtpServer } from './smtp.ts';

const NODE = path.resolve('node_modules/.bin/node');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  await startSmtp();
  const postgres = startPostgres();
  let server: ReturnType<typeof spawn> | null = null;
  const stop = async (): Promise<void> => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    postgres.stop();
    await stopSmtpServer();
  };
  try {
    const databaseUrl = await createTestDatabase(postgres.adminUrl, 'e2e');
    process.env.DATABASE_URL = databaseUrl;
    const port = Number(process.env.E2E_PORT);
    const child = spawn(NODE, [SERVER_SCRIPT], {
      cwd: process.env.E2E_BASE_DIR,
      env: { ...process.env, ...serverEnv(port), DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    server = child;
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the test server on PostgreSQL ended while starting (exit code ${child.exitCode})`);
      try {
        if ((await fetch(url)).status < 500) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the test server on PostgreSQL did not answer ${url} within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(`e2e on PostgreSQL: server, database and SMTP ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return stop;
  } catch (error) {
    await stop();
    throw error;
  }
}
