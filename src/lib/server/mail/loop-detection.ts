/**
 * Which incoming mails must never open a ticket nor cause a mail: mails from the support
 * address itself, automatic replies (RFC 3834 `Auto-Submitted` other than `no`,
 * `X-Autoreply`, `X-Autorespond`), bulk and list mail (`Precedence: bulk|junk|list`), and
 * bounces (delivery status notifications: `multipart/report`, an empty or MAILER-DAEMON
 * sender). Pure: it looks at headers only.
 */

/** Header names in lower case, values as text (several values joined). */
export type HeaderMap = ReadonlyMap<string, string>;

/** Why a mail is ignored, or null when it may open or answer a ticket. */
export type LoopReason = 'own-address' | 'auto-submitted' | 'auto-reply' | 'bulk' | 'bounce';

const BOUNCE_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mail-delivery-subsystem)@/i;

/**
 * @param headers the mail's headers (lower-case names)
 * @param from the sender's address (lower case), '' when there is none
 * @param supportAddresses the support mailbox's own addresses (lower case)
 */
export function loopReason(headers: HeaderMap, from: string, supportAddresses: readonly string[]): LoopReason | null {
  const value = (name: string): string => (headers.get(name) ?? '').trim().toLowerCase();
  if (from && supportAddresses.includes(from.toLowerCase())) return 'own-address';
  const contentType = value('content-type');
  if (contentType.startsWith('multipart/report') || /report-type\s*=\s*"?delivery-status/.test(contentType)) return 'bounce';
  if (!from || BOUNCE_SENDER.test(from)) return 'bounce';
  if (headers.has('return-path') && /^<\s*>$/.test(value('return-path'))) return 'bounce';
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'auto-reply';
  if (/^(?:bulk|junk|list|auto_reply)$/.test(value('precedence'))) return 'bulk';
  return null;
}
