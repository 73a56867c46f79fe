/**
 * Editor images on several instances, on both engines: an upload through saveImage with the
 * database is recorded on PostgreSQL (never on SQLite); another instance's media folder gets
 * the file and its responsive variants (all it lacks, or only the named one); a file the
 * folder already has is left alone; a 'media' notification reaches the listeners.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { saveImage } from '../../../src/lib/server/knowledge/media-upload.ts';
import { materialiseMedia } from '../../../src/lib/server/knowledge/shared-media.ts';
import { readImageManifest } from '../../../src/lib/server/knowledge/image-variants.ts';
import { listen } from '../../../src/lib/server/platform/database/notify.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { useTempDirs, waitFor } from '../helpers.ts';

const png = (width: number): Promise<Buffer> => sharp({ create: { width, height: 40, channels: 3, background: { r: 40, g: 90, b: 160 } } }).png().toBuffer();
const upload = (name: string, bytes: Uint8Array) => ({ name, size: bytes.length, bytes: async () => bytes });

const folder = useTempDirs('tierzero-media-');

describe.each(ENGINES)('editor images across instances on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  it('brings an upload of one instance into the other instance’s folder with its variants (PostgreSQL only)', async () => {
    const { database } = env.current;
    const heard: string[] = [];
    const stop = await listen(database, 'media', (name) => void heard.push(name));
    try {
      const uploading = folder();
      const other = folder();
      const bytes = await png(400);
      const stored = await saveImage(uploading, upload('Bank Übersicht.png', bytes), 'overview', database);
      expect(fs.readFileSync(path.join(uploading, stored.fileName))).toEqual(bytes);

      const written = await materialiseMedia(database, other);
      if (engine === 'sqlite') {
        expect(written).toEqual([]);
        expect(fs.existsSync(path.join(other, stored.fileName))).toBe(false);
        expect(await database.kysely.selectFrom('media_uploads').select('file_name').execute()).toEqual([]);
        return;
      }
      await waitFor('the media notification', () => heard.includes(stored.fileName));
      expect(written).toEqual([stored.fileName]);
      expect(fs.readFileSync(path.join(other, stored.fileName))).toEqual(bytes);
      expect(readImageManifest(other).images[stored.fileName]).toMatchObject({ width: 400, height: 40 });
      // Nothing left to write; the uploading instance already has it.
      expect(await materialiseMedia(database, other)).toEqual([]);
      expect(await materialiseMedia(database, uploading, [stored.fileName])).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('writes only the named uploads, and never over a file the folder has', async () => {
    const { database } = env.current;
    const uploading = folder();
    const [one, two] = [await saveImage(uploading, upload('one.png', await png(20)), '', database), await saveImage(uploading, upload('two.png', await png(30)), '', database)];
    const other = folder();
    fs.writeFileSync(path.join(other, two.fileName), 'kept as it is');
    expect(await materialiseMedia(database, other, [one.fileName])).toEqual(engine === 'postgres' ? [one.fileName] : []);
    expect(await materialiseMedia(database, other)).toEqual([]);
    expect(fs.readFileSync(path.join(other, two.fileName), 'utf8')).toBe('kept as it is');
  });
});
