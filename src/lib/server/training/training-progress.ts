/**
 * Training progress: pages read, self-check attempts graded on the server, "continue where I
 * left off", and the second-level overview of every trainee with who is stuck. Pages are
 * identified by their translation key (the German and English versions count as one page).
 * Everything runs on both engines (issue 17: `Database`, Kysely); an attempt and its reading
 * mark are one transaction.
 */
import { DomainError } from '../errors.ts';
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction, type Trx } from '../platform/database/write-transaction.ts';
import type { CurriculumModule, CurriculumPage, TrainingPage } from './training.ts';
import type { SelfCheckQuestion } from './training-schema.ts';
import type { User } from '../accounts/users.ts';
import { t } from '../../i18n.ts';
import type { Lang } from '../../languages.ts';

const DAY_MS = 86_400_000;

/** A trainee who has not finished and shows no training activity for this many days is stuck. */
export const STUCK_IDLE_DAYS = 7;
/** A trainee who failed one page's self-check this many times without passing it is stuck. */
export const STUCK_FAILED_ATTEMPTS = 3;

/** Where an agent is with one page. */
export type PageStatus = 'not_started' | 'read' | 'passed';

/** One agent's record for one page. */
export interface PageProgress {
  key: string;
  firstReadAt: number | null;
  lastReadAt: number | null;
  attempts: number;
  failures: number;
  passedAt: number | null;
  /** How many attempts it took to pass (null: not passed). */
  attemptsToPass: number | null;
  lastAttemptAt: number | null;
}

/** The result of grading one self-check. */
export interface SelfCheckGrade {
  passed: boolean;
  /** Question numbers (0-based) answered wrongly. */
  wrong: number[];
  /** Question numbers (0-based) without an answer. */
  unanswered: number[];
}

/** A self-check that cannot be graded: not every question was answered (nothing was recorded). */
export class SelfCheckIncompleteError extends DomainError<'invalid'> {
  readonly unanswered: number[];
  constructor(unanswered: number[]) {
    const list = unanswered.map((index) => index + 1).join(', ');
    super('invalid', 'training.check.incomplete', { values: { list }, message: `questions without an answer: ${list}` });
    this.name = 'SelfCheckIncompleteError';
    this.unanswered = unanswered;
  }
}

function emptyProgress(key: string): PageProgress {
  return { key, firstReadAt: null, lastReadAt: null, attempts: 0, failures: 0, passedAt: null, attemptsToPass: null, lastAttemptAt: null };
}

/** Records that the agent opened the page (the first time and the latest), inside the caller's transaction. */
export async function markPageReadInChange(trx: Trx, userId: number, pageKey: string, now = Date.now()): Promise<void> {
  await trx
    .insertInto('training_reads')
    .values({ user_id: userId, page_key: pageKey, first_read_at: now, last_read_at: now })
    // The latest visit wins; an older one arriving late changes nothing (no MAX()/GREATEST(): same SQL on both engines).
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'page_key'])
        .doUpdateSet((eb) => ({ last_read_at: eb.ref('excluded.last_read_at') }))
        .where((eb) => eb('training_reads.last_read_at', '<', eb.ref('excluded.last_read_at'))),
    )
    .execute();
}

/** Records that the agent opened the page (the first time and the latest). */
export async function markPageRead(database: Database, userId: number, pageKey: string, now = Date.now()): Promise<void> {
  await markPageReadInChange(database.kysely, userId, pageKey, now);
}

interface ReadRow {
  user_id: number;
  page_key: string;
  first_read_at: number;
  last_read_at: number;
}

interface AttemptRow {
  user_id: number;
  page_key: string;
  passed: number;
  answered_at: number;
}

