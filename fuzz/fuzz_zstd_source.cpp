// Fuzzes the zstd source (src/io/zstd_source.cpp): frames read as one
// stream, and the dictionary frames of the WARC zstd format. By the first
// byte:
//   0, 1: the rest is cut into pieces (as for gzip members), the first piece
//      made the dictionary and the others frames compressed with it, behind
//      a dictionary frame holding it raw (0) or compressed (1); what the
//      source gives back must be the later pieces joined, read from memory
//      or a few bytes at a time;
//   otherwise: the rest, behind a dictionary frame's magic (odd) or a
//      frame's (even), is read to the end, whole and a few bytes at a time:
//      no crash, a message for any damage, and an end.
#include <cstdint>
#include <memory>
#include <string>

#include "io/byte_source.hpp"
#include "io/zstd_source.hpp"
#include "io_fuzz_support.hpp"

using namespace winnow::io;
using winnow::io::fuzzing::fail;
using winnow::io::testing::ChoppySource;
using winnow::io::testing::le32_bytes;

namespace {

// Everything the source gives; zstd damage ends the stream.
std::string read_all(ByteSource& source) {
  std::string out;
  char chunk[4096];
  while (std::size_t got = source.read(chunk, sizeof chunk)) out.append(chunk, got);
  if (source.state() == ByteSource::State::broken) {
    if (source.error().empty()) fail("broken without a message");
    if (source.recover() || source.state() != ByteSource::State::end) fail("zstd damage must end the stream");
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
    const std::string magic = mode & 1 ? le32_bytes(kZstdDictionaryFrameMagic) : std::string("\x28\xb5\x2f\xfd", 4);
    const std::string bytes = magic + rest;
    // Not compared: zstd hands out part of a damaged block before it sees
    // the damage, as much as the input's pieces let it.
    auto whole = open_decompressed(make_memory_source(bytes));
    read_all(*whole);
    auto trickled = open_decompressed(std::make_unique<ChoppySource>(bytes, mode, 7));
    read_all(*trickled);
    return 0;
  }
  const auto pieces = winnow::io::fuzzing::gzip_pieces(rest);
  if (pieces.plain_end.empty()) return 0;
  const std::string dict = pieces.plain.substr(0, pieces.plain_end[0]);
  // A raw dictionary cannot start with a frame's magic (the format reads
  // such content as a compressed dictionary), and one that starts with a
  // trained dictionary's magic must be one.
  if (compression_of(dict) == Compression::zstd || dict.starts_with(le32_bytes(0xEC30A437))) return 0;
  std::string packed = le32_bytes(kZstdDictionaryFrameMagic);
  const std::string content = mode == 1 ? testing::zstd(dict) : dict;
  packed += le32_bytes(static_cast<std::uint32_t>(content.size())) + content;
  for (std::size_t i = 1; i < pieces.plain_end.size(); ++i) {
    const std::size_t from = pieces.plain_end[i - 1];
    const std::string frame = testing::zstd_with_dictionary(pieces.plain.substr(from, pieces.plain_end[i] - from), dict,
                                                             1 + static_cast<int>(i % 3));
    if (frame.empty()) fail("cannot compress");
    packed += frame;
  }
  const std::string plain = pieces.plain.substr(pieces.plain_end[0]);
  auto whole = open_decompressed(make_memory_source(packed));
  if (read_all(*whole) != plain) fail("frames read from memory differ from what was packed");
  auto trickled = open_decompressed(std::make_unique<ChoppySource>(packed, 1, 7));
  if (read_all(*trickled) != plain) fail("frames read a few bytes at a time differ");
  return 0;
}
