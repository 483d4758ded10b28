-- Politeness that outlives one poll: see schema/sqlite/005_hosts.sql.

CREATE TABLE hosts (
  origin            TEXT    COLLATE "C" PRIMARY KEY,
  robots_status     INTEGER NOT NULL DEFAULT 0,
  robots            TEXT    NOT NULL DEFAULT '',
  robots_error      TEXT    NOT NULL DEFAULT '',
  robots_expires_at BIGINT  NOT NULL DEFAULT 0,
  backoff_until     BIGINT  NOT NULL DEFAULT 0,
  backoff_reason    TEXT    NOT NULL DEFAULT ''
);
