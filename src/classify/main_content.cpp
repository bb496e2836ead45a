#include "classify/main_content.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

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

std::vector<std::int8_t>& polarity_scratch() {
  thread_local std::vector<std::int8_t> v;
  return v;
}

}  // namespace

static double envd(const char* name, double def) {
  const char* v = std::getenv(name);
  return v ? std::atof(v) : def;
}

MainContent find_main_content(const Document& doc, std::vector<double>& score) {
  MainContent result;
  const std::size_t n = doc.elements.size();
  static const double kCost = envd("WQ_COST", 10);
  static const double kLink = envd("WQ_LINK", 1.5);
  static const double kChrome = envd("WQ_CHROME", 1.0);
  // The nearest ancestor that names its purpose decides: a comment box inside
  // a page-wide "content" wrapper is still a comment box.
  std::vector<std::int8_t>& polarity = polarity_scratch();
  polarity.assign(n, 0);
  for (std::uint32_t e = 1; e < n; ++e) {
    const Element& el = doc.elements[e];
    if (el.hints & (kHintContent | kHintArticleBody)) polarity[e] = 1;
    else if (el.hints & kNegativeHints) polarity[e] = -1;
    else polarity[e] = polarity[el.parent];
  }
  std::vector<double> prefix(doc.blocks.size() + 1, 0.0);
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    double w;
    bool neg = polarity[b.element] < 0;
    if ((b.structure & kChromeStructure) || neg) {
      w = -kChrome * b.chars;
    } else if (b.kind == BlockKind::heading) {
      w = 0;
    } else {
      double nonlink = static_cast<double>(b.chars - b.link_chars);
      w = nonlink - kLink * b.link_chars - kCost;
    }
    prefix[i + 1] = prefix[i] + w;
  }
  std::uint32_t best = 0;
  double best_score = 0;
  score.assign(n, 0.0);
  for (std::uint32_t e = 1; e < n; ++e) {
    const Element& el = doc.elements[e];
    score[e] = prefix[el.block_end] - prefix[el.block_begin];
    if (score[e] > best_score) {
      best_score = score[e];
      best = e;
    }
  }
  if (std::getenv("WINNOW_DEBUG_MAIN")) {
    std::fprintf(stderr, "best %u tag=%d blocks=%u-%u score=%.1f\n", best, (int)doc.elements[best].tag,
                 doc.elements[best].block_begin, doc.elements[best].block_end, best_score);
  }
  if (best == 0) return result;
  result.roots.push_back(best);
  return result;
}

}  // namespace winnow
