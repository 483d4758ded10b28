// Versions, their paragraphs and the pages they were read from: each distinct paragraph text is
// stored once, each page zstd-compressed; reading an article's history costs a few statements
// however long it is. Also the lists of changes that feeds and `changes` read.
#include <algorithm>
#include <map>
#include <vector>

#include "diffwire/store.hpp"
#include "store/store_impl.hpp"
#include "diffwire/change.hpp"
#include "store/zstd.hpp"

namespace diffwire {

namespace {
constexpr const char* kVersionColumns =
    "id, number, fetched_at, final_url, title, byline, published, modified, content_hash, extractor, "
    "added, removed, changed, rebaseline, moved, classes, coalesce(reverted_to, 0) FROM versions ";
}  // namespace

namespace {
std::vector<VersionRecord> load_versions(Database& db, Statement& s) {
  std::vector<std::pair<std::int64_t, VersionRecord>> rows;
  while (s.step()) {
    VersionRecord v;
    v.number = static_cast<int>(s.int_at(1));
    v.fetched_at = s.int_at(2);
    v.final_url = s.text_at(3);
    v.article.title = s.text_at(4);
    v.article.byline = s.text_at(5);
    v.article.published = s.text_at(6);
    v.article.modified = s.text_at(7);
    v.content_hash = s.text_at(8);
    v.article.method = s.text_at(9);
    v.stats = {static_cast<int>(s.int_at(10)), static_cast<int>(s.int_at(11)), static_cast<int>(s.int_at(12)),
               static_cast<int>(s.int_at(14))};
    v.rebaseline = s.int_at(13) != 0;
    v.classes = split_classes(s.text_at(15));
    v.reverted_to = static_cast<int>(s.int_at(16));
    rows.emplace_back(s.int_at(0), std::move(v));
  }
  s.reset();
  // The paragraphs of every version at once, a chunk of versions per statement: an article's
  // history costs a few round trips, not one per version.
  std::map<std::int64_t, VersionRecord*> by_id;
  for (auto& [id, v] : rows) by_id[id] = &v;
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, rows.size() - start);
    auto p = db.statement(
        "SELECT vp.version_id, p.text FROM version_paragraphs vp JOIN paragraphs p ON p.id = vp.paragraph_id "
        "WHERE vp.version_id IN (" + placeholders("?", n) + ") ORDER BY vp.version_id, vp.position");
    for (std::size_t i = 0; i < n; ++i) p->bind(static_cast<int>(i + 1), rows[start + i].first);
    while (p->step()) by_id[p->int_at(0)]->article.paragraphs.push_back(p->text_at(1));
  }
  std::vector<VersionRecord> out;
  for (auto& row : rows) out.push_back(std::move(row.second));
  return out;
}
}  // namespace

std::optional<VersionRecord> Store::latest_version(std::int64_t article_id) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns +
                                 "WHERE article_id = ? ORDER BY number DESC LIMIT 1";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id);
  auto v = load_versions(*impl_->db, s);
  return v.empty() ? std::nullopt : std::optional<VersionRecord>(std::move(v.front()));
}

std::optional<VersionRecord> Store::version(std::int64_t article_id, int number) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns + "WHERE article_id = ? AND number = ?";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id).bind(2, static_cast<std::int64_t>(number));
  auto v = load_versions(*impl_->db, s);
  return v.empty() ? std::nullopt : std::optional<VersionRecord>(std::move(v.front()));
}

std::vector<VersionRecord> Store::versions(std::int64_t article_id) {
  static const std::string sql = std::string("SELECT ") + kVersionColumns + "WHERE article_id = ? ORDER BY number";
  Statement& s = impl_->db->prepare(sql.c_str());
  s.bind(1, article_id);
  return load_versions(*impl_->db, s);
}

namespace {
// Rows of (article id, URL, version number), read and the statement reset.
std::vector<VersionRef> read_refs(Statement& s) {
  std::vector<VersionRef> out;
  while (s.step()) out.push_back({s.int_at(0), s.text_at(1), static_cast<int>(s.int_at(2))});
  s.reset();
  return out;
}
}  // namespace

