-- Leases: see schema/sqlite/008_leases.sql.

ALTER TABLE articles ADD COLUMN lease_owner TEXT;
ALTER TABLE articles ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
