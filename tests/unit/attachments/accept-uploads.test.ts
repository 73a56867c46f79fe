/**
 * Uploads through forms: all files checked before anything is written, one refused file
 * refuses the submission, and files of a command that fails are removed again; a staff
 * reply's files are recorded with it and queued as the mail's attachments.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUploads, uploadsFromForm, withUploadedFiles } from '../../../src/lib/server/attachments/accept-uploads.ts';
import { listAttachments } from '../../../src/lib/server/attachments/attachment-store.ts';
import { replyToCustomer } from '../../../src/lib/server/desk/reply-to-customer.ts';
import { addCustomerReply } from '../../../src/lib/server/desk/add-customer-reply.ts';
import { createTicket } from '../../../src/lib/server/desk/create-ticket.ts';
import type { Database } from '../../../src/lib/server/platform/database/connect.ts';
import { ENGINES, useDatabase } from '../engines.ts';
import { actorOf, addUser, CONFIG, newTicket, ticketForm } from '../desk/fixture.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');
const HTML = Buffer.from('<html><script>alert(1)</script></html>');
const LIMITS = { maxFiles: 2, maxBytes: 1024 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tz-uploads-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('checkUploads', () => {
  it('accepts checked files and skips an unchosen file input', async () => {
    const uploads = await uploadsFromForm([new File([PNG], 'shot.png'), new File([], ''), 'not a file']);
    expect(uploads.map((upload) => upload.name)).toEqual(['shot.png']);
    expect(await checkUploads(uploads, LIMITS)).toMatchObject({ ok: true, files: [{ fileName: 'shot.png', mime: 'image/png' }] });
  });

  it('refuses the whole submission, naming every refused file, by content not by name', async () => {
    const result = await checkUploads(
      [
        { name: 'shot.png', data: PNG },
        { name: 'page.txt', data: HTML },
      ],
      LIMITS,
    );
    // .txt with HTML inside is text by name … and plain UTF-8: accepted as text/plain, never served as HTML.
    expect(result.ok).toBe(true);
    const refused = await checkUploads(
      [
        { name: 'evil.html', data: HTML },
        { name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(2000)]) },
      ],
      LIMITS,
    );
    expect(refused).toEqual({ ok: false, refused: [{ fileName: 'evil.html', problem: 'type' }, { fileName: 'big.png', problem: 'size' }] });
    expect(await checkUploads([1, 2, 3].map((n) => ({ name: `${n}.png`, data: PNG })), LIMITS)).toEqual({ ok: false, refused: [{ fileName: '', problem: 'count' }] });
  });
});

describe.each(ENGINES)('files with their message on %s', (engine) => {
  const env = useDatabase(engine, { each: true });
  let database: Database;
  beforeEach(() => {
    ({ database } = env.current);
  });

  describe('files commit with their message', () => {
    it('records a staff reply\'s files with it and queues them as mail attachments', async () => {
      const { ticket } = await newTicket(database);
      const agent = await actorOf(database, await addUser(database, { name: 'Fiona First', role: 'first_level' }));
      const check = await checkUploads([{ name: 'steps.png', data: PNG }], LIMITS);
      if (!check.ok) throw new Error('refused');
      await withUploadedFiles(dir, check.files, (stored) => replyToCustomer(database, { ticketId: ticket.id, actor: agent, body: 'See the picture.', expectedVersion: ticket.version, config: CONFIG, attachments: stored }));
      const [file] = await listAttachments(database, ticket.id);
      expect(file).toMatchObject({ fileName: 'steps.png', mime: 'image/png', size: PNG.length });
      const row = await database.kysely.selectFrom('outbox').select('attachment_ids').where('body', 'like', '%See the picture.%').executeTakeFirstOrThrow();
      expect(JSON.parse(row.attachment_ids!)).toEqual([file.id]);
      const message = await database.kysely.selectFrom('ticket_messages').select('id').where('kind', '=', 'reply').executeTakeFirstOrThrow();
      expect(file.messageId).toBe(message.id);
    });

    it('removes the written files when the command fails, and writes nothing', async () => {
      const { ticket, token } = await newTicket(database);
      const check = await checkUploads([{ name: 'a.png', data: PNG }], LIMITS);
      if (!check.ok) throw new Error('refused');
      await database.kysely.updateTable('tickets').set({ status: 'closed' }).where('id', '=', ticket.id).execute();
      await expect(withUploadedFiles(dir, check.files, (stored) => addCustomerReply(database, { token, body: 'More info', attachments: stored }))).rejects.toThrow();
      expect(fs.readdirSync(dir)).toEqual([]);
      expect(await listAttachments(database, ticket.id)).toEqual([]);
    });

    it('records the files of a new ticket with its first message', async () => {
      const check = await checkUploads([{ name: 'log.txt', data: Buffer.from('error 42\n') }], LIMITS);
      if (!check.ok) throw new Error('refused');
      const { ticket } = await withUploadedFiles(dir, check.files, (stored) => createTicket(database, { input: ticketForm(), config: CONFIG, attachments: stored }));
      expect(await listAttachments(database, ticket.id)).toMatchObject([{ fileName: 'log.txt', mime: 'text/plain' }]);
      expect(fs.readdirSync(dir)).toHaveLength(1);
    });
  });
});
