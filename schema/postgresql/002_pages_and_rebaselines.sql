-- Versioned extraction: see schema/sqlite/002_pages_and_rebaselines.sql.

ALTER TABLE versions ADD COLUMN rebaseline INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pages (
  version_id   BIGINT PRIMARY KEY REFERENCES versions (id),
  content_type TEXT   NOT NULL,
  headers      TEXT   NOT NULL,
  body_size    BIGINT NOT NULL,
  body         BYTEA  NOT NULL   -- zstd frame of the body as received
);

ALTER TABLE articles ADD COLUMN suspect_checks INTEGER NOT NULL DEFAULT 0;