std::vector<VersionRef> Store::feed_versions(std::optional<std::int64_t> article_id, std::optional<std::int64_t> source_id,
                                             const std::string& change_class, int limit) {
  Statement& s = impl_->db->prepare(
      "SELECT v.article_id, a.url, v.number FROM versions v JOIN articles a ON a.id = v.article_id "
      "WHERE v.number > 1 AND v.rebaseline = 0 AND (CAST(?1 AS BIGINT) IS NULL OR v.article_id = ?1) AND "
      "(CAST(?2 AS BIGINT) IS NULL OR a.source_id = ?2) AND (?3 = '' OR (' ' || v.classes || ' ') LIKE ('% ' || ?3 || ' %')) "
      "ORDER BY v.fetched_at DESC, v.id DESC LIMIT ?4");
  s.bind(1, article_id).bind(2, source_id).bind(3, change_class).bind(4, static_cast<std::int64_t>(limit));
  return read_refs(s);
}

std::vector<VersionRef> Store::changes_since(Seconds since, const std::string& change_class, int limit) {
  Statement& s = impl_->db->prepare(
      "SELECT v.article_id, a.url, v.number FROM versions v JOIN articles a ON a.id = v.article_id "
      "WHERE v.number > 1 AND v.rebaseline = 0 AND v.fetched_at >= ?1 AND "
      "(?2 = '' OR (' ' || v.classes || ' ') LIKE ('% ' || ?2 || ' %')) "
      "ORDER BY v.fetched_at DESC, v.id DESC LIMIT ?3");
  s.bind(1, since).bind(2, change_class).bind(3, static_cast<std::int64_t>(limit));
  return read_refs(s);
}

std::map<std::int64_t, int> Store::change_counts() {
  Statement& s = impl_->db->prepare(
      "SELECT article_id, count(*) FROM versions WHERE number > 1 AND rebaseline = 0 GROUP BY article_id");
  std::map<std::int64_t, int> out;
  while (s.step()) out[s.int_at(0)] = static_cast<int>(s.int_at(1));
  s.reset();
  return out;
}

namespace {
// The largest page diffwire ever stores is the fetch cap (8 MiB); anything bigger in the store is damage.
constexpr std::size_t kMaxStoredPage = 64 << 20;

// Each distinct paragraph text is stored once; the ids of `texts`, in order: one lookup and one
// insert of what is new, per chunk.
std::vector<std::int64_t> paragraph_ids(Database& db, const std::vector<std::string>& texts) {
  std::map<std::string, std::int64_t> ids;
  std::vector<const std::string*> unique;
  for (const std::string& t : texts)
    if (ids.emplace(t, 0).second) unique.push_back(&t);
  bool postgresql = db.engine() == Engine::postgresql;
  for (std::size_t start = 0; start < unique.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, unique.size() - start);
    // PostgreSQL indexes md5(text): a b-tree entry cannot hold a long paragraph.
    auto find = db.statement(postgresql ? "SELECT id, text FROM paragraphs WHERE md5(text) IN (" + placeholders("md5(?)", n) + ")"
                                        : "SELECT id, text FROM paragraphs WHERE text IN (" + placeholders("?", n) + ")");
    for (std::size_t i = 0; i < n; ++i) find->bind(static_cast<int>(i + 1), *unique[start + i]);
    while (find->step())
      if (auto it = ids.find(find->text_at(1)); it != ids.end()) it->second = find->int_at(0);
    std::vector<const std::string*> missing;
    for (std::size_t i = start; i < start + n; ++i)
      if (ids[*unique[i]] == 0) missing.push_back(unique[i]);
    if (missing.empty()) continue;
    auto add = db.statement("INSERT INTO paragraphs (text) VALUES " + placeholders("(?)", missing.size()) + " RETURNING id, text");
    for (std::size_t i = 0; i < missing.size(); ++i) add->bind(static_cast<int>(i + 1), *missing[i]);
    while (add->step())
      if (auto it = ids.find(add->text_at(1)); it != ids.end()) it->second = add->int_at(0);
  }
  std::vector<std::int64_t> out;
  for (const std::string& t : texts) {
    std::int64_t& id = ids[t];
    if (id == 0) {  // text the engine stored differently (PostgreSQL: no NUL, valid UTF-8): by itself
      Statement& add = db.prepare("INSERT INTO paragraphs (text) VALUES (?) RETURNING id");
      add.bind(1, t);
      add.step();
      id = add.int_at(0);
      add.reset();
    }
    out.push_back(id);
  }
  return out;
}

}  // namespace

