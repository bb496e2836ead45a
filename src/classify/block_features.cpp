#include "classify/block_features.hpp"

#include <algorithm>

#include "classify/site_selectors.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {
namespace {

// Feature indices, in kBlockFeatureNames order.
enum F : std::size_t {
  hand_content, r_repeated, r_trimmed, r_outside, r_headline, r_lead, r_structure, r_link, r_rule,
  r_dateline, r_teaser, r_smooth, r_repcontainer, r_ignored, chars, tokens, link_density, punct_share,
  digit_share, ends_sentence, kind, heading_level, in_list, in_table, in_figure, in_quote, in_pre,
  in_header, in_footer, in_nav, in_aside, in_form, in_article, in_main, in_link, line_break,
  hint_chrome, hint_content, hint_meta, hint_article_body, named_polarity, has_main, in_main_content,
  main_depth, pos_page, pos_main, counted, rep_block_share, rep_shingle_max, rep_shingle_mean,
  prev_content, next_content, prev_chars, next_chars, prev_kind, next_kind, headline_dist,
  chars_share_page, siblings,
  prev2_content, prev2_chars, prev2_link, prev2_kind, next2_content, next2_chars, next2_link, next2_kind,
  prev_link, prev_in_main, prev_rep_block, next_link, next_in_main, next_rep_block, window_content,
  window_content_chars, chars_over_median, link_over_page, text_before, page_kept_share, since_heading,
  kind_run, since_long, until_long, long_after, long_before,
  // add_block_site_features
  named_unique_share, named_holds_unique, parent_holds_unique, in_unique_container, unique_container_holds,
  site_container_share, page_dup_share,
  after_image, hint_caption, main_distance,
  parent_link_density, grandparent_link_density,
  kCount
};
static_assert(kCount == kBlockFeatureCount, "feature enum and names disagree");

constexpr std::uint32_t kChromeHints = kHintNavigation | kHintFooter | kHintSidebar | kHintShare | kHintComment |
                                       kHintRelated | kHintNewsletter | kHintPromo | kHintCookie | kHintPopup |
                                       kHintAuthorBox | kHintHidden;
constexpr double kNoHeadline = 9999;

// How many levels above the nearest main root the branch of `element`
// joins it: 0 inside the container, 1 for a sibling of it (an ingredient
// box beside a recipe's steps), more for the page's far chrome.
double main_distance_of(const Document& doc, const std::vector<std::uint32_t>& roots, std::uint32_t element) {
  std::uint32_t best = UINT32_MAX;
  for (std::uint32_t r : roots) {
    std::uint32_t up = 0;
    for (std::uint32_t a = r;; a = doc.elements[a].parent, ++up) {
      if (element >= a && element <= doc.elements[a].subtree_end) break;
      if (a == 0) break;  // the root holds every element
    }
    best = std::min(best, up);
  }
  return best;
}

// The section of the hand rules that decided, from the reason they gave
// (classifier.cpp writes these prefixes).
F reason_feature(std::string_view reason, Label label) {
  if (reason.starts_with("repeated on")) return r_repeated;
  if (reason.starts_with("trimmed span")) return r_trimmed;
  if (reason.starts_with("outside main content")) return r_outside;
  if (reason.starts_with("headline before")) return r_headline;
  if (reason.starts_with("standfirst")) return r_lead;
  if (reason.starts_with("link density") || reason.starts_with("teaser heading")) return r_link;
  if (reason.starts_with("rule ")) return r_rule;
  if (reason.starts_with("dateline")) return r_dateline;
  if (reason.starts_with("teaser card")) return r_teaser;
  if (reason.starts_with("heading of chrome") || reason.starts_with("short fragment")) return r_smooth;
  if (reason.starts_with("inside a container")) return r_repcontainer;
  if (reason.starts_with("counts ignored")) return r_ignored;
  if (label == Label::chrome) return r_structure;  // nav/footer/aside/form elements, chrome names
  return kCount;
}

// -1 when the nearest ancestor that names its purpose names chrome, +1
// content, 0 when no ancestor names either.
double nearest_named_polarity(const Document& doc, std::uint32_t e) {
  for (int level = 0; level < 64 && e != 0; ++level) {
    const std::uint32_t h = doc.elements[e].hints;
    if (h & (kHintContent | kHintArticleBody)) return (h & kChromeHints) && (h & kHintQualifiedChrome) ? -1 : 1;
    if (h & kChromeHints) return -1;
    e = doc.elements[e].parent;
  }
  return 0;
}

// Shares of ASCII punctuation and digits among the text's bytes that are
// not spaces, and whether it ends like a sentence (Latin or CJK stops).
void text_shape(std::string_view text, double* row) {
  std::size_t visible = 0, punct = 0, digits = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes a step: the texts the model reads are mostly paragraphs, and
  // counting them byte by byte was most of the features' cost.
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const __m128i space = _mm_set1_epi8(' '), lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t');
  const __m128i below_0 = _mm_set1_epi8('0' - 1), above_9 = _mm_set1_epi8('9' + 1);
  const __m128i below_a = _mm_set1_epi8('a' - 1), above_z = _mm_set1_epi8('z' + 1);
  const __m128i lower = _mm_set1_epi8(0x20), minus_one = _mm_set1_epi8(-1), zero = _mm_setzero_si128();
  // Counts per byte lane (a mask byte is -1: subtracting counts one), added
  // up every 255 steps before a lane can overflow.
  std::size_t blanks = 0;
  while (i + 16 <= text.size()) {
    __m128i n_blank = zero, n_digit = zero, n_other = zero;
    for (int step = 0; step < 255 && i + 16 <= text.size(); ++step, i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i blank =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, tab));
      // Signed compares: bytes >= 0x80 are negative, neither digits nor letters.
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, below_0), _mm_cmplt_epi8(v, above_9));
      const __m128i folded = _mm_or_si128(v, lower);
      const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, below_a), _mm_cmplt_epi8(folded, above_z));
      const __m128i ascii = _mm_cmpgt_epi8(v, minus_one);
      const __m128i other = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(blank, digit), letter), ascii);
      n_blank = _mm_sub_epi8(n_blank, blank);
      n_digit = _mm_sub_epi8(n_digit, digit);
      n_other = _mm_sub_epi8(n_other, other);
    }
    auto total = [&](__m128i lanes) {
      const __m128i sums = _mm_sad_epu8(lanes, zero);  // two 64-bit sums of eight lanes
      return static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
    };
    blanks += total(n_blank);
    digits += total(n_digit);
    punct += total(n_other);
  }
  visible = i - blanks;
