/**
 * The sections of the insights page. Each section is a domain module (a pure function of
 * the database and the range) plus the tables it shows. The sections compute at the same
 * time (on PostgreSQL each on its own pooled connection). To add a section (training
 * progress, call-centre figures), write its module, add an entry here and a component for
 * the page; the CSV export finds its tables through this list.
 */
import type { Database } from '../platform/database/connect.ts';
import { t, type MessageKey } from '../../i18n.ts';
import { formatDeskTime } from '../../local-time.ts';
import { computeSatisfaction, type RatingCounts, type Satisfaction } from './satisfaction.ts';
import type { Lang } from '../../languages.ts';
import { dayKey, type InsightRange } from './range.ts';
import type { Cell, ColumnKind, InsightTable } from './table.ts';
import { selfServiceInsights, type SelfService } from './self-service.ts';
import { contentGapInsights, writeArticleUrl, type ContentGaps, type GapQuery } from './content-gaps.ts';
import { articleInsights, type ArticleCount, type ArticleHelpfulness, type ArticleInfo, type ArticleInsights } from './articles.ts';
import { ticketFlowInsights, type TicketFlow, type TimeFigures } from './ticket-flow.ts';
import { PRIORITIES } from '../desk/vocabulary.ts';
import { measureCalls, type CallMeasures } from '../calls/call-measures.ts';
import { curriculumTitles, describeTraineeState, trainingOverview, type TraineeSummary } from '../training/training-progress.ts';
import type { CurriculumModule } from '../training/training.ts';
import { listUsers } from '../accounts/users.ts';

/** What sections may need besides the database and the range. */
export interface InsightContext {
  /** The current time (what is overdue now). */
  now: number;
  /** The knowledge base's articles (titles, dates). */
  articles: readonly ArticleInfo[];
  /** The training curriculum in the page's language (trainees' progress). */
  curriculum: CurriculumModule[];
}

/** A section: its id, how it computes its figures and which tables it shows. */
export interface InsightSection<T> {
  id: string;
  /** The ids of its tables, so that the export computes only the section it needs. */
  tableIds: readonly string[];
  compute(database: Database, range: InsightRange, context: InsightContext): Promise<T>;
  tables(data: T, lang: Lang): InsightTable[];
}

const col = (lang: Lang, key: MessageKey, kind: ColumnKind, values: Record<string, string | number> = {}): { label: string; kind: ColumnKind } => ({
  label: t(lang, key, values),
  kind,
});

const articleCell = (row: { slug: string; title: string }): Cell => ({ text: row.title, href: `/staff/articles/${row.slug}` });

function gapTable(id: string, caption: MessageKey, countLabel: MessageKey, rows: GapQuery[], lang: Lang): InsightTable {
  return {
    id,
    caption: t(lang, caption),
    columns: [col(lang, 'insights.col.query', 'text'), col(lang, 'insights.col.lang', 'text'), col(lang, countLabel, 'int'), col(lang, 'insights.col.action', 'text')],
    rows: rows.map((row) => [
      { text: row.query, lang: row.lang },
      t(lang, `lang.${row.lang}`),
      row.count,
      { text: t(lang, 'insights.gaps.write'), href: writeArticleUrl(row) },
    ]),
  };
}

function countTable(id: string, caption: MessageKey, countLabel: MessageKey, rows: ArticleCount[], lang: Lang): InsightTable {
  return {
    id,
    caption: t(lang, caption),
    columns: [col(lang, 'insights.col.article', 'text'), col(lang, countLabel, 'int')],
    rows: rows.map((row) => [articleCell(row), row.count]),
  };
}

function helpfulTable(id: string, caption: MessageKey, rows: ArticleHelpfulness[], lang: Lang): InsightTable {
  return {
    id,
    caption: t(lang, caption),
    columns: [
      col(lang, 'insights.col.article', 'text'),
      col(lang, 'insights.col.yes', 'int'),
      col(lang, 'insights.col.no', 'int'),
      col(lang, 'insights.col.helpfulShare', 'percent'),
      col(lang, 'insights.col.comments', 'int'),
    ],
    rows: rows.map((row) => [articleCell(row), row.yes, row.no, row.share, row.comments]),
  };
}

