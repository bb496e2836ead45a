// The gzip source: members inflated whole (libdeflate) or streamed (zlib),
// whatever their size, however the compressed bytes arrive, and with damage
// reported where it is.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "io/byte_source.hpp"
#include "test_io_helpers.hpp"

using namespace winnow::io;
using winnow::io::testing::ChoppySource;
using winnow::io::testing::gzip;

namespace {

// Gives `first` in one read, then the rest, noting that it was asked for
// more: a pipe whose writer has sent one record and waits.
class PipeSource final : public ByteSource {
 public:
  PipeSource(std::string first, std::string rest, bool live, bool& asked_for_more)
      : first_(std::move(first)), rest_(std::move(rest)), live_(live), asked_(asked_for_more) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (state_ != State::ok) return 0;
    std::string& from = first_.empty() ? rest_ : first_;
    if (&from == &rest_) asked_ = true;
    if (from.empty()) {
      state_ = State::end;
      return 0;
    }
    const std::size_t take = std::min(n, from.size());
    from.copy(dst, take);
    from.erase(0, take);
    return take;
  }
  bool may_wait() const override { return live_; }

 private:
  std::string first_, rest_;
  bool live_;
  bool& asked_;
};

// Everything the source gives until it ends or breaks.
std::string drain(ByteSource& source) {
  std::string out;
  char chunk[65536];
  while (std::size_t got = source.read(chunk, sizeof chunk)) out.append(chunk, got);
  return out;
}

std::string random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

std::string prose(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i) + " of a page that repeats itself\n";
  s.resize(n);
  return s;
}

}  // namespace

TEST_CASE("gzip source: members of every size read back as written, from memory and from a trickle") {
  // Small members, an empty one, one whose compressed bytes outgrow the
  // first read-ahead (1 MiB), one that outgrows the first output tried
  // (1 MiB), and one that inflates past the largest output tried whole
  // (4 MiB), which zlib streams; small members after it.
  const std::vector<std::string> members = {
      "<p>first</p>", "",           prose(300 << 10), random_bytes(3 << 20, 1), prose((5 << 19) + 1),
      prose((5 << 20) + 5), "<p>after</p>", prose(40 << 10), "<p>last</p>"};
  std::string plain, packed;
  for (const std::string& m : members) {
    plain += m;
    packed += gzip(m, 1);
  }
  auto from_memory = open_decompressed(make_memory_source(packed));
  CHECK((drain(*from_memory) == plain));
  CHECK(from_memory->state() == ByteSource::State::end);
  auto trickled = open_decompressed(std::make_unique<ChoppySource>(packed, 1, 7));
  CHECK((drain(*trickled) == plain));
  CHECK(trickled->state() == ByteSource::State::end);
}

TEST_CASE("gzip source: a member compressed past the largest buffer tried whole is streamed") {
  // 5 MiB that does not compress: more than 4 MiB of compressed bytes.
  const std::string big = random_bytes((5 << 20) + 3, 2);
  const std::string packed = gzip("<p>before</p>", 1) + gzip(big, 1) + gzip("<p>after</p>", 1);
  auto source = open_decompressed(make_memory_source(packed));
  CHECK((drain(*source) == "<p>before</p>" + big + "<p>after</p>"));
  CHECK(source->state() == ByteSource::State::end);
}

TEST_CASE("gzip source: a damaged member is reported, and reading goes on with the next") {
  const std::string one = prose(20000), two = prose(30000), three = "<p>three</p>";
  std::string damaged = gzip(two);
  damaged[damaged.size() / 2] ^= 0x55;
  auto source = open_decompressed(make_memory_source(gzip(one) + damaged + gzip(three)));
  const std::string before = drain(*source);
  REQUIRE(source->state() == ByteSource::State::broken);
  CHECK(source->error().find("corrupt gzip member") != std::string::npos);
  CHECK((before.starts_with(one)));
  CHECK(before.size() < one.size() + two.size());
  REQUIRE(source->recover());
  CHECK(drain(*source) == three);
  CHECK(source->state() == ByteSource::State::end);

  // Cut inside its last member: what came before is delivered, then the cut.
  const std::string cut = gzip(two);
  auto truncated = open_decompressed(make_memory_source(gzip(one) + cut.substr(0, cut.size() - 9)));
  const std::string got = drain(*truncated);
  CHECK((got.starts_with(one)));
  CHECK(truncated->state() == ByteSource::State::broken);
  CHECK(truncated->error().find("truncated gzip member") != std::string::npos);
}

