// HTML5 character references (&name; &#123; &#x1F;) and the UTF-8 repair
// the tokenizer applies to text and attribute values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace winnow::html {

// Decodes the character reference whose text starts just after an '&'.
// Appends the decoded UTF-8 to `out` and returns how many bytes after the
// '&' it consumed; returns 0 (appending nothing) when the '&' is literal.
// `in_attribute` applies the attribute-value rule: a legacy name without
// ';' followed by '=' or an alphanumeric stays literal ("&notit=").
std::size_t decode_char_ref(std::string_view after_amp, bool in_attribute, std::string& out);

// Looks up a named reference exactly as written ("amp;", "copy"); nullptr
// if it is not in the HTML5 table. Exposed for tests.
const char* find_named_entity(std::string_view name);

void append_utf8(std::uint32_t code_point, std::string& out);

}  // namespace winnow::html