function timesTable(id: string, caption: MessageKey, groupLabel: MessageKey, rows: TimeFigures[], groupName: (group: string) => string, lang: Lang): InsightTable {
  return {
    id,
    caption: t(lang, caption),
    columns: [
      col(lang, groupLabel, 'text'),
      col(lang, 'insights.col.responded', 'int'),
      col(lang, 'insights.col.firstResponseMedian', 'hours'),
      col(lang, 'insights.col.firstResponseP90', 'hours'),
      col(lang, 'insights.col.solvedTickets', 'int'),
      col(lang, 'insights.col.solutionMedian', 'hours'),
      col(lang, 'insights.col.solutionP90', 'hours'),
    ],
    rows: rows.map((row) => [groupName(row.group), row.responded, row.firstResponseMedian, row.firstResponseP90, row.solved, row.solutionMedian, row.solutionP90]),
  };
}

/** Self-service: searches, no-result and click shares, deflection rate. */
export const selfServiceSection: InsightSection<SelfService> = {
  id: 'self-service',
  tableIds: ['searches-daily', 'self-service-weekly'],
  compute: (database, range) => selfServiceInsights(database, range),
  tables: (data, lang) => [
    {
      id: 'searches-daily',
      caption: t(lang, 'insights.table.searchesDaily'),
      columns: [
        col(lang, 'insights.col.day', 'date'),
        col(lang, 'insights.col.searches', 'int'),
        col(lang, 'insights.col.noResult', 'int'),
        col(lang, 'insights.col.noResultShare', 'percent'),
        col(lang, 'insights.col.withVisit', 'int'),
        col(lang, 'insights.col.clicked', 'int'),
        col(lang, 'insights.col.clickShare', 'percent'),
      ],
      rows: data.days.map((day) => [day.day, day.searches, day.noResult, day.noResultShare, day.withVisit, day.clicked, day.clickShare]),
    },
    {
      id: 'self-service-weekly',
      caption: t(lang, 'insights.table.weekly'),
      columns: [
        col(lang, 'insights.col.week', 'date'),
        col(lang, 'insights.col.searches', 'int'),
        col(lang, 'insights.col.noResultShare', 'percent'),
        col(lang, 'insights.col.clickShare', 'percent'),
        col(lang, 'insights.col.selfServed', 'int'),
        col(lang, 'insights.col.ticketVisits', 'int'),
        col(lang, 'insights.col.deflectionRate', 'percent'),
      ],
      rows: data.weeks.map((week) => [week.week, week.searches, week.noResultShare, week.clickShare, week.selfServed, week.ticketed, week.deflectionRate]),
    },
  ],
};

/** Content gaps: queries without a result and queries before a ticket. */
export const contentGapsSection: InsightSection<ContentGaps> = {
  id: 'content-gaps',
  tableIds: ['gaps-no-result', 'gaps-before-ticket'],
  compute: (database, range) => contentGapInsights(database, range),
  tables: (data, lang) => [
    gapTable('gaps-no-result', 'insights.table.noResult', 'insights.col.searches', data.noResult, lang),
    gapTable('gaps-before-ticket', 'insights.table.beforeTicket', 'insights.col.tickets', data.beforeTicket, lang),
  ],
};