/** Progress by user and page from the rows (attempts in the order they were answered). */
function progressFromRows(reads: readonly ReadRow[], attempts: readonly AttemptRow[]): Map<number, Map<string, PageProgress>> {
  const result = new Map<number, Map<string, PageProgress>>();
  const entry = (userId: number, key: string): PageProgress => {
    let pages = result.get(userId);
    if (!pages) result.set(userId, (pages = new Map()));
    let progress = pages.get(key);
    if (!progress) pages.set(key, (progress = emptyProgress(key)));
    return progress;
  };
  for (const row of reads) {
    const progress = entry(row.user_id, row.page_key);
    progress.firstReadAt = row.first_read_at;
    progress.lastReadAt = row.last_read_at;
  }
  for (const row of attempts) {
    const progress = entry(row.user_id, row.page_key);
    progress.attempts++;
    progress.lastAttemptAt = row.answered_at;
    if (row.passed === 1) {
      progress.passedAt ??= row.answered_at;
      progress.attemptsToPass ??= progress.attempts;
    } else {
      progress.failures++;
    }
  }
  return result;
}

/** Progress of several agents (all when `userIds` is omitted): user id → page key → progress. */
export async function loadProgress(database: Database, userIds?: readonly number[]): Promise<Map<number, Map<string, PageProgress>>> {
  if (userIds && userIds.length === 0) return new Map();
  let reads = database.kysely.selectFrom('training_reads').select(['user_id', 'page_key', 'first_read_at', 'last_read_at']);
  let attempts = database.kysely.selectFrom('training_attempts').select(['user_id', 'page_key', 'passed', 'answered_at']).orderBy('answered_at').orderBy('id');
  if (userIds) {
    reads = reads.where('user_id', 'in', [...userIds]);
    attempts = attempts.where('user_id', 'in', [...userIds]);
  }
  return progressFromRows(await reads.execute(), await attempts.execute());
}

/** One agent's progress: page key → progress. */
export async function progressOf(database: Database, userId: number): Promise<Map<string, PageProgress>> {
  return (await loadProgress(database, [userId])).get(userId) ?? new Map();
}

/** Not started, read, or (pages with a self-check) self-check passed. */
export function pageStatus(page: TrainingPage, progress: PageProgress | undefined): PageStatus {
  if (page.selfCheck.length > 0 && progress?.passedAt != null) return 'passed';
  if (progress?.firstReadAt != null || (progress?.attempts ?? 0) > 0) return 'read';
  return 'not_started';
}

/** A page is done when it was read and, if it has a self-check, the self-check was passed. */
export function isPageDone(page: TrainingPage, progress: PageProgress | undefined): boolean {
  const status = pageStatus(page, progress);
  return page.selfCheck.length > 0 ? status === 'passed' : status !== 'not_started';
}

/**
 * "Continue where I left off": the page opened last, if it is not done yet; otherwise the
 * first page in curriculum order that is not done. Null when everything is done.
 */
export function continuePage(curriculum: CurriculumModule[], progress: Map<string, PageProgress>): CurriculumPage | null {
  const pages = curriculum.flatMap((module) => module.pages);
  let last: CurriculumPage | null = null;
  let lastAt = -1;
  for (const entry of pages) {
    const at = Math.max(progress.get(entry.key)?.lastReadAt ?? -1, progress.get(entry.key)?.lastAttemptAt ?? -1);
    if (at > lastAt) {
      last = entry;
      lastAt = at;
    }
  }
  if (last && !isPageDone(last.page, progress.get(last.key))) return last;
  return pages.find((entry) => !isPageDone(entry.page, progress.get(entry.key))) ?? null;
}

/**
 * The submitted answers as question → chosen options. Form values are "<question>:<option>"
 * (0-based); anything else, and numbers out of range, are ignored.
 */
export function parseAnswers(values: readonly string[], questions: readonly SelfCheckQuestion[]): Map<number, Set<number>> {
  const answers = new Map<number, Set<number>>();
  for (const value of values) {
    const match = /^(\d{1,3}):(\d{1,2})$/.exec(value.trim());
    if (!match) continue;
    const question = Number(match[1]);
    const option = Number(match[2]);
    if (question >= questions.length || option >= questions[question].options.length) continue;
    let chosen = answers.get(question);
    if (!chosen) answers.set(question, (chosen = new Set()));
    chosen.add(option);
  }
  return answers;
}

