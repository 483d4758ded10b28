-- Several pollers (issue "beyond one machine"): a poll claims the due articles it will check with a
-- lease — its own id and a wall-clock deadline — so that no other poll checks them meanwhile, and a
-- poll that dies loses nothing: its leases run out and another poll takes the articles. The owner
-- stays after the check (who checked it last), the deadline drops to 0.

ALTER TABLE articles ADD COLUMN lease_owner TEXT;
ALTER TABLE articles ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;   -- Unix seconds, wall clock
