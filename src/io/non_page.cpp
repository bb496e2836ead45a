#include "io/non_page.hpp"

#include <algorithm>
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
  const std::string_view whole = trim(text);
  std::string_view s = whole;
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
  const std::size_t end_tag = name.size() + 3;  // "</" name ">"
  const std::string_view tail = whole.size() > end_tag ? whole.substr(whole.size() - end_tag) : std::string_view{};
  const bool closed = tail.starts_with("</") && tail.substr(2, name.size()) == name && tail.ends_with('>');
  return declared || closed ? name : std::string_view{};
}

// The first kStyleSampleBytes of `text` parse as a style sheet: comments,
// at-rules, and rules whose prelude looks like selectors and whose block
// holds declarations "name: value" alone; at least kStyleMinRules rules,
// and nothing else up to the end of the sample. Prose fails at its first
// sentence: no '{' ends it, or its stops (". ", ": ", '!', '?', ';') are
// no selector's, or the block after it is not declarations.
constexpr std::size_t kStyleSampleBytes = 16 * 1024;
constexpr std::size_t kStyleMinRules = 3;
constexpr std::size_t kStyleMaxPrelude = 1024;

// Where the rule's prelude at the start of `s` ends (at its '{'), when it
// looks like selectors; s.size() when `s` ends first; npos when it is no
// selectors. Prose fails at its first stop, so a page is read no further.
std::size_t selectors_end(std::string_view s) {
  const std::size_t n = std::min(s.size(), kStyleMaxPrelude);
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[i];
    if (c == '{') return i == 0 ? std::string_view::npos : i;
    if (c == '}' || c == '!' || c == '?' || c == ';' || static_cast<unsigned char>(c) >= 0x80) {
      return std::string_view::npos;
    }
    if ((c == '.' || c == ':') && i + 1 < s.size() && is_space(s[i + 1])) return std::string_view::npos;
  }
  return n == s.size() ? s.size() : std::string_view::npos;
}

bool declaration(std::string_view d) {
  d = trim(d);
  if (d.empty()) return true;
  std::size_t n = 0;
  if (d.starts_with('*') || d.starts_with('_')) n = 1;  // old IE hacks: *zoom, _height
  const std::size_t name_start = n;
  while (n < d.size() && ((lower(d[n]) >= 'a' && lower(d[n]) <= 'z') || d[n] == '-' || (d[n] >= '0' && d[n] <= '9'))) ++n;
  if (n == name_start) return false;
  const std::string_view after = trim(d.substr(n));
  return after.size() > 1 && after.front() == ':';
}

// The declarations of a rule's block, comments left out. A ';' inside a
// value (a quoted string, a data: URL) splits it, and what follows is no
// declaration: such a sheet is not caught, which errs the safe way.
bool declarations(std::string_view block) {
  std::string bare;
  while (!block.empty()) {
    const std::size_t comment = block.find("/*");
    bare.append(block.substr(0, comment));
    if (comment == std::string_view::npos) break;
    const std::size_t end = block.find("*/", comment + 2);
    if (end == std::string_view::npos) return false;
    block.remove_prefix(end + 2);
  }
  std::string_view rest = bare;
  while (!rest.empty()) {
    const std::size_t semi = rest.find(';');
    if (!declaration(rest.substr(0, semi))) return false;
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
  }
  return true;
}

bool style_sheet(std::string_view text) {
  const bool cut = text.size() > kStyleSampleBytes;
  std::string_view s = text.substr(0, kStyleSampleBytes);
  std::size_t rules = 0;
  // The sample may end inside a comment or a rule of a longer sheet.
  const auto sample_ends = [&] { return cut && rules >= kStyleMinRules; };
  for (;;) {
    s = trim(s);
    if (s.starts_with("/*")) {
      const std::size_t end = s.find("*/", 2);
      if (end == std::string_view::npos) return sample_ends();
      s.remove_prefix(end + 2);
      continue;
    }
    if (s.empty()) return rules >= kStyleMinRules;
    if (s.front() == '@') {
      const std::size_t open = s.substr(0, kStyleMaxPrelude).find_first_of("{;}");
      if (open == std::string_view::npos) return s.size() < kStyleMaxPrelude && sample_ends();
      // @import ...; or @media ... { rules }, its braces balanced.
      if (s[open] == '}') return false;
      std::size_t end = open;
      for (int depth = 0; s[open] == '{' && end < s.size(); ++end) {
        if (s[end] == '{') ++depth;
        else if (s[end] == '}' && --depth == 0) break;
      }
      if (end == s.size()) return sample_ends();
      s.remove_prefix(end + 1);
      ++rules;
      continue;
    }
    // Most texts hold no '{' near their start: found with memchr, that
    // ends it before the selectors are read byte by byte.
    if (s.substr(0, kStyleMaxPrelude).find('{') == std::string_view::npos) {
      return s.size() < kStyleMaxPrelude && sample_ends();
    }
    const std::size_t open = selectors_end(s);
    if (open == std::string_view::npos) return false;
    if (open == s.size()) return sample_ends();
    const std::size_t close = s.find('}', open);
    if (close == std::string_view::npos) return sample_ends();
    const std::string_view block = s.substr(open + 1, close - open - 1);
    if (block.find('{') != std::string_view::npos || !declarations(block)) return false;
    s.remove_prefix(close + 1);
    ++rules;
  }
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
  if (style_sheet(s)) return "a style sheet";
  if (robots_rules(text)) return "robots.txt rules";
  return {};
}

}  // namespace winnow::io
