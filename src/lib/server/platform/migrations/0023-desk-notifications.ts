/**
 * The 'desk' notification channel on PostgreSQL (issue 17): every statement that changes one
 * of the desk's tables sends `pg_notify('desk', <table>)`, delivered at commit to every
 * instance (database/notify.ts), so the agents' event streams on all instances wake at once
 * instead of polling. Statement triggers cost one notification per statement, and PostgreSQL
 * folds identical ones within a transaction. SQLite needs nothing stored: one process owns the
 * file, and notify.ts puts TEMP triggers on its own connection. Keep the table list equal to
 * DESK_TABLES in database/notify.ts (tests/unit/platform/notify.test.ts checks both).
 */
export default /* sql */ `
-- Nothing on SQLite: database/notify.ts installs TEMP triggers on the process's connection.
`;

const TABLES = ['tickets', 'ticket_presence', 'staff_notifications', 'ticket_consultations', 'ticket_tags'];

export const postgres = /* sql */ `
CREATE OR REPLACE FUNCTION tierzero_notify_desk() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('desk', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
${TABLES.map((table) => `CREATE TRIGGER ${table}_notify_desk AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tierzero_notify_desk();`).join('\n')}
`;
