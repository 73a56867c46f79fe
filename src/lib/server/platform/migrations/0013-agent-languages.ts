/**
 * The languages an agent works in (comma-separated language codes, `de,en` by default):
 * the distribution gives a ticket to an agent who speaks the customer's language when one
 * is present.
 */
export default /* sql */ `
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT 'de,en' CHECK (languages <> '');
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT 'de,en' CHECK (languages <> '');
`;