/** Articles: views, reuse, helpfulness, flags, age. */
export const articlesSection: InsightSection<ArticleInsights> = {
  id: 'articles',
  tableIds: ['articles-viewed', 'articles-reused', 'articles-helpful', 'articles-unhelpful', 'articles-flags', 'articles-stale'],
  compute: (database, range, context) => articleInsights(database, range, context.articles),
  tables: (data, lang) => [
    countTable('articles-viewed', 'insights.table.viewed', 'insights.col.views', data.mostViewed, lang),
    countTable('articles-reused', 'insights.table.reused', 'insights.col.tickets', data.mostReused, lang),
    helpfulTable('articles-helpful', 'insights.table.helpful', data.mostHelpful, lang),
    helpfulTable('articles-unhelpful', 'insights.table.unhelpful', data.leastHelpful, lang),
    {
      id: 'articles-flags',
      caption: t(lang, 'insights.table.flags'),
      columns: [
        col(lang, 'insights.col.article', 'text'),
        col(lang, 'insights.col.openFlags', 'int'),
        col(lang, 'insights.col.outdated', 'int'),
        col(lang, 'insights.col.wrong', 'int'),
        col(lang, 'insights.col.unclear', 'int'),
        col(lang, 'insights.col.since', 'date'),
      ],
      rows: data.flags.map((row) => [articleCell(row), row.open, row.outdated, row.wrong, row.unclear, row.since]),
    },
    {
      id: 'articles-stale',
      caption: t(lang, 'insights.table.stale'),
      columns: [
        col(lang, 'insights.col.article', 'text'),
        col(lang, 'insights.col.lang', 'text'),
        col(lang, 'insights.col.audience', 'text'),
        col(lang, 'insights.col.updated', 'date'),
        col(lang, 'insights.col.daysSince', 'int'),
      ],
      rows: data.stale.map((row) => [articleCell(row), t(lang, `lang.${row.lang}`), t(lang, `insights.audience.${row.audience}`), row.updated, row.days]),
    },
  ],
};

/** Tickets: flow per day, escalation rates, times, overdue. */
export const ticketsSection: InsightSection<TicketFlow> = {
  id: 'tickets',
  tableIds: ['tickets-daily', 'tickets-escalation', 'tickets-times-level', 'tickets-times-priority', 'tickets-overdue-counts', 'tickets-overdue'],
  compute: (database, range, context) => ticketFlowInsights(database, range, context.now),
  tables: (data, lang) => [
    {
      id: 'tickets-daily',
      caption: t(lang, 'insights.table.ticketsDaily'),
      columns: [
        col(lang, 'insights.col.day', 'date'),
        col(lang, 'insights.col.opened', 'int'),
        col(lang, 'insights.col.solvedAt', 'int', { level: 1 }),
        col(lang, 'insights.col.solvedAt', 'int', { level: 2 }),
        col(lang, 'insights.col.solvedAt', 'int', { level: 3 }),
        col(lang, 'insights.col.escalated12', 'int'),
        col(lang, 'insights.col.escalated23', 'int'),
      ],
      rows: data.days.map((day) => [day.day, day.opened, day.solved[1], day.solved[2], day.solved[3], day.escalated12, day.escalated23]),
    },
    {
      id: 'tickets-escalation',
      caption: t(lang, 'insights.table.escalation'),
      columns: [col(lang, 'insights.col.step', 'text'), col(lang, 'insights.col.base', 'int'), col(lang, 'insights.col.escalated', 'int'), col(lang, 'insights.col.rate', 'percent')],
      rows: [
        [t(lang, 'insights.tickets.step12'), data.escalation.opened, data.escalation.escalated12, data.escalation.rate12],
        [t(lang, 'insights.tickets.step23'), data.escalation.escalated12, data.escalation.escalated23, data.escalation.rate23],
      ],
    },
    timesTable(
      'tickets-times-level',
      'insights.table.timesLevel',
      'insights.col.level',
      data.byLevel,
      (group) => (group === 'all' ? t(lang, 'insights.tickets.all') : t(lang, 'insights.tickets.level', { level: group })),
      lang,
    ),
    timesTable('tickets-times-priority', 'insights.table.timesPriority', 'insights.col.priority', data.byPriority, (group) => t(lang, `desk.priority.${group as 'low'}`), lang),
    {
      id: 'tickets-overdue-counts',
      caption: t(lang, 'insights.table.overdueCounts'),
      columns: [col(lang, 'insights.col.level', 'text'), ...PRIORITIES.map((priority) => ({ label: t(lang, `desk.priority.${priority}`), kind: 'int' as const })), col(lang, 'insights.col.total', 'int')],
      rows: ([1, 2, 3] as const).map((level) => [
        t(lang, 'insights.tickets.level', { level }),
        ...PRIORITIES.map((priority) => data.overdue.byLevelPriority[level][priority]),
        data.overdue.byLevel[level],
      ]),
    },
    {
      id: 'tickets-overdue',
      caption: t(lang, 'insights.table.overdue'),
      columns: [col(lang, 'insights.col.reference', 'text'), col(lang, 'insights.col.level', 'int'), col(lang, 'insights.col.priority', 'text'), col(lang, 'insights.col.due', 'text')],
      rows: data.overdue.oldest.map((row) => [
        { text: row.reference, href: `/staff/tickets/${row.reference}` },
        row.level,
        t(lang, `desk.priority.${row.priority}`),
        formatDeskTime(lang, row.due),
      ]),
    },
  ],
};

