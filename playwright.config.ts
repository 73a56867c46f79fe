/**
 * End-to-end tests in Debian's Chromium against the built server (npm run build first),
 * started on a free port with its own data folder and its own copy of the content, on SQLite.
 * playwright.postgres.config.ts runs the whole-loop specs again on PostgreSQL; what both
 * share is in tests/e2e/support/run-config.ts.
 */
import { defineConfig } from '@playwright/test';
import { prepareRun, SERVER_SCRIPT, serverEnv, sharedConfig } from './tests/e2e/support/run-config.ts';

const port = prepareRun();

export default defineConfig({
  ...sharedConfig(port),
  globalSetup: './tests/e2e/support/smtp.ts',
  globalTeardown: './tests/e2e/support/global-teardown.ts',
  webServer: {
    // The production server script, serving the private copy of the build.
    command: `node ${JSON.stringify(SERVER_SCRIPT)}`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 60_000,
    reuseExistingServer: false,
    // Run in the temporary folder, so that nothing can touch the repository's data/ or content/.
    cwd: process.env.E2E_BASE_DIR,
    stdout: 'pipe',
    env: serverEnv(port),
  },
});
