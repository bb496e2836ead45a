// Which attributes a producer hands over: the names a handler says it reads
// (EventHandler::attributes_read), matched case-insensitively, so that the
// values of all the others are neither decoded nor delivered.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

namespace winnow::html {

class AttributeFilter {
 public:
  // `names` in lower case; an empty list lets every attribute through.
  // `extra` are added to a non-empty list (what the tree builder reads).
  void reset(std::span<const std::string_view> names, std::span<const std::string_view> extra);

  // Whether every attribute passes (then find() is not to be asked).
  bool passes_all() const { return all_; }

  // The listed, lower-case spelling of the attribute named by the `length`
  // bytes at `name` (any ASCII case), or nullptr if it is not listed. The
  // bytes up to `readable_end` may be read (16 from `name` are, as a rule).
  // The view lives as long as the filter's list.
  const std::string_view* find(const char* name, std::size_t length, const char* readable_end) const {
    if (length - 1 >= kMaxShort) return find_other(name, length);
    if (!others_.empty()) {
      if (const std::string_view* other = find_other(name, length)) return other;
    }
    std::uint8_t i = first_[slot(length, name[0])];
    if (i == 0) return nullptr;  // most attributes end here
    Packed key;
    if (readable_end - name >= 16) {
      key = pack(name, length);
    } else {
      char copy[16] = {};
      std::memcpy(copy, name, length);
      key = pack(copy, length);
    }
    do {
      const Entry& entry = entries_[i - 1];
      if (entry.key.lo == key.lo && entry.key.hi == key.hi && entry.name.size() == length) return &entry.name;
      i = entry.next;
    } while (i != 0);
    return nullptr;
  }

 private:
  static constexpr std::size_t kMaxShort = 16;  // names of 1..16 bytes go through the table
  struct Packed {
    std::uint64_t lo = 0, hi = 0;
  };
  struct Entry {
    std::string_view name;
    Packed key;          // the name's bytes, as pack() gives them
    std::uint8_t next;   // 1 + index of the next entry in the same slot, or 0
  };

  static std::size_t slot(std::size_t length, char first) {
    return ((length - 1) << 5) | (static_cast<unsigned char>(first) & 0x1F);
  }
  // The first `length` (1..16) bytes at p in two words, zero-padded, with
  // bit 0x20 set in every byte that has bit 0x40: upper-case ASCII letters
  // become lower case. Two different bytes end up equal only if they are
  // the two cases of a letter or pairs such as '_' and DEL, so names
  // holding such other bytes are kept out of the table (tableable()).
  static Packed pack(const char* p, std::size_t length) {
    Packed k;
    std::memcpy(&k.lo, p, 8);
    std::memcpy(&k.hi, p + 8, 8);
    if (length < 8) {
      k.lo &= (std::uint64_t{1} << (8 * length)) - 1;
      k.hi = 0;
    } else if (length < 16) {
      k.hi &= (std::uint64_t{1} << (8 * (length - 8))) - 1;
    }
    k.lo |= (k.lo & 0x4040404040404040ull) >> 1;
    k.hi |= (k.hi & 0x4040404040404040ull) >> 1;
    return k;
  }
  // Names of 1..16 bytes whose bytes with bit 0x40 are all lower-case
  // letters: pack() compares them exactly.
  static bool tableable(std::string_view name);
  // The names kept out of the table, compared byte by byte.
  const std::string_view* find_other(const char* name, std::size_t length) const;

  bool all_ = true;
  // (length, low five bits of the first byte) -> 1 + index of the first
  // entry there, 0 for none.
  std::array<std::uint8_t, kMaxShort * 32> first_{};
  std::vector<Entry> entries_;
  std::vector<std::string_view> others_;
};

}  // namespace winnow::html