/**
 * The answers of a self-check form as "<question>:<option>" values: each question is a field
 * `q<question>` (radio buttons, or checkboxes for several right options) whose values are
 * option numbers. Other fields are ignored.
 */
export function answersFromForm(entries: Iterable<[string, unknown]>): string[] {
  const values: string[] = [];
  for (const [name, value] of entries) {
    const match = /^q(\d{1,3})$/.exec(name);
    if (match && typeof value === 'string') values.push(`${match[1]}:${value}`);
  }
  return values;
}

/** Grades a self-check: a question is right when exactly its right options were chosen; passed when all are right. */
export function gradeSelfCheck(questions: readonly SelfCheckQuestion[], answers: Map<number, Set<number>>): SelfCheckGrade {
  const wrong: number[] = [];
  const unanswered: number[] = [];
  questions.forEach((question, index) => {
    const chosen = answers.get(index);
    if (!chosen || chosen.size === 0) {
      unanswered.push(index);
      return;
    }
    const right = question.options.flatMap((option, position) => (option.correct ? [position] : []));
    if (chosen.size !== right.length || right.some((position) => !chosen.has(position))) wrong.push(index);
  });
  return { passed: wrong.length === 0 && unanswered.length === 0, wrong, unanswered };
}

/** Grades a self-check; throws SelfCheckIncompleteError when a question has no answer. */
function gradeComplete(page: TrainingPage, values: readonly string[]): SelfCheckGrade {
  if (page.selfCheck.length === 0) throw new Error(`training page ${page.slug} has no self-check`);
  const grade = gradeSelfCheck(page.selfCheck, parseAnswers(values, page.selfCheck));
  if (grade.unanswered.length > 0) throw new SelfCheckIncompleteError(grade.unanswered);
  return grade;
}

/**
 * Grades and records one self-check attempt for the page (which also counts as read), inside
 * the caller's transaction. Throws SelfCheckIncompleteError, recording nothing, when a
 * question has no answer.
 */
export async function submitSelfCheckInChange(trx: Trx, userId: number, page: TrainingPage, values: readonly string[], now = Date.now()): Promise<SelfCheckGrade> {
  const grade = gradeComplete(page, values);
  await markPageReadInChange(trx, userId, page.translationKey, now);
  await trx
    .insertInto('training_attempts')
    .values({ user_id: userId, page_key: page.translationKey, slug: page.slug, passed: grade.passed ? 1 : 0, question_count: page.selfCheck.length, wrong: JSON.stringify(grade.wrong), answered_at: now })
    .execute();
  return grade;
}

/**
 * Grades and records one self-check attempt for the page (which also counts as read), in one
 * transaction. Throws SelfCheckIncompleteError, recording nothing, when a question has no answer.
 */
export async function submitSelfCheck(database: Database, userId: number, page: TrainingPage, values: readonly string[], now = Date.now()): Promise<SelfCheckGrade> {
  gradeComplete(page, values); // refuse before opening a transaction
  return writeTransaction(database, (trx) => submitSelfCheckInChange(trx, userId, page, values, now));
}

/** Why a trainee counts as stuck. */
export type StuckReason =
  | { kind: 'idle'; days: number }
  | { kind: 'failing'; pageKey: string; failures: number };

/** One page in a trainee's row of the overview. */
export interface TraineePage {
  entry: CurriculumPage;
  status: PageStatus;
  progress: PageProgress;
}

/** One first-level agent in the progress overview. */
export interface TraineeSummary {
  user: User;
  pages: TraineePage[];
  read: number;
  /** Pages with a self-check, and how many of those were passed. */
  selfChecks: number;
  passed: number;
  done: number;
  attempts: number;
  failures: number;
  /** Latest read or attempt, or null. */
  lastActivityAt: number | null;
  finished: boolean;
  /** Empty unless the agent is a trainee who has not finished. */
  stuck: StuckReason[];
}

