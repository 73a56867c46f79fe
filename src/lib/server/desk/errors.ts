/**
 * The one error type every desk function throws for an expected refusal. A `conflict`
 * carries what changed since the version the caller had seen, so that the page can say
 * "this ticket changed, here is what changed" and keep the typed input.
 */
import type { TimelineEntry } from './types.ts';

/** What went wrong in a desk operation; pages map it to a status code or form message. */
export type DeskErrorCode = 'forbidden' | 'conflict' | 'invalid' | 'not_found' | 'closed';

/**
 * An expected failure of a desk operation, with a message that can be shown to the person who
 * caused it.
 */
export class DeskError extends Error {
  /** The kind of failure. */
  readonly code: DeskErrorCode;
  /** For `conflict`: the timeline entries after the version the caller had seen. */
  readonly changes: TimelineEntry[];
  /** For `conflict`: the ticket's current version, to submit again against. */
  readonly currentVersion: number | null;

  constructor(code: DeskErrorCode, message: string, extra: { changes?: TimelineEntry[]; currentVersion?: number } = {}) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
    this.changes = extra.changes ?? [];
    this.currentVersion = extra.currentVersion ?? null;
  }
}