#endif
  for (unsigned char c : text.substr(i)) {
    if (c == ' ' || c == '\n' || c == '\t') continue;
    ++visible;
    if (c >= '0' && c <= '9') ++digits;
    else if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ++punct;
  }
  row[punct_share] = visible ? static_cast<double>(punct) / visible : 0;
  row[digit_share] = visible ? static_cast<double>(digits) / visible : 0;
  std::string_view t = text;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\n')) t.remove_suffix(1);
  bool ends = !t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == '?' || t.back() == ':');
  ends = ends || t.ends_with("\xE3\x80\x82") || t.ends_with("\xEF\xBC\x81") || t.ends_with("\xEF\xBC\x9F");
  row[ends_sentence] = ends ? 1 : 0;
}

// A paragraph of prose: long, few links. Captions, bylines, datelines and
// related lists sit before, after or between such paragraphs; how far a
// block is from them says more than its length alone.
bool long_prose(const double* row) {
  return row[kind] == static_cast<double>(BlockKind::paragraph) && row[chars] >= 150 && row[link_density] < 0.2;
}

// Where a block stands against the page's prose: the blocks to the nearest
// long paragraph before and after it (at most kFar) and the share of the
// long paragraphs' characters after and before it. Trailing bylines,
// related lists and captions between paragraphs differ from the article's
// own short paragraphs there, on any page and in any language.
void add_prose_features(std::size_t n, double* rows) {
  auto at = [&](std::size_t i, std::size_t f) -> double& { return rows[i * kBlockFeatureCount + f]; };
  double long_total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (long_prose(&rows[i * kBlockFeatureCount])) long_total += at(i, chars);
  }
  constexpr double kFar = 50;
  double long_before_chars = 0;
  std::ptrdiff_t last_long = -1;
  for (std::size_t i = 0; i < n; ++i) {
    const auto here = static_cast<std::ptrdiff_t>(i);
    at(i, since_long) = last_long >= 0 ? std::min<double>(static_cast<double>(here - last_long), kFar) : -1;
    const bool is_long = long_prose(&rows[i * kBlockFeatureCount]);
    at(i, long_before) = long_total > 0 ? long_before_chars / long_total : -1;
    if (is_long) long_before_chars += at(i, chars);
    at(i, long_after) = long_total > 0 ? (long_total - long_before_chars) / long_total : -1;
    if (is_long) last_long = here;
  }
  std::ptrdiff_t next_long = -1;
  for (std::size_t i = n; i-- > 0;) {
    const auto here = static_cast<std::ptrdiff_t>(i);
    at(i, until_long) = next_long >= 0 ? std::min<double>(static_cast<double>(next_long - here), kFar) : -1;
    if (long_prose(&rows[i * kBlockFeatureCount])) next_long = here;
  }
}

}  // namespace

