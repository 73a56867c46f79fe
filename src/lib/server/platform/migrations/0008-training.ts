/**
 * Training progress: which training pages an agent opened, and every self-check attempt with
 * its result. Pages are files (content/training); rows refer to a page by its translation
 * key, so reading the German or the English version counts the same. Times are Unix
 * milliseconds.
 */
export default /* sql */ `
CREATE TABLE training_reads (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  page_key TEXT NOT NULL,
  first_read_at INTEGER NOT NULL,
  -- updated on every visit: "continue where I left off" starts from the last page opened
  last_read_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, page_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_attempts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  page_key TEXT NOT NULL,
  -- the language version that was answered
  slug TEXT NOT NULL,
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  question_count INTEGER NOT NULL CHECK (question_count >= 1),
  -- JSON array of the question numbers (0-based) answered wrongly
  wrong TEXT NOT NULL,
  answered_at INTEGER NOT NULL
) STRICT;

CREATE INDEX training_attempts_by_user ON training_attempts (user_id, page_key, answered_at);
`;
