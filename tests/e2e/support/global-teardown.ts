/**
 * Stops the test SMTP server (support/smtp.ts) and removes the run's temporary folder
 * (content copy, data, mail, build copy) made by playwright.config.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stopSmtpServer } from './smtp.ts';

export default async function globalTeardown(): Promise<void> {
  await stopSmtpServer();
  const base = process.env.E2E_BASE_DIR;
  // rmSync removes the node_modules symlink itself and does not follow it.
  if (base && path.basename(base).startsWith('tierzero-e2e-')) fs.rmSync(base, { recursive: true, force: true });
}