// Features of a block's context, from the other features of its page's
// rows: what surrounds a block tells a paragraph in the article from one in
// a teaser list or a footer better than the block alone. Missing
// neighbours read -1.
void add_block_context_features(std::size_t n, double* rows, const std::uint8_t* wanted) {
  auto at = [&](std::size_t i, std::size_t f) -> double& { return rows[i * kBlockFeatureCount + f]; };
  auto near = [&](std::size_t i, std::ptrdiff_t k, std::size_t f) {
    const std::ptrdiff_t j = static_cast<std::ptrdiff_t>(i) + k;
    return j >= 0 && j < static_cast<std::ptrdiff_t>(n) ? at(static_cast<std::size_t>(j), f) : -1.0;
  };
  // The page: its median block length, its link density and the share of
  // its characters the rules keep, both weighed by characters.
  std::vector<double> lengths(n);
  double total = 0, linked = 0, kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    lengths[i] = at(i, chars);
    total += at(i, chars);
    linked += at(i, link_density) * at(i, chars);
    kept += at(i, hand_content) * at(i, chars);
  }
  // The median needs only the middle one or two lengths in place, not a
  // sort of them all (a sort per page was 0.7% of a run's time).
  const auto middle = lengths.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(lengths.begin(), middle, lengths.end());
  const double median = n % 2 ? *middle : (*std::max_element(lengths.begin(), middle) + *middle) / 2;
  const double page_link = total > 0 ? linked / total : 0;
  double before = 0;
  std::ptrdiff_t last_heading = -1;
  std::size_t run_begin = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (wanted == nullptr || wanted[i]) {
      for (std::ptrdiff_t k : {-2, 2}) {
        const std::size_t base = k < 0 ? prev2_content : next2_content;
        at(i, base) = near(i, k, hand_content);
        at(i, base + 1) = near(i, k, chars);
        at(i, base + 2) = near(i, k, link_density);
        at(i, base + 3) = near(i, k, kind);
      }
      at(i, prev_link) = near(i, -1, link_density);
      at(i, prev_in_main) = near(i, -1, in_main_content);
      at(i, prev_rep_block) = near(i, -1, rep_block_share);
      at(i, next_link) = near(i, 1, link_density);
      at(i, next_in_main) = near(i, 1, in_main_content);
      at(i, next_rep_block) = near(i, 1, rep_block_share);
      // The rules' labels on the three blocks either side.
      double others = 0, others_kept = 0, around = 0, around_kept = 0;
      for (std::size_t j = i >= 3 ? i - 3 : 0; j < std::min(n, i + 4); ++j) {
        if (j == i) continue;
        others += 1;
        others_kept += at(j, hand_content);
        around += at(j, chars);
        around_kept += at(j, hand_content) * at(j, chars);
      }
      at(i, window_content) = others > 0 ? others_kept / others : -1;
      at(i, window_content_chars) = around > 0 ? around_kept / around : -1;
      at(i, chars_over_median) = at(i, chars) / std::max(median, 1.0);
      at(i, link_over_page) = at(i, link_density) - page_link;
      at(i, text_before) = total > 0 ? before / total : 0;
      at(i, page_kept_share) = total > 0 ? kept / total : 0;
      at(i, since_heading) =
          last_heading >= 0 ? static_cast<double>(static_cast<std::ptrdiff_t>(i) - last_heading) : -1;
    }
    before += at(i, chars);
    if (at(i, kind) == static_cast<double>(BlockKind::heading)) last_heading = static_cast<std::ptrdiff_t>(i);
    // The run of blocks of the same kind the block is in (list items of a
    // menu, cells of a table, paragraphs of a text).
    if (i + 1 == n || at(i + 1, kind) != at(i, kind)) {
      for (std::size_t j = run_begin; j <= i; ++j) at(j, kind_run) = static_cast<double>(i + 1 - run_begin);
      run_begin = i + 1;
    }
  }
  add_prose_features(n, rows);
}