std::int64_t insert_version(Database& db, std::int64_t article_id, const VersionRecord& v) {
  // The same text as a version before the latest one: the story went back to it.
  std::vector<std::string> classes = v.classes;
  std::optional<std::int64_t> reverted_to;
  if (!v.rebaseline) {
    Statement& earlier = db.prepare(
        "SELECT max(number) FROM versions WHERE article_id = ?1 AND content_hash = ?2 AND rebaseline = 0 AND "
        "number < (SELECT max(number) FROM versions WHERE article_id = ?1)");
    earlier.bind(1, article_id).bind(2, v.content_hash);
    if (earlier.step() && !earlier.null_at(0)) reverted_to = earlier.int_at(0);
    earlier.reset();
    if (reverted_to) add_reverted(classes);
  }
  Statement& insert = db.prepare(
        "INSERT INTO versions (article_id, number, fetched_at, final_url, title, byline, published, "
        "modified, content_hash, extractor, added, removed, changed, rebaseline, moved, classes, reverted_to) "
        "VALUES (?1, (SELECT coalesce(max(number), 0) + 1 FROM versions WHERE article_id = ?1), "
        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id")
      .bind(1, article_id).bind(2, v.fetched_at).bind(3, v.final_url).bind(4, v.article.title)
      .bind(5, v.article.byline).bind(6, v.article.published).bind(7, v.article.modified)
      .bind(8, v.content_hash).bind(9, v.article.method)
      .bind(10, static_cast<std::int64_t>(v.stats.added)).bind(11, static_cast<std::int64_t>(v.stats.removed))
      .bind(12, static_cast<std::int64_t>(v.stats.changed)).bind(13, static_cast<std::int64_t>(v.rebaseline))
      .bind(14, static_cast<std::int64_t>(v.stats.moved)).bind(15, join_classes(classes)).bind(16, reverted_to);
  insert.step();
  std::int64_t version_id = insert.int_at(0);
  insert.reset();
  std::vector<std::int64_t> paragraphs = paragraph_ids(db, v.article.paragraphs);
  for (std::size_t start = 0; start < paragraphs.size(); start += kRowsPerStatement) {
    std::size_t n = std::min(kRowsPerStatement, paragraphs.size() - start);
    auto add = db.statement("INSERT INTO version_paragraphs (version_id, position, paragraph_id) VALUES " +
                            placeholders("(?, ?, ?)", n));
    for (std::size_t i = 0; i < n; ++i)
      add->bind(static_cast<int>(3 * i + 1), version_id)
          .bind(static_cast<int>(3 * i + 2), static_cast<std::int64_t>(start + i))
          .bind(static_cast<int>(3 * i + 3), paragraphs[start + i]);
    add->run();
  }
  if (v.page) {
    db.prepare("INSERT INTO pages (version_id, content_type, headers, body_size, body) VALUES (?, ?, ?, ?, ?)")
        .bind(1, version_id).bind(2, v.page->content_type).bind(3, v.page->headers)
        .bind(4, static_cast<std::int64_t>(v.page->body.size()))
        .bind_blob(5, v.page->compressed.empty() ? zstd_compress(v.page->body) : v.page->compressed).run();
  }
  return version_id;
}
std::optional<StoredPage> Store::page(std::int64_t article_id, int number) {
  Statement& s = impl_->db->prepare(
      "SELECT p.content_type, p.headers, p.body FROM pages p JOIN versions v ON v.id = p.version_id "
      "WHERE v.article_id = ?1 AND v.number <= ?2 AND NOT EXISTS (SELECT 1 FROM versions w WHERE "
      "w.article_id = ?1 AND w.number > v.number AND w.number <= ?2 AND w.rebaseline = 0) "
      "ORDER BY v.number DESC LIMIT 1");
  s.bind(1, article_id).bind(2, static_cast<std::int64_t>(number));
  std::optional<StoredPage> out;
  if (s.step()) {
    StoredPage p{s.text_at(0), s.text_at(1), "", ""};
    std::string compressed = s.blob_at(2);
    s.reset();
    p.body = zstd_decompress(compressed, kMaxStoredPage);
    out = std::move(p);
  }
  s.reset();
  return out;
}

void Store::record_rebaseline(std::int64_t article_id, const VersionRecord& version) {
  // PostgreSQL: a poll may be adding a version to this article at the same moment (reextract holds
  // no poll lock there); the loser of the race runs again and takes the next number.
  retry_conflicts([&] {
    Transaction tx(*impl_->db);
    insert_version(*impl_->db, article_id, version);
    tx.commit();
  });
}

}  // namespace diffwire
