-- One identity per story (issue "polling at newsroom scale"): when a page says its URL is another
-- (rel=canonical, og:url) or redirects there, the article takes that URL and the old one becomes an
-- alias, so feeds, `track` and `log` that name the old URL reach the same article. An article found
-- to be the same story as another is merged into it. Both are events, shown in `log`.

CREATE TABLE url_aliases (
  url        TEXT    PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  since      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  at         INTEGER NOT NULL,
  kind       TEXT    NOT NULL,   -- url-changed|merged|merged-in
  detail     TEXT    NOT NULL
);
CREATE INDEX events_article ON events (article_id, at);
