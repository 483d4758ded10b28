// The command line: only flags into each command's config. run_cli holds the command table — each
// command's name, help, flags (a struct each, declaring its own options), what it needs of the store
// (Needs: StoreAccess opens and locks in one place) and the function named after it that runs it.
// run_cli is also the one place where errors become an exit code and a single line on stderr:
// 0 success, 1 runtime error, 2 usage error.
#include "diffwire/cli.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "diffwire/change.hpp"
#include "diffwire/error.hpp"
#include "diffwire/escape.hpp"
#include "diffwire/extract.hpp"
#include "diffwire/feed.hpp"
#include "diffwire/files.hpp"
#include "diffwire/host_budgets.hpp"
#include "diffwire/migrate.hpp"
#include "diffwire/http.hpp"
#include "diffwire/lock_file.hpp"
#include "diffwire/normalize.hpp"
#include "diffwire/poll.hpp"
#include "diffwire/read_page.hpp"
#include "diffwire/polite_fetcher.hpp"
#include "diffwire/reextract.hpp"
#include "diffwire/report.hpp"
#include "diffwire/serve.hpp"
#include "diffwire/sources.hpp"
#include "diffwire/diff_writers.hpp"
#include "diffwire/listings.hpp"
#include "diffwire/status.hpp"
#include "diffwire/store.hpp"
#include "diffwire/url.hpp"
#include "extract/site_rules.hpp"
#include "store/sql.hpp"

