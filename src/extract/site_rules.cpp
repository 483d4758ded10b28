// Site rules (site_rules.hpp): the rules files parsed once into compiled selectors, and found by host
// (a host matches itself and its subdomains, the longest match wins). A bad rule is an error naming
// its file and line, never a silently ignored selector.
#include "extract/site_rules.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diffwire/error.hpp"
#include "base/embedded.hpp"

namespace diffwire {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "# comment" ends a line unless the '#' starts an id selector: only a '#' at the start of the line
// or after whitespace followed by a space is a comment.
std::string strip_comment(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || std::isspace(static_cast<unsigned char>(line[i - 1]))) &&
        (i + 1 == line.size() || std::isspace(static_cast<unsigned char>(line[i + 1]))))
      return line.substr(0, i);
  return line;
}

bool host_matches(std::string_view host, std::string_view pattern) {
  if (host == pattern) return true;
  return host.size() > pattern.size() && host.ends_with(pattern) && host[host.size() - pattern.size() - 1] == '.';
}

}  // namespace

SiteRules SiteRules::builtin() {
  SiteRules rules;
  for (const EmbeddedFile& f : builtin_site_rules()) rules.add(f.text, "rules/" + std::string(f.name));
  return rules;
}

void SiteRules::add(std::string_view text, const std::string& origin) {
  std::vector<std::shared_ptr<const SiteRule>> parsed;
  std::shared_ptr<SiteRule> current;
  auto finish = [&](int line_no) {
    if (!current) return;
    if (current->hosts.empty()) throw Error("bad site rule", current->origin, "no hosts = line");
    if (!current->body && !current->title)
      throw Error("bad site rule", current->origin, "neither body = nor title = is given");
    parsed.push_back(std::move(current));
    (void)line_no;
  };
  std::istringstream in{std::string(text)};
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    std::string where = origin + ":" + std::to_string(line_no);
    std::string line = trim(strip_comment(raw));
    if (line.empty()) continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) throw Error("bad site rule", where, "a section is written [name]");
      finish(line_no);
      current = std::make_shared<SiteRule>();
      current->name = trim(line.substr(1, line.size() - 2));
      current->origin = where;
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) throw Error("bad site rule", where, "expected key = value");
    if (!current) throw Error("bad site rule", where, "a [section] must come first");
    std::string key = lower(trim(line.substr(0, eq))), value = trim(line.substr(eq + 1));
    if (value.empty()) throw Error("bad site rule", where, key + " has no value");
    try {
      if (key == "hosts") {
        std::istringstream hosts(value);
        for (std::string h; hosts >> h;) current->hosts.push_back(lower(h.starts_with("*.") ? h.substr(2) : h));
      } else if (key == "title") {
        current->title.emplace(value);
      } else if (key == "body") {
        current->body.emplace(value);
      } else if (key == "drop") {
        current->drop.emplace_back(value);
      } else {
        throw Error("bad site rule", where, "unknown key '" + key + "' (hosts, title, body, drop)");
      }
    } catch (const Error& e) {
      if (e.subject() == where) throw;
      throw Error("bad site rule", where, e.what());
    }
  }
  finish(line_no);
  rules_.insert(rules_.end(), parsed.begin(), parsed.end());
}

void SiteRules::add_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error("cannot read rules", dir, "not a directory");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".rules") files.push_back(entry.path());
  if (ec) throw Error("cannot read rules", dir, ec.message());
  std::sort(files.begin(), files.end());
  SiteRules user;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw Error("cannot read rules", f.string(), "cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    user.add(ss.str(), f.string());
  }
  rules_.insert(rules_.begin(), user.rules_.begin(), user.rules_.end());
}

const SiteRule* SiteRules::find(std::string_view host) const {
  std::string h = lower(std::string(host));
  if (h.starts_with("www.")) h.erase(0, 4);
  const SiteRule* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& rule : rules_)
    for (const auto& pattern : rule->hosts)
      if (host_matches(h, pattern) && pattern.size() > best_len) {  // earlier (user) rules win ties
        best = rule.get();
        best_len = pattern.size();
      }
  return best;
}

}  // namespace diffwire
