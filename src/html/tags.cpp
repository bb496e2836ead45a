#include "html/tags.hpp"

#include <array>
#include <cstring>
#include <stdexcept>

namespace winnow::html {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Tag::count_)> kNames = {
    "",
#define WINNOW_TAG_NAME(name) #name,
    WINNOW_HTML_TAGS(WINNOW_TAG_NAME)
#undef WINNOW_TAG_NAME
};

// A name of at most 10 bytes packed into two words (its length in the last
// byte, so a name with a NUL in it is not taken for a shorter one): a probe
// compares two integers, and the hash is one multiplication.
struct PackedName {
  std::uint64_t lo = 0, hi = 0;
};
constexpr std::size_t kMaxNameBytes = 10;

PackedName pack(const char (&bytes)[16]) {
  PackedName p;
  std::memcpy(&p.lo, bytes, 8);
  std::memcpy(&p.hi, bytes + 8, 8);
  return p;
}

// Open-addressing table built once; names are short and few, so almost
// every lookup ends at its first probe.
struct NameTable {
  static constexpr std::size_t kBits = 9;
  static constexpr std::size_t kSize = std::size_t{1} << kBits;
  struct Slot {
    PackedName name;
    std::uint8_t tag = 0;
  };
  std::array<Slot, kSize> slots{};

  static std::size_t hash(const PackedName& p) {
    return static_cast<std::size_t>(((p.lo ^ (p.hi * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull) >> (64 - kBits));
  }
  NameTable() {
    for (std::size_t i = 1; i < kNames.size(); ++i) {
      std::string_view name = i == static_cast<std::size_t>(Tag::template_) ? "template" : kNames[i];
      if (name.size() > kMaxNameBytes) throw std::logic_error("tag name too long for the name table");
      char bytes[16] = {};
      std::memcpy(bytes, name.data(), name.size());
      bytes[15] = static_cast<char>(name.size());
      const PackedName p = pack(bytes);
      std::size_t h = hash(p);
      while (slots[h].tag != 0) h = (h + 1) & (kSize - 1);
      slots[h] = Slot{p, static_cast<std::uint8_t>(i)};
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
  if (name.empty() || name.size() > kMaxNameBytes) return Tag::unknown;
  char bytes[16] = {};
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bytes[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  bytes[15] = static_cast<char>(name.size());
  const PackedName p = pack(bytes);
  const NameTable& t = table();
  std::size_t h = NameTable::hash(p);
  for (;;) {
    const NameTable::Slot& slot = t.slots[h];
    if (slot.tag == 0) return Tag::unknown;
    if (slot.name.lo == p.lo && slot.name.hi == p.hi) return static_cast<Tag>(slot.tag);
    h = (h + 1) & (NameTable::kSize - 1);
  }
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
