/**
 * The customer ticket form's server-side rules beyond `ticketInputSchema`: which field went
 * wrong and how (so that the page can say it in the reader's language), the per-client rate
 * limit and the honeypot.
 */
import type { RateLimitOptions } from '../platform/rate-limit.ts';
import { ticketInputSchema } from './ticket-input.ts';

/** The fields of the ticket form the customer fills in, in form order. */
export const TICKET_FORM_FIELDS = ['name', 'email', 'subject', 'description', 'category', 'lang'] as const;

/** A field of the ticket form. */
export type TicketFormField = (typeof TICKET_FORM_FIELDS)[number];

/** How a field is wrong: empty, over its limit, or not an allowed value (e-mail format, category, language). */
export type TicketFieldProblem = 'required' | 'tooLong' | 'invalid';

/** Field limits, also used for `maxlength` in the form. */
export const TICKET_FIELD_LIMITS = { name: 100, email: 254, subject: 200, description: 20_000 } as const;

/** The honeypot field's name: people never see it, form-filling robots fill it in. */
export const HONEYPOT_FIELD = 'website';

/** Short-lived, httpOnly cookie that carries a new ticket's token from the POST to the confirmation page (POST → redirect → GET). */
export const TICKET_FLASH_COOKIE = 'tz_ticket_created';

/** Where the flash cookie is sent: only the confirmation page. */
export const TICKET_FLASH_PATH = '/tickets/created';

/** How long the confirmation page can be reloaded. */
export const TICKET_FLASH_SECONDS = 15 * 60;

/** The sliding window of the per-client ticket limit. */
export const TICKET_RATE_WINDOW_MS = 10 * 60_000;

/** Rate-limit options for `limit` tickets per client in 10 minutes (TICKET_RATE_LIMIT). */
export function ticketRateLimit(limit: number): RateLimitOptions {
  return { limit: Math.max(1, Math.floor(limit) || 1), windowMs: TICKET_RATE_WINDOW_MS, maxKeys: 10_000 };
}

/** True when the honeypot field holds anything but white space. */
export function isHoneypotFilled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** Every field of a submitted ticket form as a string; a field that was not sent is empty. */
export function ticketFormValues(values: Partial<Record<TicketFormField, string | null>>): Record<TicketFormField, string> {
  return {
    name: values.name ?? '',
    email: values.email ?? '',
    subject: values.subject ?? '',
    description: values.description ?? '',
    category: values.category ?? '',
    lang: values.lang ?? '',
  };
}

/**
 * What is wrong with each field of a submitted form, by `ticketInputSchema` and the list of
 * known categories; an empty object when the input is fine. The first problem per field wins.
 */
export function describeTicketErrors(values: Partial<Record<TicketFormField, string>>, categories: readonly string[]): Partial<Record<TicketFormField, TicketFieldProblem>> {
  const problems: Partial<Record<TicketFormField, TicketFieldProblem>> = {};
  const parsed = ticketInputSchema.safeParse(ticketFormValues(values));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field !== 'string' || !(TICKET_FORM_FIELDS as readonly string[]).includes(field)) continue;
      const key = field as TicketFormField;
      if (problems[key]) continue;
      problems[key] = key === 'category' || key === 'lang' ? 'invalid' : issue.code === 'too_small' ? 'required' : issue.code === 'too_big' ? 'tooLong' : 'invalid';
    }
  }
  if (!problems.category && !categories.includes((values.category ?? '').trim())) problems.category = 'invalid';
  return problems;
}
