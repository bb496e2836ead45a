// Segments an HTML string with the reference parser, for tests that start
// from a page's blocks.
#pragma once

#include <string>

#include "segment/html_segmenter.hpp"

namespace winnow::test {

inline Document segment_html(const std::string& html) {
  Document doc;
  HtmlSegmenter segmenter;
  segmenter.segment(html, html::ParserKind::gumbo, 100000, doc);
  return doc;
}

}  // namespace winnow::test