BlockFeatureRows::BlockFeatureRows(const BlockFeatureInput& in, const std::vector<Decision>& hand)
    : in_(in), hand_(hand) {
  const Document& doc = in.doc;
  const std::size_t n = doc.blocks.size();
  main_first_ = n;
  main_end_ = 0;
  for (std::uint32_t r : in.main.roots) {
    main_first_ = std::min<std::size_t>(main_first_, doc.elements[r].block_begin);
    main_end_ = std::max<std::size_t>(main_end_, doc.elements[r].block_end);
  }
  // The headline the rules found, else the page's first h1.
  headline_ = in.headline;
  if (headline_ >= n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (doc.blocks[i].heading_level == 1) {
        headline_ = i;
        break;
      }
    }
  }
  chars_before_.assign(n + 1, 0);
  link_before_.assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) {
    chars_before_[k + 1] = chars_before_[k] + doc.blocks[k].chars;
    link_before_[k + 1] = link_before_[k] + doc.blocks[k].link_chars;
  }
  have_counts_ = in.counted && in.site.table != nullptr && in.site.pages > 0;
}

void BlockFeatureRows::row(std::size_t i, double* row, bool full) const {
  const BlockFeatureInput& in = in_;
  const std::vector<Decision>& hand = hand_;
  const Document& doc = in.doc;
  const std::size_t n = doc.blocks.size();
  const std::size_t main_first = main_first_, main_end = main_end_, headline = headline_;
  const Block& b = doc.blocks[i];
  const Decision& d = hand[i];
  // The page's count of the block's hash, as a share of its pages.
  auto block_share = [&] {
    const BlockFingerprints& fp = in.fingerprints[i];
    if (!have_counts_ || fp.block == 0) return 0.0;
    const BlockSiteCounts* known = in.known_counts != nullptr ? &(*in.known_counts)[i] : nullptr;
    const std::uint32_t c = known && known->block_known ? known->block : in.site.table->counts.get(fp.block);
    return c / static_cast<double>(in.site.pages);
  };
  if (!full) {
    // Only the values add_block_context_features reads of a neighbour; the
    // row's others are left as they were, as nothing reads them. Two thirds
    // of the rows are such, and writing all of them was a third of the
    // features' cost.
    row[hand_content] = d.label == Label::content ? 1 : 0;
    row[chars] = b.chars;
    row[link_density] = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
    row[kind] = static_cast<double>(b.kind);
    row[in_main_content] = 0;
    for (std::uint32_t r : in.main.roots) {
      if (b.element >= r && b.element <= doc.elements[r].subtree_end) row[in_main_content] = 1;
    }
    row[rep_block_share] = block_share();
    return;
  }
  std::fill(row, row + kBlockFeatureCount, 0.0);
  row[hand_content] = d.label == Label::content ? 1 : 0;
  if (F r = reason_feature(d.reason, d.label); r != kCount) row[r] = 1;
  row[chars] = b.chars;
  row[tokens] = static_cast<double>(in.fingerprints[i].counts.tokens);
  row[link_density] = b.chars ? static_cast<double>(b.link_chars) / b.chars : 0;
  text_shape(b.text, row);
  row[kind] = static_cast<double>(b.kind);
  row[heading_level] = b.heading_level;
  row[in_list] = (b.structure & kInList) ? 1 : 0;
  row[in_table] = (b.structure & kInTable) ? 1 : 0;
  row[in_figure] = (b.structure & kInFigure) ? 1 : 0;
  row[in_quote] = (b.structure & kInQuote) ? 1 : 0;
  row[in_pre] = (b.structure & kInPre) ? 1 : 0;
  row[in_header] = (b.structure & kInHeader) ? 1 : 0;
  row[in_footer] = (b.structure & kInFooter) ? 1 : 0;
  row[in_nav] = (b.structure & kInNav) ? 1 : 0;
  row[in_aside] = (b.structure & kInAside) ? 1 : 0;
  row[in_form] = (b.structure & (kInForm | kInDialog)) ? 1 : 0;
  row[in_article] = (b.structure & kInArticle) ? 1 : 0;
  row[in_main] = (b.structure & kInMain) ? 1 : 0;
  row[in_link] = (b.structure & kInLink) ? 1 : 0;
  row[line_break] = b.line_break_before ? 1 : 0;
  row[hint_chrome] = (b.hints & kChromeHints) ? 1 : 0;
  row[hint_content] = (b.hints & kHintContent) ? 1 : 0;
  row[hint_meta] = (b.hints & kHintMeta) ? 1 : 0;
  row[hint_article_body] = (b.hints & kHintArticleBody) ? 1 : 0;
  row[after_image] = (b.structure & kAfterImage) ? 1 : 0;
  row[hint_caption] = (b.hints & kHintCaption) ? 1 : 0;
  row[named_polarity] = nearest_named_polarity(doc, b.element);

  row[has_main] = in.main.roots.empty() ? 0 : 1;
  row[main_depth] = -1;
  for (std::uint32_t r : in.main.roots) {
    if (b.element >= r && b.element <= doc.elements[r].subtree_end) {
      row[in_main_content] = 1;
      row[main_depth] = static_cast<double>(doc.elements[b.element].depth) - doc.elements[r].depth;
    }
  }
  row[main_distance] = in.main.roots.empty() ? -1 : main_distance_of(doc, in.main.roots, b.element);
  row[pos_page] = n > 1 ? static_cast<double>(i) / (n - 1) : 0;
  row[pos_main] = main_end > main_first
                      ? (static_cast<double>(i) - static_cast<double>(main_first)) / (main_end - main_first)
                      : -1;

  if (have_counts_) {
    row[counted] = 1;
    const BlockFingerprints& fp = in.fingerprints[i];
    const double pages = in.site.pages;
    const BlockSiteCounts* known = in.known_counts != nullptr ? &(*in.known_counts)[i] : nullptr;
    row[rep_block_share] = block_share();
    double max_share = 0, sum = 0;
    if (known && known->shingles_known) {
      // Division is monotonic, so the largest share is the largest count's.
      max_share = known->shingle_max / pages;
      sum = known->shingle_share_sum;
    } else {
      for (std::uint64_t s : fp.shingles) {
        const double share = in.site.table->counts.get(s) / pages;
        max_share = std::max(max_share, share);
        sum += share;
      }
    }
    row[rep_shingle_max] = max_share;
    row[rep_shingle_mean] = fp.shingles.empty() ? 0 : sum / fp.shingles.size();
  }

  row[prev_content] = i > 0 ? (hand[i - 1].label == Label::content ? 1 : 0) : -1;
  row[next_content] = i + 1 < n ? (hand[i + 1].label == Label::content ? 1 : 0) : -1;
  row[prev_chars] = i > 0 ? static_cast<double>(doc.blocks[i - 1].chars) : -1;
  row[next_chars] = i + 1 < n ? static_cast<double>(doc.blocks[i + 1].chars) : -1;
  row[prev_kind] = i > 0 ? static_cast<double>(doc.blocks[i - 1].kind) : -1;
  row[next_kind] = i + 1 < n ? static_cast<double>(doc.blocks[i + 1].kind) : -1;
  row[headline_dist] = headline < n ? static_cast<double>(i) - static_cast<double>(headline) : kNoHeadline;
  const std::uint64_t page_chars = chars_before_.back();
  row[chars_share_page] = page_chars ? static_cast<double>(b.chars) / page_chars : 0;
  const Element& el = doc.elements[b.element];
  const Element& parent = doc.elements[el.parent];
  row[siblings] = parent.block_end - parent.block_begin;
  auto link_share = [&](const Element& e) {
    const std::uint64_t c = chars_before_[e.block_end] - chars_before_[e.block_begin];
    return c ? static_cast<double>(link_before_[e.block_end] - link_before_[e.block_begin]) / c : 0.0;
  };
  row[parent_link_density] = link_share(parent);
  row[grandparent_link_density] = link_share(doc.elements[parent.parent]);
}

