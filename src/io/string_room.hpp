// Sizing a std::string for bytes that are about to be written into it,
// without first filling it with zeros. Reading a page into a string sized
// by resize() wrote every byte twice (zeros, then the file), a tenth of the
// cost of reading; C++23's resize_and_overwrite says "do not fill", C++20
// has no way to say it.
#pragma once

#include <cstddef>
#include <string>

namespace winnow::io {

namespace string_room_detail {

#if !defined(__cpp_lib_string_resize_and_overwrite) && defined(__GLIBCXX__) && _GLIBCXX_USE_CXX11_ABI
// libstdc++'s std::string sets its length, and the terminator, through the
// private _M_set_length. An explicit instantiation may name a private
// member (access is not checked there), which lets this one template hand
// out a pointer to it.
using SetLength = void (std::string::*)(std::string::size_type);
struct SetLengthTag {
  friend SetLength set_length_member(SetLengthTag);
};
template <SetLength Member>
struct SetLengthAccess {
  friend SetLength set_length_member(SetLengthTag) { return Member; }
};
template struct SetLengthAccess<&std::string::_M_set_length>;
#endif

}  // namespace string_room_detail

// Makes `s` hold `n` chars. Those past its old size are indeterminate until
// written: the caller writes them, or shrinks `s` again, before reading.
inline void resize_for_overwrite(std::string& s, std::size_t n) {
#if defined(__cpp_lib_string_resize_and_overwrite)
  s.resize_and_overwrite(n, [](char*, std::size_t size) { return size; });
#elif defined(__GLIBCXX__) && _GLIBCXX_USE_CXX11_ABI
  if (n <= s.size()) {
    s.resize(n);
    return;
  }
  s.reserve(n);
  (s.*set_length_member(string_room_detail::SetLengthTag{}))(n);
#else
  s.resize(n);
#endif
}

}  // namespace winnow::io
