/**
 * The support desk's settings (`DeskConfig`, `parseDeskConfig` for the environment) and the
 * two-level rules that every part of the desk asks instead of reading `levels` itself.
 * Kept free of `astro:*` imports so that CLI scripts and unit tests use it as well; the
 * Astro side reads `astro:env` and passes the values in.
 */
import { ROLES, type Role } from '../accounts/roles.ts';
import { ALWAYS_OPEN, parseBusinessHours, type BusinessHours } from './business-hours.ts';
import { LEVEL_ROLES, PRIORITIES, type Level, type Priority } from './vocabulary.ts';

/** The desk's settings. */
export interface DeskConfig {
  /** Business hours until the first response is due, per priority. */
  firstResponseHours: Record<Priority, number>;
  /** Business hours until the ticket should be solved, per priority (`RESOLUTION_HOURS`). */
  resolutionHours: Record<Priority, number>;
  /** The working time due times count (`BUSINESS_HOURS`, `HOLIDAYS`, `DESK_TIME_ZONE`); staff pages show times in its zone. */
  businessHours: BusinessHours;
  /** Solved tickets close by themselves this many days after they were solved. */
  autoCloseDays: number;
  /** Public base URL of the site, without a trailing slash; used for links in e-mails. */
  siteUrl: string;
  /** Sender of customer e-mails, e.g. `Tallyhaus Support <support@tallyhaus.example>`. */
  mailFrom: string;
  /** How many support levels the desk runs (`DESK_LEVELS`): 3, or 2 (second and third level merged). */
  levels: DeskLevels;
  /** Most open tickets (new, open, waiting) an agent is given by the distribution (`AGENT_CAPACITY`). */
  agentCapacity: number;
  /** Whether trainees get urgent and overdue tickets while others of their level are present (`TRAINEE_URGENT=1`). */
  traineeUrgent: boolean;
  /**
   * Whether second level may move a ticket to level 3 (`SPECIALIST_OWNERSHIP=1`): the
   * specialist then owns it until the hand-back. Off by default: second level consults a
   * specialist and keeps the ticket and the customer.
   */
  specialistOwnership: boolean;
}

/** The defaults, used for every variable that is not set. */
export const DEFAULT_DESK_CONFIG: DeskConfig = {
  firstResponseHours: { low: 72, normal: 24, high: 8, urgent: 2 },
  resolutionHours: { low: 240, normal: 120, high: 40, urgent: 8 },
  businessHours: ALWAYS_OPEN,
  autoCloseDays: 7,
  siteUrl: 'http://localhost:4321',
  mailFrom: 'Tallyhaus Support <support@tallyhaus.example>',
  levels: 3,
  agentCapacity: 10,
  traineeUrgent: false,
  specialistOwnership: false,
};

/** Parses `low:72,normal:24,high:8,urgent:2` for `variable`; every priority must appear exactly once. */
function parsePriorityHours(text: string, variable = 'FIRST_RESPONSE_HOURS'): Record<Priority, number> {
  const hours: Partial<Record<Priority, number>> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([a-z]+)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) {
      throw new Error(`${variable}: "${part.trim()}" is not "priority:hours" (expected e.g. "low:72,normal:24,high:8,urgent:2")`);
    }
    const [, name, value] = match;
    if (!(PRIORITIES as readonly string[]).includes(name)) {
      throw new Error(`${variable}: unknown priority "${name}" (known: ${PRIORITIES.join(', ')})`);
    }
    if (hours[name as Priority] !== undefined) throw new Error(`${variable}: priority "${name}" is given twice`);
    const number = Number(value);
    if (!(number > 0)) throw new Error(`${variable}: hours for "${name}" must be more than 0`);
    hours[name as Priority] = number;
  }
  const missing = PRIORITIES.filter((priority) => hours[priority] === undefined);
  if (missing.length > 0) throw new Error(`${variable}: missing ${missing.join(', ')} (every priority needs hours)`);
  return hours as Record<Priority, number>;
}

