// CountTable: the per-site fingerprint -> page count map.
#include <doctest/doctest.h>

#include "model/count_table.hpp"

using winnow::CountTable;

TEST_CASE("count table adds, finds and grows") {
  CountTable t;
  CHECK(t.get(42) == 0);
  CHECK(t.add(42, 1) == 1);
  CHECK(t.add(42, 2) == 3);
  for (std::uint64_t k = 1; k <= 10000; ++k) t.add(k * 0x9E3779B97F4A7C15ull | 1, 1);
  CHECK(t.size() == 10001);
  CHECK(t.get(42) == 3);
  for (std::uint64_t k = 1; k <= 10000; ++k) REQUIRE(t.get(k * 0x9E3779B97F4A7C15ull | 1) == 1);
  CHECK(t.get(43) == 0);
}

TEST_CASE("count table saturates instead of wrapping") {
  CountTable t;
  t.add(7, UINT32_MAX - 1);
  CHECK(t.add(7, 5) == UINT32_MAX);
  CHECK(t.get(7) == UINT32_MAX);
}

TEST_CASE("count table retain keeps exactly the chosen entries and shrinks") {
  CountTable t;
  for (std::uint64_t k = 1; k <= 5000; ++k) t.add(k, static_cast<std::uint32_t>(k % 5 + 1));
  const std::size_t before = t.memory_bytes();
  t.retain([](const CountTable::Slot& s) { return s.count == 5; });
  CHECK(t.size() == 1000);
  CHECK(t.memory_bytes() < before / 2);
  for (std::uint64_t k = 1; k <= 5000; ++k) REQUIRE(t.get(k) == (k % 5 == 4 ? 5u : 0u));
  t.retain([](const CountTable::Slot&) { return false; });
  CHECK(t.size() == 0);
  CHECK(t.get(4) == 0);
  t.add(4, 1);
  CHECK(t.get(4) == 1);
}
