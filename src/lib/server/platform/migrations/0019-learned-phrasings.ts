/** Learned phrasings: customers' own words for an article, proposed from use, confirmed or removed by second level. */
export default /* sql */ `
CREATE TABLE learned_phrasing (
  id INTEGER PRIMARY KEY,
  article_slug TEXT NOT NULL,
  -- the language of the searches (the reader's)
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  -- the normalised words: analysed (stop words out, stemmed), unique, sorted, space-separated
  words TEXT NOT NULL,
  -- one search as typed (folded), shown to staff
  example TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'removed')),
  -- clicks and deflections that led from these words to the article (when last counted)
  evidence INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  decided_by INTEGER REFERENCES users (id),
  UNIQUE (article_slug, lang, words)
) STRICT;
CREATE INDEX learned_phrasing_status ON learned_phrasing (status, lang, words);
`;
