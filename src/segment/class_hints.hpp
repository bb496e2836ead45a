// Reads what a page's authors called an element: class and id tokens and the
// ARIA role, mapped to HintBit / StructureBit values (document.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace winnow {

// HintBit set for a class or id attribute value (several tokens allowed).
std::uint32_t hints_from_names(std::string_view class_or_id);

// FNV-1a over a tag, class or id name, digit runs folded to one '0' (the
// same template element on two pages of a site hashes alike: "post-4781"
// and "post-5019" both read "post-0"); Element::name_hash chains them.
constexpr std::uint64_t mix_name(std::uint64_t h, std::string_view value) {
  constexpr std::uint64_t kPrime = 0x100000001b3ull;
  const std::size_t n = value.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned c = static_cast<unsigned char>(value[i++]);
    if (c - '0' < 10u) {
      c = '0';
      while (i < n && static_cast<unsigned>(static_cast<unsigned char>(value[i]) - '0') < 10u) ++i;
    }
    h = (h ^ c) * kPrime;
  }
  return (h ^ 0xffu) * kPrime;
}

// hints_from_names(value), and `hash` becomes mix_name(hash, value). Pages
// repeat the same class values on many elements, and the memo that spares
// the keyword scan keeps the last hash of each value too.
std::uint32_t hints_and_mix(std::string_view class_or_id, std::uint64_t& hash);

// StructureBit implied by a role attribute (navigation -> kInNav, ...).
std::uint32_t structure_from_role(std::string_view role);

}  // namespace winnow
