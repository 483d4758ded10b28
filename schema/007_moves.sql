-- Moved paragraphs (issue "how a story evolved"): a paragraph that moved is one change of its own,
-- counted apart from added, removed and changed ones.

ALTER TABLE versions ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
