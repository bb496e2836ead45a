// Charset labels as pages write them, mapped to one canonical name each
// (following the WHATWG Encoding standard's label table) and to the name
// glibc's iconv knows the decoder by.
#pragma once

#include <string_view>

namespace winnow::io {

struct CharsetInfo {
  std::string_view canonical;   // upper case, e.g. "WINDOWS-1252", "SHIFT_JIS"
  std::string_view iconv_name;  // what to pass to iconv_open
  bool single_byte;             // one byte per character (windows-125x, ISO-8859-x, KOI8, ...)
};

// Case-insensitive, surrounding spaces and quotes ignored. Returns nullptr
// for labels that name no supported charset. The result points to static
// storage.
const CharsetInfo* lookup_charset(std::string_view label);

}  // namespace winnow::io