/** The call desk: calls per day, first-contact resolution, handling time per agent level. */
export const callsSection: InsightSection<CallMeasures> = {
  id: 'calls',
  tableIds: ['calls-daily', 'calls-handling'],
  compute: async (database, range) => measureCalls(database, { from: range.start, to: range.end }),
  tables: (data, lang) => [
    {
      id: 'calls-daily',
      caption: t(lang, 'insights.table.callsDaily'),
      columns: [
        col(lang, 'insights.col.day', 'date'),
        col(lang, 'insights.col.calls', 'int'),
        col(lang, 'insights.col.solvedOnCall', 'int'),
        col(lang, 'insights.col.fcr', 'percent'),
      ],
      rows: data.days.map((day) => [day.date, day.calls, day.solvedOnCall, day.calls > 0 ? day.solvedOnCall / day.calls : null]),
    },
    {
      id: 'calls-handling',
      caption: t(lang, 'insights.table.callsHandling'),
      columns: [
        col(lang, 'insights.col.agentLevel', 'text'),
        col(lang, 'insights.col.calls', 'int'),
        col(lang, 'insights.col.handlingMedian', 'duration'),
        col(lang, 'insights.col.handlingP90', 'duration'),
      ],
      rows: data.handling.map((row) => [
        row.level === null ? t(lang, 'role.admin') : t(lang, 'insights.tickets.level', { level: row.level }),
        row.calls,
        row.medianSeconds,
        row.p90Seconds,
      ]),
    },
  ],
};

/** Trainees' progress now (not bound to the period), with the page titles for the stuck reasons. */
export interface TrainingInsights {
  trainees: TraineeSummary[];
  titles: Map<string, string>;
}

const isoDay = (at: number | null): string | null => (at === null ? null : dayKey(at));

/** Training: every active first-level trainee's progress at a glance (the overview has the details). */
export const trainingSection: InsightSection<TrainingInsights> = {
  id: 'training',
  tableIds: ['training-trainees'],
  compute: async (database, _range, context) => ({
    trainees: await trainingOverview(
      database,
      context.curriculum,
      (await listUsers(database, { role: 'first_level' })).filter((user) => user.trainee && !user.disabled),
      context.now,
    ),
    titles: curriculumTitles(context.curriculum),
  }),
  tables: (data, lang) => [
    {
      id: 'training-trainees',
      caption: t(lang, 'insights.table.trainees'),
      columns: [
        col(lang, 'insights.col.trainee', 'text'),
        col(lang, 'insights.col.pagesDone', 'int'),
        col(lang, 'insights.col.pages', 'int'),
        col(lang, 'insights.col.checksPassed', 'int'),
        col(lang, 'insights.col.checks', 'int'),
        col(lang, 'insights.col.failedAttempts', 'int'),
        col(lang, 'insights.col.lastActivity', 'date'),
        col(lang, 'insights.col.state', 'text'),
      ],
      rows: data.trainees.map((row) => [
        { text: row.user.name, href: '/staff/training/progress' },
        row.done,
        row.pages.length,
        row.passed,
        row.selfChecks,
        row.failures,
        isoDay(row.lastActivityAt),
        describeTraineeState(row, data.titles, lang).join('; '),
      ]),
    },
  ],
};

