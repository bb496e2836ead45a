#include "io/non_page.hpp"

#include <array>
#include <simdjson.h>

#include "html/tags.hpp"

namespace winnow::io {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool equals_lower(std::string_view s, std::string_view lower_case) {
  if (s.size() != lower_case.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (lower(s[i]) != lower_case[i]) return false;
  }
  return true;
}

// The fields of robots.txt (RFC 9309) and the extensions crawlers honour.
constexpr std::array<std::string_view, 10> kRobotsFields = {
    "user-agent", "disallow", "allow",      "sitemap",  "crawl-delay",
    "host",       "noindex",  "clean-param", "request-rate", "visit-time"};

// Reads lines until one is neither a comment, blank nor "name: value": a
// page of prose or markup fails on its first such line.
bool robots_rules(std::string_view text) {
  std::size_t agents = 0, known = 0, other = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    std::size_t n = 0;
    while (n < line.size() && ((lower(line[n]) >= 'a' && lower(line[n]) <= 'z') || line[n] == '-')) ++n;
    const std::string_view after = trim(line.substr(n));
    if (n == 0 || after.empty() || after.front() != ':') return false;
    const std::string_view name = line.substr(0, n);
    bool is_known = false;
    for (const std::string_view field : kRobotsFields) is_known = is_known || equals_lower(name, field);
    known += is_known;
    other += !is_known;
    agents += equals_lower(name, "user-agent");
  }
  return agents > 0 && other * 10 <= known + other;
}

// The root element's name of an XML document that is not (X)HTML, or empty.
std::string_view xml_root(std::string_view text) {
  std::string_view s = trim(text);
  const bool declared = s.starts_with("<?xml");
  // The prolog: processing instructions, comments, a doctype (whose
  // internal subset in [...] may hold '>').
  for (;;) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    std::size_t skip = std::string_view::npos;
    if (s.starts_with("<?")) {
      skip = s.find("?>");
      if (skip != std::string_view::npos) skip += 2;
    } else if (s.starts_with("<!--")) {
      skip = s.find("-->", 4);
      if (skip != std::string_view::npos) skip += 3;
    } else if (s.starts_with("<!")) {
      int depth = 0;
      for (std::size_t i = 2; i < s.size() && skip == std::string_view::npos; ++i) {
        if (s[i] == '[') ++depth;
        else if (s[i] == ']') --depth;
        else if (s[i] == '>' && depth <= 0) skip = i + 1;
      }
    } else {
      break;
    }
    if (skip == std::string_view::npos) return {};
    s.remove_prefix(skip);
  }
  if (!s.starts_with('<')) return {};
  std::size_t n = 1;
  while (n < s.size()) {
    const char c = lower(s[n]);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.')) break;
    ++n;
  }
  const std::string_view name = s.substr(1, n - 1);
  if (name.empty()) return {};
  const std::string_view local = name.substr(name.rfind(':') + 1);
  const html::Tag tag = html::tag_from_name(local);
  if (tag != html::Tag::unknown && tag != html::Tag::svg && tag != html::Tag::math) return {};
  // An unknown element first is not enough: a text may open with "<grin>".
  const std::string_view tail = trim(text);
  const bool closed = tail.ends_with('>') && tail.size() > name.size() + 3 &&
                      tail.substr(tail.size() - name.size() - 3) == std::string("</").append(name).append(">");
  return declared || closed ? name : std::string_view{};
}

bool json_value(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty() || (s.front() != '{' && s.front() != '[')) return false;
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(s);
  return parser.parse(padded).error() == simdjson::SUCCESS;
}

}  // namespace

std::string recognise_non_page(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  if (s.starts_with("%PDF-")) return "a PDF document";
  if (s.starts_with("%!PS")) return "a PostScript document";
  if (s.starts_with("{\\rtf")) return "an RTF document";
  if (s.starts_with('<')) {
    const std::string_view root = xml_root(text);
    if (!root.empty()) return std::string("XML data (root element <").append(root).append(">)");
    return {};
  }
  if (json_value(text)) return "JSON data";
  if (robots_rules(text)) return "robots.txt rules";
  return {};
}

}  // namespace winnow::io
