// What the fuzz targets of src/io share: how a broken invariant stops the
// run, and how an input is cut into gzip members.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_io_helpers.hpp"  // tests/unit: gzip members, a source of small pieces

namespace winnow::io::fuzzing {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

// `bytes` cut into pieces, each a length byte and then that many bytes of
// what follows (at most what is left), and each piece made a gzip member
// at a level the piece's length picks. Member i ends at packed_end[i] in
// `packed` and at plain_end[i] in `plain`, the pieces joined.
struct GzipPieces {
  std::string packed, plain;
  std::vector<std::size_t> packed_end, plain_end;
};

inline GzipPieces gzip_pieces(const std::string& bytes) {
  GzipPieces out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t len = std::min<std::size_t>(static_cast<std::uint8_t>(bytes[i]), bytes.size() - i - 1);
    const std::string piece = bytes.substr(i + 1, len);
    out.packed += testing::gzip(piece, 1 + static_cast<int>(len % 9));
    out.plain += piece;
    out.packed_end.push_back(out.packed.size());
    out.plain_end.push_back(out.plain.size());
    i += 1 + len;
  }
  return out;
}

}  // namespace winnow::io::fuzzing
