/** Search log, result clicks and article views: the level-0 measurements. */
export default /* sql */ `
CREATE TABLE search_log (
  id INTEGER PRIMARY KEY,
  -- folded, whitespace-collapsed query; never an IP address or anything personal
  query TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  result_count INTEGER NOT NULL,
  -- where the search was made: 'page' (search page), 'instant' (as-you-type), 'ticket-form'
  source TEXT NOT NULL DEFAULT 'page',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX search_log_created ON search_log (created_at);
CREATE INDEX search_log_query ON search_log (query, created_at);

CREATE TABLE search_click (
  id INTEGER PRIMARY KEY,
  query TEXT NOT NULL,
  article_slug TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX search_click_created ON search_click (created_at);
CREATE INDEX search_click_article ON search_click (article_slug);

CREATE TABLE article_view (
  article_slug TEXT NOT NULL,
  -- days since the Unix epoch (UTC)
  day INTEGER NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (article_slug, day)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_view_day ON article_view (day);
`;
