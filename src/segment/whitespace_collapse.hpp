// Whitespace collapsing of block text: every run of HTML whitespace (space,
// tab, LF, CR, FF) and no-break spaces (U+00A0) becomes one space, and a run
// at the start of a block (or after a space already written) is dropped.
// One pass that also counts the code points it writes, 16 bytes a step.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace winnow {

struct CollapseState {
  bool after_space = true;  // the last byte written is a space, or nothing is written yet
  std::uint32_t chars = 0;  // code points written (added to)
};

// Writes the collapsed form of `text` at `out` and returns the end of what
// it wrote (at most text.size() bytes). `out` must have room for
// text.size() + 16 bytes: whole 16-byte vectors are stored past the end of
// the result. A U+00A0 split across two calls is not recognised (callers
// hand over whole UTF-8 texts).
char* collapse_whitespace(std::string_view text, char* out, CollapseState& state);

}  // namespace winnow
