/** Removes the run's temporary folder (content copy, data, build copy) made by playwright.config.ts. */
import fs from 'node:fs';
import path from 'node:path';

export default function globalTeardown(): void {
  const base = process.env.E2E_BASE_DIR;
  // rmSync removes the node_modules symlink itself and does not follow it.
  if (base && path.basename(base).startsWith('tierzero-e2e-')) fs.rmSync(base, { recursive: true, force: true });
}
