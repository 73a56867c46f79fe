/**
 * The texts of the e-mails the desk sends to customers, in the ticket's language: the
 * confirmation (with the private status link), each public reply, and the solution.
 * Plain text only, so that nothing a customer or agent typed can become markup in a mail; a
 * reply (written in Markdown) is written out readably, links as addresses (customer-markdown.ts).
 *
 * Every mail carries the private status link, as a placeholder line (`STATUS_LINK_PLACEHOLDER`)
 * that the outbox replaces with the link while sending (the token is sealed at rest, see
 * status-link-seal.ts); the stored body never holds the token.
 */
import { markdownToReadableText, startsWithGreeting } from './customer-markdown.ts';
import type { DeskConfig } from '../desk/desk-config.ts';
import type { Ticket } from '../desk/types.ts';
import { feedbackUrl, type FeedbackAnswer } from '../desk/feedback-links.ts';
import type { Lang } from '../../languages.ts';
import { articlePath } from '../../public-urls.ts';
import { STATUS_LINK_PLACEHOLDER, statusLinkPlaceholder } from './status-link-seal.ts';

/** Subject and body of an e-mail. */
export interface EmailText {
  subject: string;
  body: string;
}

/** The private status page of a ticket: whoever has this link can read and answer the ticket. */
export function statusUrl(config: DeskConfig, token: string): string {
  return `${config.siteUrl}/tickets/status/${token}`;
}

/**
 * Removes private status links from a mail body. The outbox calls it once a mail is sent,
 * so that the token lives in the database only while its confirmation mail is pending.
 */
export function redactStatusLinks(body: string): string {
  return body.replace(/\/tickets\/status\/[A-Za-z0-9_-]{20,}/g, '/tickets/status/[private link removed after sending]');
}

/**
 * The public URL of a knowledge-base article under a language (the article's own; any
 * language works, since the other one redirects permanently to the article's own).
 */
export function articleUrl(config: Pick<DeskConfig, 'siteUrl'>, slug: string, lang: Lang): string {
  return `${config.siteUrl}${articlePath(lang, slug)}`;
}

/** A header-safe, single-line subject: no line breaks (header injection), not endless. */
function oneLine(text: string, max = 150): string {
  const line = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function subjectLine(ticket: Ticket, prefix: string): string {
  return `[${ticket.reference}] ${prefix}: ${oneLine(ticket.subject)}`;
}

function signature(config: DeskConfig): string {
  const name = /^\s*"?([^"<]*?)"?\s*</.exec(config.mailFrom)?.[1]?.trim();
  return `-- \n${name || 'Support'}\n${config.siteUrl}`;
}

/** A knowledge-base article suggested in the confirmation mail. */
export interface MailSuggestion {
  slug: string;
  title: string;
}

/**
 * The line a confirmation mail holds where its article suggestions go. The outbox replaces it
 * while sending (`fillArticleSuggestions`): the two searches that find them run then, off the
 * request that created the ticket (and the line goes when nothing fits).
 */
export const SUGGESTIONS_PLACEHOLDER = '{{article-suggestions}}';

/**
 * "These articles may already answer your question": each article's title and address, and
 * the one-click "this solved it" link (a confirm page on the status page: a GET changes nothing).
 */
function suggestionLines(lang: Lang, suggestions: readonly MailSuggestion[], config: Pick<DeskConfig, 'siteUrl'>): string[] {
  if (suggestions.length === 0) return [];
  const de = lang === 'de';
  return [
    de ? 'Diese Artikel beantworten Ihre Frage vielleicht schon:' : 'These articles may already answer your question:',
    '',
    ...suggestions.flatMap((article) => [
      oneLine(article.title),
      articleUrl(config, article.slug, lang),
      de ? 'Hat er Ihr Problem gelöst? Dann schließen Sie Ihre Anfrage mit einem Klick:' : 'Did it solve your problem? Then close your request with one click:',
      `${STATUS_LINK_PLACEHOLDER}/solved?article=${encodeURIComponent(article.slug)}`,
      '',
    ]),
  ];
}

/**
 * Replaces the suggestions line of a queued confirmation (on a line of its own) with up to 3
 * suggested articles in `lang`, or removes it when there are none. The result still holds
 * status-link placeholders (filled after this, status-link-seal.ts).
 */
export function fillArticleSuggestions(body: string, lang: Lang, suggestions: readonly MailSuggestion[], config: Pick<DeskConfig, 'siteUrl'>): string {
  const lines = suggestionLines(lang, suggestions.slice(0, 3), config);
  return body.replace(/^\{\{article-suggestions\}\}\n/m, () => (lines.length ? `${lines.join('\n')}\n` : ''));
}

