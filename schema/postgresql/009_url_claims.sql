-- A dead canonical's URL and when it was last tried: see schema/sqlite/009_url_claims.sql.
ALTER TABLE articles ADD COLUMN refused_url TEXT;
ALTER TABLE articles ADD COLUMN refused_url_at BIGINT;
