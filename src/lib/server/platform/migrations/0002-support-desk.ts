/**
 * The support desk: staff accounts and sessions, tickets with their messages and audit
 * trail, article reuse on tickets, deflections on the ticket form and the e-mail outbox.
 * Times are Unix milliseconds.
 */
export default /* sql */ `
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('first_level', 'second_level', 'third_level', 'admin')),
  -- first-level trainees see the training first; cleared by second level or an admin
  trainee INTEGER NOT NULL DEFAULT 0 CHECK (trainee IN (0, 1)),
  password_hash TEXT NOT NULL,
  -- present agents receive new tickets of their level
  present INTEGER NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

-- third-level specialists' subject areas (article category keys)
CREATE TABLE user_areas (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  PRIMARY KEY (user_id, category)
) STRICT, WITHOUT ROWID;

-- Lucia-style sessions: only the SHA-256 of the token is stored
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

-- per-year counter behind references like T-2026-000123
CREATE TABLE ticket_sequence (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
) STRICT;

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  -- SHA-256 of the customer's secret status-link token
  token_hash TEXT NOT NULL UNIQUE,
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  category TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting', 'solved', 'closed')),
  level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2, 3)),
  assignee_id INTEGER REFERENCES users (id),
  channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone', 'email')),
  solution TEXT,
  -- the query and article the customer came from, if any
  source_query TEXT,
  source_article TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  first_response_due INTEGER NOT NULL,
  first_response_at INTEGER,
  solved_at INTEGER,
  closed_at INTEGER,
  -- increases with every change; a form posted against an older version is refused
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX tickets_queue ON tickets (level, status, assignee_id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_email ON tickets (customer_email);

-- the thread: customer messages, public replies and internal notes
CREATE TABLE ticket_messages (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'reply', 'note')),
  author_id INTEGER REFERENCES users (id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  -- the ticket's version this message created: "what changed since version N" after a conflict
  version INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, version);

-- the audit trail: every change, who made it, from what to what
CREATE TABLE ticket_events (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  actor_id INTEGER REFERENCES users (id),
  type TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  detail TEXT,
  created_at INTEGER NOT NULL,
  -- the ticket's version after this change (one change may write several events)
  version INTEGER NOT NULL
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, version);
CREATE INDEX ticket_events_type ON ticket_events (type, created_at);

-- which article was used on which ticket (KCS reuse)
CREATE TABLE ticket_articles (
  ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  article_slug TEXT NOT NULL,
  linked_by INTEGER REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, article_slug)
) STRICT, WITHOUT ROWID;
CREATE INDEX ticket_articles_article ON ticket_articles (article_slug);

-- "this answered my question" on the ticket form: a ticket that was never opened
CREATE TABLE deflections (
  id INTEGER PRIMARY KEY,
  query TEXT NOT NULL,
  article_slug TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX deflections_created ON deflections (created_at);

-- e-mails to customers, delivered by the sender when SMTP_URL is set
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
`;

/** The same change on PostgreSQL (applied by ../database/migrate-postgres.ts). */
export const postgres = /* sql */ `
-- e-mail addresses compare case-insensitively, as COLLATE NOCASE does on SQLite
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TABLE users (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  email CITEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('first_level', 'second_level', 'third_level', 'admin')),
  -- first-level trainees see the training first; cleared by second level or an admin
  trainee BIGINT NOT NULL DEFAULT 0 CHECK (trainee IN (0, 1)),
  password_hash TEXT NOT NULL,
  -- present agents receive new tickets of their level
  present BIGINT NOT NULL DEFAULT 0 CHECK (present IN (0, 1)),
  disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at BIGINT NOT NULL
);

-- third-level specialists' subject areas (article category keys)
CREATE TABLE user_areas (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  PRIMARY KEY (user_id, category)
);

-- Lucia-style sessions: only the SHA-256 of the token is stored
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- per-year counter behind references like T-2026-000123
CREATE TABLE ticket_sequence (
  year BIGINT PRIMARY KEY,
  last BIGINT NOT NULL
);

CREATE TABLE tickets (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  -- SHA-256 of the customer's secret status-link token
  token_hash TEXT NOT NULL UNIQUE,
  customer_name TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  subject TEXT NOT NULL,
  category TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting', 'solved', 'closed')),
  level BIGINT NOT NULL DEFAULT 1 CHECK (level IN (1, 2, 3)),
  assignee_id BIGINT REFERENCES users (id),
  channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'phone', 'email')),
  solution TEXT,
  -- the query and article the customer came from, if any
  source_query TEXT,
  source_article TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  first_response_due BIGINT NOT NULL,
  first_response_at BIGINT,
  solved_at BIGINT,
  closed_at BIGINT,
  -- increases with every change; a form posted against an older version is refused
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tickets_queue ON tickets (level, status, assignee_id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, status);
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_email ON tickets (customer_email);

-- the thread: customer messages, public replies and internal notes
CREATE TABLE ticket_messages (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('customer', 'reply', 'note')),
  author_id BIGINT REFERENCES users (id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  -- the ticket's version this message created: "what changed since version N" after a conflict
  version BIGINT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, version);

-- the audit trail: every change, who made it, from what to what
CREATE TABLE ticket_events (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users (id),
  type TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  detail TEXT,
  created_at BIGINT NOT NULL,
  -- the ticket's version after this change (one change may write several events)
  version BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, version);
CREATE INDEX ticket_events_type ON ticket_events (type, created_at);

-- which article was used on which ticket (KCS reuse)
CREATE TABLE ticket_articles (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  article_slug TEXT NOT NULL,
  linked_by BIGINT REFERENCES users (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (ticket_id, article_slug)
);
CREATE INDEX ticket_articles_article ON ticket_articles (article_slug);

-- "this answered my question" on the ticket form: a ticket that was never opened
CREATE TABLE deflections (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  query TEXT NOT NULL,
  article_slug TEXT NOT NULL,
  lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
  created_at BIGINT NOT NULL
);
CREATE INDEX deflections_created ON deflections (created_at);

-- e-mails to customers, delivered by the sender when SMTP_URL is set
CREATE TABLE outbox (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ticket_id BIGINT REFERENCES tickets (id) ON DELETE SET NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
`;
