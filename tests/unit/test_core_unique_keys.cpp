#include <doctest/doctest.h>

#include <random>
#include <unordered_set>
#include <vector>

#include "core/unique_keys.hpp"

using winnow::keep_first_of_each;

TEST_CASE("unique keys: each key once, at its first place, on every shape of input") {
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> table;
  for (std::size_t n : {0u, 1u, 2u, 3u, 255u, 256u, 257u, 1000u, 4096u, 20000u}) {
    for (int shape = 0; shape < 6; ++shape) {
      std::vector<std::uint64_t> keys(n);
      for (std::uint64_t& k : keys) {
        const std::uint64_t r = rng();
        switch (shape) {
          case 0: k = r; break;                                 // hashes
          case 1: k = r % 50; break;                            // many duplicates, 0 among them
          case 2: k = r & 0xFFFF; break;                        // small values
          case 3: k = (r << 40) | 0x1234; break;                // low bits shared
          case 4: k = r % 3 == 0 ? 0 : r % 7; break;            // zeros and few values
          default: k = ~std::uint64_t{0} - (r & 0xFF); break;   // near the top
        }
      }
      std::vector<std::uint64_t> expected;
      std::unordered_set<std::uint64_t> seen;
      for (std::uint64_t k : keys) {
        if (seen.insert(k).second) expected.push_back(k);
      }
      keep_first_of_each(keys, table);
      CHECK_MESSAGE(keys == expected, "n " << n << " shape " << shape);
    }
  }
}
