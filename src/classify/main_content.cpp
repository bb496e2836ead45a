#include "classify/main_content.hpp"

#include <algorithm>

namespace winnow {
namespace {

using html::Tag;

constexpr std::uint32_t kChromeStructure = kInNav | kInFooter | kInAside | kInDialog | kInForm;
constexpr std::uint32_t kNegativeHints = kHintNavigation | kHintFooter | kHintSidebar | kHintShare |
                                         kHintComment | kHintRelated | kHintNewsletter | kHintPromo |
                                         kHintCookie | kHintPopup;

// A container's prior from what it is and what its authors called it.
double prior(const Element& e) {
  double score = 0;
  switch (e.tag) {
    case Tag::div: case Tag::article: case Tag::main: case Tag::section: score += 5; break;
    case Tag::pre: case Tag::td: case Tag::blockquote: score += 3; break;
    case Tag::address: case Tag::ol: case Tag::ul: case Tag::dl: case Tag::dd: case Tag::dt:
    case Tag::li: case Tag::form: score -= 3; break;
    case Tag::h1: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5: case Tag::h6:
    case Tag::th: score -= 5; break;
    default: break;
  }
  if (e.hints & (kHintContent | kHintArticleBody)) score += 25;
  if (e.hints & kHintArticleBody) score += 25;
  if ((e.hints & kNegativeHints) && !(e.hints & (kHintContent | kHintArticleBody))) score -= 25;
  return score;
}

std::uint32_t commas(std::string_view text) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ',') ++n;
    // Fullwidth and ideographic commas (U+FF0C, U+3001) and the Arabic comma (U+060C).
    else if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF &&
             static_cast<unsigned char>(text[i + 1]) == 0xBC && static_cast<unsigned char>(text[i + 2]) == 0x8C)
      ++n;
    else if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE3 &&
             static_cast<unsigned char>(text[i + 1]) == 0x80 && static_cast<unsigned char>(text[i + 2]) == 0x81)
      ++n;
    else if (i + 1 < text.size() && static_cast<unsigned char>(text[i]) == 0xD8 &&
             static_cast<unsigned char>(text[i + 1]) == 0x8C)
      ++n;
  }
  return n;
}

}  // namespace

MainContent find_main_content(const Document& doc, std::vector<double>& score) {
  MainContent result;
  const std::size_t n = doc.elements.size();
  score.assign(n, 0.0);
  std::vector<bool> candidate(n, false);

  for (const Block& b : doc.blocks) {
    if (b.structure & kChromeStructure) continue;
    if (b.chars < 25 || b.kind == BlockKind::heading) continue;
    if (b.link_chars * 2 > b.chars) continue;
    double content = 1.0 + commas(b.text) + std::min(3.0, b.chars / 100.0);
    // The paragraph's own container and up to four ancestors share its score,
    // less the further up they are.
    std::uint32_t e = b.element;
    for (int level = 0; level < 5 && e != 0; ++level) {
      if (!candidate[e]) {
        candidate[e] = true;
        score[e] += prior(doc.elements[e]);
      }
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      score[e] += content / divider;
      e = doc.elements[e].parent;
    }
  }

  // Scale by the share of text that is not links, over the whole subtree.
  std::vector<std::uint64_t> chars_prefix(doc.blocks.size() + 1, 0), links_prefix(doc.blocks.size() + 1, 0);
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    chars_prefix[i + 1] = chars_prefix[i] + doc.blocks[i].chars;
    links_prefix[i + 1] = links_prefix[i] + doc.blocks[i].link_chars;
  }
  std::uint32_t best = 0;
  double best_score = 0;
  for (std::uint32_t e = 1; e < n; ++e) {
    if (!candidate[e]) continue;
    const Element& el = doc.elements[e];
    std::uint64_t chars = chars_prefix[el.block_end] - chars_prefix[el.block_begin];
    std::uint64_t links = links_prefix[el.block_end] - links_prefix[el.block_begin];
    double link_density = chars ? static_cast<double>(links) / static_cast<double>(chars) : 0.0;
    score[e] *= 1.0 - link_density;
    if (score[e] > best_score) {
      best_score = score[e];
      best = e;
    }
  }
  if (best == 0) return result;

  // Siblings that score well (the article split across sibling containers)
  // join the winner.
  result.roots.push_back(best);
  std::uint32_t parent = doc.elements[best].parent;
  double threshold = std::max(10.0, best_score * 0.2);
  for (std::uint32_t e = parent + 1; e <= doc.elements[parent].subtree_end && e < n;) {
    const Element& el = doc.elements[e];
    if (e != best && el.parent == parent && candidate[e] && score[e] >= threshold) result.roots.push_back(e);
    e = el.subtree_end + 1;  // next sibling
  }
  std::sort(result.roots.begin(), result.roots.end());
  return result;
}

}  // namespace winnow
