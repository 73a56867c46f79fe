/**
 * The staff ticket workspace's view model: from the ticket, the agent and the request, what
 * the page shows — which controls the agent gets (by role, level, areas and the ticket's
 * state), the composer's tabs, the notices after an action, the changes since the version the
 * agent saw (after a conflict), and the typed text to put back into a failed form.
 *
 * Pure: no database, no `astro:*`; the page loads the data and renders what this returns.
 * Rules that always hold:
 * - A control is shown only when `canAct` allows the action and the state makes it possible
 *   (nothing but reading on a closed ticket; no escalation from the top level; no hand-back
 *   from level 1; "Take" only on tickets in progress assigned to someone else or nobody).
 * - Specialists never write to the customer: their composer has only the note tab, named as
 *   advice for the level below.
 * - Every form posts the ticket's current version; after a conflict the agent has seen the
 *   changes, so sending again is a deliberate second click.
 */
import { canEscalateFrom, effectiveLevel, topLevel, type DeskLevels } from './desk-config.ts';
import type { Level } from './vocabulary.ts';
import { canAct, canAdviseArea, STAFF_ACTIONS, type StaffAction } from './permissions.ts';
import type { ConsultationStatus } from './consultation-state.ts';
import { isOverdue } from './queues.ts';
import { OPEN_STATUSES } from './vocabulary.ts';
import { type Actor, type Ticket, type TimelineEntry } from './types.ts';
import type { MessageKey } from '../../i18n.ts';

/** The forms of the ticket page, by the action they post to. */
export type TicketForm = StaffAction;

/** A failed form post, as the page read it from the action result. */
export interface FailedForm {
  name: TicketForm;
  code: string;
  message: string;
  fields: Record<string, string[] | undefined>;
}

/** An article linked to the ticket, as the side column lists it. */
export interface LinkedArticle {
  slug: string;
  title: string;
  /** Public and validated: may be named as the solution and linked for the customer. */
  isPublic: boolean;
  exists: boolean;
}

export interface TicketViewInput {
  ticket: Ticket;
  actor: Actor;
  levels: DeskLevels;
  timeline: TimelineEntry[];
  linked: LinkedArticle[];
  failed: FailedForm | null;
  /** The fields of the failed form, as posted. */
  kept: Record<string, string>;
  params: URLSearchParams;
  now?: number;
  /** The ticket's current consultation (open or advised), if any. */
  consultation?: { status: ConsultationStatus; area: string } | null;
  /** The desk lets second level move tickets to level 3 (`DeskConfig.specialistOwnership`). */
  specialistOwnership?: boolean;
}

export type ComposerTab = 'reply' | 'note';

export interface TicketView {
  workLevel: Level;
  inProgress: boolean;
  closed: boolean;
  overdue: boolean;
  /** Which controls to show (permission and state together). */
  show: Record<StaffAction, boolean> & { picker: boolean };
  /** True when the agent may do nothing on this ticket (not their level or areas). */
  readOnly: boolean;
  composer: {
    tabs: ComposerTab[];
    active: ComposerTab;
    /** The note tab's label: an internal note, or advice for the level below (specialists). */
    noteTab: 'workspace.composer.note' | 'workspace.composer.advice' | 'workspace.composer.advice.merged';
    advice: boolean;
  };
  /** Timeline entries newer than the version the failed form was posted with (conflicts). */
  changes: TimelineEntry[];
  solutionChoices: LinkedArticle[];
  /** The notice after a successful action (`?done=`), as a text key. */
  done: { name: StaffAction; key: `desk.done.${StaffAction}` } | null;
  /** The version every form posts. */
  version: string;
  escalateTo: Level | null;
  handBackTo: Level | null;
  /** Disclosures that open because their form failed. */
  open: { escalate: boolean; handBack: boolean; putOnHold: boolean; solve: boolean };
  /** The typed value of a field of the failed form, or ''. */
  keep: (form: TicketForm, field: string) => string;
  errorFor: (form: TicketForm) => boolean;
}

