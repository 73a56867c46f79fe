/**
 * Responsive image variants: made once per original with sharp (AVIF and WebP at the widths
 * below the original's plus its own, never enlarged), under content-hashed names, listed in
 * the manifest with the original's size; unchanged originals are not encoded again.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureImageVariants, ImageCatalog, readImageManifest, variantWidths } from '../../../src/lib/server/knowledge/image-variants.ts';
import { saveImage } from '../../../src/lib/server/knowledge/media-upload.ts';
import { makeTempDir, removeDir } from '../helpers.ts';

const png = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();

let dir: string;
beforeEach(() => {
  dir = makeTempDir('tierzero-variants-');
});
afterEach(() => removeDir(dir));

describe('variantWidths', () => {
  it('takes the standard widths below the original and the original width, never more', () => {
    expect(variantWidths(800)).toEqual([360, 720, 800]);
    expect(variantWidths(2400)).toEqual([360, 720, 1080, 2400]);
    expect(variantWidths(200)).toEqual([200]);
    expect(variantWidths(360)).toEqual([360]);
  });
});

describe('ensureImageVariants', () => {
  it('makes AVIF and WebP per width, a hashed copy of the original and a manifest with the size', async () => {
    fs.writeFileSync(path.join(dir, 'shot.png'), await png(800, 450));
    expect(await ensureImageVariants(dir)).toEqual(['shot.png']);
    const entry = readImageManifest(dir).images['shot.png']!;
    expect(entry).toMatchObject({ width: 800, height: 450 });
    expect(entry.hash).toMatch(/^[0-9a-f]{10}$/);
    expect(entry.fallback).toBe(`shot-${entry.hash}.png`);
    for (const format of ['avif', 'webp'] as const) {
      expect(entry.sources[format].map((source) => source.width)).toEqual([360, 720, 800]);
      for (const source of entry.sources[format]) {
        expect(source.file).toBe(`shot-${entry.hash}-${source.width}.${format}`);
        const meta = await sharp(path.join(dir, 'variants', source.file)).metadata();
        expect(meta.format).toBe(format === 'avif' ? 'heif' : 'webp');
        expect(meta.width).toBe(source.width);
        expect(meta.height).toBe(Math.round((source.width * 450) / 800));
      }
    }
    // The 360 px variant is a small fraction of the original: a phone never loads 800 px.
    const small = fs.statSync(path.join(dir, 'variants', entry.sources.webp[0]!.file)).size;
    expect(small).toBeLessThan(fs.statSync(path.join(dir, 'shot.png')).size);
  });

  it('does not encode an unchanged image again, re-encodes a changed one and drops removed ones', async () => {
    fs.writeFileSync(path.join(dir, 'a.png'), await png(400, 300));
    fs.writeFileSync(path.join(dir, 'b.png'), await png(300, 300));
    expect((await ensureImageVariants(dir)).sort()).toEqual(['a.png', 'b.png']);
    expect(await ensureImageVariants(dir)).toEqual([]);
    fs.writeFileSync(path.join(dir, 'a.png'), await png(500, 300));
    fs.rmSync(path.join(dir, 'b.png'));
    expect(await ensureImageVariants(dir)).toEqual(['a.png']);
    const manifest = readImageManifest(dir);
    expect(Object.keys(manifest.images)).toEqual(['a.png']);
    expect(manifest.images['a.png']!.width).toBe(500);
  });

  it('skips a file sharp cannot read, without failing', async () => {
    fs.writeFileSync(path.join(dir, 'broken.png'), Buffer.from('89504e470d0a1a0a00000000', 'hex'));
    expect(await ensureImageVariants(dir)).toEqual([]);
    expect(readImageManifest(dir).images).toEqual({});
  });

  it('an upload has its variants before saveImage answers', async () => {
    const bytes = new Uint8Array(await png(640, 480));
    const stored = await saveImage(dir, { name: 'Screen Shot.png', size: bytes.length, bytes: async () => bytes }, 'The screen');
    const catalog = new ImageCatalog(dir);
    expect(catalog.lookup(stored.url)).toMatchObject({ width: 640, height: 480 });
    expect(catalog.lookup('/media/unknown.png')).toBeNull();
  });
});
