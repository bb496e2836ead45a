#include "html/tags.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace winnow::html {
namespace {

// A name of at most 10 bytes packed into two words (its length in the last
// byte, so a name with a NUL in it is not taken for a shorter one): a probe
// compares two integers, and the hash is one multiplication. Bytes go into
// the words in little-endian order, as a load from memory puts them there.
struct PackedName {
  std::uint64_t lo = 0, hi = 0;
};
constexpr std::size_t kMaxNameBytes = 10;

constexpr PackedName pack(const char (&bytes)[16]) {
  PackedName p;
  for (int i = 7; i >= 0; --i) {
    p.lo = (p.lo << 8) | static_cast<unsigned char>(bytes[i]);
    p.hi = (p.hi << 8) | static_cast<unsigned char>(bytes[8 + i]);
  }
  return p;
}

// Open-addressing table built at compile time; names are short and few, so
// almost every lookup ends at its first probe.
struct NameTable {
  static constexpr std::size_t kBits = 9;
  static constexpr std::size_t kSize = std::size_t{1} << kBits;
  struct Slot {
    PackedName name;
    std::uint8_t tag = 0;
  };
  std::array<Slot, kSize> slots{};

  static constexpr std::size_t hash(const PackedName& p) {
    return static_cast<std::size_t>(((p.lo ^ (p.hi * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull) >> (64 - kBits));
  }
  constexpr NameTable() {
    for (std::size_t i = 1; i < detail::kTagNames.size(); ++i) {
      std::string_view name = detail::kTagNames[i];
      if (name.size() > kMaxNameBytes) throw std::logic_error("tag name too long for the name table");
      char bytes[16] = {};
      for (std::size_t k = 0; k < name.size(); ++k) bytes[k] = name[k];
      bytes[15] = static_cast<char>(name.size());
      const PackedName p = pack(bytes);
      std::size_t h = hash(p);
      while (slots[h].tag != 0) h = (h + 1) & (kSize - 1);
      slots[h] = Slot{p, static_cast<std::uint8_t>(i)};
    }
  }
  Tag find(const PackedName& p) const {
    std::size_t h = hash(p);
    for (;;) {
      const Slot& slot = slots[h];
      if (slot.tag == 0) return Tag::unknown;
      if (slot.name.lo == p.lo && slot.name.hi == p.hi) return static_cast<Tag>(slot.tag);
      h = (h + 1) & (kSize - 1);
    }
  }
};

constexpr NameTable kTable;

// Sets bit 0x20 of every byte that has bit 0x40: upper-case ASCII letters
// become lower case. Other bytes may change too, but never into a letter or
// digit, the only bytes of the names in the table, so a name matches
// exactly when its ASCII lower case form does.
constexpr std::uint64_t fold_case(std::uint64_t w) { return w | ((w & 0x4040404040404040ull) >> 1); }

}  // namespace

Tag tag_from_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return Tag::unknown;
  char bytes[16] = {};
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bytes[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  bytes[15] = static_cast<char>(name.size());
  return kTable.find(pack(bytes));
}

Tag tag_from_name_at(const char* p, std::size_t length) {
  if constexpr (std::endian::native != std::endian::little) return tag_from_name({p, length});
  if (length == 0 || length > kMaxNameBytes) return Tag::unknown;
  PackedName name;
  std::memcpy(&name.lo, p, 8);
  name.hi = static_cast<std::uint64_t>(length) << 56;
  if (length < 8) {
    name.lo &= (std::uint64_t{1} << (8 * length)) - 1;
  } else if (length > 8) {
    std::uint64_t rest;
    std::memcpy(&rest, p + 8, 8);
    name.hi |= fold_case(rest & ((std::uint64_t{1} << (8 * (length - 8))) - 1));
  }
  name.lo = fold_case(name.lo);
  return kTable.find(name);
}

}  // namespace winnow::html
