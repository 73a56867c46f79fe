/**
 * Crash-safe file writes: write a temporary file next to the target, flush it to disk,
 * then rename it over the target. Readers see the old file or the new one, never half.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `content` to `file` atomically, creating the folder when needed. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true });
  // A dot-name never ends in ".md", so the content watcher ignores it while it is written.
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fsp.rename(temp, file);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  // Persist the rename itself; not every platform can open a folder, which is harmless.
  try {
    const dirHandle = await fsp.open(dir, 'r');
    await dirHandle.sync().finally(() => dirHandle.close());
  } catch {
    /* the rename is still done; only its durability on power loss is less certain */
  }
}
