#include "html/char_refs.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

namespace winnow::html {
namespace {

struct NamedEntity {
  std::string_view name;
  const char* utf8;
};

#include "html/named_entities.inc"

constexpr bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

constexpr int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Numeric references in 0x80-0x9F name windows-1252 characters in
// practice; HTML5 maps them instead of producing C1 controls.
constexpr std::array<std::uint16_t, 32> kC1Replacements = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::size_t decode_numeric(std::string_view s, std::string& out) {
  // s starts at '#'.
  std::size_t i = 1;
  bool hex = false;
  if (i < s.size() && (s[i] == 'x' || s[i] == 'X')) {
    hex = true;
    ++i;
  }
  std::size_t digits_start = i;
  std::uint32_t value = 0;
  while (i < s.size()) {
    int d = hex ? hex_value(static_cast<unsigned char>(s[i]))
                : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
    if (d < 0) break;
    // Saturate: anything past the Unicode range is replaced anyway, and
    // a long digit run must not overflow.
    if (value <= 0x10FFFF) value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    ++i;
  }
  if (i == digits_start) return 0;  // "&#" or "&#x" with no digits is literal
  if (i < s.size() && s[i] == ';') ++i;
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    value = 0xFFFD;
  } else if (value >= 0x80 && value <= 0x9F) {
    value = kC1Replacements[value - 0x80];
  }
  append_utf8(value, out);
  return i;
}

}  // namespace

void append_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

// The named references by exact name, open-addressed: a binary search of
// the 2,231 names took a dozen string compares per look-up, and a page's
// text and URLs make tens of thousands of look-ups (`&amp;`, `&nbsp;`,
// and the legacy-prefix tries of decode_char_ref).
class EntityIndex {
 public:
  EntityIndex() {
    for (std::size_t i = 0; i < std::size(kNamedEntities); ++i) {
      std::size_t at = hash(kNamedEntities[i].name) & kMask;
      while (slots_[at] != 0) at = (at + 1) & kMask;
      slots_[at] = static_cast<std::uint16_t>(i + 1);
    }
  }
  const char* find(std::string_view name) const {
    for (std::size_t at = hash(name) & kMask;; at = (at + 1) & kMask) {
      const std::uint16_t entry = slots_[at];
      if (entry == 0) return nullptr;
      const NamedEntity& e = kNamedEntities[entry - 1];
      if (e.name == name) return e.utf8;
    }
  }

 private:
  static constexpr std::size_t kSlots = 4096;  // under 55% full
  static constexpr std::size_t kMask = kSlots - 1;
  static_assert(std::size(kNamedEntities) < kSlots / 2 + kSlots / 16);
  static std::uint32_t hash(std::string_view s) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h ^ (h >> 15);
  }
  std::array<std::uint16_t, kSlots> slots_{};
};

}  // namespace

const char* find_named_entity(std::string_view name) {
  static const EntityIndex index;
  return index.find(name);
}

std::size_t decode_char_ref(std::string_view s, bool in_attribute, std::string& out) {
  if (s.empty()) return 0;
  if (s[0] == '#') return decode_numeric(s, out);
  std::size_t run = 0;
  while (run < s.size() && run <= kLongestEntityName && is_alnum(static_cast<unsigned char>(s[run]))) ++run;
  if (run == 0) return 0;
  // A name written with ';' can only match the whole alphanumeric run.
  if (run < s.size() && s[run] == ';' && run + 1 <= kLongestEntityName) {
    if (const char* value = find_named_entity(s.substr(0, run + 1))) {
      out.append(value);
      return run + 1;
    }
  }
  // Otherwise the longest legacy name (no ';') that prefixes the run.
  for (std::size_t len = std::min(run, kLongestLegacyEntityName); len >= 2; --len) {
    const char* value = find_named_entity(s.substr(0, len));
    if (value == nullptr) continue;
    if (in_attribute && len < s.size() &&
        (s[len] == '=' || is_alnum(static_cast<unsigned char>(s[len])))) {
      return 0;
    }
    out.append(value);
    return len;
  }
  return 0;
}

}  // namespace winnow::html
