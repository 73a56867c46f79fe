/**
 * The one error style of the domain: `DomainError`, an expected refusal with a shared `code`,
 * the interface text that explains it (`key` and `values`, shown in the reader's language)
 * and optionally the form `field` it is about. Its `message` is English, for logs and scripts
 * only; nothing shows it to a person on a page. Each domain subclasses it where it carries
 * more (`DeskError.changes`, `CallInputError.fields`). Actions turn a DomainError into an
 * ActionError in one place (`src/actions/action-errors.ts`, `CODE_OF`).
 */
import type { MessageKey } from '../i18n.ts';

/** Why something was refused. Every domain uses these; the action layer maps them to HTTP-like codes. */
export const DOMAIN_ERROR_CODES = ['invalid', 'forbidden', 'not_found', 'conflict', 'closed', 'exists', 'too_large', 'unsupported'] as const;

/**
 * - `invalid`: input breaks a rule; `forbidden`: the role or reach does not allow it;
 * - `not_found`: the thing does not exist; `conflict`: it changed since the caller saw it;
 * - `closed`: it can no longer be changed; `exists`: a thing of that name exists already;
 * - `too_large`: over a size limit; `unsupported`: a kind of thing that is not accepted.
 */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Values filled into an interface text's placeholders. */
export type MessageValues = Record<string, string | number>;

/** What a DomainError carries besides code and key. */
export interface DomainErrorOptions<Field extends string = string> {
  values?: MessageValues;
  /** The form field the refusal is about, if one. */
  field?: Field | null;
  /** English, for logs and scripts; default: the key (and field). */
  message?: string;
}

/** An expected refusal of a domain operation (see the module comment). */
export class DomainError<Code extends DomainErrorCode = DomainErrorCode, Field extends string = string> extends Error {
  readonly code: Code;
  /** The interface text that tells the person what went wrong. */
  readonly key: MessageKey;
  readonly values: MessageValues;
  readonly field: Field | null;

  constructor(code: Code, key: MessageKey, options: DomainErrorOptions<Field> = {}) {
    super(options.message ?? `${key}${options.field ? ` (${options.field})` : ''}`);
    this.name = 'DomainError';
    this.code = code;
    this.key = key;
    this.values = options.values ?? {};
    this.field = options.field ?? null;
  }
}
