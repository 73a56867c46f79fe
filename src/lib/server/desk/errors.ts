/**
 * The error every desk function throws for an expected refusal: a `DomainError` whose key
 * names the interface text (so a German agent reads German) and whose English message is for
 * logs. A `conflict` carries what changed since the version the caller had seen, so that the
 * page can say "this ticket changed, here is what changed" and keep the typed input.
 */
import type { MessageKey } from '../../i18n.ts';
import { DomainError, type MessageValues } from '../errors.ts';
import type { TimelineEntry } from './types.ts';

/** What went wrong in a desk operation. */
export type DeskErrorCode = 'forbidden' | 'conflict' | 'invalid' | 'not_found' | 'closed';

/** What a DeskError carries besides code and key. */
export interface DeskErrorOptions {
  values?: MessageValues;
  /** English, for logs, scripts and tests. */
  message?: string;
  /** For `conflict`: the timeline entries after the version the caller had seen. */
  changes?: TimelineEntry[];
  /** For `conflict`: the ticket's current version. */
  currentVersion?: number;
}

/** An expected failure of a desk operation. */
export class DeskError extends DomainError<DeskErrorCode> {
  /** For `conflict`: the timeline entries after the version the caller had seen. */
  readonly changes: TimelineEntry[];
  /** For `conflict`: the ticket's current version, to submit again against. */
  readonly currentVersion: number | null;

  constructor(code: DeskErrorCode, key: MessageKey, options: DeskErrorOptions = {}) {
    super(code, key, { values: options.values, message: options.message });
    this.name = 'DeskError';
    this.changes = options.changes ?? [];
    this.currentVersion = options.currentVersion ?? null;
  }
}