void compute_block_features(const BlockFeatureInput& in, const std::vector<Decision>& hand,
                            std::vector<double>& rows) {
  const std::size_t n = in.doc.blocks.size();
  rows.assign(n * kBlockFeatureCount, 0.0);
  if (n == 0) return;
  const BlockFeatureRows features(in, hand);
  for (std::size_t i = 0; i < n; ++i) features.row(i, &rows[i * kBlockFeatureCount]);
  add_block_context_features(n, rows.data());
  std::vector<double> scratch;
  add_block_site_features(in, n, rows.data(), scratch);
}

namespace {

// The share of a block's shingles (its block hash when it has none) that
// another block of the same page holds too: a gallery repeats its
// captions, a teaser list the headlines of the page's other boxes, while
// an article's paragraphs are each said once.
//
// One open-addressed table of the page's keys, each with the first block
// that holds it and whether another block does too: sorting the
// (key, block) pairs and allocating them per page was 4% of a run's
// instructions.
struct PageKeySlot {
  std::uint64_t key;
  std::uint32_t block;  // first holder + 1; 0: the slot is free
  std::uint32_t shared; // a second block holds the key
};

template <typename Fn>
void for_each_page_key(const BlockFingerprints& fp, Fn&& fn) {
  if (fp.shingles.empty()) {
    if (fp.block != 0) fn(fp.block);
  } else {
    for (std::uint64_t s : fp.shingles) fn(s);
  }
}

void add_page_duplicate_feature(const BlockFeatureInput& in, std::size_t n, double* rows,
                                const std::uint8_t* wanted) {
  std::size_t keys = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const BlockFingerprints& fp = in.fingerprints[i];
    keys += fp.shingles.empty() ? (fp.block != 0 ? 1 : 0) : fp.shingles.size();
  }
  // At most half full. Winnowed hashes are window minima, biased towards
  // small values: a multiplicative hash takes the slot from the top bits.
  unsigned bits = 4;
  while ((std::size_t{1} << bits) < 2 * keys) ++bits;
  thread_local std::vector<PageKeySlot> table;
  thread_local std::vector<std::uint32_t> slot_at;  // per key in page order: its slot
  table.assign(std::size_t{1} << bits, PageKeySlot{0, 0, 0});
  slot_at.resize(keys);
  const std::size_t mask = table.size() - 1;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto holder = static_cast<std::uint32_t>(i + 1);
    for_each_page_key(in.fingerprints[i], [&](std::uint64_t key) {
      std::size_t at = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> (64 - bits));
      while (table[at].block != 0 && table[at].key != key) at = (at + 1) & mask;
      PageKeySlot& s = table[at];
      if (s.block == 0) {
        s.key = key;
        s.block = holder;
      } else if (s.block != holder) {
        s.shared = 1;
      }
      slot_at[k++] = static_cast<std::uint32_t>(at);
    });
  }
  k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const BlockFingerprints& fp = in.fingerprints[i];
    const std::size_t total = fp.shingles.empty() ? (fp.block != 0 ? 1 : 0) : fp.shingles.size();
    if (wanted != nullptr && !wanted[i]) {
      k += total;
      continue;
    }
    std::uint32_t dup = 0;
    for (std::size_t j = 0; j < total; ++j) dup += table[slot_at[k++]].shared;
    rows[i * kBlockFeatureCount + page_dup_share] = total ? static_cast<double>(dup) / total : 0;
  }
}

}  // namespace

