// Turns raw text or attribute bytes into the UTF-8 the event contract
// promises: character references decoded, invalid UTF-8 replaced by U+FFFD
// the way Gumbo does (one U+FFFD per maximal invalid subsequence), NUL
// dropped (data) or replaced (RCDATA, attributes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace winnow::html {

struct TextOptions {
  bool references = true;   // decode &...; (false for raw text, CDATA)
  bool in_attribute = false;
  bool drop_nul = true;     // in data text NUL is ignored; elsewhere U+FFFD
};

// Index of the first byte that needs rewriting, or run.size() if `run` can
// be passed through untouched (the common case, which must stay cheap).
std::size_t first_dirty_byte(std::string_view run, const TextOptions& options);

// What scan_text found in a run.
struct TextScan {
  std::size_t clean;  // index of the first byte that needs rewriting, or the run's size
  bool blank;         // the run is HTML whitespace only (false when unsure)
};

// first_dirty_byte for a run that lies in a buffer readable up to
// `readable_end` (>= the run's end): whole 16-byte vectors are loaded past
// the run's end while they stay within the buffer, so short runs cost one
// step. Also says whether the run is whitespace only.
TextScan scan_text(std::string_view run, const TextOptions& options, const char* readable_end);

// Appends the decoded form of `run` to `out`.
void decode_text(std::string_view run, const TextOptions& options, std::string& out);

}  // namespace winnow::html
