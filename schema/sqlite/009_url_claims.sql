-- A canonical or og:url claim that did not answer with the article's own story (a dead canonical): the
-- URL and when it was last tried. The article stays where it works, and the claim is tried again only
-- after a day, not at every check; the refusal itself is an event ("move-refused").
ALTER TABLE articles ADD COLUMN refused_url TEXT;
ALTER TABLE articles ADD COLUMN refused_url_at INTEGER;
