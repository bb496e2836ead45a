// CountTable: the per-site fingerprint -> page count map.
#include <doctest/doctest.h>

#include <vector>

#include "core/huge_blocks.hpp"
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

TEST_CASE("count table large enough for huge blocks grows, copies, shrinks and frees") {
  // 400,000 entries take 16 MiB of buckets: the table grows through
  // blocks of 2, 4, 8 and 16 MiB from huge_blocks, the smaller ones given
  // back as it doubles and taken again by the second table.
  const std::size_t base = winnow::huge_blocks::bytes_in_use();
  auto key = [](std::uint64_t k) { return k * 0x9E3779B97F4A7C15ull | 1; };
  {
    CountTable t;
    for (std::uint64_t k = 1; k <= 400000; ++k) t.add(key(k), static_cast<std::uint32_t>(k % 3 + 1));
    CHECK(t.memory_bytes() >= winnow::huge_blocks::kMinBytes);
    CHECK(winnow::huge_blocks::bytes_in_use() == base + t.memory_bytes());
    CountTable second;
    for (std::uint64_t k = 1; k <= 400000; k += 2) second.add(key(k), 1);
    CountTable copy = t;
    for (std::uint64_t k = 1; k <= 400000; ++k) {
      REQUIRE(t.get(key(k)) == k % 3 + 1);
      REQUIRE(copy.get(key(k)) == k % 3 + 1);
      REQUIRE(second.get(key(k)) == k % 2);
    }
    t.retain([](const CountTable::Slot& s) { return s.count == 3; });
    CHECK(t.size() == 133333);
    for (std::uint64_t k = 1; k <= 400000; ++k) REQUIRE(t.get(key(k)) == (k % 3 == 2 ? 3u : 0u));
    CHECK(copy.size() == 400000);
  }
  CHECK(winnow::huge_blocks::bytes_in_use() == base);
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

TEST_CASE("count table batches give the counts of one call per key") {
  // Batches of every size around the fetch-ahead distance, keys repeated
  // within and across batches, some filtered out: the batch calls must
  // agree with add() and get() one key at a time.
  CountTable batched, single;
  std::vector<std::uint64_t> keys;
  std::uint64_t x = 1;
  for (std::size_t n = 0; n < 40; ++n) {
    keys.clear();
    for (std::size_t i = 0; i < n; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      keys.push_back((x >> 20) % 300 + 1);  // few distinct keys: many repeats
    }
    auto keep = [](std::uint64_t k) { return k % 7 != 0; };
    batched.add_each(keys, keep);
    for (std::uint64_t k : keys) {
      if (keep(k)) single.add(k, 1);
    }
  }
  CHECK(batched.size() == single.size());
  std::vector<std::uint64_t> probe;
  for (std::uint64_t k = 0; k <= 320; ++k) probe.push_back(k == 0 ? 12345 : k);
  std::vector<std::uint32_t> got(probe.size(), 99);
  batched.get_each(probe, got.data());
  for (std::size_t i = 0; i < probe.size(); ++i) {
    CHECK(got[i] == single.get(probe[i]));
    CHECK(batched.get(probe[i]) == single.get(probe[i]));
  }
  CountTable empty;
  empty.get_each(probe, got.data());
  for (std::uint32_t c : got) CHECK(c == 0);
}

TEST_CASE("count table filled from a list gives the counts of one add() per slot") {
  // Lists of every length around the fetch-ahead distance, into an empty
  // table and into one that already holds some of the keys (their counts
  // add up, as add() would).
  for (std::size_t n = 0; n < 40; ++n) {
    for (bool prefilled : {false, true}) {
      CountTable listed, single;
      if (prefilled) {
        for (std::uint64_t k = 1; k <= 9; ++k) {
          listed.add(k * 3, 2);
          single.add(k * 3, 2);
        }
      }
      std::vector<CountTable::Slot> slots;
      for (std::size_t i = 0; i < n; ++i) slots.push_back({i + 1, static_cast<std::uint32_t>(i % 4 + 1)});
      listed.add_each_slot(slots.size(), [&](std::size_t i) { return slots[i]; });
      for (const CountTable::Slot& s : slots) single.add(s.key, s.count);
      REQUIRE(listed.size() == single.size());
      for (std::uint64_t k = 0; k <= 50; ++k) REQUIRE(listed.get(k) == single.get(k));
      if (n == 0 && !prefilled) CHECK(listed.memory_bytes() == 0);  // an empty list allocates nothing
    }
  }
}

TEST_CASE("count table keys sharing a home bucket spill into the next ones") {
  // Keys whose probe hash has the same low bits share a home bucket in a
  // small table: more of them than a bucket holds (five) must still be
  // found, and an absent key of that home must still read 0. The probe
  // hash (xor-shift 33, odd multiply, xor-shift 33) is inverted to make
  // such keys.
  auto unmix = [](std::uint64_t m) {
    std::uint64_t inverse = 0xff51afd7ed558ccdull;  // Newton's iteration for the multiplicative inverse
    for (int i = 0; i < 6; ++i) inverse *= 2 - 0xff51afd7ed558ccdull * inverse;
    m ^= m >> 33;
    m *= inverse;
    m ^= m >> 33;
    return m;
  };
  CountTable t;
  std::vector<std::uint64_t> keys;
  for (std::uint64_t j = 1; j <= 13; ++j) keys.push_back(unmix(j << 8 | 3));
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(t.add(keys[i], static_cast<std::uint32_t>(i + 1)) == i + 1);
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(t.get(keys[i]) == i + 1);
  CHECK(t.get(unmix(99u << 8 | 3)) == 0);
  std::size_t seen = 0;
  t.for_each([&](const CountTable::Slot& s) { seen += s.count; });
  CHECK(seen == 13 * 14 / 2);
  for (std::uint64_t k = 1; k <= 2000; ++k) t.add(k, 1);  // grows: the same counts after rehashing
  for (std::size_t i = 0; i < keys.size(); ++i) CHECK(t.get(keys[i]) == i + 1 + (keys[i] <= 2000));
}
