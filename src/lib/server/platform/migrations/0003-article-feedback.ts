/**
 * Feedback on articles: "Was this helpful?" votes from the public (one per browser and
 * article, identified only by the SHA-256 of a random cookie value: no IP address, no
 * account) and flags raised by staff ("outdated", "wrong", "unclear") until someone resolves
 * them. Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE article_feedback (
  id INTEGER PRIMARY KEY,
  article_slug TEXT NOT NULL,
  helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  comment TEXT CHECK (comment IS NULL OR length(comment) <= 1000),
  -- SHA-256 (hex) of the random tz_voter cookie; the cookie value itself is never stored
  voter_hash TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  created_at INTEGER NOT NULL,
  UNIQUE (article_slug, voter_hash)
) STRICT;

CREATE TABLE article_flags (
  id INTEGER PRIMARY KEY,
  article_slug TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('outdated', 'wrong', 'unclear')),
  comment TEXT NOT NULL,
  flagged_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by INTEGER REFERENCES users (id),
  resolution TEXT CHECK (resolution IN ('dismissed', 'revised')),
  resolution_note TEXT
) STRICT;
CREATE INDEX article_flags_open ON article_flags (article_slug) WHERE resolved_at IS NULL;
`;
