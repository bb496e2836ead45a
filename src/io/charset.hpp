// Turns page bytes in any charset into valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace winnow::io {

struct DecodedText {
  std::string charset;       // the charset used, canonical upper-case name ("UTF-8", "WINDOWS-1252", ...)
  std::string how;           // "bom", "http", "meta", "detected", "utf-8 valid", "fallback"

  // The text, always valid UTF-8 (undecodable bytes became U+FFFD). Input
  // that is valid UTF-8 already is not copied: the text is then a view of
  // the input bytes and lives as long as they do. Most pages are UTF-8, and
  // the copy cost as much as reading the file.
  std::string_view text() const { return borrowed_ ? input_ : std::string_view(converted_); }

  void borrow(std::string_view input) {
    input_ = input;
    borrowed_ = true;
    converted_.clear();
  }
  std::string& converted() {
    borrowed_ = false;
    input_ = {};
    return converted_;
  }

 private:
  std::string converted_;
  std::string_view input_;
  bool borrowed_ = false;
};

// Priority: byte-order mark, then the transport's declared charset
// (`declared`, may be empty), then <meta charset> / http-equiv in the first
// bytes when `is_html`, then valid UTF-8 as is, then a detector (uchardet),
// then windows-1252. Never throws; never returns invalid UTF-8.
//
// Refinements, each because real pages need it:
//  - a declared UTF-8 that the bytes contradict (invalid UTF-8) is not
//    trusted: the bytes go to the detector, and back to UTF-8 with U+FFFD
//    repairs if the detector has no better answer;
//  - a declared single-byte legacy charset on bytes that are valid UTF-8 with
//    non-ASCII characters is a stale template: UTF-8 wins ("utf-8 valid");
//  - bytes that are mostly valid UTF-8 with a few stray bytes are damaged
//    UTF-8, repaired rather than decoded as windows-1252;
//  - a <meta> declaring UTF-16 means UTF-8 (WHATWG), since the meta itself
//    was readable as ASCII.
// Thread-safe: iconv and detector handles are cached per thread.
DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared, bool is_html);

// The canonical name for a charset label ("latin1" -> "WINDOWS-1252",
// "x-sjis" -> "SHIFT_JIS", "utf8" -> "UTF-8"), following the WHATWG Encoding
// standard's labels; empty if the label names no supported charset.
std::string canonical_charset(std::string_view label);

// The charset label declared by <meta charset=...>, <meta http-equiv=
// "Content-Type" content="...; charset=..."> or an XML declaration within the
// first 4 KB of `html`, lower-cased and not normalised; empty if none.
std::string find_meta_charset(std::string_view html);

// Replaces every invalid UTF-8 sequence by U+FFFD; returns true if `text`
// was already valid (and then leaves `out` equal to it).
bool repair_utf8(std::string_view text, std::string& out);

}  // namespace winnow::io
