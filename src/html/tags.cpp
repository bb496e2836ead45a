#include "html/tags.hpp"

#include <array>
#include <stdexcept>

namespace winnow::html {
namespace detail {
namespace {

constexpr PackedName pack(const char (&bytes)[16]) {
  PackedName p;
  for (int i = 7; i >= 0; --i) {
    p.lo = (p.lo << 8) | static_cast<unsigned char>(bytes[i]);
    p.hi = (p.hi << 8) | static_cast<unsigned char>(bytes[8 + i]);
  }
  return p;
}

}  // namespace

constexpr NameTable::NameTable() {
  for (std::size_t i = 1; i < kTagNames.size(); ++i) {
    std::string_view name = kTagNames[i];
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

constinit const NameTable kNameTable{};

}  // namespace detail

Tag tag_from_name(std::string_view name) {
  if (name.empty() || name.size() > detail::kMaxNameBytes) return Tag::unknown;
  char bytes[16] = {};
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bytes[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  bytes[15] = static_cast<char>(name.size());
  return detail::kNameTable.find(detail::pack(bytes));
}

}  // namespace winnow::html