TEST_CASE("gzip source: a read error comes after the members read before it") {
  // The whole members are read ahead of the error; they are delivered
  // first, then what the cut member gave up to the error.
  const std::string one = prose(5000), two = "<p>two</p>", three = prose(70000), four = prose(9000);
  const std::string cut = gzip(four);
  auto source = open_decompressed(
      std::make_unique<ChoppySource>(gzip(one) + gzip(two) + gzip(three) + cut.substr(0, 100), 2, 7, true));
  const std::string got = drain(*source);
  CHECK((got.starts_with(one + two + three)));
  CHECK(got.size() < one.size() + two.size() + three.size() + four.size());
  CHECK(source->state() == ByteSource::State::broken);
  CHECK(source->error() == "read error: the disk went away");

  // An error right after a member's end is still an error, not an end.
  auto at_boundary = open_decompressed(std::make_unique<ChoppySource>(gzip(one) + gzip(two), 3, 7, true));
  CHECK((drain(*at_boundary) == one + two));
  CHECK(at_boundary->state() == ByteSource::State::broken);
  CHECK(at_boundary->error() == "read error: the disk went away");
}

TEST_CASE("gzip source: from a pipe, a member that has arrived is given before more is read") {
  const std::string one = "<p>one</p>", two = prose(3000);
  for (bool live : {true, false}) {
    CAPTURE(live);
    bool asked_for_more = false;
    auto source = open_decompressed(std::make_unique<PipeSource>(gzip(one), gzip(two), live, asked_for_more));
    char chunk[65536];
    const std::size_t got = source->read(chunk, sizeof chunk);
    CHECK(std::string(chunk, got) == one);
    // A file is read ahead to inflate members whole; a pipe is not.
    CHECK(asked_for_more == !live);
    CHECK((drain(*source) == two));
    CHECK(source->state() == ByteSource::State::end);
  }
}

TEST_CASE("gzip source: a member whose header CRC is wrong is refused, from a file as from a pipe") {
  // A gzip header with FHCRC: its CRC-16 covers the ten bytes before it.
  const std::string page = "<p>a page behind a header CRC</p>";
  const std::string deflated = winnow::io::testing::zlib_deflate(page, /*raw=*/true);
  const std::string header("\x1f\x8b\x08\x02\0\0\0\0\0\x03", 10);
  const std::uint32_t header_crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(header.data()), static_cast<uInt>(header.size())));
  std::string trailer(8, '\0');
  const std::uint32_t data_crc =
      static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(page.data()), static_cast<uInt>(page.size())));
  for (int i = 0; i < 4; ++i) {
    trailer[static_cast<std::size_t>(i)] = static_cast<char>(data_crc >> (8 * i));
    trailer[static_cast<std::size_t>(4 + i)] = static_cast<char>(page.size() >> (8 * i));
  }
  for (std::uint32_t flip : {0u, 0xffffu}) {
    CAPTURE(flip);
    const std::uint32_t crc16 = (header_crc & 0xffff) ^ flip;
    const std::string member = header + static_cast<char>(crc16 & 0xff) + static_cast<char>(crc16 >> 8) + deflated + trailer;
    for (bool live : {false, true}) {
      CAPTURE(live);
      bool asked = false;
      auto source = open_decompressed(std::make_unique<PipeSource>(member, "", live, asked));
      const std::string got = drain(*source);
      if (flip == 0) {
        CHECK(got == page);
        CHECK(source->state() == ByteSource::State::end);
      } else {
        CHECK(source->state() == ByteSource::State::broken);
        CHECK(source->error().find("header crc mismatch") != std::string::npos);
      }
    }
  }
}