/** True when a queued body still waits for its article suggestions. */
export function wantsArticleSuggestions(body: string): boolean {
  return /^\{\{article-suggestions\}\}$/m.test(body);
}

/**
 * The confirmation after a ticket was created, with the private status link; with `suggest`,
 * the line where the outbox puts article suggestions while sending.
 */
export function confirmationEmail(ticket: Ticket, config: DeskConfig, suggest = false): EmailText {
  const link = STATUS_LINK_PLACEHOLDER;
  const suggested = suggest ? [SUGGESTIONS_PLACEHOLDER] : [];
  if (ticket.lang === 'de') {
    return {
      subject: subjectLine(ticket, 'Wir haben Ihre Anfrage erhalten'),
      body: [
        `Hallo ${ticket.customerName},`,
        '',
        `vielen Dank für Ihre Anfrage. Wir haben sie unter der Nummer ${ticket.reference} erfasst und melden uns so bald wie möglich.`,
        '',
        'Unter diesem persönlichen Link sehen Sie jederzeit den Stand Ihrer Anfrage und können antworten:',
        link,
        '',
        'Bitte geben Sie den Link nicht weiter: Wer ihn kennt, kann Ihre Anfrage lesen.',
        '',
        `Ihre Anfrage: ${oneLine(ticket.subject)}`,
        '',
        ...suggested,
        signature(config),
      ].join('\n'),
    };
  }
  return {
    subject: subjectLine(ticket, 'We received your request'),
    body: [
      `Hello ${ticket.customerName},`,
      '',
      `thank you for your request. We have registered it as ${ticket.reference} and will get back to you as soon as possible.`,
      '',
      'With this personal link you can check the status of your request and reply at any time:',
      link,
      '',
      'Please do not share the link: anyone who has it can read your request.',
      '',
      `Your request: ${oneLine(ticket.subject)}`,
      '',
      ...suggested,
      signature(config),
    ].join('\n'),
  };
}

function followUpHint(ticket: Ticket): string[] {
  return ticket.lang === 'de'
    ? [`Antworten und den ganzen Verlauf sehen können Sie über Ihren persönlichen Link zu ${ticket.reference}:`, STATUS_LINK_PLACEHOLDER]
    : [`To reply or see the whole conversation, open your personal link to ${ticket.reference}:`, STATUS_LINK_PLACEHOLDER];
}

/** A public reply from an agent to the customer. */
export function replyEmail(ticket: Ticket, reply: { body: string; authorName: string }, config: DeskConfig): EmailText {
  // The reply is Markdown: the text part writes links out as addresses. A reply that greets
  // the customer itself (standard answers do) is not greeted twice.
  const text = markdownToReadableText(reply.body, config.siteUrl);
  const greets = startsWithGreeting(reply.body);
  if (ticket.lang === 'de') {
    return {
      subject: subjectLine(ticket, 'Neue Antwort auf Ihre Anfrage'),
      body: [
        // A reply that opens with its own greeting comes first; otherwise we greet and introduce it.
        ...(greets ? [] : [`Hallo ${ticket.customerName},`, '', `${reply.authorName} hat auf Ihre Anfrage ${ticket.reference} geantwortet:`, '']),
        text,
        '',
        ...followUpHint(ticket),
        '',
        signature(config),
      ].join('\n'),
    };
  }
  return {
    subject: subjectLine(ticket, 'New reply to your request'),
    body: [
      ...(greets ? [] : [`Hello ${ticket.customerName},`, '', `${reply.authorName} has replied to your request ${ticket.reference}:`, '']),
      text,
      '',
      ...followUpHint(ticket),
      '',
      signature(config),
    ].join('\n'),
  };
}

/** The solution itself as mail lines: the summary, then the article's address (both optional). */
function solutionParts(ticket: Ticket, solution: { summary: string | null; articleSlug: string | null }, config: DeskConfig): string[] {
  const de = ticket.lang === 'de';
  const parts: string[] = [];
  if (solution.summary) parts.push(solution.summary, '');
  if (solution.articleSlug) {
    parts.push(de ? 'Eine ausführliche Anleitung finden Sie hier:' : 'You will find step-by-step instructions here:', articleUrl(config, solution.articleSlug, ticket.lang), '');
  }
  return parts;
}

