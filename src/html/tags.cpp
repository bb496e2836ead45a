#include "html/tags.hpp"

#include <array>
#include <cstring>

namespace winnow::html {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Tag::count_)> kNames = {
    "",
#define WINNOW_TAG_NAME(name) #name,
    WINNOW_HTML_TAGS(WINNOW_TAG_NAME)
#undef WINNOW_TAG_NAME
};

// Open-addressing table built once: names are short, so a hash of length and
// first/last characters resolves almost every lookup in one probe.
struct NameTable {
  static constexpr std::size_t kSize = 512;
  std::array<std::uint8_t, kSize> slots{};

  static std::size_t hash(std::string_view s) {
    std::size_t h = s.size() * 31u;
    for (char c : s) h = h * 33u + static_cast<unsigned char>(c);
    return h & (kSize - 1);
  }
  NameTable() {
    for (std::size_t i = 1; i < kNames.size(); ++i) {
      std::string_view name = i == static_cast<std::size_t>(Tag::template_) ? "template" : kNames[i];
      std::size_t h = hash(name);
      while (slots[h] != 0) h = (h + 1) & (kSize - 1);
      slots[h] = static_cast<std::uint8_t>(i);
    }
  }
};

const NameTable& table() {
  static const NameTable t;
  return t;
}

}  // namespace

std::string_view tag_name(Tag tag) {
  if (tag == Tag::template_) return "template";
  return kNames[static_cast<std::size_t>(tag)];
}

Tag tag_from_name(std::string_view name) {
  if (name.empty() || name.size() > 10) return Tag::unknown;
  char lower[16];
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  std::string_view key(lower, name.size());
  const NameTable& t = table();
  std::size_t h = NameTable::hash(key);
  while (t.slots[h] != 0) {
    Tag tag = static_cast<Tag>(t.slots[h]);
    if (tag_name(tag) == key) return tag;
    h = (h + 1) & (NameTable::kSize - 1);
  }
  return Tag::unknown;
}

bool is_void_element(Tag tag) {
  switch (tag) {
    case Tag::area: case Tag::base: case Tag::br: case Tag::col: case Tag::embed:
    case Tag::hr: case Tag::img: case Tag::input: case Tag::link: case Tag::meta:
    case Tag::param: case Tag::source: case Tag::track: case Tag::wbr:
      return true;
    default:
      return false;
  }
}

bool is_hidden_raw_text(Tag tag) {
  switch (tag) {
    case Tag::script: case Tag::style: case Tag::template_: case Tag::noscript:
    case Tag::iframe: case Tag::noembed: case Tag::noframes:
      return true;
    default:
      return false;
  }
}

}  // namespace winnow::html
