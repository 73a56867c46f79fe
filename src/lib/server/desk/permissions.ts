/**
 * Who may do what on the desk: the one role table (`DESK_PERMISSIONS`), from which the actions
 * (`assertRole`) and the pages (which buttons to show) derive their lists, and the reach rule:
 * staff work only on tickets of their own level, specialists only in their subject areas,
 * admins everywhere. Pure functions, no database access; the commands check them inside
 * their transaction (`staff-change.ts`).
 */
import type { Role } from '../accounts/roles.ts';
import { effectiveLevel, levelOfRole, type DeskLevels } from './desk-config.ts';
import type { Actor } from './types.ts';
import type { Level } from './vocabulary.ts';

/** The staff actions on a ticket, for permission checks and the UI's buttons. */
export const STAFF_ACTIONS = ['reply', 'note', 'setPriority', 'setCategory', 'solve', 'putOnHold', 'escalate', 'handBack', 'take', 'linkArticle', 'assign', 'release', 'consult', 'advise', 'acceptAdvice', 'merge', 'relate', 'tag'] as const;

/** A staff action on a ticket. */
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** Everything on the desk a role may be allowed: the ticket actions, being present, the standard answers. */
export type DeskAction = StaffAction | 'setPresence' | 'setLanguages' | 'editTemplates' | 'viewTrainees';

/**
 * Which roles may do each thing at all (exact: admins are listed where they may act; on
 * tickets of their own level only, see `canAct`). First level escalates but cannot hand
 * back; specialists never talk to the customer: they advise through notes, hand back to
 * level 2 and take tickets of their areas. Admins have no level, so no presence.
 */
export const DESK_PERMISSIONS = {
  reply: ['first_level', 'second_level', 'admin'],
  note: ['first_level', 'second_level', 'third_level', 'admin'],
  setPriority: ['first_level', 'second_level', 'admin'],
  setCategory: ['first_level', 'second_level', 'admin'],
  solve: ['first_level', 'second_level', 'admin'],
  putOnHold: ['first_level', 'second_level', 'admin'],
  escalate: ['first_level', 'second_level', 'admin'],
  handBack: ['second_level', 'third_level', 'admin'],
  take: ['first_level', 'second_level', 'third_level', 'admin'],
  linkArticle: ['first_level', 'second_level', 'admin'],
  /** Give the ticket to a named colleague of its level, with a reason. */
  assign: ['first_level', 'second_level', 'third_level', 'admin'],
  /** Put an away agent's ticket back into its queue; on tickets of every level. */
  release: ['second_level', 'admin'],
  /** Add or remove a ticket's free tags. */
  tag: ['first_level', 'second_level', 'third_level', 'admin'],
  /** Ask the specialists of a subject area for advice, keeping the ticket (second level). */
  consult: ['second_level', 'admin'],
  /** Answer a consultation of one's subject areas with advice (internal; never to the customer). */
  advise: ['third_level', 'admin'],
  /** Take the specialist's advice, which ends the consultation. */
  acceptAdvice: ['second_level', 'admin'],
  /** Merge the ticket into another ticket of the same customer. */
  merge: ['first_level', 'second_level', 'admin'],
  /** Link the ticket with a related ticket (both ways). */
  relate: ['first_level', 'second_level', 'third_level', 'admin'],
  setPresence: ['first_level', 'second_level', 'third_level'],
  /** Set one's own working languages (admins have no level, so no languages to route by). */
  setLanguages: ['first_level', 'second_level', 'third_level'],
  /** Maintain the standard answers (create, change, delete). */
  editTemplates: ['second_level', 'admin'],
  /** See the trainees' open tickets (they train first level). */
  viewTrainees: ['second_level', 'admin'],
} as const satisfies Record<DeskAction, readonly Role[]>;

/** The roles that may do `action` at all. */
export function rolesFor(action: DeskAction): readonly Role[] {
  return DESK_PERMISSIONS[action];
}

/** True when the role may do `action` at all (on tickets within its reach). */
export function roleAllows(role: Role, action: DeskAction): boolean {
  return (DESK_PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** Actions that reach tickets of every level for the roles allowed them (second level releases first-level tickets too; specialists advise on level-2 tickets of their areas, see `canAdviseArea`). */
export const ANY_LEVEL_ACTIONS: Partial<Record<StaffAction, true>> = { release: true, advise: true };

/**
 * Whether `actor` may advise on a consultation of subject area `area`: specialists of that
 * area (three levels only) and admins. The ticket itself stays at level 2, outside the
 * specialist's level, so `advise` is exempt from the level rule and checked here instead.
 */
export function canAdviseArea(actor: Actor, area: string, levels: DeskLevels): boolean {
  if (!roleAllows(actor.role, 'advise')) return false;
  if (actor.role === 'admin') return true;
  return levels === 3 && actor.areas.includes(area);
}

/** Why someone may not touch a ticket: the interface text, its values, and English for logs. */
export interface ReachProblem {
  key: 'desk.error.reach.levelOff' | 'desk.error.reach.level' | 'desk.error.reach.area';
  values: Record<string, string | number>;
  message: string;
}

/** Why `actor` may not touch this ticket at all, or null when they may. */
export function reachProblem(actor: Actor, ticket: { level: Level; category: string }, levels: DeskLevels): ReachProblem | null {
  if (actor.role === 'admin') return null;
  const own = levelOfRole(actor.role, levels);
  if (own === null) {
    return { key: 'desk.error.reach.levelOff', values: {}, message: 'Level 3 is switched off on this desk (two levels); an admin can make your account second level.' };
  }
  const level = effectiveLevel(ticket.level, levels);
  if (level !== own) return { key: 'desk.error.reach.level', values: { level, own }, message: `This ticket is at level ${level}; you work on level ${own} tickets.` };
  if (actor.role === 'third_level' && !actor.areas.includes(ticket.category)) {
    return { key: 'desk.error.reach.area', values: { category: ticket.category }, message: `This ticket's category "${ticket.category}" is not one of your subject areas.` };
  }
  return null;
}

/**
 * True when `actor` may perform `action` on a ticket of this level and category: admins
 * everything; others only on tickets of their own level (specialists only in their areas),
 * and only the actions of their role. Whether the action makes sense in the ticket's state
 * (e.g. escalating beyond the top level) is checked by the action itself. `levels` is the
 * desk's DESK_LEVELS (a level-3 ticket is worked at level 2 in two-level mode).
 */
export function canAct(actor: Actor, action: StaffAction, ticket: { level: Level; category: string }, levels: DeskLevels = 3): boolean {
  if (action in ANY_LEVEL_ACTIONS) return roleAllows(actor.role, action);
  return roleAllows(actor.role, action) && reachProblem(actor, ticket, levels) === null;
}
