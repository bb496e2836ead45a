// Interim decoder until the full charset module lands: valid UTF-8 as is,
// anything else read as Latin-1.
#include "io/charset.hpp"

namespace winnow::io {

bool repair_utf8(std::string_view text, std::string& out) {
  out.clear();
  bool valid = true;
  std::size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len != 0 && i + len <= text.size();
    for (std::size_t j = 1; ok && j < len; ++j) ok = (static_cast<unsigned char>(text[i + j]) & 0xC0) == 0x80;
    if (ok) {
      out.append(text, i, len);
      i += len;
    } else {
      out.append("\xEF\xBF\xBD");
      valid = false;
      ++i;
    }
  }
  return valid;
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view, bool) {
  DecodedText result;
  if (repair_utf8(bytes, result.utf8)) {
    result.charset = "UTF-8";
    result.how = "utf-8 valid";
    return result;
  }
  result.utf8.clear();
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      result.utf8.push_back(static_cast<char>(c));
    } else {
      result.utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
      result.utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  result.charset = "ISO-8859-1";
  result.how = "fallback";
  return result;
}

}  // namespace winnow::io