/**
 * The overview for second level: every agent in `users` with their progress through the
 * curriculum. A trainee who has not finished is stuck when they showed no training activity
 * for STUCK_IDLE_DAYS days (counted from the account's creation when there was none), or
 * failed one page's self-check STUCK_FAILED_ATTEMPTS times or more without passing it.
 */
export async function trainingOverview(database: Database, curriculum: CurriculumModule[], users: readonly User[], now = Date.now()): Promise<TraineeSummary[]> {
  if (users.length === 0) return [];
  const ids = users.map((user) => user.id);
  const all = await loadProgress(database, ids);
  const rows = await database.kysely.selectFrom('users').select(['id', 'created_at']).where('id', 'in', ids).execute();
  return summariseTrainees(curriculum, users, all, new Map(rows.map((row) => [row.id, row.created_at])), now);
}

/** The overview from the progress and the accounts' creation times (see `trainingOverview`). */
function summariseTrainees(
  curriculum: CurriculumModule[],
  users: readonly User[],
  all: Map<number, Map<string, PageProgress>>,
  created: Map<number, number>,
  now: number,
): TraineeSummary[] {
  const entries = curriculum.flatMap((module) => module.pages);
  return users.map((user) => {
    const progress = all.get(user.id) ?? new Map<string, PageProgress>();
    const pages = entries.map((entry) => {
      const record = progress.get(entry.key) ?? emptyProgress(entry.key);
      return { entry, status: pageStatus(entry.page, record), progress: record };
    });
    const withCheck = pages.filter((page) => page.entry.page.selfCheck.length > 0);
    const done = pages.filter((page) => isPageDone(page.entry.page, page.progress)).length;
    const activity = pages.flatMap((page) => [page.progress.lastReadAt, page.progress.lastAttemptAt]).filter((at): at is number => at !== null);
    const lastActivityAt = activity.length > 0 ? Math.max(...activity) : null;
    const finished = entries.length > 0 && done === entries.length;
    const stuck: StuckReason[] = [];
    if (user.trainee && !finished) {
      const since = lastActivityAt ?? created.get(user.id) ?? now;
      const idleDays = Math.floor((now - since) / DAY_MS);
      if (idleDays >= STUCK_IDLE_DAYS) stuck.push({ kind: 'idle', days: idleDays });
      for (const page of withCheck) {
        if (page.progress.passedAt === null && page.progress.failures >= STUCK_FAILED_ATTEMPTS) {
          stuck.push({ kind: 'failing', pageKey: page.entry.key, failures: page.progress.failures });
        }
      }
    }
    return {
      user,
      pages,
      read: pages.filter((page) => page.status !== 'not_started').length,
      selfChecks: withCheck.length,
      passed: withCheck.filter((page) => page.status === 'passed').length,
      done,
      attempts: pages.reduce((sum, page) => sum + page.progress.attempts, 0),
      failures: pages.reduce((sum, page) => sum + page.progress.failures, 0),
      lastActivityAt,
      finished,
      stuck,
    };
  });
}

/**
 * A trainee's state in words, as the overview and the insights page show it: each reason
 * they are stuck, else finished, in progress or not a trainee. `titles` names pages by key.
 */
export function describeTraineeState(summary: TraineeSummary, titles: ReadonlyMap<string, string>, lang: Lang): string[] {
  if (summary.stuck.length > 0) {
    return summary.stuck.map((reason) =>
      reason.kind === 'idle'
        ? t(lang, 'training.overview.stuck.idle', { days: reason.days })
        : t(lang, 'training.overview.stuck.failing', { title: titles.get(reason.pageKey) ?? reason.pageKey, count: reason.failures }),
    );
  }
  if (summary.finished) return [t(lang, 'training.overview.finished')];
  return [t(lang, summary.user.trainee ? 'training.overview.inProgress' : 'training.overview.notTrainee')];
}

/** Page titles by page key, for `describeTraineeState`. */
export function curriculumTitles(curriculum: readonly CurriculumModule[]): Map<string, string> {
  return new Map(curriculum.flatMap((module) => module.pages).map((entry) => [entry.key, entry.page.title]));
}
