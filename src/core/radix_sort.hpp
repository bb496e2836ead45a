// Sorts 64-bit keys by their bytes, least significant first.
//
// A page's fingerprints are a few thousand random hashes: comparison sorts
// mispredict about every other branch on them, and sorting them was 3-4% of
// a run's time. Counting bytes has no data-dependent branches.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace winnow {

// Sorts `keys` ascending; `scratch` is working room, reused between calls.
inline void radix_sort(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& scratch) {
  const std::size_t n = keys.size();
  // Below this, the counters cost more than a comparison sort.
  if (n < 256) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  std::array<std::array<std::uint32_t, 256>, 8> counts{};
  for (std::uint64_t key : keys) {
    for (unsigned d = 0; d < 8; ++d) ++counts[d][(key >> (8 * d)) & 0xFF];
  }
  scratch.resize(n);
  std::uint64_t* from = keys.data();
  std::uint64_t* to = scratch.data();
  for (unsigned d = 0; d < 8; ++d) {
    std::array<std::uint32_t, 256>& c = counts[d];
    // A byte every key shares orders nothing.
    if (c[(from[0] >> (8 * d)) & 0xFF] == n) continue;
    std::uint32_t sum = 0;
    for (std::uint32_t& slot : c) {
      const std::uint32_t here = slot;
      slot = sum;
      sum += here;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t key = from[i];
      to[c[(key >> (8 * d)) & 0xFF]++] = key;
    }
    std::swap(from, to);
  }
  if (from != keys.data()) std::memcpy(keys.data(), from, n * sizeof(std::uint64_t));
}

}  // namespace winnow
