// The 64-bit finaliser of splitmix64: spreads every input bit over the
// whole word. Used where a hash is combined with more fields or decides
// sampling; its values are stored in model files, so it must not change.
#pragma once

#include <cstdint>

namespace winnow {

inline constexpr std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

}  // namespace winnow
