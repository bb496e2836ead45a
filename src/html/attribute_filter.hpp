// Which attributes a producer hands over: the names a handler says it reads
// (EventHandler::attributes_read), matched case-insensitively, so that the
// values of all the others are neither decoded nor delivered.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace winnow::html {

class AttributeFilter {
 public:
  // `names` in lower case; an empty list lets every attribute through.
  // `extra` are added to a non-empty list (what the tree builder reads).
  void reset(std::span<const std::string_view> names, std::span<const std::string_view> extra);

  // Whether the attribute named by the `length` bytes at `name` (any ASCII
  // case) passes.
  bool passes(const char* name, std::size_t length) const {
    if (all_) return true;
    if (length - 1 >= kMaxShort) return passes_long(name, length);
    std::uint8_t i = first_[slot(length, name[0])];
    while (i != 0) {
      const std::string_view candidate = names_[i - 1];
      if (candidate.size() == length && equals_folded(name, candidate)) return true;
      i = next_[i - 1];
    }
    return false;
  }

 private:
  static constexpr std::size_t kMaxShort = 16;  // names of 1..16 bytes go through the table
  static std::size_t slot(std::size_t length, char first) {
    return ((length - 1) << 5) | (static_cast<unsigned char>(first) & 0x1F);
  }
  static bool equals_folded(const char* name, std::string_view lower) {
    for (std::size_t k = 0; k < lower.size(); ++k) {
      char c = name[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != lower[k]) return false;
    }
    return true;
  }
  bool passes_long(const char* name, std::size_t length) const;

  bool all_ = true;
  // (length, low five bits of the first byte) -> 1 + index of the first
  // name there, 0 for none; next_ chains names sharing a slot.
  std::array<std::uint8_t, kMaxShort * 32> first_{};
  std::vector<std::string_view> names_;
  std::vector<std::uint8_t> next_;
};

}  // namespace winnow::html
