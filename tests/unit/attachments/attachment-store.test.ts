/**
 * Where an attachment's bytes are, on both engines: the file in the receiving instance's
 * folder; on PostgreSQL also the database's copy (written with the row, in one transaction),
 * so that an instance with another DATA_DIR serves the same bytes and keeps them as its own
 * file; a rolled-back recording leaves no copy; on SQLite (one instance) the file is the only one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAttachment, readAttachmentData, recordAttachmentsInChange, writeAttachmentFile } from '../../../src/lib/server/attachments/attachment-store.ts';
import { writeTransaction } from '../../../src/lib/server/platform/database/write-transaction.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { newTicket, NOW } from '../desk/fixture.ts';
import { useTempDirs } from '../helpers.ts';

const folder = useTempDirs('tierzero-attachments-');

describe.each(ENGINES)('attachment bytes on %s', (engine) => {
  const env = useDatabase(engine, { each: true });

  it('serves a file on the instance that received it, and elsewhere only from PostgreSQL', async () => {
    const { database } = env.current;
    const { ticket } = await newTicket(database);
    const received = folder();
    const other = folder();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const file = writeAttachmentFile(received, bytes, 'screen.png', 'image/png');
    const [id] = await writeTransaction(database, (trx) => recordAttachmentsInChange(trx, ticket.id, null, [file], NOW));

    const here = await getAttachment(database, received, id!);
    expect(Buffer.from((await readAttachmentData(database, here!))!)).toEqual(bytes);
    const elsewhere = await getAttachment(database, other, id!);
    if (engine === 'postgres') {
      expect(Buffer.from((await readAttachmentData(database, elsewhere!))!)).toEqual(bytes);
      expect(fs.readFileSync(path.join(other, file.storageName))).toEqual(bytes);
    } else {
      expect(await readAttachmentData(database, elsewhere!)).toBeNull();
      expect(await database.kysely.selectFrom('attachment_data').select('attachment_id').execute()).toEqual([]);
    }
  });

  it('keeps no copy of a recording that rolled back, and none after its ticket is deleted', async () => {
    const { database } = env.current;
    const { ticket } = await newTicket(database);
    const file = writeAttachmentFile(folder(), Buffer.from('log line\n'), 'app.log', 'text/plain');
    await expect(
      writeTransaction(database, async (trx) => {
        await recordAttachmentsInChange(trx, ticket.id, null, [file], NOW);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await database.kysely.selectFrom('attachments').select('id').execute()).toEqual([]);
    expect(await database.kysely.selectFrom('attachment_data').select('attachment_id').execute()).toEqual([]);

    await writeTransaction(database, (trx) => recordAttachmentsInChange(trx, ticket.id, null, [file], NOW));
    expect((await database.kysely.selectFrom('attachment_data').select('attachment_id').execute()).length).toBe(engine === 'postgres' ? 1 : 0);
    await database.kysely.deleteFrom('tickets').where('id', '=', ticket.id).execute();
    expect(await database.kysely.selectFrom('attachment_data').select('attachment_id').execute()).toEqual([]);
  });
});
