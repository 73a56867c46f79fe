/**
 * Playwright global setup: a real SMTP server (the `smtp-server` package) on E2E_SMTP_PORT,
 * chosen by playwright.config.ts, to which the test web server delivers its outbox
 * (SMTP_URL). Every received message is written as one `.eml` file into E2E_MAIL_DIR; tests
 * read them with `waitForMail` (support/mail.ts). The returned function stops the server;
 * global-teardown.ts stops it too, whichever runs first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

const holder = globalThis as typeof globalThis & { __tierzeroSmtp?: SMTPServer };

/** Stops the test SMTP server if it runs (safe to call twice). */
export async function stopSmtpServer(): Promise<void> {
  const server = holder.__tierzeroSmtp;
  holder.__tierzeroSmtp = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_SMTP_PORT);
  const dir = process.env.E2E_MAIL_DIR;
  if (!port || !dir) throw new Error('E2E_SMTP_PORT and E2E_MAIL_DIR are not set: run the tests through playwright.config.ts');
  fs.mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const name = `${Date.now()}-${String(++count).padStart(4, '0')}.eml`;
        const envelope = `X-Envelope-To: ${session.envelope.rcptTo.map((rcpt) => rcpt.address).join(', ')}\r\n`;
        // Write to a temp name and rename, so a reader never sees half a message.
        const file = path.join(dir, name);
        fs.writeFileSync(`${file}.tmp`, Buffer.concat([Buffer.from(envelope), ...chunks]));
        fs.renameSync(`${file}.tmp`, file);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  holder.__tierzeroSmtp = server;
  return stopSmtpServer;
}
