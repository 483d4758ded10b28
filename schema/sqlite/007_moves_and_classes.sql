-- How a story evolved (issue "how a story evolved"): a moved paragraph is one change of its own,
-- counted apart from added, removed and changed ones; every new version says what kind of change it
-- was (change_classes.hpp), and one that returns to an earlier text says which.

ALTER TABLE versions ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE versions ADD COLUMN classes TEXT NOT NULL DEFAULT '';   -- space-separated, in a fixed order
ALTER TABLE versions ADD COLUMN reverted_to INTEGER;                 -- the earlier version it repeats
