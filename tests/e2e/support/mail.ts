/**
 * Reads the e-mails the test SMTP server (support/smtp.ts) received: one `.eml` file per
 * message in E2E_MAIL_DIR. `waitForMail` polls until a message matches.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A received e-mail, decoded. */
export interface ReceivedMail {
  file: string;
  /** Envelope recipients. */
  envelopeTo: string[];
  to: string;
  from: string;
  subject: string;
  /** The plain-text body (the text/plain part of a multipart mail), transfer encoding undone. */
  text: string;
  /** The HTML alternative, if the mail has one. */
  html: string | null;
  headers: Record<string, string>;
}

function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(?:\s+(?==\?))?/g, (_match, charset: string, encoding: string, data: string) => {
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  });
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return text.replace(/\r\n/g, '\n');
}

/** The text/plain and text/html parts of a (possibly nested multipart) body. */
function textParts(headers: Record<string, string>, body: string): { text?: string; html?: string } {
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const found: { text?: string; html?: string } = {};
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const part = splitHead(section.replace(/^\r?\n/, ''));
      if (/attachment/i.test(part.headers['content-disposition'] ?? '')) continue;
      const inner = textParts(part.headers, part.body);
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  if (type.startsWith('text/html')) return { html: decodeBody(headers, body) };
  return { text: decodeBody(headers, body) };
}

/** Parses a message as the desk's outbox sends them: plain text, or text and HTML alternatives. */
export function parseMail(raw: string, file = ''): ReceivedMail {
  const { headers, body } = splitHead(raw);
  const parts = textParts(headers, body);
  return {
    file,
    envelopeTo: (headers['x-envelope-to'] ?? '').split(',').map((address) => address.trim()).filter(Boolean),
    to: decodeWords(headers.to ?? ''),
    from: decodeWords(headers.from ?? ''),
    subject: decodeWords(headers.subject ?? ''),
    text: (parts.text ?? '').replace(/\n$/, ''),
    html: parts.html ?? null,
    headers,
  };
}

/** Every mail received so far, oldest first. */
export function readMails(): ReceivedMail[] {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('E2E_MAIL_DIR is not set: run the tests through playwright.config.ts');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parseMail(fs.readFileSync(path.join(dir, name), 'utf8'), name));
}

/** Waits until a received mail matches `predicate` and returns it; throws after `timeout` ms. */
export async function waitForMail(predicate: (mail: ReceivedMail) => boolean, timeout = 10_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = readMails().find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = readMails().map((mail) => `  ${mail.to}: ${mail.subject}`).join('\n') || '  (none)';
      throw new Error(`no matching e-mail within ${timeout} ms; received:\n${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
