// Finds the page's main content container(s): the subtree(s) where the
// article's paragraphs concentrate, scored from the text below each element.
#pragma once

#include <cstdint>
#include <vector>

#include "segment/document.hpp"

namespace winnow {

struct MainContent {
  std::vector<std::uint32_t> roots;  // element indices; empty = no container found
  // True if block `b` lies inside one of the roots.
  bool contains(const Document& doc, const Block& b) const {
    for (std::uint32_t r : roots) {
      if (b.element >= r && b.element <= doc.elements[r].subtree_end) return true;
    }
    return false;
  }
};

// `scratch` is reused memory (one score per element).
MainContent find_main_content(const Document& doc, std::vector<double>& scratch);

}  // namespace winnow
