/**
 * The e-mail channel finished: the status-link token sealed at rest (AES-GCM, key outside the
 * database; see mail/status-link-seal.ts) so that every mail can carry the link, attachments
 * of outgoing mails (staff replies: the files reach the customer as mail attachments), and the
 * confirmation mail's article suggestions ("this solved it" closes the ticket as solved by the
 * customer and is counted as a deflection).
 */
export default /* sql */ `
-- 'v1.<iv>.<ciphertext+tag>'; NULL for tickets created before this change (their mails point
-- to the status page, where "send me my link again" helps)
ALTER TABLE tickets ADD COLUMN token_sealed TEXT;
-- JSON array of attachments.id sent with the mail; NULL: none
ALTER TABLE outbox ADD COLUMN attachment_ids TEXT;
-- the article a customer marked "this solved it" from the confirmation mail
ALTER TABLE tickets ADD COLUMN solved_by_article TEXT;
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
ALTER TABLE tickets ADD COLUMN token_sealed TEXT;
ALTER TABLE outbox ADD COLUMN attachment_ids TEXT;
ALTER TABLE tickets ADD COLUMN solved_by_article TEXT;
`;
