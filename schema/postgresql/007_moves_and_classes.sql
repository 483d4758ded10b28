-- How a story evolved: see schema/sqlite/007_moves_and_classes.sql.

ALTER TABLE versions ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN classes TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN reverted_to INTEGER;
