/**
 * The customer's ticket form as the domain accepts it (`ticketInputSchema`): the one set of
 * rules for the form, the action and `createTicket`. Messages are written for customers; the
 * form translates them by issue code and path (`ticket-form.ts`).
 */
import { z } from 'zod';
import { lineText, multilineText } from '../platform/clean-text.ts';
import { LANGS } from '../../languages.ts';
import { parseVisitId } from '../search/visits.ts';
import { MAX_BODY } from './text-input.ts';

/**
 * The customer's ticket form, validated in the action layer (and again by `createTicket`).
 * Messages are written for customers; the UI may translate them by issue code and path.
 */
export const ticketInputSchema = z.object({
  /** The customer's name, as they want to be addressed. */
  name: lineText().pipe(z.string().min(1, 'Please enter your name.').max(100, 'Your name can be at most 100 characters long.')),
  /** Where confirmation and replies are sent. */
  email: z
    .string()
    .trim()
    .min(1, 'Please enter your e-mail address.')
    .max(254, 'Your e-mail address can be at most 254 characters long.')
    .pipe(z.email('Please enter a valid e-mail address, like name@example.com.')),
  /** One line; line breaks and runs of spaces become single spaces (it ends up in mail subjects). */
  subject: lineText().pipe(z.string().min(1, 'Please enter a subject.').max(200, 'The subject can be at most 200 characters long.')),
  /** The problem in the customer's words; becomes the first message of the thread. */
  description: multilineText()
    .pipe(z.string().min(1, 'Please describe your question or problem.').max(MAX_BODY, 'The description can be at most 20,000 characters long.')),
  /** An article category key (kebab-case), chosen from the list on the form. */
  category: z
    .string()
    .trim()
    .max(100, 'Please choose a category from the list.')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Please choose a category from the list.'),
  /** The language the customer wants answers in. */
  lang: z.enum(LANGS, 'Please choose a language.'),
  /** The search query the customer came from, if any. */
  sourceQuery: lineText()
    .pipe(z.string().max(500, 'The search query is too long.'))
    .nullish()
    .transform((text) => text || undefined),
  /** The article the customer came from ("Still need help?"), if any. */
  sourceArticle: z
    .string()
    .trim()
    .max(300, 'The article reference is too long.')
    .nullish()
    .transform((text) => text || undefined),
  /** The random visit id from the browser's session storage (JavaScript only); anything malformed is dropped, never an error. */
  visitId: z
    .unknown()
    .optional()
    .transform((value) => parseVisitId(value) ?? undefined),
});

/** The ticket form's fields as submitted. */
export type TicketInput = z.input<typeof ticketInputSchema>;
