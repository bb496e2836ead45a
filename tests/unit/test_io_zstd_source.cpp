// The zstd source: frames read as one stream, and the WARC zstd format's
// dictionaries (a skippable frame at the start, raw or compressed), as
// archives concatenated with `cat`; damage named.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "io/stream_reader.hpp"
#include "io/zstd_source.hpp"
#include "test_io_helpers.hpp"

using namespace winnow::io;
using namespace winnow::io::testing;

namespace {

// A site's own words: the records repeat them, so their frames refer to the
// dictionary and cannot be read without it.
const std::string kSiteWords =
    "<html><head><title>The Lantern Post</title></head><body><nav>Home | Valleys | Rivers | Markets</nav>"
    "<footer>The Lantern Post is read by walkers of the northern valleys every morning.</footer>";

std::string page(int n) {
  return kSiteWords + "<p>Report number " + std::to_string(n) + " on the state of the footbridges.</p></body></html>";
}

std::string record(int n) {
  return response_record("urn:uuid:z" + std::to_string(n), "http://lantern.example/" + std::to_string(n),
                         "Content-Type: text/html\r\n", page(n));
}

std::string skippable(std::uint32_t magic, const std::string& content) {
  return le32_bytes(magic) + le32_bytes(static_cast<std::uint32_t>(content.size())) + content;
}

// An archive as the WARC zstd format writes it: the dictionary frame (its
// content the dictionary, or the dictionary compressed), then one frame per
// record, records first..last.
std::string warc_zst(const std::string& dict, bool compress_dict, int first, int last) {
  std::string out = skippable(kZstdDictionaryFrameMagic, compress_dict ? zstd(dict) : dict);
  for (int n = first; n <= last; ++n) out += zstd_with_dictionary(record(n), dict);
  return out;
}

std::vector<std::string> ids(const Drained& d) {
  std::vector<std::string> out;
  for (const Record& r : d.records) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("zstd: a skippable frame announces zstd") {
  CHECK(compression_of(le32_bytes(kZstdDictionaryFrameMagic)) == Compression::zstd);
  CHECK(compression_of(le32_bytes(0x184D2A50)) == Compression::zstd);
  CHECK(compression_of(le32_bytes(0x184D2A4F)) == Compression::none);
  CHECK(compression_of(std::string("\x28\xb5\x2f\xfd", 4)) == Compression::zstd);
}

TEST_CASE("zstd: a .warc.zst with its dictionary reads as the plain WARC, whole or in pieces") {
  const std::string dict = kSiteWords + " Valleys Rivers Markets footbridges";
  std::string plain;
  for (int n = 1; n <= 4; ++n) plain += record(n);
  const Drained want = read_bytes(plain, "a.warc");
  REQUIRE(want.records.size() == 4);
  for (bool compressed : {false, true}) {
    CAPTURE(compressed);
    const std::string bytes = warc_zst(dict, compressed, 1, 4);
    const Drained d = read_bytes(bytes, "a.warc.zst");
    CHECK(d.errors.empty());
    REQUIRE(d.records.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(d.records[i].body == want.records[i].body);
    for (unsigned seed : {1u, 7u, 42u}) {
      auto reader = make_stream_reader(std::make_unique<ChoppySource>(bytes, seed, 13), StreamInfo{"in", "in", {}}, {});
      const Drained c = drain(*reader);
      CHECK(c.errors.empty());
      CHECK(ids(c) == ids(d));
    }
  }
}

TEST_CASE("zstd: archives joined with cat each bring their dictionary; other skippable frames are passed over") {
  const std::string dict_a = kSiteWords + " first dictionary";
  const std::string dict_b = "<p>Report number on the state of the footbridges. A second, different dictionary.</p>";
  // The second archive's dictionary frame follows that of a dictionary no
  // record uses: the later one counts.
  const std::string bytes = skippable(0x184D2A50, "notes of the writer, not a dictionary") +
                            warc_zst(dict_a, true, 1, 2) + skippable(kZstdDictionaryFrameMagic, "unused words") +
                            warc_zst(dict_b, false, 3, 5);
  const Drained d = read_bytes(bytes, "joined.warc.zst");
  CHECK(d.errors.empty());
  CHECK(ids(d) == std::vector<std::string>{"urn:uuid:z1", "urn:uuid:z2", "urn:uuid:z3", "urn:uuid:z4", "urn:uuid:z5"});
  CHECK(d.records[4].body == page(5));
}

TEST_CASE("zstd: a missing, truncated, oversized or corrupt dictionary is an error with a message") {
  const std::string dict = kSiteWords;
  const std::string frames = zstd_with_dictionary(record(1), dict) + zstd_with_dictionary(record(2), dict);
  struct Case {
    std::string bytes, message;
  };
  const std::string whole = warc_zst(dict, true, 1, 2);
  const std::vector<Case> cases = {
      {frames, "zstd"},  // frames that need a dictionary no frame gave
      {whole.substr(0, 20), "truncated zstd dictionary frame"},
      {le32_bytes(kZstdDictionaryFrameMagic) + le32_bytes(40u << 20) + "x", "zstd dictionary frame larger than 32 MiB"},
      {skippable(kZstdDictionaryFrameMagic, zstd(dict).substr(0, 12)) + frames, "zstd dictionary"},
      {skippable(kZstdDictionaryFrameMagic, le32_bytes(0xEC30A437) + std::string(40, '\x7f')) + frames,
       "unusable zstd dictionary"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.message);
    const Drained d = read_bytes(c.bytes, "bad.warc.zst");
    CHECK(d.records.empty());
    REQUIRE(d.errors.size() == 1);
    CHECK(d.errors[0].message.find(c.message) != std::string::npos);
    CHECK(d.stats.records + d.stats.skipped + d.stats.failed >= 1);
  }
}
