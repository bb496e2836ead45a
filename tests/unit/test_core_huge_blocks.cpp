// huge_blocks: large zeroed blocks, kept for reuse while others are in use.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>

#include "core/huge_blocks.hpp"

namespace hb = winnow::huge_blocks;

namespace {

bool all_zero(const void* block, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(block);
  for (std::size_t i = 0; i < bytes; i += 4096) {
    if (p[i] != 0 || p[i + 4095] != 0) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("huge blocks are zeroed and aligned, fresh or reused") {
  REQUIRE(hb::bytes_in_use() == 0);  // no other test holds a large table
  const std::size_t small = hb::kMinBytes, large = 4 * hb::kMinBytes;
  void* anchor = hb::take(large);  // keeps the pool from emptying
  void* a = hb::take(small);
  CHECK(reinterpret_cast<std::uintptr_t>(a) % hb::kMinBytes == 0);
  CHECK(all_zero(a, small));
  CHECK(hb::bytes_in_use() == large + small);
  std::memset(a, 0xAB, small);
  hb::give_back(a, small);
  CHECK(hb::bytes_kept() == small);  // within the bytes still in use: kept
  void* b = hb::take(small);
  CHECK(b == a);  // the kept block, zeroed again
  CHECK(hb::bytes_kept() == 0);
  CHECK(all_zero(b, small));
  hb::give_back(b, small);
  hb::give_back(anchor, large);
  CHECK(hb::bytes_in_use() == 0);
  CHECK(hb::bytes_kept() == 0);  // the last block in use given back: nothing kept
}

TEST_CASE("huge blocks kept for reuse never exceed the bytes in use") {
  REQUIRE(hb::bytes_in_use() == 0);
  const std::size_t unit = hb::kMinBytes;
  void* in_use = hb::take(2 * unit);
  void* first = hb::take(unit);
  void* second = hb::take(unit);
  void* third = hb::take(unit);
  hb::give_back(first, unit);   // kept: 1 unit, in use 4
  hb::give_back(second, unit);  // kept: 2 units, in use 3
  CHECK(hb::bytes_kept() == 2 * unit);
  hb::give_back(third, unit);  // 3 kept would exceed the 2 in use: unmapped
  CHECK(hb::bytes_kept() == 2 * unit);
  CHECK(hb::bytes_in_use() == 2 * unit);
  void* other_size = hb::take(4 * unit);  // no kept block of its size: fresh
  CHECK(all_zero(other_size, 4 * unit));
  CHECK(hb::bytes_kept() == 2 * unit);
  hb::give_back(other_size, 4 * unit);
  hb::give_back(in_use, 2 * unit);
  CHECK(hb::bytes_in_use() == 0);
  CHECK(hb::bytes_kept() == 0);
}

TEST_CASE("huge blocks of a size that is not a power of two are never kept") {
  REQUIRE(hb::bytes_in_use() == 0);
  const std::size_t unit = hb::kMinBytes, odd = 3 * hb::kMinBytes;
  void* anchor = hb::take(8 * unit);
  void* block = hb::take(odd);
  CHECK(all_zero(block, odd));
  std::memset(block, 1, odd);
  hb::give_back(block, odd);
  CHECK(hb::bytes_kept() == 0);
  void* two = hb::take(2 * unit);  // shares no class with the odd block
  CHECK(all_zero(two, 2 * unit));
  hb::give_back(two, 2 * unit);
  CHECK(hb::bytes_kept() == 2 * unit);
  hb::give_back(anchor, 8 * unit);
  CHECK(hb::bytes_in_use() == 0);
  CHECK(hb::bytes_kept() == 0);
}
