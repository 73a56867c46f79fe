/**
 * The e-mail channel's settings from the environment. Without IMAP_URL the channel is off
 * (null): nothing is read, and customers use the web form. A malformed value stops the
 * start-up with the variable's name.
 */
import type { DeskConfig } from '../desk/desk-config.ts';
import { parseImapUrl, type ImapSettings } from './imap-poller.ts';

/** Everything the poller needs. */
export interface MailChannelConfig {
  imap: ImapSettings;
  /** Seconds-scale poll interval in ms. */
  intervalMs: number;
  /** Also wait for new mail with IMAP IDLE. */
  idle: boolean;
  /** The support mailbox's own addresses, lower case. */
  supportAddresses: string[];
  /** Mails per sender and hour that may open or answer tickets. */
  ratePerHour: number;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`${name}: "${value}" is not a positive whole number`);
  return number;
}

/** The address inside "Name <address>" or a bare address, lower case. */
export function bareAddress(value: string): string {
  return (/<([^<>]+)>/.exec(value)?.[1] ?? value).trim().toLowerCase();
}

/**
 * @param env IMAP_URL, IMAP_INTERVAL_MS (default 60000), IMAP_IDLE (default on),
 *   IMAP_PROCESSED_FOLDER (default "Processed"), IMAP_UNPROCESSED_FOLDER (default
 *   "Unprocessed"), SUPPORT_ADDRESS (default: MAIL_FROM's address; several comma-separated),
 *   MAIL_RATE_LIMIT (per sender and hour, default 20)
 */
export function parseMailChannelConfig(env: Record<string, string | number | boolean | undefined>, desk: DeskConfig): MailChannelConfig | null {
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === null ? undefined : String(value);
  };
  const url = text('IMAP_URL')?.trim();
  if (!url) return null;
  parseImapUrl(url);
  const idle = !['0', 'false', 'no', 'off'].includes((text('IMAP_IDLE') ?? 'on').trim().toLowerCase());
  const support = (text('SUPPORT_ADDRESS') ?? desk.mailFrom).split(',').map(bareAddress).filter(Boolean);
  const folder = (name: string, fallback: string): string => {
    const value = (text(name) ?? '').trim() || fallback;
    if (/[\r\n*%]/.test(value)) throw new Error(`${name}: "${value}" is not a folder name`);
    return value;
  };
  return {
    imap: { url, processedFolder: folder('IMAP_PROCESSED_FOLDER', 'Processed'), unprocessedFolder: folder('IMAP_UNPROCESSED_FOLDER', 'Unprocessed') },
    intervalMs: positiveInt('IMAP_INTERVAL_MS', text('IMAP_INTERVAL_MS'), 60_000),
    idle,
    supportAddresses: [...new Set(support)],
    ratePerHour: positiveInt('MAIL_RATE_LIMIT', text('MAIL_RATE_LIMIT'), 20),
  };
}
