/** Crash-safe file writes: the target gets the whole new content, no temporary file remains. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/lib/server/platform/atomic-write.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

let dir: string;

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(() => removeDir(dir));

describe('writeFileAtomic', () => {
  it('creates missing folders and writes the content', async () => {
    const file = path.join(dir, 'a', 'b', 'article.md');
    await writeFileAtomic(file, 'hello');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'article.md');
    fs.writeFileSync(file, 'old content that is longer');
    await writeFileAtomic(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['article.md']);
  });

  it('writes bytes', async () => {
    const file = path.join(dir, 'image.bin');
    await writeFileAtomic(file, new Uint8Array([0, 1, 2, 255]));
    expect([...fs.readFileSync(file)]).toEqual([0, 1, 2, 255]);
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const target = path.join(dir, 'folder.md');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(fs.readdirSync(dir)).toEqual(['folder.md']);
  });
});
