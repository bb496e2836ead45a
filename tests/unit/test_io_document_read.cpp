// A single document is read through the format sniff's buffer and then
// straight from the source; every size around the sniff window must come
// through byte for byte.
#include <doctest/doctest.h>

#include <string>

#include "io/record_reader.hpp"
#include "test_io_helpers.hpp"

using namespace winnow::io;
using namespace winnow::io::testing;

namespace {
std::string page_of(std::size_t size) {
  std::string s = "<html><body><p>";
  for (std::size_t i = 0; s.size() < size; ++i) s.push_back(static_cast<char>('a' + i % 26));
  s.resize(size);
  return s;
}
}  // namespace

TEST_CASE("document read: pages smaller than, at and past the sniff window arrive whole") {
  for (std::size_t size : {std::size_t{20}, std::size_t{65535}, std::size_t{65536}, std::size_t{65537},
                           std::size_t{200000}, std::size_t{1} << 20}) {
    const std::string page = page_of(size);
    auto d = read_bytes(page, "p.html");
    REQUIRE(d.records.size() == 1);
    CHECK(d.records[0].body.size() == size);
    CHECK(d.records[0].body == page);
  }
}

TEST_CASE("document read: a compressed page past the sniff window decompresses whole") {
  const std::string page = page_of(300000);
  auto d = read_bytes(gzip(page), "p.html.gz");
  REQUIRE(d.records.size() == 1);
  CHECK(d.records[0].body == page);
}

TEST_CASE("document read: the size limit still holds when the page is read past the sniff") {
  ReaderOptions o;
  o.max_record_bytes = 100000;
  auto d = read_bytes(page_of(100001), "big.html", o);
  CHECK(d.records.empty());
  REQUIRE(d.errors.size() == 1);
  auto e = read_bytes(page_of(100000), "fits.html", o);
  REQUIRE(e.records.size() == 1);
  CHECK(e.records[0].body.size() == 100000);
}
