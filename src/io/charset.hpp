// Turns page bytes in any charset into valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace winnow::io {

struct DecodedText {
  std::string utf8;          // always valid UTF-8; undecodable bytes became U+FFFD
  std::string charset;       // the charset used, canonical upper-case name ("UTF-8", "WINDOWS-1252", ...)
  std::string how;           // "bom", "http", "meta", "detected", "utf-8 valid", "fallback"
};

// Priority: byte-order mark, then the transport's declared charset
// (`declared`, may be empty), then <meta charset> / http-equiv in the first
// bytes when `is_html`, then valid UTF-8 as is, then a detector (uchardet),
// then windows-1252. Never throws; never returns invalid UTF-8.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared, bool is_html);

// Replaces every invalid UTF-8 sequence by U+FFFD; returns true if `text`
// was already valid (and then leaves `out` equal to it).
bool repair_utf8(std::string_view text, std::string& out);

}  // namespace winnow::io
