-- Every poll run, for `diffwire status` (issue "polling at newsroom scale"): when it ran and what it did.

CREATE TABLE runs (
  id           INTEGER PRIMARY KEY,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER NOT NULL,
  summary      TEXT    NOT NULL   -- the summary line(s) poll printed
);
