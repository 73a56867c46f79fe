/**
 * The schema's migrations, in order. Migration N brings the database to
 * `PRAGMA user_version = N`. Never edit a released migration; add a new one.
 * (Kept as TypeScript modules rather than .sql files so that the bundled server and the
 * CLI scripts load them the same way, without looking up files at run time.)
 */
import knowledgeBase from './0001-knowledge-base.ts';
import supportDesk from './0002-support-desk.ts';
import articleFeedback from './0003-article-feedback.ts';
import answerTemplates from './0004-answer-templates.ts';
import contentRevisions from './0005-content-revisions.ts';
import callDesk from './0006-call-desk.ts';
import insights from './0007-insights.ts';
import training from './0008-training.ts';
import emailChannel from './0009-email-channel.ts';
import attachments from './0010-attachments.ts';
import ticketPresence from './0011-ticket-presence.ts';
import staffNotifications from './0012-staff-notifications.ts';
import agentLanguages from './0013-agent-languages.ts';
import deskOrganisation from './0017-desk-organisation.ts';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  { version: 1, name: 'knowledge-base', sql: knowledgeBase },
  { version: 2, name: 'support-desk', sql: supportDesk },
  { version: 3, name: 'article-feedback', sql: articleFeedback },
  { version: 4, name: 'answer-templates', sql: answerTemplates },
  { version: 5, name: 'content-revisions', sql: contentRevisions },
  { version: 6, name: 'call-desk', sql: callDesk },
  { version: 7, name: 'insights', sql: insights },
  { version: 8, name: 'training', sql: training },
  { version: 9, name: 'email-channel', sql: emailChannel },
  { version: 10, name: 'attachments', sql: attachments },
  { version: 11, name: 'ticket-presence', sql: ticketPresence },
  { version: 12, name: 'staff-notifications', sql: staffNotifications },
  { version: 13, name: 'agent-languages', sql: agentLanguages },
  { version: 17, name: 'desk-organisation', sql: deskOrganisation },
];
