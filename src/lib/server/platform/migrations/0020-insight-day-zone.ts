/**
 * The zone the insights' daily summaries are counted in (issue 12: days in the desk's zone).
 * No row: the summaries still hold UTC days; insights/summaries.ts rebuilds them at start-up
 * whenever this differs from the desk's zone.
 */
export default /* sql */ `
CREATE TABLE insight_day_zone (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone TEXT NOT NULL
) STRICT;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
CREATE TABLE insight_day_zone (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  time_zone TEXT NOT NULL
);
`;
