/**
 * Image uploads: the type comes from the content's magic bytes, never the name; at most 5 MB;
 * stored in content/media under a safe name with the detected type's extension.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, saveImage, sniffImageType, UploadError } from '../../../src/lib/server/knowledge/media-upload.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

const upload = (name: string, bytes: Uint8Array, size = bytes.length) => ({ name, size, bytes: async () => bytes });

let dir: string;
beforeEach(() => {
  dir = makeTempDir('tierzero-media-');
});
afterEach(() => removeDir(dir));

describe('sniffImageType', () => {
  it('knows PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(sniffImageType(PNG)).toBe('png');
    expect(sniffImageType(JPEG)).toBe('jpg');
    expect(sniffImageType(GIF)).toBe('gif');
    expect(sniffImageType(WEBP)).toBe('webp');
  });

  it('refuses scripts, SVG, HTML, truncated headers and other RIFF files', () => {
    for (const text of ['#!/bin/sh\nrm -rf /', '<?php system($_GET["c"]); ?>', '<svg xmlns="http://www.w3.org/2000/svg"/>', '<html><script>', 'GIF87', '\x89PNG']) {
      expect(sniffImageType(Buffer.from(text, 'latin1'))).toBeNull();
    }
    expect(sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('saveImage', () => {
  it('stores by content type under a slugified, hashed name and returns the Markdown', async () => {
    const stored = await saveImage(dir, upload('Screenshot Übersicht.gif', PNG), 'The [overview]\nscreen');
    expect(stored.fileName).toMatch(/^screenshot-uebersicht-[0-9a-f]{10}\.png$/);
    expect(stored.markdown).toBe(`![The overview screen](/media/${stored.fileName})`);
    expect(fs.readFileSync(path.join(dir, stored.fileName))).toEqual(PNG);
  });

  it('refuses a script named .png, an oversized file and no file, storing nothing', async () => {
    await expect(saveImage(dir, upload('photo.png', Buffer.from('#!/bin/sh\necho pwned')))).rejects.toMatchObject({ code: 'unsupported', key: 'editor.error.upload.type' });
    await expect(saveImage(dir, upload('big.png', PNG, MAX_IMAGE_BYTES + 1))).rejects.toMatchObject({ code: 'too_large', values: { size: '5.0 MB' } });
    await expect(saveImage(dir, upload('big.png', Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES)]), 10))).rejects.toBeInstanceOf(UploadError);
    await expect(saveImage(dir, null)).rejects.toMatchObject({ code: 'invalid', key: 'editor.error.upload.missing' });
    await expect(saveImage(dir, upload('x.png', PNG), 'a'.repeat(201))).rejects.toMatchObject({ code: 'invalid', key: 'editor.error.upload.alt', field: 'alt' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('accepts exactly 5 MB', async () => {
    const bytes = Buffer.concat([PNG, Buffer.alloc(MAX_IMAGE_BYTES - PNG.length)]);
    await expect(saveImage(dir, upload('max.png', bytes))).resolves.toMatchObject({ fileName: expect.stringMatching(/\.png$/) });
  });
});
