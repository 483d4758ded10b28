// A re-baseline is a version whose text is what the current extractor reads in an older version's
// page: it carries no page of its own (Store::page finds the one it re-read) and the date of that
// fetch, because that is when the publisher said it.
#include "diffwire/reextract.hpp"

#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/read_page.hpp"

namespace diffwire {

Article reread(const StoredPage& page, const std::string& url, const SiteRules* rules) {
  return read_page(page.body, page.content_type, ExtractOptions{url, rules, nullptr});
}

Reextraction reextract(const VersionRecord& latest, const std::optional<StoredPage>& page, const SiteRules* rules) {
  Reextraction r;
  if (!page) {
    r.outcome = Reextraction::Outcome::no_page;
    r.why = "version " + std::to_string(latest.number) + " was stored before pages were kept";
    return r;
  }
  try {
    r.article = reread(*page, latest.final_url, rules);
  } catch (const PageRefused& e) {
    r.outcome = Reextraction::Outcome::refused;
    r.why = "page refused: " + e.why();
    return r;
  }
  if (r.article.paragraphs.empty()) {
    r.outcome = Reextraction::Outcome::no_article;
    r.why = "the current extractor finds no article text on the stored page";
    return r;
  }
  std::string hash = content_hash(r.article);
  if (hash == latest.content_hash) return r;
  r.outcome = Reextraction::Outcome::changed;
  VersionRecord v;
  v.fetched_at = latest.fetched_at;
  v.final_url = latest.final_url;
  v.article = r.article;
  v.content_hash = hash;
  v.rebaseline = true;
  r.rebaseline = std::move(v);
  return r;
}

ReextractSummary reextract_articles(Store& store, const std::vector<ArticleRecord>& articles, const SiteRules* rules,
                                    bool dry_run, const std::function<void(const ArticleReextraction&)>& each) {
  ReextractSummary summary;
  for (const ArticleRecord& a : articles) {
    if (a.versions == 0) continue;
    std::optional<VersionRecord> latest = store.latest_version(a.id);
    if (!latest) continue;
    Reextraction r = reextract(*latest, store.page(a.id, latest->number), rules);
    bool recorded = false;
    switch (r.outcome) {
      case Reextraction::Outcome::same: ++summary.same; break;
      case Reextraction::Outcome::no_page:
      case Reextraction::Outcome::no_article:
      case Reextraction::Outcome::refused: ++summary.skipped; break;
      case Reextraction::Outcome::changed:
        ++summary.changed;
        if (!dry_run) {
          store.record_rebaseline(a.id, *r.rebaseline);
          recorded = true;
        }
        break;
    }
    each(ArticleReextraction{a, *latest, r, recorded});
  }
  return summary;
}

}  // namespace diffwire