namespace diffwire {

namespace {

namespace fs = std::filesystem;

// The flags of each command, a struct each, so that a field means one thing; each declares its own
// options (declare), so that a flag, its field and its help stand together. The command table in
// run_cli gives each command its struct; each command's function reads only its own.
void json_option(CLI::App* c, bool& json) { c->add_flag("--json", json, "JSON output"); }
void url_option(CLI::App* c, std::string& url) { c->add_option("URL", url, "the article's URL")->required(); }
void rules_option(CLI::App* c, std::string& dir) {
  c->add_option("--rules", dir, "a directory of *.rules site rules (default: $DIFFWIRE_RULES)");
}
void color_option(CLI::App* c, std::string& color) {
  c->add_option("--color", color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
}

struct Global {
  std::string db;              // --db, else $DIFFWIRE_DB, else the default file
  bool allow_private = false;  // --allow-private (or $DIFFWIRE_ALLOW_PRIVATE=1)
  void declare(CLI::App& app) {
    app.add_option("--db", db, "the store: a file, or postgresql://… for one that several pollers share (default: $DIFFWIRE_DB, else $XDG_DATA_HOME/diffwire/diffwire.db)");
    app.add_flag("--allow-private", allow_private,
                 "fetch from loopback, private and link-local addresses too (refused by default; $DIFFWIRE_ALLOW_PRIVATE=1)");
  }
};
struct UrlsFlags {  // track, untrack
  std::vector<std::string> urls;
  const char* help = "article URLs";
  void declare(CLI::App* c) { c->add_option("URL", urls, help)->required(); }
};
struct JsonFlags {  // status, list, source list
  bool json = false;
  void declare(CLI::App* c) { json_option(c, json); }
};
struct ArticleFlags {  // log, blame, show
  std::string url;
  bool numbered = false;  // show: takes a version number
  int version = 0;        // show N; 0: the latest
  bool json = false;
  void declare(CLI::App* c) {
    url_option(c, url);
    if (numbered) c->add_option("N", version, "version number (default: the latest)")->check(CLI::PositiveNumber);
    json_option(c, json);
  }
};
struct FormatFlags {  // how diff and compare show a diff
  std::string format = "text", color = "auto";
  bool side_by_side = false;
  void declare(CLI::App* c) {
    c->add_option("--format", format, "text, json or html")->check(CLI::IsMember({"text", "json", "html"}));
    c->add_flag("--side-by-side", side_by_side, "the Version A / Version B layout");
    color_option(c, color);
  }
};
struct DiffFlags {
  std::string url;
  int version_a = 0, version_b = 0;  // 0: not given
  FormatFlags shown;
  void declare(CLI::App* c) {
    url_option(c, url);
    c->add_option("A", version_a, "the older version (default: the one before B)")->check(CLI::PositiveNumber);
    c->add_option("B", version_b, "the newer version (default: the latest)")->check(CLI::PositiveNumber);
    shown.declare(c);
  }
};
struct CompareFlags {
  std::string old_file, new_file;
  FormatFlags shown;
  void declare(CLI::App* c) {
    c->add_option("OLD", old_file, "the older file")->required();
    c->add_option("NEW", new_file, "the newer file")->required();
    shown.declare(c);
  }
};
struct PollFlags {
  bool all = false, quiet = false;
  int jobs = 8, threads = 0, suspect_after = 3;
  long timeout = 30;
  std::string host_delay, contact;  // else $DIFFWIRE_HOST_DELAY (else 1 s), $DIFFWIRE_CONTACT
  std::string max_time, lease, now;
  std::string rules_dir;  // --rules, else $DIFFWIRE_RULES
  void declare(CLI::App* c) {
    c->add_flag("--all", all, "check every tracked article, due or not");
    c->add_option("--jobs", jobs, "transfers at once (default 8; at most 2 per host)");
    c->add_option("--threads", threads, "pages parsed at once (default: one per core)");
    c->add_option("--host-delay", host_delay, "seconds between two requests to one host (default 1; $DIFFWIRE_HOST_DELAY)");
    c->add_option("--contact", contact, "a URL or e-mail for the User-Agent, so publishers can reach you ($DIFFWIRE_CONTACT)");
    c->add_option("--max-time", max_time, "start no new batch after this long (e.g. 4m); the rest waits for the next run");
    c->add_option("--lease", lease, "PostgreSQL: how long the articles a batch claims stay this poll's (default 10m)");
    c->add_flag("--quiet", quiet, "print nothing unless the run itself fails (for cron mail)");
    c->add_option("--now", now, "pretend the time is this ISO 8601 instant (for tests)");
    c->add_option("--timeout", timeout, "seconds allowed per page (default 30)");
    rules_option(c, rules_dir);
    c->add_option("--suspect-after", suspect_after,
                  "checks a collapsed or walled extraction must persist before it becomes a version (default 3)");
  }
};
struct ExtractFlags {
  std::string source, rules_dir;
  bool json = false, explain = false;
  long timeout = 30;
  void declare(CLI::App* c) {
    c->add_option("SOURCE", source, "an .html file or an http(s) URL")->required();
    json_option(c, json);
    c->add_option("--timeout", timeout, "seconds allowed for a URL (default 30)");
    rules_option(c, rules_dir);
    c->add_flag("--explain", explain, "say which layer and rule answered, and why blocks were left out");
  }
};
struct ChangesFlags {
  std::string since = "1d", change_class;
  int limit = 50;
  bool json = false;
  void declare(CLI::App* c) {
    c->add_option("--since", since, "how far back: a duration (6h, 2d) or an ISO 8601 time (default 1d)");
    c->add_option("--class", change_class, "only changes of this class (headline, number, correction, …)");
    c->add_option("--limit", limit, "at most this many (default 50)");
    json_option(c, json);
  }
};
struct ReextractFlags {
  std::string url, rules_dir, color = "auto";
  bool dry_run = false;
  void declare(CLI::App* c) {
    c->add_option("URL", url, "only this article (default: every article with a version)");
    c->add_flag("--dry-run", dry_run, "show what would change; record nothing");
    rules_option(c, rules_dir);
    color_option(c, color);
  }
};
struct SourceAddFlags {
  std::string name, url, include, exclude, every = "15m";
  std::string first_interval, retire_after;  // schedule overrides for its articles
  double factor = 0;
  std::string host_delay;
  bool ignore_robots = false;
  void declare(CLI::App* c) {
    c->add_option("NAME", name, "a short name for it")->required();
    c->add_option("URL", url, "its URL")->required();
    c->add_option("--include", include, "track only article URLs matching this regex");
    c->add_option("--exclude", exclude, "never track article URLs matching this regex");
    c->add_option("--every", every, "how often it is checked (default 15m; at least 5m)");
    c->add_option("--first-interval", first_interval, "its articles: the interval after a change (default 10m)");
    c->add_option("--factor", factor, "its articles: how much each quiet check stretches the interval (default 1.25)");
    c->add_option("--retire-after", retire_after, "its articles: retired after this long without a change (default 30d)");
    c->add_option("--host-delay", host_delay, "seconds between requests to its host, for it and its articles");
    c->add_flag("--ignore-robots", ignore_robots, "do not ask robots.txt (only for sites you run)");
  }
};
struct NameFlags {  // source remove
  std::string name;
  void declare(CLI::App* c) { c->add_option("NAME", name, "the source's name")->required(); }
};
struct ReportFlags {
  std::string out_dir;
  void declare(CLI::App* c) { c->add_option("--out", out_dir, "the directory to write it into")->required(); }
};
struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  void declare(CLI::App* c) {
    c->add_option("--listen", listen, "HOST:PORT (default 127.0.0.1:8080; port 0 picks a free one)");
  }
};
struct MigrateFlags {
  std::string from, to;
  void declare(CLI::App* c) {
    c->add_option("--from", from, "the store to copy: a file (or sqlite:PATH) or postgresql://…")->required();
    c->add_option("--to", to, "the new store: a file that does not exist yet, or an empty PostgreSQL database")->required();
  }
};
struct FeedFlags {
  std::string url, source, change_class, format = "rss", out_file;
  int limit = 50;
  void declare(CLI::App* c) {
    c->add_option("--url", url, "only this article");
    c->add_option("--source", source, "only the articles this source found");
    c->add_option("--class", change_class, "only changes of this class (headline, correction, …)");
    c->add_option("--format", format, "rss (default) or atom");
    c->add_option("--limit", limit, "at most this many items (default 50)");
    c->add_option("--out", out_file, "write here (atomically) instead of stdout");
  }
};

std::string getenv_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

// The shipped site rules, with the user's directory (--rules or DIFFWIRE_RULES) ahead of them.
SiteRules load_rules(const std::string& rules_dir) {
  SiteRules rules = SiteRules::builtin();
  std::string dir = rules_dir.empty() ? getenv_or("DIFFWIRE_RULES", "") : rules_dir;
  if (!dir.empty()) rules.add_directory(dir);
  return rules;
}

std::string default_db_path() {
  if (std::string db = getenv_or("DIFFWIRE_DB", ""); !db.empty()) return db;
  std::string data = getenv_or("XDG_DATA_HOME", "");
  if (data.empty()) {
    std::string home = getenv_or("HOME", "");
    if (home.empty()) throw Error("cannot find the store", "", "set --db, DIFFWIRE_DB or HOME", Error::Kind::usage);
    data = home + "/.local/share";
  }
  return data + "/diffwire/diffwire.db";
}

// What a command needs of the store: the `needs` column of the command table in run_cli. Opening
// and locking happen in StoreAccess alone (Store::open decides what each mode means).
enum class Needs {
  nothing,     // compare, extract; migrate opens its two stores itself
  read,        // must exist; opened read-only
  write,       // must exist
  create,      // made when missing
  poll,        // SQLite: the poll lock first, so that a second poll neither opens nor migrates the
               // store; made when missing. PostgreSQL: no lock, pollers share the store
  rebaseline,  // SQLite: the poll lock, so that no poll adds versions meanwhile; must exist.
               // (reextract --dry-run records nothing: read_only())
};

// The store as a command's row of the table says, opened (and locked) at the command's first use —
// after it has checked its arguments, so that bad input never creates or locks a store.
class StoreAccess {
 public:
  StoreAccess(Needs needs, const std::string& db)
      : needs_(needs), target_(needs == Needs::nothing ? "" : db.empty() ? default_db_path() : db) {}
  // This run records nothing after all (reextract --dry-run): it reads, and needs no lock.
  void read_only() { needs_ = Needs::read; }
  const std::string& target() const { return target_; }
  bool exclusive() const { return lock_.has_value(); }  // this process holds the SQLite poll lock
  Store& store() {
    if (store_) return *store_;
    if ((needs_ == Needs::poll || needs_ == Needs::rebaseline) && !is_postgresql(target_)) lock();
    OpenMode mode = needs_ == Needs::read                              ? OpenMode::read_only
                    : needs_ == Needs::create || needs_ == Needs::poll ? OpenMode::create
                                                                       : OpenMode::must_exist;
    store_.emplace(Store::open(target_, mode));
    return *store_;
  }

