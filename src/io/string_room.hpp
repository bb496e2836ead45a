// Sizing a std::string for bytes that are about to be written into it,
// without first filling it with zeros. Reading a page into a string sized
// by resize() wrote every byte twice (zeros, then the file): 87 M of a
// crawl's 2,725 M instructions. C++23's resize_and_overwrite says "do not
// fill".
#pragma once

#include <cstddef>
#include <string>

namespace winnow::io {

// Makes `s` hold `n` chars. Those past its old size are indeterminate until
// written: the caller writes them, or shrinks `s` again, before reading.
inline void resize_for_overwrite(std::string& s, std::size_t n) {
#if defined(__cpp_lib_string_resize_and_overwrite)
  // The operation returns `n`, not its second argument: GCC 12's library
  // passes the grown capacity there (up to twice the old one), and a
  // string grown from 3,000 to 4,096 bytes came back 6,000 long.
  s.resize_and_overwrite(n, [n](char*, std::size_t) { return n; });
#else
  s.resize(n);  // a standard library without it: correct, one extra pass
#endif
}

}  // namespace winnow::io
