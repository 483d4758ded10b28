// A deliberately small URL parser: diffwire only needs to refuse what is not an absolute http(s)
// URL, find the host for politeness, and store one spelling of each URL.
#include "diffwire/url.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "diffwire/error.hpp"
#include "diffwire/normalize.hpp"

namespace diffwire {

namespace {
[[noreturn]] void refuse(std::string_view url, const char* why) {
  throw Error("invalid URL", std::string(url), why, Error::Kind::usage);
}
}  // namespace

UrlParts parse_http_url(std::string_view url) {
  for (unsigned char c : url)
    if (c <= 0x20 || c == 0x7f) refuse(url, "contains spaces or control characters");
  auto colon = url.find("://");
  if (colon == std::string_view::npos) refuse(url, "not an absolute URL (expected http:// or https://)");
  UrlParts parts;
  parts.scheme = ascii_lower(url.substr(0, colon));
  if (parts.scheme != "http" && parts.scheme != "https")
    refuse(url, "only http and https URLs can be tracked");
  std::string_view rest = url.substr(colon + 3);
  auto end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) refuse(url, "user names in URLs are not supported");
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) refuse(url, "unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') refuse(url, "junk after IPv6 address");
      port = after.substr(1);
    }
  } else if (auto c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) refuse(url, "no host name");
  if (host.front() == '[') {  // "[" and "]" only around an IPv6 address: hex digits, ':' and '.'
    std::string_view inside = host.substr(1, host.size() - 2);
    if (inside.find(':') == std::string_view::npos ||
        !std::all_of(inside.begin(), inside.end(), [](unsigned char c) { return std::isxdigit(c) || c == ':' || c == '.'; }))
      refuse(url, "invalid IPv6 address");
  } else {
    for (unsigned char c : host)
      if (!(std::isalnum(c) || c == '-' || c == '.' || c == '_' || c >= 0x80)) refuse(url, "invalid character in host name");
  }
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) || std::stoi(std::string(port)) > 65535 ||
        std::stoi(std::string(port)) == 0)
      refuse(url, "invalid port");
  }
  parts.host = ascii_lower(host);
  parts.port = std::string(port);
  auto hash = tail.find('#');
  std::string_view path = tail.substr(0, hash);
  if (path.empty() || path.front() == '?') parts.path = '/';
  parts.path.append(path);
  return parts;
}

namespace {
// Query parameters that say how a reader arrived, never which article: campaign tags (utm_*, AT
// Internet's at_*), click ids of ad and social networks, mail-list ids.
bool is_tracking_parameter(std::string_view name) {
  std::string n = ascii_lower(name);
  if (n.starts_with("utm_") || n.starts_with("at_")) return true;
  static constexpr std::string_view names[] = {"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid",
                                               "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ocid",
                                               "cmpid", "ito", "wt.mc_id", "ns_mchannel", "ns_source", "ns_campaign",
                                               "ns_linkname", "ns_fee"};
  for (std::string_view t : names)
    if (n == t) return true;
  return false;
}

std::string strip_tracking(const std::string& path) {
  auto q = path.find('?');
  if (q == std::string::npos) return path;
  std::string kept;
  std::string_view query = std::string_view(path).substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty() || is_tracking_parameter(pair.substr(0, pair.find('=')))) continue;
    kept += kept.empty() ? "" : "&";
    kept += pair;
  }
  return path.substr(0, q) + (kept.empty() ? "" : "?" + kept);
}
}  // namespace

std::string canonical_url(std::string_view url) {
  UrlParts p = parse_http_url(url);
  p.path = strip_tracking(p.path);
  bool default_port = p.port.empty() || (p.scheme == "http" && p.port == "80") ||
                      (p.scheme == "https" && p.port == "443");
  return p.scheme + "://" + p.host + (default_port ? "" : ":" + p.port) + p.path;
}

namespace {
// RFC 3986 section 5.2.4: "." and ".." segments removed from an absolute path.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  bool trailing = false;
  while (i <= path.size()) {
    std::size_t slash = path.find('/', i);
    std::string_view seg = path.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    trailing = false;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else if (seg == ".") {
      trailing = true;
    } else if (!(seg.empty() && i == 0)) {
      out.push_back(seg);
    }
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (trailing || result.empty()) result += "/";
  return result;
}
}  // namespace

std::optional<std::string> resolve_url(std::string_view base, std::string_view href) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!href.empty() && is_space(href.front())) href.remove_prefix(1);
  while (!href.empty() && is_space(href.back())) href.remove_suffix(1);
  if (href.empty() || href.front() == '#') return std::nullopt;
  std::string h;
  for (char c : href)
    if (c != '\n' && c != '\r' && c != '\t') h += c == ' ' ? std::string("%20") : std::string(1, c);
  try {
    auto colon = h.find(':');
    auto first_special = h.find_first_of("/?#");
    if (colon != std::string::npos && (first_special == std::string::npos || colon < first_special)) {
      std::string scheme = ascii_lower(h.substr(0, colon));
      if (scheme != "http" && scheme != "https") return std::nullopt;  // mailto:, javascript:, data:, ...
      if (h.compare(colon + 1, 2, "//") != 0) return std::nullopt;    // "http:relative" is too odd to guess
      return canonical_url(h);
    }
    UrlParts b = parse_http_url(base);
    std::string authority = b.host + (b.port.empty() ? "" : ":" + b.port);
    if (h.rfind("//", 0) == 0) return canonical_url(b.scheme + ":" + h);
    std::string base_path = b.path.substr(0, b.path.find('?'));
    std::string path;
    if (h.front() == '/') {
      path = h;
    } else if (h.front() == '?') {
      path = base_path + h;
    } else {
      path = base_path.substr(0, base_path.rfind('/') + 1) + h;
    }
    auto q = path.find_first_of("?#");
    std::string clean = remove_dot_segments(std::string_view(path).substr(0, q));
    if (q != std::string::npos) clean += path.substr(q);
    return canonical_url(b.scheme + "://" + authority + clean);
  } catch (const Error&) {
    return std::nullopt;
  }
}

bool same_site(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view h) { return h.starts_with("www.") ? h.substr(4) : h; };
  std::string_view x = strip(a), y = strip(b);
  auto under = [](std::string_view sub, std::string_view site) {
    return sub == site || (sub.size() > site.size() && sub.ends_with(site) && sub[sub.size() - site.size() - 1] == '.');
  };
  return under(x, y) || under(y, x);
}

std::string origin_of(const std::string& url) {
  UrlParts p = parse_http_url(url);
  return p.scheme + "://" + p.host + ":" + (p.port.empty() ? (p.scheme == "https" ? "443" : "80") : p.port);
}

std::string url_host_key(std::string_view url) {
  try {
    UrlParts p = parse_http_url(url);
    return p.host + ":" + (p.port.empty() ? (p.scheme == "https" ? "443" : "80") : p.port);
  } catch (const Error&) {
    return std::string(url);
  }
}

}  // namespace diffwire