 private:
  void lock() {
    std::string path = sqlite_path(target_);
    if (needs_ == Needs::poll) {  // the lock comes first, beside the store: its directory is made here
      std::error_code ec;
      fs::path dir = fs::path(path).parent_path();
      if (!dir.empty()) fs::create_directories(dir, ec);
      if (ec) throw Error("cannot create the store's directory", dir.string(), ec.message());
    } else if (!fs::exists(path)) {
      throw Error("no store", path, "nothing tracked yet (start with: diffwire track URL)");
    }
    std::optional<LockFile> held = LockFile::try_acquire(path + ".lock");
    if (held) lock_.emplace(std::move(*held));
    else
      throw Error(needs_ == Needs::poll ? "another diffwire poll is running on this store"
                                        : "a diffwire poll is running on this store",
                  path, "try again when it has finished");
  }
  Needs needs_;
  std::string target_;
  std::optional<LockFile> lock_;  // held for the command's life
  std::optional<Store> store_;
};

// The clock: poll --now, else $DIFFWIRE_NOW (for tests and demos), else the system's.
Seconds clock_now(const std::string& now_flag = "") {
  std::string when = !now_flag.empty() ? now_flag : getenv_or("DIFFWIRE_NOW", "");
  if (when.empty()) return now_seconds();
  auto t = parse_iso8601(when);
  if (!t) throw Error("invalid time", when, "expected ISO 8601, e.g. 2026-11-22T18:40:00Z", Error::Kind::usage);
  return *t;
}

bool use_color(const std::string& color) {
  if (color == "always") return true;
  if (color == "never") return false;
  return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && getenv_or("TERM", "dumb") != "dumb";
}

int terminal_width() {
  winsize ws{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  if (std::string cols = getenv_or("COLUMNS", ""); !cols.empty()) {
    int n = std::atoi(cols.c_str());
    if (n >= 40) return n;
  }
  return 120;
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error("cannot read", path, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read", path, std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw Error("cannot read", path, std::strerror(errno));
  return ss.str();
}


ArticleRecord find_article(Store& store, const std::string& url) {
  auto a = store.article(canonical_url(url));
  if (!a) throw Error("not tracked", url, "track it first with: diffwire track URL");
  return *a;
}

VersionRecord find_version(Store& store, const ArticleRecord& a, int number) {
  auto v = store.version(a.id, number);
  if (!v)
    throw Error("no such version", a.url,
                "version " + std::to_string(number) + " (the article has " + std::to_string(a.versions) + ")",
                Error::Kind::usage);
  return *v;
}

Article read_local_article(const std::string& path, const ExtractOptions& extract = {}) {
  try {
    return read_page(read_file(path), content_type_of_file(path), extract);
  } catch (const PageRefused& e) {
    throw PageRefused(path, e.why());  // the file is the subject a user knows
  }
}

void print_diff(std::ostream& out, const VersionDiff& d, const FormatFlags& shown) {
  if (shown.format == "json") out << render_diff_json(d);
  else if (shown.format == "html") out << render_diff_html_page(d);
  else if (shown.side_by_side) out << render_side_by_side(d, use_color(shown.color), terminal_width());
  else out << render_diff_text(d, use_color(shown.color));
}

// Loopback, private and link-local addresses are refused unless --allow-private or
// DIFFWIRE_ALLOW_PRIVATE=1 (anything else in the variable is a usage error, not a silent no).
bool allow_private(const Global& g) {
  std::string env = getenv_or("DIFFWIRE_ALLOW_PRIVATE", "");
  if (env != "" && env != "0" && env != "1")
    throw Error("invalid DIFFWIRE_ALLOW_PRIVATE", env, "expected 1 (allow) or 0", Error::Kind::usage);
  return g.allow_private || env == "1";
}

// Seconds between two requests to one host: --host-delay, else $DIFFWIRE_HOST_DELAY, else 1.
double host_delay(const std::string& flag) {
  std::string text = !flag.empty() ? flag : getenv_or("DIFFWIRE_HOST_DELAY", "1");
  char* end = nullptr;
  double s = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(s >= 0 && s <= 3600))
    throw Error("invalid --host-delay", text, "expected seconds from 0 to 3600, e.g. 1 or 0.5", Error::Kind::usage);
  return s;
}

// Publishers should be able to reach whoever runs a crawler: --contact, else $DIFFWIRE_CONTACT.
std::string user_agent(const std::string& flag) {
  std::string contact = !flag.empty() ? flag : getenv_or("DIFFWIRE_CONTACT", "");
  for (char c : contact)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw Error("invalid --contact", contact, "no control characters", Error::Kind::usage);
  std::string ua = std::string("diffwire/") + DIFFWIRE_VERSION;
  return contact.empty() ? ua : ua + " (+" + contact + ")";
}

// --- the commands ---------------------------------------------------------------------------------

int cmd_track(const UrlsFlags& o, StoreAccess& access, std::ostream& out) {
  std::vector<std::string> urls;
  for (const auto& u : o.urls) urls.push_back(canonical_url(u));  // refuse bad input before storing any
  Store& store = access.store();
  Seconds now = clock_now();
  for (const auto& u : urls) {
    if (std::optional<std::string> moved = store.alias_of(u)) out << "already tracked as " << *moved << ": " << u << "\n";
    else out << (store.track(u, now) ? "tracking " : "already tracked: ") << u << "\n";
  }
  return 0;
}

int cmd_untrack(const UrlsFlags& o, StoreAccess& access, std::ostream& out, std::ostream& err) {
  Store& store = access.store();
  int status = 0;
  for (const auto& raw : o.urls) {
    std::string u = store.alias_of(canonical_url(raw)).value_or(canonical_url(raw));
    if (store.untrack(u)) {
      out << "untracked " << u << " (its versions are kept; `diffwire track` resumes)\n";
    } else {
      err << "diffwire: not tracked: " << u << "\n";
      status = 1;
    }
  }
  return status;
}

int cmd_poll(const PollFlags& o, const Global& g, StoreAccess& access, std::ostream& out) {
  if (o.jobs < 1 || o.jobs > 256) throw Error("invalid --jobs", std::to_string(o.jobs), "expected 1..256", Error::Kind::usage);
  if (o.timeout < 1) throw Error("invalid --timeout", std::to_string(o.timeout), "expected at least 1 second", Error::Kind::usage);
  SiteRules rules = load_rules(o.rules_dir);
  if (o.suspect_after < 1)
    throw Error("invalid --suspect-after", std::to_string(o.suspect_after), "expected at least 1", Error::Kind::usage);
  PollOptions options;
  options.site_rules = &rules;
  options.suspect_after = o.suspect_after;
  if (o.threads < 0 || o.threads > 256)
    throw Error("invalid --threads", std::to_string(o.threads), "expected 1..256 (0: one per core)", Error::Kind::usage);
  options.threads = static_cast<unsigned>(o.threads);
  options.all = o.all;
  options.now = clock_now(o.now);
  if (!o.max_time.empty()) {
    std::optional<Seconds> limit = parse_duration(o.max_time);
    if (!limit || *limit < 1) throw Error("invalid --max-time", o.max_time, "expected a duration such as 50s, 4m or 1h", Error::Kind::usage);
    options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*limit);
  }
  if (!o.lease.empty()) {
    std::optional<Seconds> lease = parse_duration(o.lease);
    if (!lease || *lease < 1) throw Error("invalid --lease", o.lease, "expected a duration such as 90s or 10m", Error::Kind::usage);
    options.lease = *lease;
  }
  // A progress line for a person at a terminal; cron and pipes get none.
  bool terminal = !o.quiet && ::isatty(STDERR_FILENO);
  if (terminal)
    options.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rdiffwire: checked %zu of %zu articles", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  PassConfig config{options, {}, access.target()};
  config.fetch.jobs = o.jobs;
  config.fetch.timeout_s = o.timeout;
  config.fetch.connect_timeout_s = std::min(o.timeout, 10L);
  config.fetch.host_delay_s = host_delay(o.host_delay);
  config.fetch.user_agent = user_agent(o.contact);
  config.fetch.allow_private = allow_private(g);
  // SQLite: one poll at a time (the table's Needs::poll). PostgreSQL: any number of polls; each
  // leases the articles it checks.
  Store& store = access.store();
  config.articles.exclusive = access.exclusive();
  PassSummary pass = run_pass(store, std::move(config));
  if (terminal && pass.articles.left > 0) std::fprintf(stderr, "\r\033[K");
  if (!o.quiet) out << pass.report;
  return 0;
}

int cmd_status(const JsonFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  StatusReport report = make_status(store, store.name(), clock_now());
  out << (o.json ? render_status_json(report) : render_status_text(report));
  return 0;
}

int cmd_list(const JsonFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  out << (o.json ? render_list_json(store.articles()) : render_list_text(store.articles()));
  return 0;
}

int cmd_log(const ArticleFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  ArticleRecord a = find_article(store, o.url);
  auto versions = store.versions(a.id);
  auto events = store.events(a.id);
  out << (o.json ? render_log_json(a, versions, events) : render_log_text(a, versions, store.checks(a.id), events));
  return 0;
}

int cmd_blame(const ArticleFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  ArticleRecord a = find_article(store, o.url);
  if (a.versions == 0) throw Error("no version yet", a.url, "run diffwire poll first");
  std::vector<BlamedParagraph> b = blame(store.versions(a.id));
  out << (o.json ? render_blame_json(a.url, b) : render_blame_text(b));
  return 0;
}

int cmd_show(const ArticleFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  ArticleRecord a = find_article(store, o.url);
  if (a.versions == 0) throw Error("no version yet", a.url, "run diffwire poll first");
  VersionRecord v = find_version(store, a, o.version > 0 ? o.version : a.versions);
  out << (o.json ? render_show_json(a.url, v) : render_show_text(v));
  return 0;
}

int cmd_diff(const DiffFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  ArticleRecord a = find_article(store, o.url);
  if (a.versions == 0) throw Error("nothing to compare", a.url, "no version yet (run diffwire poll)");
  // By default the latest change (change.hpp), against the version before it.
  int to = o.version_b > 0 ? o.version_b : latest_change(store.versions(a.id));
  int from = o.version_a > 0 ? o.version_a : to - 1;
  if (from < 1) throw Error("nothing to compare", a.url, "no change yet: one version so far");
  VersionRecord va = find_version(store, a, from), vb = find_version(store, a, to);
  print_diff(out, make_version_diff(a.url, va, vb), o.shown);
  return 0;
}

int cmd_compare(const CompareFlags& o, std::ostream& out) {
  Article before = read_local_article(o.old_file);  // in order, so errors name the first bad file
  Article after = read_local_article(o.new_file);
  print_diff(out, make_article_diff(before, after), o.shown);
  return 0;
}

int cmd_extract(const ExtractFlags& o, const Global& g, std::ostream& out) {
  std::string source = o.source;
  SiteRules rules = load_rules(o.rules_dir);
  Explanation why;
  ExtractOptions extract{"", &rules, o.explain ? &why : nullptr};
  Article a;
  if (is_http_url(source)) {
    FetchOptions fetch;
    fetch.timeout_s = o.timeout;
    fetch.allow_private = allow_private(g);
    auto fetcher = make_curl_fetcher(fetch);
    FetchResponse r = fetcher->fetch({{canonical_url(source), "", ""}}).front();
    if (!r.error.empty()) throw Error("cannot fetch", source, r.error);
    if (r.status < 200 || r.status >= 300) throw Error("cannot fetch", source, "HTTP " + std::to_string(r.status));
    extract.url = r.final_url.empty() ? canonical_url(source) : r.final_url;
    a = read_page(r.body, r.content_type, extract);
  } else {
    a = read_local_article(source, extract);
  }
  out << (o.json ? render_article_json(a) : render_article_text(a));
  if (o.explain) {
    out << "\nWhy:\n";
    for (const std::string& n : why.notes) out << "  " << n << "\n";
  }
  if (a.paragraphs.empty()) throw Error("no article found", source, "the page has no article text diffwire can find");
  return 0;
}

// Every article with a version, or one (reextract.hpp does the work).
int cmd_reextract(const ReextractFlags& o, StoreAccess& access, std::ostream& out) {
  SiteRules rules = load_rules(o.rules_dir);
  // Versions are added: not while a poll is adding its own (SQLite: the table's Needs::rebaseline;
  // PostgreSQL: see record_rebaseline). A dry run records nothing: it only reads.
  if (o.dry_run) access.read_only();
  Store& store = access.store();
  std::vector<ArticleRecord> articles;
  if (o.url.empty()) {
    articles = store.articles();
  } else {
    articles.push_back(find_article(store, o.url));
    if (articles.front().versions == 0) throw Error("no version yet", articles.front().url, "run diffwire poll first");
  }
  bool color = use_color(o.color);
  ReextractSummary summary = reextract_articles(store, articles, &rules, o.dry_run, [&](const ArticleReextraction& r) {
    out << render_reextraction_text(r, color);
  });
  out << render_reextract_summary(summary, o.dry_run);
  return 0;
}

int cmd_source_add(const SourceAddFlags& o, StoreAccess& access, std::ostream& out) {
  bool good_name = !o.name.empty() && o.name.size() <= 64 &&
                   std::all_of(o.name.begin(), o.name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
  if (!good_name) throw Error("invalid source name", o.name, "use letters, digits, '-', '_' and '.' (at most 64)", Error::Kind::usage);
  SourceRecord s;
  s.name = o.name;
  s.url = canonical_url(o.url);
  check_pattern(o.include, "--include");
  check_pattern(o.exclude, "--exclude");
  s.include = o.include;
  s.exclude = o.exclude;
  std::optional<Seconds> every = parse_duration(o.every);
  if (!every) throw Error("invalid --every", o.every, "expected a duration such as 15m, 1h or 900", Error::Kind::usage);
  if (*every < kMinSourcePeriod) throw Error("invalid --every", o.every, "sources are checked at most every 5 minutes", Error::Kind::usage);
  s.period = *every;
  auto duration_option = [](const std::string& text, const char* option, Seconds at_least) -> std::optional<Seconds> {
    if (text.empty()) return std::nullopt;
    std::optional<Seconds> d = parse_duration(text);
    if (!d || *d < at_least)
      throw Error(std::string("invalid ") + option, text,
                  "expected a duration of at least " + describe_duration(at_least) + ", such as 10m or 30d", Error::Kind::usage);
    return d;
  };
  s.first_interval = duration_option(o.first_interval, "--first-interval", 60);
  s.retire_after = duration_option(o.retire_after, "--retire-after", 3600);
  if (o.factor != 0) {
    if (o.factor < 1.0 || o.factor > 10.0) throw Error("invalid --factor", std::to_string(o.factor), "expected 1 to 10", Error::Kind::usage);
    s.factor = o.factor;
  }
  if (!o.host_delay.empty()) s.host_delay = host_delay(o.host_delay);
  s.ignore_robots = o.ignore_robots;
  Store& store = access.store();
  s.added_at = clock_now();
  if (!store.add_source(s)) throw Error("source exists", o.name, "remove it first, or choose another name", Error::Kind::usage);
  out << "added source " << s.name << ": " << s.url << " (every " << describe_duration(s.period)
      << "; its articles are tracked from the next poll)\n";
  return 0;
}

int cmd_source_list(const JsonFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  out << (o.json ? render_sources_json(store.sources()) : render_sources_text(store.sources()));
  return 0;
}

int cmd_source_remove(const NameFlags& o, StoreAccess& access, std::ostream& out) {
  Store& store = access.store();
  if (!store.remove_source(o.name)) throw Error("no such source", o.name, "see diffwire source list");
  out << "removed source " << o.name << " (the articles it found stay tracked)\n";
  return 0;
}

void check_class(const std::string& change_class) {
  if (!change_class.empty() && !is_change_class(change_class))
    throw Error("invalid --class", change_class, "expected one of " + change_class_names(), Error::Kind::usage);
}

int cmd_changes(const ChangesFlags& o, StoreAccess& access, std::ostream& out) {
  check_class(o.change_class);
  Seconds now = clock_now();
  Seconds since;
  if (auto d = parse_duration(o.since)) since = now - *d;
  else if (auto t = parse_iso8601(o.since)) since = *t;
  else throw Error("invalid --since", o.since, "expected a duration (6h, 2d) or an ISO 8601 time", Error::Kind::usage);
  if (o.limit < 1) throw Error("invalid --limit", std::to_string(o.limit), "expected at least 1", Error::Kind::usage);
  Store& store = access.store();
  std::vector<ChangeEntry> entries;
  for (const VersionRef& ref : store.changes_since(since, o.change_class, o.limit))
    if (auto v = store.version(ref.article_id, ref.number)) entries.push_back({ref.url, std::move(*v)});
  out << (o.json ? render_changes_json(entries) : render_changes_text(entries, since));
  return 0;
}

int cmd_report(const ReportFlags& o, StoreAccess& access, std::ostream& out) {
  if (o.out_dir.empty()) throw Error("missing --out", "", "give the directory to write the report into", Error::Kind::usage);
  Store& store = access.store();
  ReportStats s = write_report(store, o.out_dir);
  out << "report in " << o.out_dir << ": " << s.written << " files written, " << s.unchanged << " unchanged; "
      << s.stories_rendered << " stories rendered, " << s.stories_skipped << " unchanged since the last run\n";
  return 0;
}

// Copies a whole store into a new, empty one — between SQLite files and PostgreSQL databases.
int cmd_migrate(const MigrateFlags& o, std::ostream& out) {
  if (!is_postgresql(o.from) && !fs::exists(sqlite_path(o.from))) throw Error("no store", sqlite_path(o.from), "nothing to copy");
  out << describe(migrate_store(o.from, o.to));
  out << "verified: every table has the same rows and the same content hash on both sides\n";
  return 0;
}

int cmd_feed(const FeedFlags& o, StoreAccess& access, std::ostream& out) {
  if (o.limit < 1) throw Error("invalid --limit", std::to_string(o.limit), "expected at least 1", Error::Kind::usage);
  const std::string& format = o.format;
  if (format != "rss" && format != "atom") throw Error("invalid --format", format, "expected rss or atom", Error::Kind::usage);
  check_class(o.change_class);
  Store& store = access.store();
  FeedScope scope;
  scope.change_class = o.change_class;
  if (!o.url.empty()) scope.article = find_article(store, o.url);
  if (!o.source.empty()) {
    for (const SourceRecord& s : store.sources())
      if (s.name == o.source) scope.source = s;
    if (!scope.source) throw Error("no such source", o.source, "see diffwire source list");
  }
  std::vector<FeedItem> items = feed_items(store, scope, o.limit);
  FeedChannel channel = feed_channel(scope, items, clock_now());
  std::string xml = format == "atom" ? render_atom(channel, items) : render_rss(channel, items);
  if (o.out_file.empty()) {
    out << xml;
  } else {
    write_file_atomically(o.out_file, xml);
    remove_stale_temp_files(o.out_file);  // left by a run that was killed mid-write
  }
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  Global global;
  CLI::App app{"diffwire: track how online news articles change after publication.", "diffwire"};
  app.set_version_flag("--version", std::string("diffwire ") + DIFFWIRE_VERSION);
  global.declare(app);
  app.require_subcommand(1, 1);
  app.fallthrough();

  // The command table: name, help, its flags, what it needs of the store, and what runs it.
  struct Command {
    CLI::App* app;
    Needs needs;
    std::function<int(StoreAccess&)> run;
  };
  std::vector<Command> commands;
  CLI::App* parent = &app;  // where `add` puts commands: the top level, or a group such as `source`
  auto add = [&](const char* name, const char* help, auto& flags, Needs needs, std::function<int(StoreAccess&)> run) {
    CLI::App* c = parent->add_subcommand(name, help);
    flags.declare(c);
    commands.push_back({c, needs, std::move(run)});
  };
  UrlsFlags track{{}, "article URLs (http or https)"}, untrack;
  PollFlags poll;
  JsonFlags status, list, source_list;
  ArticleFlags log, show{{}, true}, blame;
  DiffFlags diff;
  CompareFlags compare;
  ExtractFlags extract;
  ChangesFlags changes;
  ReextractFlags reextract;
  SourceAddFlags source_add;
  NameFlags source_remove;
  ReportFlags report;
  ServeFlags served;
  MigrateFlags migrate;
  FeedFlags feed;

  add("track", "start tracking articles", track, Needs::create,
      [&](StoreAccess& s) { return cmd_track(track, s, out); });
  add("untrack", "stop tracking articles (their versions are kept)", untrack, Needs::write,
      [&](StoreAccess& s) { return cmd_untrack(untrack, s, out, err); });
  add("poll", "check every article that is due; cron-safe", poll, Needs::poll,
      [&](StoreAccess& s) { return cmd_poll(poll, global, s, out); });
  add("status", "the store's health: articles, due, retired, last run, errors by host, quiet sources", status,
      Needs::read, [&](StoreAccess& s) { return cmd_status(status, s, out); });
  add("list", "tracked articles", list, Needs::read, [&](StoreAccess& s) { return cmd_list(list, s, out); });
  add("log", "the versions of an article", log, Needs::read, [&](StoreAccess& s) { return cmd_log(log, s, out); });
  add("show", "the text of one version (default: the latest)", show, Needs::read,
      [&](StoreAccess& s) { return cmd_show(show, s, out); });
  add("blame", "the latest text, each paragraph with the version it first read like this", blame, Needs::read,
      [&](StoreAccess& s) { return cmd_blame(blame, s, out); });
  add("diff", "what changed between two versions (default: the last two)", diff, Needs::read,
      [&](StoreAccess& s) { return cmd_diff(diff, s, out); });
  add("compare", "diff two local files (.html is extracted first; else one paragraph per line)", compare,
      Needs::nothing, [&](StoreAccess&) { return cmd_compare(compare, out); });
  add("extract", "what the extractor sees in a page (stores nothing)", extract, Needs::nothing,
      [&](StoreAccess&) { return cmd_extract(extract, global, out); });
  add("changes", "recent changes across all articles, newest first", changes, Needs::read,
      [&](StoreAccess& s) { return cmd_changes(changes, s, out); });
  add("reextract", "re-read stored pages with this extractor; record and show what reads differently", reextract,
      Needs::rebaseline, [&](StoreAccess& s) { return cmd_reextract(reextract, s, out); });
  parent = app.add_subcommand("source", "feeds, news sitemaps and section pages whose articles are tracked");
  parent->require_subcommand(1);
  add("add", "follow a feed (RSS, RDF, Atom), a news sitemap or a section page", source_add, Needs::create,
      [&](StoreAccess& s) { return cmd_source_add(source_add, s, out); });
  add("list", "the sources, what they found and when", source_list, Needs::read,
      [&](StoreAccess& s) { return cmd_source_list(source_list, s, out); });
  add("remove", "stop following a source (its articles stay tracked)", source_remove, Needs::write,
      [&](StoreAccess& s) { return cmd_source_remove(source_remove, s, out); });
  parent = &app;
  add("report", "a static site of how the stories changed (index, a page per story, a page per change)", report,
      Needs::read, [&](StoreAccess& s) { return cmd_report(report, s, out); });
  add("serve", "the store read-only over HTTP: pages, feeds and a JSON API (loopback by default)", served, Needs::read,
      [&](StoreAccess& s) {
        s.store();  // a missing store is an error now, not at the first request
        return serve(s.target(), served.listen, out);
      });
  add("migrate", "copy a whole store into a new, empty one: SQLite to PostgreSQL or back, verified", migrate,
      Needs::nothing, [&](StoreAccess&) { return cmd_migrate(migrate, out); });
  add("feed", "RSS 2.0 or Atom feed of changes, the diff in each item", feed, Needs::read,
      [&](StoreAccess& s) { return cmd_feed(feed, s, out); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "diffwire: " << e.what() << " (see diffwire --help)\n";
    return 2;
  }
  try {
    for (const Command& c : commands) {
      if (!c.app->parsed()) continue;
      StoreAccess access(c.needs, global.db);
      return c.run(access);
    }
    err << "diffwire: no command given (see diffwire --help)\n";
    return 2;
  } catch (const Error& e) {
    err << "diffwire: " << e.what() << "\n";
    return e.kind() == Error::Kind::usage ? 2 : 1;
  } catch (const std::exception& e) {
    err << "diffwire: unexpected error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace diffwire
