// Tells HTML from plain text by content, never by file name.
#pragma once

#include <string_view>

namespace winnow {

// True if the first bytes (after a BOM and white space) look like markup:
// a doctype, a comment, or one of the tags that open real pages.
bool looks_like_html(std::string_view bytes);

}  // namespace winnow
