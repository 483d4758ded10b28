// Escaping for each place output goes (escape.hpp). Byte-level and table-free on purpose: these run
// on every piece of article text diffwire prints, and each rule must be readable at a glance.
#include "diffwire/escape.hpp"

#include "diffwire/charset.hpp"

namespace diffwire {

std::string terminal_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = byte(i);
    if ((c < 0x20 && c != '\t') || c == 0x7f) {
      out += "\xEF\xBF\xBD";
    } else if (c == 0xC2 && i + 1 < text.size() && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) {
      out += "\xEF\xBF\xBD";  // C1 controls, including the 8-bit CSI
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() &&
               ((byte(i + 1) == 0x80 && byte(i + 2) >= 0xAA && byte(i + 2) <= 0xAE) ||
                (byte(i + 1) == 0x81 && byte(i + 2) >= 0xA6 && byte(i + 2) <= 0xA9))) {
      out += "\xEF\xBF\xBD";  // bidirectional embeddings, overrides and isolates (U+202A–E, U+2066–9):
      i += 2;                  // they would reorder the rest of the line on the terminal
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string xml_safe(const std::string& utf8) {
  std::string s = sanitize_utf8(utf8);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      i += 2;  // U+FFFE, U+FFFF
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  return html_escape(xml_safe(text));  // HTML's five escapes are XML's too (&#39; is valid XML)
}

bool is_http_url(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

std::string html_link(const std::string& url) {
  return is_http_url(url) ? "<a href=\"" + html_escape(url) + "\">" + html_escape(url) + "</a>" : html_escape(url);
}

}  // namespace diffwire
