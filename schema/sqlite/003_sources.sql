-- Sources (issue "polling at newsroom scale"): feeds, news sitemaps and section pages whose articles
-- are tracked automatically. A source has its own period and conditional-GET validators; an article
-- remembers the source that found it and the newest "updated" time a source gave for it, so a
-- fresher one makes it due at once.

CREATE TABLE sources (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL UNIQUE,
  url             TEXT    NOT NULL,
  include_re      TEXT    NOT NULL DEFAULT '',   -- ECMAScript regex an article URL must match
  exclude_re      TEXT    NOT NULL DEFAULT '',   -- ... and must not
  period_s        INTEGER NOT NULL,              -- at least 300
  added_at        INTEGER NOT NULL,
  next_check_at   INTEGER NOT NULL,
  last_checked_at INTEGER,
  last_new_at     INTEGER,                       -- when it last found an article not yet tracked
  kind            TEXT    NOT NULL DEFAULT '',   -- rss|rdf|atom|sitemap|sitemap-index|text|html
  status          TEXT    NOT NULL DEFAULT 'new',-- new|ok|not-modified|error
  last_error      TEXT,
  etag            TEXT,
  last_modified   TEXT,
  body_hash       TEXT,
  -- Per-source schedule for the articles it found (NULL: the defaults).
  first_interval_s INTEGER,
  factor           REAL,
  retire_after_s   INTEGER,
  -- Per-source politeness for it and its articles: a pause between requests to their host (NULL:
  -- the poll's), and whether robots.txt is ignored (for one's own sites).
  host_delay_s     REAL,
  ignore_robots    INTEGER NOT NULL DEFAULT 0
);

ALTER TABLE articles ADD COLUMN source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL;
ALTER TABLE articles ADD COLUMN source_updated INTEGER;
