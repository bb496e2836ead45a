// Drops repeated keys from a list, each key kept at its first place.
//
// A page counts once per fingerprint, however often it repeats it. Sorting
// its fingerprints to find the repeats cost a pass over them per key byte;
// the site model's count table places a key by a mix of its bits, so the
// order it receives them in buys nothing. One look-up per key in a small
// open-addressed set, which stays in the first-level cache for all but the
// largest pages, finds the repeats in a single pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow {

// Removes every key of `keys` that an earlier one equals; the first of each
// stays, in order. `table` is working room, reused between calls.
inline void keep_first_of_each(std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& table) {
  const std::size_t n = keys.size();
  if (n < 2) return;
  // At most half full. Winnowed hashes are window minima, biased towards
  // small values: a multiplicative hash takes the slot from the top bits.
  unsigned bits = 4;
  while ((std::size_t{1} << bits) < 2 * n) ++bits;
  // 0 marks a free slot; a key 0 is tracked apart.
  table.assign(std::size_t{1} << bits, 0);
  const std::size_t mask = table.size() - 1;
  bool zero_seen = false;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t key = keys[i];
    if (key == 0) {
      if (!zero_seen) keys[kept++] = 0;
      zero_seen = true;
      continue;
    }
    std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits));
    while (table[at] != 0 && table[at] != key) at = (at + 1) & mask;
    if (table[at] == key) continue;
    table[at] = key;
    keys[kept++] = key;
  }
  keys.resize(kept);
}

}  // namespace winnow
