/** Temporary folders for scripts (benchmarks): created in the system's temp folder, removed with everything in them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function makeTempDirSync(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDirSync(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
