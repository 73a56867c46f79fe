/**
 * The schema's migrations, in order. Migration N brings the database to
 * `PRAGMA user_version = N`. Never edit a released migration; add a new one.
 * (Kept as TypeScript modules rather than .sql files so that the bundled server and the
 * CLI scripts load them the same way, without looking up files at run time.)
 */
import knowledgeBase, { postgres as knowledgeBasePg } from './0001-knowledge-base.ts';
import supportDesk, { postgres as supportDeskPg } from './0002-support-desk.ts';
import articleFeedback, { postgres as articleFeedbackPg } from './0003-article-feedback.ts';
import answerTemplates, { postgres as answerTemplatesPg } from './0004-answer-templates.ts';
import contentRevisions, { postgres as contentRevisionsPg } from './0005-content-revisions.ts';
import callDesk, { postgres as callDeskPg } from './0006-call-desk.ts';
import insights, { postgres as insightsPg } from './0007-insights.ts';
import training, { postgres as trainingPg } from './0008-training.ts';
import emailChannel, { postgres as emailChannelPg } from './0009-email-channel.ts';
import attachments, { postgres as attachmentsPg } from './0010-attachments.ts';
import ticketPresence, { postgres as ticketPresencePg } from './0011-ticket-presence.ts';
import staffNotifications, { postgres as staffNotificationsPg } from './0012-staff-notifications.ts';
import agentLanguages, { postgres as agentLanguagesPg } from './0013-agent-languages.ts';
import tagsViewsMailNotices, { postgres as tagsViewsMailNoticesPg } from './0014-tags-views-mail-notices.ts';
import mailWayBack, { postgres as mailWayBackPg } from './0015-mail-way-back.ts';
import ticketLifecycle, { postgres as ticketLifecyclePg } from './0016-ticket-lifecycle.ts';
import deskOrganisation, { postgres as deskOrganisationPg } from './0017-desk-organisation.ts';
import sharedLimits, { postgres as sharedLimitsPg } from './0018-shared-limits.ts';
import learnedPhrasings, { postgres as learnedPhrasingsPg } from './0019-learned-phrasings.ts';
import insightDayZone, { postgres as insightDayZonePg } from './0020-insight-day-zone.ts';
import insightQueryBlocks, { postgres as insightQueryBlocksPg } from './0021-insight-query-blocks.ts';
import deskNotifications, { postgres as deskNotificationsPg } from './0023-desk-notifications.ts';
import insightTicketBlocks, { postgres as insightTicketBlocksPg } from './0024-insight-ticket-blocks.ts';
import consultationNotices, { postgres as consultationNoticesPg } from './0025-consultation-notices.ts';
import deferredInsightBumps, { postgres as deferredInsightBumpsPg } from './0026-deferred-insight-bumps.ts';
import contentDeletions, { postgres as contentDeletionsPg } from './0027-content-deletions.ts';
import sharedFiles, { postgres as sharedFilesPg } from './0028-shared-files.ts';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  /** The change on SQLite (released SQL is never edited). */
  sql: string;
  /**
   * The same change on PostgreSQL, side by side (database/migrate-postgres.ts refuses to run
   * a list in which one is missing; tests/unit/platform/database-schema.test.ts compares both).
   */
  postgres?: string;
}

export const migrations: Migration[] = [
  { version: 1, name: 'knowledge-base', sql: knowledgeBase, postgres: knowledgeBasePg },
  { version: 2, name: 'support-desk', sql: supportDesk, postgres: supportDeskPg },
  { version: 3, name: 'article-feedback', sql: articleFeedback, postgres: articleFeedbackPg },
  { version: 4, name: 'answer-templates', sql: answerTemplates, postgres: answerTemplatesPg },
  { version: 5, name: 'content-revisions', sql: contentRevisions, postgres: contentRevisionsPg },
  { version: 6, name: 'call-desk', sql: callDesk, postgres: callDeskPg },
  { version: 7, name: 'insights', sql: insights, postgres: insightsPg },
  { version: 8, name: 'training', sql: training, postgres: trainingPg },
  { version: 9, name: 'email-channel', sql: emailChannel, postgres: emailChannelPg },
  { version: 10, name: 'attachments', sql: attachments, postgres: attachmentsPg },
  { version: 11, name: 'ticket-presence', sql: ticketPresence, postgres: ticketPresencePg },
  { version: 12, name: 'staff-notifications', sql: staffNotifications, postgres: staffNotificationsPg },
  { version: 13, name: 'agent-languages', sql: agentLanguages, postgres: agentLanguagesPg },
  { version: 14, name: 'tags-views-mail-notices', sql: tagsViewsMailNotices, postgres: tagsViewsMailNoticesPg },
  { version: 15, name: 'mail-way-back', sql: mailWayBack, postgres: mailWayBackPg },
  { version: 16, name: 'ticket-lifecycle', sql: ticketLifecycle, postgres: ticketLifecyclePg },
  { version: 17, name: 'desk-organisation', sql: deskOrganisation, postgres: deskOrganisationPg },
  { version: 18, name: 'shared-limits', sql: sharedLimits, postgres: sharedLimitsPg },
  { version: 19, name: 'learned-phrasings', sql: learnedPhrasings, postgres: learnedPhrasingsPg },
  { version: 20, name: 'insight-day-zone', sql: insightDayZone, postgres: insightDayZonePg },
  { version: 21, name: 'insight-query-blocks', sql: insightQueryBlocks, postgres: insightQueryBlocksPg },
  { version: 23, name: 'desk-notifications', sql: deskNotifications, postgres: deskNotificationsPg },
  { version: 24, name: 'insight-ticket-blocks', sql: insightTicketBlocks, postgres: insightTicketBlocksPg },
  { version: 25, name: 'consultation-notices', sql: consultationNotices, postgres: consultationNoticesPg },
  { version: 26, name: 'deferred-insight-bumps', sql: deferredInsightBumps, postgres: deferredInsightBumpsPg },
  { version: 27, name: 'content-deletions', sql: contentDeletions, postgres: contentDeletionsPg },
  { version: 28, name: 'shared-files', sql: sharedFiles, postgres: sharedFilesPg },
];