/** Builds the ticket workspace's view model. */
export function buildTicketView(input: TicketViewInput): TicketView {
  const { ticket, actor, levels, timeline, linked, failed, kept, params } = input;
  const consultation = input.consultation ?? null;
  const now = input.now ?? Date.now();
  const may = (action: StaffAction): boolean => canAct(actor, action, ticket, levels);
  const workLevel = effectiveLevel(ticket.level, levels);
  const inProgress = OPEN_STATUSES.includes(ticket.status);
  const closed = ticket.status === 'closed';
  const open = !closed;
  const show = {
    take: open && inProgress && may('take') && ticket.assigneeId !== actor.id,
    reply: open && may('reply'),
    note: open && may('note'),
    setPriority: open && may('setPriority'),
    setCategory: open && may('setCategory'),
    solve: inProgress && may('solve'),
    putOnHold: inProgress && ticket.status !== 'waiting' && may('putOnHold'),
    // Second level consults instead of moving the ticket to level 3, unless the desk works that way.
    escalate: inProgress && canEscalateFrom(ticket.level, levels) && may('escalate') && (workLevel !== 2 || actor.role === 'admin' || input.specialistOwnership === true),
    handBack: inProgress && workLevel > 1 && may('handBack'),
    linkArticle: open && may('linkArticle'),
    // Routing by hand (components/desk/ReassignForms.astro; the page adds "assignee away" for release).
    assign: inProgress && may('assign'),
    release: inProgress && may('release'),
    tag: open && may('tag'),
    picker: open && may('reply'),
    // Consultations (consult-specialist.ts …): asked at level 2 of a three-level desk, answered by the area's specialists.
    consult: inProgress && levels === 3 && workLevel === 2 && consultation === null && may('consult'),
    advise: inProgress && consultation?.status === 'open' && canAdviseArea(actor, consultation.area, levels),
    acceptAdvice: inProgress && consultation?.status === 'advised' && may('acceptAdvice'),
    merge: inProgress && consultation === null && may('merge'),
    relate: open && may('relate'),
  };
  const readOnly = !closed && !show.advise && !STAFF_ACTIONS.some((action) => action !== 'advise' && may(action));

  const tabs: ComposerTab[] = [];
  if (show.reply) tabs.push('reply');
  if (show.note) tabs.push('note');
  const wanted: ComposerTab = failed?.name === 'note' || params.get('compose') === 'note' ? 'note' : failed?.name === 'reply' ? 'reply' : (tabs[0] ?? 'reply');
  const active = tabs.includes(wanted) ? wanted : (tabs[0] ?? 'reply');
  const advice = actor.role === 'third_level';
  const noteTab = advice ? (topLevel(levels) === 2 ? 'workspace.composer.advice.merged' : 'workspace.composer.advice') : 'workspace.composer.note';

  const postedVersion = Number(kept.version);
  const changes = failed?.code === 'CONFLICT' && Number.isFinite(postedVersion) ? timeline.filter((entry) => entry.version > postedVersion) : [];
  const doneParam = params.get('done') ?? '';
  const done = !failed && (STAFF_ACTIONS as readonly string[]).includes(doneParam) ? { name: doneParam as StaffAction, key: `desk.done.${doneParam as StaffAction}` as const } : null;
  const errorFor = (form: TicketForm): boolean => failed?.name === form;
  const keep = (form: TicketForm, field: string): string => (failed?.name === form ? (kept[field] ?? '') : '');

  return {
    workLevel,
    inProgress,
    closed,
    overdue: isOverdue(ticket, now),
    show,
    readOnly,
    composer: { tabs, active, noteTab, advice },
    changes,
    solutionChoices: linked.filter((article) => article.isPublic),
    done,
    version: String(ticket.version),
    escalateTo: show.escalate ? ((workLevel + 1) as Level) : null,
    handBackTo: show.handBack ? ((workLevel - 1) as Level) : null,
    open: { escalate: errorFor('escalate'), handBack: errorFor('handBack'), putOnHold: errorFor('putOnHold'), solve: errorFor('solve') || params.get('act') === 'solve' },
    keep,
    errorFor,
  };
}

/** Event details the domain records as fixed English words, and the text key for each. */
const DETAIL_KEYS: Record<string, MessageKey> = {
  automatic: 'workspace.event.detail.automatic',
  'from the waiting queue': 'workspace.event.detail.queue',
  taken: 'workspace.event.detail.taken',
  escalated: 'workspace.event.detail.escalated',
  'handed back': 'workspace.event.detail.handedBack',
  'back to the previous assignee': 'workspace.event.detail.previous',
  'took the call': 'workspace.event.detail.tookCall',
  'bulk action from a view': 'tags.event.detail.bulk',
  'released: assignee away': 'workspace.event.detail.releasedAway',
  'released: account disabled': 'team.event.detail.disabled',
  'released: role changed': 'team.event.detail.roleChanged',
  rebalanced: 'workspace.event.detail.rebalanced',
  merged: 'workspace.event.detail.merged',
  'back to the agent who escalated it': 'workspace.event.detail.backToEscalator',
};

const RELEASED_PREFIX = 'released: ';

/** The customer's answers after a solution (confirm-solved.ts, reopen-ticket.ts), as status-event details. */
const STATUS_DETAIL_KEYS: Record<string, MessageKey> = {
  'confirmed solved by the customer': 'answer.event.confirmed',
  'the customer still needs help': 'answer.event.notSolved',
  'customer replied': 'workspace.event.detail.customerReplied',
};

/**
 * The text key (and values) for an event's detail when it is one of the domain's fixed
 * English words (assignment reasons, the call record), or null when the detail is what a
 * person wrote (a reason, a guidance, a solution) and is shown as written.
 */
export function eventDetailText(type: string, detail: string | null): { key: MessageKey; values: Record<string, string> } | null {
  if (detail === null) return null;
  if (type === 'assigned' && detail in DETAIL_KEYS) return { key: DETAIL_KEYS[detail]!, values: {} };
  // A release with the reason a colleague wrote: the fixed words translated, the reason as written.
  if (type === 'assigned' && detail.startsWith(RELEASED_PREFIX)) return { key: 'workspace.event.detail.released', values: { reason: detail.slice(RELEASED_PREFIX.length) } };
  if (type === 'status' && detail in STATUS_DETAIL_KEYS) return { key: STATUS_DETAIL_KEYS[detail], values: {} };
  const autoClosed = type === 'status' ? /^closed automatically (\d+) days after it was solved$/.exec(detail) : null;
  if (autoClosed) return { key: 'workspace.event.detail.autoClosed', values: { days: autoClosed[1]! } };
  const call = type === 'created' ? /^phone call taken by the agent \((\d+) s\)$/.exec(detail) : null;
  if (call) return { key: 'workspace.event.detail.call', values: { seconds: call[1] } };
  return null;
}
