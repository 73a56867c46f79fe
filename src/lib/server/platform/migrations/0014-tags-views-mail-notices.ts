/**
 * Free tags on tickets, saved personal views, and the per-user setting "send my notifications
 * by e-mail too" (off by default; the e-mails go out in `notify_lang`, the language the agent
 * chose with the setting). Tags are lower-case words (letters, digits, - and _), at most 40
 * characters; a saved view is a named list of GET parameters on one of the agent's views.
 */
export default /* sql */ `
ALTER TABLE users ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 0 CHECK (notify_email IN (0, 1));
ALTER TABLE users ADD COLUMN notify_lang TEXT NOT NULL DEFAULT 'en' CHECK (notify_lang IN ('de', 'en'));
CREATE TABLE ticket_tags (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  tag TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
  PRIMARY KEY (ticket_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- the view it filters (a fixed view key or area-<key>)
  view TEXT NOT NULL,
  -- the filter as a query string (q, priority, category, tag, sort, dir)
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
) STRICT;
`;
