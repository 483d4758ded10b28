// The names of records.hpp's states and outcomes: what the store keeps in its text columns and what
// `log`, `list`, `source list` and the JSON show. One table per enum, so that a name is written once.
#include "diffwire/records.hpp"

#include <utility>

namespace diffwire {

namespace {

template <typename E, std::size_t N>
const char* name_in(const std::pair<E, const char*> (&table)[N], E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "";
}

template <typename E, std::size_t N>
E value_in(const std::pair<E, const char*> (&table)[N], std::string_view name, E otherwise) {
  for (const auto& [v, n] : table)
    if (name == n) return v;
  return otherwise;
}

constexpr std::pair<ArticleStatus, const char*> kArticleStatuses[] = {
    {ArticleStatus::fresh, "new"},         {ArticleStatus::ok, "ok"},           {ArticleStatus::error, "error"},
    {ArticleStatus::removed, "removed"},   {ArticleStatus::suspect, "suspect"}, {ArticleStatus::retired, "retired"},
    {ArticleStatus::merged, "merged"}};
constexpr std::pair<CheckOutcome, const char*> kCheckOutcomes[] = {
    {CheckOutcome::new_version, "new-version"}, {CheckOutcome::unchanged, "unchanged"},
    {CheckOutcome::not_modified, "not-modified"}, {CheckOutcome::rebaselined, "rebaselined"},
    {CheckOutcome::suspect, "suspect"},         {CheckOutcome::removed, "removed"},
    {CheckOutcome::refused, "refused"},         {CheckOutcome::no_article, "no-article"},
    {CheckOutcome::error, "error"}};
constexpr std::pair<EventKind, const char*> kEventKinds[] = {
    {EventKind::url_changed, "url-changed"}, {EventKind::merged, "merged"}, {EventKind::merged_in, "merged-in"},
    {EventKind::move_refused, "move-refused"}};
constexpr std::pair<SourceStatus, const char*> kSourceStatuses[] = {
    {SourceStatus::fresh, "new"}, {SourceStatus::ok, "ok"}, {SourceStatus::not_modified, "not-modified"},
    {SourceStatus::error, "error"}};

}  // namespace

const char* name_of(ArticleStatus status) { return name_in(kArticleStatuses, status); }
const char* name_of(CheckOutcome outcome) { return name_in(kCheckOutcomes, outcome); }
const char* name_of(EventKind kind) { return name_in(kEventKinds, kind); }
const char* name_of(SourceStatus status) { return name_in(kSourceStatuses, status); }

ArticleStatus article_status_named(std::string_view name, ArticleStatus otherwise) {
  return value_in(kArticleStatuses, name, otherwise);
}
CheckOutcome check_outcome_named(std::string_view name, CheckOutcome otherwise) {
  return value_in(kCheckOutcomes, name, otherwise);
}
EventKind event_kind_named(std::string_view name, EventKind otherwise) { return value_in(kEventKinds, name, otherwise); }
SourceStatus source_status_named(std::string_view name, SourceStatus otherwise) {
  return value_in(kSourceStatuses, name, otherwise);
}

}  // namespace diffwire