/**
 * Reads the desk settings from environment variables (`FIRST_RESPONSE_HOURS`,
 * `RESOLUTION_HOURS`, `BUSINESS_HOURS`, `HOLIDAYS`, `DESK_TIME_ZONE`, `AUTO_CLOSE_DAYS`, `SITE_URL`, `MAIL_FROM`,
 * `DESK_LEVELS`, `AGENT_CAPACITY`, `TRAINEE_URGENT`, `SPECIALIST_OWNERSHIP`); unset or empty variables take the default.
 * Throws an Error naming the variable and the expected format for a bad value, so that a
 * misconfigured server refuses to start instead of computing wrong due times.
 */
export function parseDeskConfig(env: Record<string, string | undefined>): DeskConfig {
  const value = (name: string): string | undefined => {
    const text = env[name]?.trim();
    return text ? text : undefined;
  };

  const hoursText = value('FIRST_RESPONSE_HOURS');
  const firstResponseHours = hoursText ? parsePriorityHours(hoursText) : { ...DEFAULT_DESK_CONFIG.firstResponseHours };
  const resolutionText = value('RESOLUTION_HOURS');
  const resolutionHours = resolutionText ? parsePriorityHours(resolutionText, 'RESOLUTION_HOURS') : { ...DEFAULT_DESK_CONFIG.resolutionHours };
  const businessHours = parseBusinessHours({ BUSINESS_HOURS: value('BUSINESS_HOURS'), HOLIDAYS: value('HOLIDAYS'), DESK_TIME_ZONE: value('DESK_TIME_ZONE') });

  const daysText = value('AUTO_CLOSE_DAYS');
  let autoCloseDays = DEFAULT_DESK_CONFIG.autoCloseDays;
  if (daysText !== undefined) {
    if (!/^\d+$/.test(daysText) || Number(daysText) < 1) {
      throw new Error(`AUTO_CLOSE_DAYS: "${daysText}" is not a whole number of days of at least 1`);
    }
    autoCloseDays = Number(daysText);
  }

  const urlText = value('SITE_URL') ?? DEFAULT_DESK_CONFIG.siteUrl;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new Error(`SITE_URL: "${urlText}" is not an absolute URL (expected e.g. "https://help.example.com")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SITE_URL: "${urlText}" must start with http:// or https://`);
  // Links are built as `${siteUrl}/tickets/...`, so no trailing slash, query or fragment.
  const siteUrl = `${url.origin}${url.pathname}`.replace(/\/+$/, '');

  const mailFrom = value('MAIL_FROM') ?? DEFAULT_DESK_CONFIG.mailFrom;
  if (!/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(mailFrom)) {
    throw new Error(`MAIL_FROM: "${mailFrom}" is not an address like "Support <support@example.com>" or "support@example.com"`);
  }

  const capacityText = value('AGENT_CAPACITY');
  let agentCapacity = DEFAULT_DESK_CONFIG.agentCapacity;
  if (capacityText !== undefined) {
    if (!/^\d+$/.test(capacityText) || Number(capacityText) < 1) {
      throw new Error(`AGENT_CAPACITY: "${capacityText}" is not a whole number of open tickets of at least 1`);
    }
    agentCapacity = Number(capacityText);
  }

  const traineeText = value('TRAINEE_URGENT');
  if (traineeText !== undefined && traineeText !== '0' && traineeText !== '1') {
    throw new Error(`TRAINEE_URGENT: "${traineeText}" is not 0 (trainees get no urgent or overdue tickets while others are present) or 1`);
  }
  const traineeUrgent = traineeText === '1';

  const ownershipText = value('SPECIALIST_OWNERSHIP');
  if (ownershipText !== undefined && ownershipText !== '0' && ownershipText !== '1') {
    throw new Error(`SPECIALIST_OWNERSHIP: "${ownershipText}" is not 0 (second level consults specialists and keeps the ticket) or 1 (second level may also move tickets to level 3)`);
  }
  const specialistOwnership = ownershipText === '1';

  return { firstResponseHours, resolutionHours, businessHours, autoCloseDays, siteUrl, mailFrom, levels: parseDeskLevels(value('DESK_LEVELS')), agentCapacity, traineeUrgent, specialistOwnership };
}

