// Fuzzes the gzip source (src/io/byte_source.cpp), which inflates each
// member whole with libdeflate or streams it with zlib. By the first byte:
//   0: the rest is cut into pieces, each made a gzip member; what the source
//      gives back must be the pieces joined, read from memory or a few
//      bytes at a time;
//   1: as 0, then one byte is flipped or the input cut short, at a place
//      the input chooses; the members wholly before that place must come
//      back intact, in front of whatever follows, and reading (recovering
//      after damage) must end;
//   otherwise: the rest, behind a gzip magic, is read with recovery until
//      the end: no crash, no sanitizer report.
#include <cstdint>
#include <memory>
#include <string>

#include "io/byte_source.hpp"
#include "io_fuzz_support.hpp"

using namespace winnow::io;
using winnow::io::fuzzing::fail;
using winnow::io::testing::ChoppySource;

namespace {

// Everything the source gives, recovering after damage; recovery must
// move forward, so the number of rounds is bounded by the input's size.
std::string read_all(ByteSource& source, std::size_t input_size) {
  std::string out;
  char chunk[4096];
  for (std::size_t rounds = 0;; ++rounds) {
    while (std::size_t got = source.read(chunk, sizeof chunk)) out.append(chunk, got);
    if (source.state() != ByteSource::State::broken) break;
    if (source.error().empty()) fail("broken without a message");
    if (rounds > input_size + 1) fail("recovery does not move forward");
    if (!source.recover()) break;
  }
  if (source.state() != ByteSource::State::end) fail("reading stopped before the end");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t mode = data[0];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (mode >= 2) {
    std::string bytes = "\x1f\x8b" + rest;
    auto source = open_decompressed(mode & 1 ? std::unique_ptr<ByteSource>(std::make_unique<ChoppySource>(bytes, mode, 7))
                                             : make_memory_source(bytes));
    read_all(*source, bytes.size());
    return 0;
  }
  const auto [packed, plain, packed_end, plain_end] = winnow::io::fuzzing::gzip_pieces(rest);
  if (mode == 0) {
    auto whole = open_decompressed(make_memory_source(packed));
    if (read_all(*whole, packed.size()) != plain) fail("members read from memory differ from what was packed");
    auto trickled = open_decompressed(std::make_unique<ChoppySource>(packed, 1, 7));
    if (read_all(*trickled, packed.size()) != plain) fail("members read a few bytes at a time differ");
    return 0;
  }
  if (packed.empty()) return 0;
  // Damage: the last two bytes choose the place; odd flips a byte there,
  // even cuts the input there.
  const std::size_t at = (static_cast<std::size_t>(data[size - 1]) << 8 | data[size - 2]) % packed.size();
  std::string damaged = packed;
  if (data[size - 1] & 1) damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
  else damaged.resize(at);
  std::size_t intact = 0;  // bytes of plain from the members wholly before the damage
  for (std::size_t i = 0; i < packed_end.size() && packed_end[i] <= at; ++i) intact = plain_end[i];
  auto source = open_decompressed(make_memory_source(damaged));
  const std::string got = read_all(*source, damaged.size());
  if (got.compare(0, intact, plain, 0, intact) != 0) fail("a member before the damage did not come back intact");
  return 0;
}
