#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "core/radix_sort.hpp"

using winnow::radix_sort;

TEST_CASE("radix sort: the same order as std::sort on every shape of input") {
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> scratch;
  for (std::size_t n : {0u, 1u, 2u, 255u, 256u, 257u, 1000u, 4096u, 20000u}) {
    for (int shape = 0; shape < 5; ++shape) {
      std::vector<std::uint64_t> keys(n);
      for (std::uint64_t& k : keys) {
        const std::uint64_t r = rng();
        switch (shape) {
          case 0: k = r; break;                                 // hashes
          case 1: k = r % 50; break;                            // many duplicates
          case 2: k = r & 0xFFFF; break;                        // high bytes shared
          case 3: k = (r << 40) | 0x1234; break;                // low bytes shared
          default: k = ~std::uint64_t{0} - (r & 0xFF); break;   // near the top
        }
      }
      std::vector<std::uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      radix_sort(keys, scratch);
      CHECK_MESSAGE(keys == expected, "n " << n << " shape " << shape);
    }
  }
}