/**
 * `DESK_LEVELS`: 3 (default) or 2. Throws naming the variable for anything else, so that a
 * typo does not silently run a desk with the wrong number of levels.
 */
export function parseDeskLevels(text: string | undefined): DeskLevels {
  if (text === undefined || text.trim() === '') return 3;
  const trimmed = text.trim();
  if (trimmed === '2' || trimmed === '3') return Number(trimmed) as DeskLevels;
  throw new Error(`DESK_LEVELS: "${trimmed}" is not 2 or 3 (the number of support levels the desk runs)`);
}

// ---------------------------------------------------------------------------------------
// Two-level mode. Every part of the desk asks these functions, never `levels` directly.
//
// With DESK_LEVELS=2 second and third level are merged: there is no level 3 (no queue, no
// escalation to it), second level has the subject areas (optional for second-level
// accounts; assignment at level 2 prefers a present agent whose areas include the ticket's
// category) and does the specialists' work itself. Third-level accounts cannot sign in (an
// admin changes their role to second level); tickets left at level 3 from a three-level
// time are worked as level-2 tickets.
// ---------------------------------------------------------------------------------------

/** The number of support levels: 3 (first, second, specialists) or 2 (first, second). */
export type DeskLevels = 2 | 3;

/** The levels the desk runs, lowest first. */
export function deskLevels(levels: DeskLevels): Level[] {
  return levels === 2 ? [1, 2] : [1, 2, 3];
}

/** The highest level: tickets there cannot be escalated further. */
export function topLevel(levels: DeskLevels): Level {
  return levels;
}

/** The level whose agents have subject areas (specialists): 3, or 2 in two-level mode. */
export function areaLevel(levels: DeskLevels): Level {
  return levels;
}

/** Whether accounts of this role work (and may sign in) with this many levels. */
export function isRoleActive(role: Role, levels: DeskLevels): boolean {
  return !(levels === 2 && role === 'third_level');
}

/** The staff roles that work with this many levels. */
export function activeRoles(levels: DeskLevels): Role[] {
  return ROLES.filter((role) => isRoleActive(role, levels));
}

/** The level a role works on, or null (admins, and third level in two-level mode). */
export function levelOfRole(role: Role, levels: DeskLevels): Level | null {
  if (!isRoleActive(role, levels)) return null;
  const entry = Object.entries(LEVEL_ROLES).find(([, levelRole]) => levelRole === role);
  return entry ? (Number(entry[0]) as Level) : null;
}

/** The level a ticket is worked at: a level-3 ticket counts as level 2 in two-level mode. */
export function effectiveLevel(level: Level, levels: DeskLevels): Level {
  return Math.min(level, topLevel(levels)) as Level;
}

/** Whether a ticket at `level` can still be escalated. */
export function canEscalateFrom(level: Level, levels: DeskLevels): boolean {
  return effectiveLevel(level, levels) < topLevel(levels);
}

/** Whether accounts of this role may have subject areas. */
export function roleHasAreas(role: Role, levels: DeskLevels): boolean {
  return levelOfRole(role, levels) === areaLevel(levels);
}

/** Whether subject areas are required for this role (third level); in two-level mode they are optional for second level. */
export function roleNeedsAreas(role: Role, levels: DeskLevels): boolean {
  return role === 'third_level' && levels === 3;
}

/**
 * The interface-text key suffix for a role's label and description: second level has its own
 * texts in two-level mode (it has the subject areas and no one to escalate to).
 */
export function roleTextKey(role: Role, levels: DeskLevels): Role | 'second_level.merged' {
  return levels === 2 && role === 'second_level' ? 'second_level.merged' : role;
}
