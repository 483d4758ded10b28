-- diffwire's first schema. Never edit a migration once it has shipped: add the next number instead,
-- here and in schema/postgresql/ (the same migration for PostgreSQL).
-- Times are Unix seconds (UTC). A version is an ordered list of references to paragraphs, and each
-- distinct paragraph text is stored once, so the store grows with what changed, not with versions.

CREATE TABLE articles (
  id              INTEGER PRIMARY KEY,
  url             TEXT    NOT NULL UNIQUE,
  tracked         INTEGER NOT NULL DEFAULT 1,        -- 0 after untrack; history is kept
  added_at        INTEGER NOT NULL,
  next_check_at   INTEGER NOT NULL,
  interval_s      INTEGER NOT NULL,
  last_checked_at INTEGER,
  last_changed_at INTEGER NOT NULL,                  -- tracking time, then each new version
  status          TEXT    NOT NULL DEFAULT 'new',    -- new|ok|removed|error|retired
  last_error      TEXT,
  etag            TEXT,
  last_modified   TEXT,
  body_hash       TEXT                               -- hash of the last body fetched
);
CREATE INDEX articles_due ON articles (tracked, next_check_at);

CREATE TABLE paragraphs (
  id   INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);

CREATE TABLE versions (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles (id),
  number       INTEGER NOT NULL,
  fetched_at   INTEGER NOT NULL,
  final_url    TEXT    NOT NULL,
  title        TEXT    NOT NULL,
  byline       TEXT    NOT NULL,
  published    TEXT    NOT NULL,
  modified     TEXT    NOT NULL,
  content_hash TEXT    NOT NULL,
  extractor    TEXT    NOT NULL,
  added        INTEGER NOT NULL,                     -- paragraphs, against the previous version
  removed      INTEGER NOT NULL,
  changed      INTEGER NOT NULL,
  UNIQUE (article_id, number)
);

CREATE TABLE version_paragraphs (
  version_id   INTEGER NOT NULL REFERENCES versions (id),
  position     INTEGER NOT NULL,
  paragraph_id INTEGER NOT NULL REFERENCES paragraphs (id),
  PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE checks (
  id          INTEGER PRIMARY KEY,
  article_id  INTEGER NOT NULL REFERENCES articles (id),
  checked_at  INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  outcome     TEXT    NOT NULL,  -- new-version|unchanged|not-modified|removed|no-article|error
  error       TEXT,
  version_id  INTEGER REFERENCES versions (id)
);
CREATE INDEX checks_article ON checks (article_id, checked_at);
