/**
 * What both Playwright configurations share (playwright.config.ts: every spec on SQLite;
 * playwright.postgres.config.ts: the whole-loop specs on PostgreSQL): the run's free ports and
 * private folders (chosen once: the config is evaluated again in every worker), the browser
 * settings, and the test server's command and environment.
 * Rules that always hold: nothing here touches the repository's data/ or content/; the server
 * serves a private copy of the build, in the run's temporary folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PlaywrightTestConfig } from '@playwright/test';

/** Chooses the port and the folders of this run, once per run (the workers inherit them). */
export function prepareRun(): number {
  if (!process.env.E2E_PORT) {
    const probe = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
    process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tierzero-e2e-'));
    process.env.E2E_DATA_DIR = path.join(base, 'data');
    process.env.E2E_CONTENT_DIR = path.join(base, 'content');
    fs.cpSync('content', process.env.E2E_CONTENT_DIR, { recursive: true });
    // Serve a private copy of the build: another `astro build` into dist/ during the run would
    // otherwise delete the chunks the running server still imports.
    process.env.E2E_BASE_DIR = base;
    process.env.E2E_APP_DIR = path.join(base, 'app');
    fs.cpSync('dist', path.join(process.env.E2E_APP_DIR, 'dist'), { recursive: true });
    fs.symlinkSync(path.resolve('node_modules'), path.join(process.env.E2E_APP_DIR, 'node_modules'), 'dir');
    // The test SMTP server (tests/e2e/support/smtp.ts) listens here and writes each mail into E2E_MAIL_DIR.
    process.env.E2E_SMTP_PORT = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
    process.env.E2E_MAIL_DIR = path.join(base, 'mail');
    fs.mkdirSync(process.env.E2E_MAIL_DIR);
  }
  return Number(process.env.E2E_PORT);
}

/** The settings every configuration shares (tests, browser, timeouts). */
export function sharedConfig(port: number): PlaywrightTestConfig {
  return {
    testDir: 'tests/e2e',
    timeout: 30_000,
    expect: { timeout: 5_000 },
    fullyParallel: false,
    workers: 1,
    retries: 0,
    reporter: process.env.CI ? [['list']] : [['list']],
    use: {
      baseURL: `http://127.0.0.1:${port}`,
      locale: 'en-US',
      trace: 'retain-on-failure',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu'],
      },
    },
  };
}

/** The production server script that serves the private copy of the build. */
export const SERVER_SCRIPT = path.resolve('scripts/serve.ts');

/** The test server's environment (DATABASE_URL is added by the PostgreSQL run). */
export function serverEnv(port: number): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: String(port),
    TIERZERO_DIST: path.join(process.env.E2E_APP_DIR!, 'dist'),
    DATA_DIR: process.env.E2E_DATA_DIR!,
    CONTENT_DIR: process.env.E2E_CONTENT_DIR!,
    SITE_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
    OUTBOX_INTERVAL_MS: '200',
    // All tests share one client address; tests/e2e/ticket-form.spec.ts checks the limit itself.
    TICKET_RATE_LIMIT: '50',
    // The same for the public analytics writes; tests/unit/search/analytics-limits.test.ts checks the limit.
    ANALYTICS_RATE_LIMIT: '100000',
  };
}
