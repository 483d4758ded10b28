-- Politeness that outlives one poll (issue "polling at newsroom scale"): each origin's robots.txt,
-- cached up to a day (an hour when it could not be read), and how long it asked diffwire to wait
-- (429/503 Retry-After), so the next cron run honours it too.

CREATE TABLE hosts (
  origin            TEXT    PRIMARY KEY,      -- scheme://host:port
  robots_status     INTEGER NOT NULL DEFAULT 0,  -- HTTP status of robots.txt; 0 when it did not answer
  robots            TEXT    NOT NULL DEFAULT '', -- its first 500 KiB
  robots_error      TEXT    NOT NULL DEFAULT '', -- why it did not answer
  robots_expires_at INTEGER NOT NULL DEFAULT 0,
  backoff_until     INTEGER NOT NULL DEFAULT 0,
  backoff_reason    TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;
