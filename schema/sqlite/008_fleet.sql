-- Several pollers (issue "beyond one machine"). Leases: a poll claims the due articles it will check with a
-- lease — its own id and a wall-clock deadline — so that no other poll checks them meanwhile, and a
-- poll that dies loses nothing: its leases run out and another poll takes the articles. The owner
-- stays after the check (who checked it last), the deadline drops to 0.

ALTER TABLE articles ADD COLUMN lease_owner TEXT;
ALTER TABLE articles ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;   -- Unix seconds, wall clock

-- The next articles due, in the order they fell due, without walking past the retired ones (a store
-- that has run for years holds mostly retired articles, all due long ago).
CREATE INDEX articles_due_live ON articles (next_check_at, id) WHERE tracked = 1 AND status != 'retired';
DROP INDEX articles_due;  -- (tracked, next_check_at): what it served, the index above serves better
-- What one poll holds now, to renew or give back without reading every article.
CREATE INDEX articles_leased ON articles (lease_owner) WHERE lease_until > 0;

-- Politeness for the whole fleet (PostgreSQL; SQLite has one poll at a time and keeps these empty):
-- per host, when the next request may start (the database's clock, milliseconds) and the fetches
-- running now, each with a deadline after which a dead poll's fetch no longer counts.
CREATE TABLE host_budgets (
  host       TEXT    PRIMARY KEY,   -- host:port, as the fetcher keys hosts
  next_start INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE host_fetches (
  id       INTEGER PRIMARY KEY,
  host     TEXT    NOT NULL,
  owner    TEXT    NOT NULL,
  until_ms INTEGER NOT NULL,
  backend  INTEGER             -- PostgreSQL: the poll's session, gone with the poll
);
CREATE INDEX host_fetches_host ON host_fetches (host, until_ms);