// Cross-page container features. Article text is on one page of a site
// and template text on many: the element that holds a page's unique text
// is where its article is, even on a template era whose every page the
// text-mass search gets wrong alike.
void add_block_site_features(const BlockFeatureInput& in, std::size_t n, double* rows,
                             std::vector<double>& scratch, const std::uint8_t* wanted) {
  if (n == 0) return;
  add_page_duplicate_feature(in, n, rows, wanted);
  if (!in.counted || in.site.table == nullptr || in.site.pages == 0) return;
  const Document& doc = in.doc;
  const CountTable& counts = in.site.table->counts;
  auto at = [&](std::size_t i, std::size_t f) -> double& { return rows[i * kBlockFeatureCount + f]; };
  const std::size_t ne = doc.elements.size();
  // scratch: [0, n] unique characters before block i, [n + 1, 2n + 1] all
  // characters, then per element the largest container share on its path.
  scratch.assign(2 * (n + 1) + ne, 0.0);
  double* uniq = scratch.data();
  double* all = uniq + n + 1;
  double* path_share = all + n + 1;
  for (std::size_t i = 0; i < n; ++i) {
    const BlockFingerprints& fp = in.fingerprints[i];
    const BlockSiteCounts* known = in.known_counts != nullptr ? &(*in.known_counts)[i] : nullptr;
    bool unique = false;
    if (fp.block != 0) {
      const std::uint32_t c = known && known->block_known ? known->block : counts.get(fp.block);
      unique = c <= 1;
      if (unique && known && known->shingles_known) {
        unique = known->shingle_max <= 1;
      } else if (unique) {
        for (std::uint64_t sh : fp.shingles) unique = unique && counts.get(sh) <= 1;
      }
    }
    const double chars = doc.blocks[i].chars;
    uniq[i + 1] = uniq[i] + (unique ? chars : 0.0);
    all[i + 1] = all[i] + chars;
  }
  const double total_unique = uniq[n];
  auto unique_in = [&](const Element& el) { return uniq[el.block_end] - uniq[el.block_begin]; };
  auto chars_in = [&](const Element& el) { return all[el.block_end] - all[el.block_begin]; };

  // The element where unique text outweighs the rest the most; ties to the
  // deeper one.
  std::uint32_t best = 0;
  double best_score = 0;
  const CountTable& containers = in.site.table->containers;
  const double pages = in.site.pages;
  for (std::uint32_t e = 1; e < ne; ++e) {
    const Element& el = doc.elements[e];
    double share = 0.0;
    if (in.container_counts != nullptr) share = (*in.container_counts)[e] / pages;
    else if (containers.size() != 0) share = containers.get(element_signature(doc, e)) / pages;
    path_share[e] = std::max(share, el.parent < e ? path_share[el.parent] : 0.0);
    if (el.block_end <= el.block_begin) continue;
    const double score = 2 * unique_in(el) - chars_in(el);
    if (score > best_score || (best != 0 && score == best_score && el.depth > doc.elements[best].depth)) {
      best = e;
      best_score = score;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (wanted != nullptr && !wanted[i]) continue;
    const Block& b = doc.blocks[i];
    at(i, site_container_share) = path_share[b.element];
    if (total_unique <= 0) continue;
    std::uint32_t e = b.element;
    for (int up = 0; up < 64 && e != 0 && doc.elements[e].name_hash == 0; ++up) e = doc.elements[e].parent;
    if (e != 0 && doc.elements[e].name_hash != 0) {
      const Element& named = doc.elements[e];
      at(i, named_unique_share) = chars_in(named) > 0 ? unique_in(named) / chars_in(named) : 0;
      at(i, named_holds_unique) = unique_in(named) / total_unique;
    } else {
      at(i, named_unique_share) = -1;
      at(i, named_holds_unique) = -1;
    }
    at(i, parent_holds_unique) = unique_in(doc.elements[doc.elements[b.element].parent]) / total_unique;
    if (best != 0) {
      const Element& core = doc.elements[best];
      at(i, in_unique_container) = b.element >= best && b.element <= core.subtree_end ? 1 : 0;
      at(i, unique_container_holds) = unique_in(core) / total_unique;
    }
  }
}

}  // namespace winnow
