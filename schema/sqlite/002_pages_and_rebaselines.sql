-- Versioned extraction (issue "extraction"): every stored version keeps the response it was made
-- from, so a newer extractor can re-read it; a re-baseline is a version recorded because the
-- extractor changed, not the article, and is never reported as a change. Suspect checks (an
-- extraction that collapsed, or a paywall/consent page) are counted until they persist.

ALTER TABLE versions ADD COLUMN rebaseline INTEGER NOT NULL DEFAULT 0;

CREATE TABLE pages (
  version_id   INTEGER PRIMARY KEY REFERENCES versions (id),
  content_type TEXT    NOT NULL,
  headers      TEXT    NOT NULL,     -- status line and headers as received
  body_size    INTEGER NOT NULL,     -- bytes before compression
  body         BLOB    NOT NULL      -- zstd frame of the body as received (after Content-Encoding)
);

ALTER TABLE articles ADD COLUMN suspect_checks INTEGER NOT NULL DEFAULT 0;