/** Satisfaction (ratings per level, per agent, per week) and resolution in time. */
export const satisfactionSection: InsightSection<Satisfaction> = {
  id: 'satisfaction',
  tableIds: ['satisfaction-level', 'satisfaction-agent', 'satisfaction-weekly'],
  compute: (database, range, context) => computeSatisfaction(database, range, context.now),
  tables: (data, lang) => {
    const columns = [col(lang, 'insights.satisfaction.col.good', 'int'), col(lang, 'insights.satisfaction.col.bad', 'int'), col(lang, 'insights.satisfaction.col.share', 'percent')];
    const cells = (row: RatingCounts): Cell[] => [row.good, row.bad, row.shareGood];
    return [
      {
        id: 'satisfaction-level',
        caption: t(lang, 'insights.satisfaction.table.level'),
        columns: [col(lang, 'insights.col.level', 'text'), ...columns],
        rows: ([1, 2, 3] as const).map((level) => [t(lang, 'insights.tickets.level', { level }), ...cells(data.byLevel[level])]),
      },
      {
        id: 'satisfaction-agent',
        caption: t(lang, 'insights.satisfaction.table.agent'),
        columns: [col(lang, 'insights.satisfaction.col.agent', 'text'), ...columns],
        rows: data.byAgent.map((row) => [row.agentName ?? t(lang, 'insights.satisfaction.noAgent'), ...cells(row)]),
      },
      {
        id: 'satisfaction-weekly',
        caption: t(lang, 'insights.satisfaction.table.weekly'),
        columns: [col(lang, 'insights.col.week', 'date'), ...columns],
        rows: data.byWeek.map((row) => [row.week, ...cells(row)]),
      },
    ];
  },
};

/** The sections in page order. */
export const SECTIONS = [selfServiceSection, contentGapsSection, articlesSection, ticketsSection, satisfactionSection, callsSection, trainingSection] as const;

/** All figures of the page, by section. */
export interface Insights {
  range: InsightRange;
  selfService: SelfService;
  contentGaps: ContentGaps;
  articles: ArticleInsights;
  tickets: TicketFlow;
  satisfaction: Satisfaction;
  calls: CallMeasures;
  training: TrainingInsights;
}

/** Computes every section of the page for a range. */
export async function computeInsights(database: Database, range: InsightRange, context: InsightContext): Promise<Insights> {
  const [selfService, contentGaps, articles, tickets, satisfaction, calls, training] = await Promise.all([
    selfServiceSection.compute(database, range, context),
    contentGapsSection.compute(database, range, context),
    articlesSection.compute(database, range, context),
    ticketsSection.compute(database, range, context),
    satisfactionSection.compute(database, range, context),
    callsSection.compute(database, range, context),
    trainingSection.compute(database, range, context),
  ]);
  return { range, selfService, contentGaps, articles, tickets, satisfaction, calls, training };
}

/** The table with this id for a range (computing only its section), or null for an unknown id. */
export async function findInsightTable(database: Database, range: InsightRange, context: InsightContext, tableId: string, lang: Lang): Promise<InsightTable | null> {
  for (const section of SECTIONS as readonly InsightSection<unknown>[]) {
    if (!section.tableIds.includes(tableId)) continue;
    return section.tables(await section.compute(database, range, context), lang).find((table) => table.id === tableId) ?? null;
  }
  return null;
}