/** The solution: a summary and/or a knowledge-base article that solves the request. */
export function solutionEmail(ticket: Ticket, solution: { summary: string | null; articleSlug: string | null; answerToken?: string }, config: DeskConfig): EmailText {
  const de = ticket.lang === 'de';
  const parts = solutionParts(ticket, solution, config);
  // The answer links open a page with one button (a mail scanner's visit changes nothing).
  if (solution.answerToken) {
    const link = (answer: FeedbackAnswer): string => feedbackUrl(config.siteUrl, solution.answerToken!, answer);
    parts.push(
      de ? 'Hat das Ihr Problem gelöst?' : 'Did this solve your problem?',
      `${de ? 'Ja, das hat geholfen' : 'Yes, this solved it'}: ${link('solved')}`,
      `${de ? 'Nein, ich brauche noch Hilfe' : 'No, I still need help'}: ${link('reopen')}`,
      '',
      de ? 'Wie war unser Support? Ein Klick genügt:' : 'How was our support? One click is enough:',
      `${de ? 'Gut' : 'Good'}: ${link('good')}`,
      `${de ? 'Schlecht' : 'Bad'}: ${link('bad')}`,
      '',
    );
  }
  const days = config.autoCloseDays;
  const reopen = solution.answerToken
    ? de
      ? `Ohne Nachricht von Ihnen wird die Anfrage nach ${days} Tagen geschlossen.`
      : `If we do not hear from you, the request will be closed after ${days} days.`
    : de
      ? `Falls das Problem weiter besteht, antworten Sie innerhalb von ${days} Tagen über den persönlichen Link – die Anfrage wird dann wieder geöffnet. Danach wird sie geschlossen.`
      : `If the problem persists, reply within ${days} days through the personal link and the request will be reopened. After that it will be closed.`;
  return {
    subject: subjectLine(ticket, de ? 'Ihre Anfrage ist gelöst' : 'Your request has been solved'),
    body: [
      de ? `Hallo ${ticket.customerName},` : `Hello ${ticket.customerName},`,
      '',
      de ? `wir haben Ihre Anfrage ${ticket.reference} gelöst:` : `we have solved your request ${ticket.reference}:`,
      '',
      ...parts,
      reopen,
      ...followUpHint(ticket),
      '',
      signature(config),
    ].join('\n'),
  };
}

/**
 * After a request was solved on the phone: the solution in writing (summary and/or article)
 * and the private status link (the customer can reply there within the auto-close period,
 * which reopens the request).
 */
export function callSolutionEmail(ticket: Ticket, solution: { summary: string | null; articleSlug: string | null }, config: DeskConfig): EmailText {
  const de = ticket.lang === 'de';
  const parts = solutionParts(ticket, solution, config);
  const days = config.autoCloseDays;
  return {
    subject: subjectLine(ticket, de ? 'Die Lösung aus unserem Telefonat' : 'The solution from our call'),
    body: [
      de ? `Hallo ${ticket.customerName},` : `Hello ${ticket.customerName},`,
      '',
      de
        ? `vielen Dank für Ihren Anruf. Hier ist die Lösung noch einmal schriftlich (Anfrage ${ticket.reference}):`
        : `thank you for your call. Here is the solution in writing (request ${ticket.reference}):`,
      '',
      ...parts,
      de
        ? `Falls das Problem weiter besteht, antworten Sie innerhalb von ${days} Tagen über diesen persönlichen Link – die Anfrage wird dann wieder geöffnet:`
        : `If the problem persists, reply within ${days} days through this personal link and the request will be reopened:`,
      STATUS_LINK_PLACEHOLDER,
      '',
      de ? 'Bitte geben Sie den Link nicht weiter: Wer ihn kennt, kann Ihre Anfrage lesen.' : 'Please do not share the link: anyone who has it can read your request.',
      '',
      signature(config),
    ].join('\n'),
  };
}

/**
 * "Send me my link again": one mail listing the open requests of an address, each with its
 * private link (placeholders the outbox fills only for tickets of this very address).
 */
export function statusLinksEmail(lang: Lang, tickets: readonly Pick<Ticket, 'id' | 'reference' | 'subject'>[], config: DeskConfig): EmailText {
  const de = lang === 'de';
  const list = tickets.flatMap((ticket) => [`${ticket.reference}: ${oneLine(ticket.subject)}`, statusLinkPlaceholder(ticket.id), '']);
  return {
    subject: de ? 'Ihre persönlichen Links zu Ihren Anfragen' : 'Your personal links to your requests',
    body: [
      de ? 'Hallo,' : 'Hello,',
      '',
      de
        ? 'Sie haben die Links zu Ihren offenen Anfragen angefordert. Über jeden Link sehen Sie den Stand und können antworten:'
        : 'You asked for the links to your open requests. Each link shows the status and lets you reply:',
      '',
      ...list,
      de ? 'Bitte geben Sie die Links nicht weiter: Wer sie kennt, kann Ihre Anfragen lesen.' : 'Please do not share the links: anyone who has them can read your requests.',
      de ? 'Falls Sie diese Nachricht nicht angefordert haben, können Sie sie ignorieren.' : 'If you did not ask for this message, you can ignore it.',
      '',
      signature(config),
    ].join('\n'),
  };
}
