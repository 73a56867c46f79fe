/**
 * The e-mail that tells a customer that one of their requests was merged into another one of
 * theirs: in the merged ticket's language, plain text, naming both references and where the
 * conversation goes on. (No private link: only the confirmation mail can carry one.)
 */
import type { DeskConfig } from '../desk/desk-config.ts';
import type { Ticket } from '../desk/types.ts';
import type { EmailText } from './desk-emails.ts';

function oneLine(text: string, max = 150): string {
  const line = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function senderName(config: Pick<DeskConfig, 'mailFrom'>): string {
  return /^\s*"?([^"<]*?)"?\s*</.exec(config.mailFrom)?.[1]?.trim() || 'Support';
}

/** The mail for `merged`, which went into `into`. */
export function mergedEmail(merged: Ticket, into: Ticket, config: Pick<DeskConfig, 'mailFrom' | 'siteUrl'>): EmailText {
  const signature = `-- \n${senderName(config)}\n${config.siteUrl}`;
  if (merged.lang === 'de') {
    return {
      subject: `[${merged.reference}] Zusammengeführt mit ${into.reference}: ${oneLine(merged.subject)}`,
      body: [
        `Hallo ${merged.customerName},`,
        '',
        `Ihre Anfrage ${merged.reference} („${oneLine(merged.subject)}“) betrifft dasselbe Anliegen wie Ihre Anfrage ${into.reference} („${oneLine(into.subject)}“).`,
        `Wir haben beide zusammengeführt: Ihre Nachrichten stehen jetzt bei ${into.reference}, und wir antworten Ihnen dort.`,
        '',
        `Den Stand sehen Sie über den persönlichen Link aus unserer Bestätigung von ${into.reference} (${config.siteUrl}/tickets/status).`,
        '',
        signature,
      ].join('\n'),
    };
  }
  return {
    subject: `[${merged.reference}] Merged into ${into.reference}: ${oneLine(merged.subject)}`,
    body: [
      `Hello ${merged.customerName},`,
      '',
      `Your request ${merged.reference} ("${oneLine(merged.subject)}") is about the same matter as your request ${into.reference} ("${oneLine(into.subject)}").`,
      `We have merged them: your messages are now with ${into.reference}, and we will answer you there.`,
      '',
      `You can follow it through the personal link from our confirmation of ${into.reference} (${config.siteUrl}/tickets/status).`,
      '',
      signature,
    ].join('\n'),
  };
}
