/**
 * Standard answers ("text modules"): reusable reply templates in Markdown with placeholders,
 * maintained by second level and admins, optionally standing for a knowledge-base article.
 * `version` counts edits, so a stale edit form is refused instead of overwriting. Times are
 * Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE answer_templates (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  article_slug TEXT,
  created_by INTEGER REFERENCES users (id),
  updated_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (title, lang)
) STRICT;
`;
