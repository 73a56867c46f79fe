/**
 * The whole-loop end-to-end specs (ticket → levels → article → found) again on PostgreSQL
 * (issue 17): desk-flow, knowledge-capture, mail-way-back (attachments in and out), the
 * search specs and the team page (accounts and their tickets), against the built server with
 * DATABASE_URL pointing at a throw-away PostgreSQL from Debian's package, started by the
 * global setup (tests/e2e/support/postgres-global-setup.ts). Only these specs, to keep CI
 * inside its 30 minutes; everything else in playwright.config.ts (SQLite) is the same.
 */
import { defineConfig } from '@playwright/test';
import { prepareRun, sharedConfig } from './tests/e2e/support/run-config.ts';

const port = prepareRun();

export default defineConfig({
  ...sharedConfig(port),
  testMatch: /\/(desk-flow|knowledge-capture|mail-way-back|search|search-filters|team)\.spec\.ts$/,
  // Its own folder for traces of failures: Playwright empties the output folder when it starts.
  outputDir: 'test-results/postgres',
  globalSetup: './tests/e2e/support/postgres-global-setup.ts',
  globalTeardown: './tests/e2e/support/global-teardown.ts',
});
