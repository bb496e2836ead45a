#include "classify/classifier.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "classify/block_features.hpp"
#include "classify/block_model.hpp"
#include "classify/main_content.hpp"
#include "classify/rule_pack.hpp"
#include "classify/site_selectors.hpp"

namespace winnow {
namespace {

using html::Tag;

// Rule packs apply to short blocks: an appeal or a share bar is a sentence
// or two, an article paragraph quoting such words is longer.
constexpr std::uint32_t kRuleMaxChars = 300;
constexpr std::uint32_t kNegativeHints = kChromeNameHints | kHintHidden;
constexpr std::string_view kHeadlineReason = "headline before main content";
constexpr std::string_view kLeadReason = "standfirst before main content";
constexpr std::string_view kDeclaredReason = "declared in structured data";
// How far up from a block its own chrome markers are looked for.
constexpr int kMaxAncestorWalk = 64;
constexpr std::uint32_t kDatelineMaxChars = 40;
// Share of link text above which a block is a link (0.5: trafilatura −0.0007,
// readability −0.0005; 0.7 and 0.65 lower again, docs/classification.md).
constexpr double kLinkDensityMax = 0.6;
// Shortest paragraph taken as an article's standfirst.
constexpr std::uint32_t kLeadMinChars = 80;
// A paragraph this long under a linked heading is the section it heads.
constexpr std::uint32_t kSectionMinChars = 300;
// Blocks of a teaser card: heading, excerpt, a date or a label or two.
constexpr std::uint32_t kTeaserCardMaxBlocks = 4;
// Share of an element's text that cross-page repetition must remove before
// the element counts as a repeated template part.
constexpr double kRepeatedContainerShare = 0.5;

std::string format_share(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string_view hint_name(std::uint32_t hints) {
  if (hints & kHintCookie) return "cookie";
  if (hints & kHintNewsletter) return "newsletter";
  if (hints & kHintShare) return "share";
  if (hints & kHintPopup) return "popup";
  if (hints & kHintComment) return "comment";
  if (hints & kHintRelated) return "related";
  if (hints & kHintPromo) return "promo";
  if (hints & kHintAuthorBox) return "author box";
  if (hints & kHintHidden) return "hidden";
  if (hints & kHintNavigation) return "navigation";
  if (hints & kHintFooter) return "footer";
  if (hints & kHintSidebar) return "sidebar";
  return "chrome";
}

// A short paragraph of its own that is mostly numbers ("23.10.2018",
// "11 Jan 2019", "05:28 Uhr") is a dateline or counter: page furniture in
// any language. Table cells and list items keep theirs (schedules, data).
bool standalone_dateline(const Block& b, const TokenCounts& tokens) {
  if (b.chars > kDatelineMaxChars || b.kind != BlockKind::paragraph) return false;
  if (b.structure & (kInTable | kInList | kInPre)) return false;
  if (tokens.tokens == 0 || tokens.tokens > 6) return false;
  // A lone small number is a step or a rank ("Step 1", "2. Norway"); a
  // date has two numbers or a year.
  return (tokens.numeric >= 2 || tokens.long_number) && tokens.numeric * 2 >= tokens.tokens;
}

// A paragraph of prose: not a heading, list or table, few links, no
// chrome name on its ancestors, and not template text of the site.
bool lead_paragraph(const Block& b, std::uint8_t repeated) {
  if (repeated != 0 || b.kind != BlockKind::paragraph || b.chars < kLeadMinChars) return false;
  if (b.structure & (kInNav | kInFooter | kInAside | kInForm | kInDialog | kInList | kInTable)) return false;
  if (b.hints & (kNegativeHints | kHintMeta)) return false;
  return b.link_chars * 5 <= b.chars;
}

// 4.1 A heading is exempt from link density (headlines link to their own
// page), except a subheading that is wholly a link to another page with no
// long paragraph under it: the title of a teaser card. An in-page anchor
// ("#setup") is a section heading; a long paragraph under the link is the
// section it names (a list article of products).
bool teaser_heading(const Document& doc, std::size_t i) {
  const Block& b = doc.blocks[i];
  if (b.heading_level < 2 || !(b.structure & kInLink) || (b.structure & kInPageLink)) return false;
  if (i + 1 < doc.blocks.size()) {
    const Block& next = doc.blocks[i + 1];
    if (next.kind == BlockKind::paragraph && next.chars >= kSectionMinChars && next.link_chars * 2 < next.chars)
      return false;
  }
  return true;
}

// "repeated on C of P pages of SITE", in the classifier's storage: a block
// the site repeats gets this reason on every page.
std::string_view repeated_reason(TextArena& texts, std::string_view prefix, std::uint32_t count,
                                 std::uint32_t pages, std::string_view site) {
  char numbers[32];
  char* end = std::to_chars(numbers, numbers + 10, count).ptr;
  end = std::copy_n(" of ", 4, end);
  end = std::to_chars(end, numbers + sizeof numbers, pages).ptr;
  const std::string_view counts(numbers, static_cast<std::size_t>(end - numbers));
  return texts.join({prefix, "repeated on ", counts, " pages of ", site});
}

}  // namespace

// The block model: the embedded one, or a file named in the options (read
// once per classifier). A file that cannot be used is the caller's error,
// not a silent fall-back to the rules alone.
Classifier::Classifier(const Options& options) : options_(options) {
  if (!options_.block_model) return;
  model_ = &BlockModel::builtin();
  if (options_.block_model_file.empty()) return;
  model_file_ = std::make_unique<BlockModel>();
  std::string error;
  if (!BlockModel::load(options_.block_model_file, *model_file_, error)) throw std::invalid_argument(error);
  model_ = model_file_.get();
}

Classifier::~Classifier() = default;

std::uint32_t Classifier::repeat_threshold(std::uint32_t pages) const {
  auto share = static_cast<std::uint32_t>(std::ceil(options_.min_repeat_share * pages));
  return std::max(options_.min_repeat_pages, share);
}

// Moves [begin, end) outwards by at most winnow_window - 1 tokens on each
// side, to the block's start/end or to a sentence boundary, whichever is
// nearest; leaves a side alone when neither is in reach.
void Classifier::extend_span(std::string_view text, const std::vector<Token>& tokens, std::size_t& begin,
                             std::size_t& end) const {
  const std::size_t reach = options_.winnow_window > 0 ? options_.winnow_window - 1 : 0;
  auto sentence_end_between = [&](std::size_t from_byte, std::size_t to_byte) {
    std::string_view gap = text.substr(from_byte, to_byte - from_byte);
    return gap.find_first_of(".!?:;|") != std::string_view::npos ||
           gap.find("\xE3\x80\x82") != std::string_view::npos;  // ideographic full stop
  };
  if (begin <= reach) {
    begin = 0;
  } else {
    for (std::size_t step = 0; step <= reach; ++step) {
      std::size_t t = begin - step;  // candidate start: is there a sentence end before it?
      if (sentence_end_between(tokens[t - 1].end, tokens[t].begin)) {
        begin = t;
        break;
      }
    }
  }
  if (tokens.size() - end <= reach) {
    end = tokens.size();
  } else {
    for (std::size_t t = end; t <= end + reach && t < tokens.size(); ++t) {
      if (sentence_end_between(tokens[t - 1].end, tokens[t].begin)) {
        end = t;
        break;
      }
    }
  }
}

void Classifier::look_up_counts(const std::vector<BlockFingerprints>& fps, std::size_t blocks, const SiteTable& table,
                                std::uint32_t threshold) {
  keys_.clear();
  for (std::size_t i = 0; i < blocks; ++i) keys_.push_back(fps[i].block);
  block_counts_.resize(blocks);
  table.counts.get_each(keys_, block_counts_.data());
  // Blocks repeated whole are not trimmed: their shingles are not needed.
  keys_.clear();
  shingle_at_.resize(blocks);
  for (std::size_t i = 0; i < blocks; ++i) {
    shingle_at_[i] = keys_.size();
    const bool whole = fps[i].block == 0 || (block_counts_[i] >= threshold && !mostly_numeric(fps[i].counts));
    if (!whole) keys_.insert(keys_.end(), fps[i].shingles.begin(), fps[i].shingles.end());
  }
  shingle_counts_.resize(keys_.size());
  table.counts.get_each(keys_, shingle_counts_.data());
}

bool Classifier::trim_repeated(const Block& block, const BlockFingerprints& fp, const std::uint32_t* shingle_counts,
                               const SiteEvidence& site, Decision& decision, BlockSiteCounts& counts) {
  const std::uint32_t k = options_.shingle_words;
  counts.shingles_known = true;
  if (fp.shingles.empty()) return false;
  const std::uint32_t threshold = repeat_threshold(site.pages);
  const std::size_t token_count = fp.counts.tokens;
  covered_.assign(token_count, 0);
  std::uint32_t max_count = 0;
  std::int64_t last_hit = -1;
  const double pages = site.pages;
  std::uint32_t most = 0;
  double share_sum = 0;
  for (std::size_t i = 0; i < fp.shingles.size(); ++i) {
    const std::uint32_t c = shingle_counts[i];
    most = std::max(most, c);
    share_sum += c / pages;
    if (c < threshold) continue;
    max_count = std::max(max_count, c);
    // Winnowing keeps one hash per window, so repeated positions within a
    // window of each other belong to one repeated span: fill the gap.
    std::size_t from = (last_hit >= 0 && i - static_cast<std::size_t>(last_hit) <= options_.winnow_window)
                           ? static_cast<std::size_t>(last_hit)
                           : i;
    for (std::size_t t = from; t < i + k && t < token_count; ++t) covered_[t] = 1;
    last_hit = static_cast<std::int64_t>(i);
  }
  counts.shingle_max = most;
  counts.shingle_share_sum = share_sum;
  if (max_count == 0) return false;
  const std::vector<Token>* tokens = &fp.tokens;
  if (tokens->size() != token_count) {
    tokenize(block.text, tokens_, token_scratch_);
    tokens = &tokens_;
  }

  // Cut every covered run of at least min_trim_tokens tokens.
  std::string& kept = kept_;
  kept.clear();
  std::size_t kept_tokens = 0, cut_tokens = 0, text_pos = 0;
  for (std::size_t t = 0; t < token_count;) {
    if (!covered_[t]) {
      ++kept_tokens;
      ++t;
      continue;
    }
    std::size_t end = t;
    while (end < token_count && covered_[end]) ++end;
    if (end - t >= options_.min_trim_tokens) {
      // Winnowing may miss up to w-1 tokens at either edge of a shared span;
      // extend over them when that reaches the block's edge or a sentence end.
      extend_span(block.text, *tokens, t, end);
      kept.append(block.text, text_pos, (*tokens)[t].begin - text_pos);
      text_pos = end < token_count ? (*tokens)[end].begin : block.text.size();
      if (!kept.empty() && kept.back() != ' ') kept.push_back(' ');
      cut_tokens += end - t;
    } else {
      kept_tokens += end - t;
    }
    t = end;
  }
  if (cut_tokens == 0) return false;
  kept.append(block.text, text_pos, std::string::npos);
  // What is left is judged on its own; a few stray tokens are the glue.
  if (kept_tokens < 4) {
    decision.label = Label::chrome;
    decision.reason = repeated_reason(texts_, {}, max_count, site.pages, site.site);
    return true;
  }
  while (!kept.empty() && kept.back() == ' ') kept.pop_back();
  std::size_t lead = kept.find_first_not_of(' ');
  decision.text = lead == std::string::npos ? std::string_view() : texts_.join({std::string_view(kept).substr(lead)});
  decision.reason = repeated_reason(texts_, "trimmed span ", max_count, site.pages, site.site);
  return false;
}

std::string_view Classifier::structural_reason(const Document& doc, const Block& block,
                                               std::uint32_t stop_at) const {
  std::uint32_t e = block.element;
  for (int level = 0; level < kMaxAncestorWalk && e != 0 && e != stop_at; ++level) {
    const Element& el = doc.elements[e];
    switch (el.tag) {
      case Tag::nav: case Tag::menu: return "nav element";
      case Tag::footer: return "footer element";
      case Tag::aside: return "aside element";
      case Tag::dialog: return "dialog element";
      case Tag::select: case Tag::option: case Tag::button: case Tag::textarea: case Tag::label:
        return "form control";
      default: break;
    }
    // The nearest ancestor that names its purpose decides.
    if (el.hints & kHintArticleBody) return {};
    if ((el.hints & kNegativeHints) && (!(el.hints & kHintContent) || (el.hints & kHintQualifiedChrome)))
      return hint_name(el.hints);
    e = el.parent;
  }
  return {};
}

void Classifier::classify(const Document& doc, bool is_html, const std::vector<BlockFingerprints>& fps,
                          const SiteEvidence& site, std::vector<Decision>& out, const MainContent* page_main) {
  out.assign(doc.blocks.size(), Decision{});
  texts_.reset();
  const bool counted = site.table != nullptr && options_.use_site_counts &&
                       site.pages >= options_.min_site_pages;
  const std::uint32_t threshold = counted ? repeat_threshold(site.pages) : 0;
  RulePack::Matcher& rules = is_html ? html_rules_ : text_rules_;
  // A page without blocks matches nothing: an empty input compiles no sets.
  if (!rules && !doc.blocks.empty()) {
    rules = RulePack::Matcher(RulePack::builtin(), is_html ? RulePack::Layout::split : RulePack::Layout::single);
  }

  // 1. Cross-page repetition: the whole block, then spans inside it.
  repeated_.assign(doc.blocks.size(), 0);
  site_counts_.assign(doc.blocks.size(), BlockSiteCounts{});
  if (counted) look_up_counts(fps, doc.blocks.size(), *site.table, threshold);
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    Decision& d = out[i];
    d.text = b.text;
    if (!counted || fps[i].block == 0) continue;
    std::uint32_t c = block_counts_[i];
    site_counts_[i].block = c;
    site_counts_[i].block_known = true;
    if (c >= threshold && !mostly_numeric(fps[i].counts)) {
      d.label = Label::chrome;
      d.reason = repeated_reason(texts_, {}, c, site.pages, site.site);
      repeated_[i] = 1;
    } else if (trim_repeated(b, fps[i], shingle_counts_.data() + shingle_at_[i], site, d, site_counts_[i])) {
      repeated_[i] = 1;
    } else if (d.text.size() != b.text.size()) {
      repeated_[i] = 2;
    }
  }
  // 2. The container is first searched on the page's own evidence.
  MainContent main;
  if (is_html) main = page_main != nullptr ? *page_main : find_main_content(doc, scratch_scores_);

  // 1.1 When the site repeats most of the container's text, either the
  // search landed on template (a notice beside a two-paragraph story) or
  // the page is a copy (a syndicated story, a page series, unrelated pages
  // grouped by directory). Pages of one host share a template: search again
  // with repeated text weighing against a container, as chrome structure
  // does. Pages grouped by a plain directory may be copies: the counts then
  // say nothing about what is chrome inside the container.
  if (counted && !main.roots.empty()) {
    std::uint64_t inside = 0, removed = 0;
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
      const Block& b = doc.blocks[i];
      if (!main.contains(doc, b)) continue;
      inside += b.text.size();
      if (repeated_[i] == 1) removed += b.text.size();
      if (repeated_[i] == 2) removed += b.text.size() - out[i].text.size();
    }
    if (removed * 2 > inside && site.site_from_url) {
      main = find_main_content(doc, scratch_scores_, repeated_);
    } else if (removed * 2 > inside) {
      for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
        if (repeated_[i] == 0 || !main.contains(doc, doc.blocks[i])) continue;
        out[i] = Decision{Label::content, doc.blocks[i].text, "counts ignored: the site repeats this page's main text"};
        repeated_[i] = 0;
      }
    }
  }

  // 1.2 A named element whose text the site mostly repeats is a template
  // part (a teaser box, a link block): what else it holds on this page is
  // chrome too. Elements around the main container are not judged: they
  // hold the article.
  // 2.4 The site's own choice of container, learned over its pages.
  if (counted && is_html) {
    element_container_counts(doc, site.table->containers, container_counts_);
    if (site.table->containers.size() != 0)
      follow_site_container(doc, container_counts_, threshold, repeated_, main, scratch_scores_);
    flag_shared_blocks(doc, fps, site.table->counts, repeated_, main, shared_);
    mark_repeated_containers(doc, main, out);
  }

  // 2.1 The headline often sits just before the container (in a page
  // header band): the nearest h1/h2 before the container's first block,
  // with nothing long in between, belongs to the article.
  std::size_t headline = doc.blocks.size();
  lead_.assign(doc.blocks.size(), 0);
  if (is_html && !main.roots.empty()) {
    std::size_t first = doc.blocks.size();
    for (std::uint32_t r : main.roots) first = std::min<std::size_t>(first, doc.elements[r].block_begin);
    for (std::size_t back = 1; back <= 8 && back <= first; ++back) {
      const Block& h = doc.blocks[first - back];
      if (h.structure & (kInNav | kInFooter | kInAside | kInForm)) break;
      if (h.chars > 200) {
        // A standfirst between the headline and the container may be long;
        // anything else long ends the search.
        if (!lead_paragraph(h, repeated_[first - back])) break;
        continue;
      }
      if (h.kind == BlockKind::heading && h.heading_level <= 2 && h.link_chars * 2 <= h.chars) {
        headline = first - back;
        break;
      }
    }
    // 2.2 Standfirst: prose between that headline and the container.
    if (headline < first) {
      for (std::size_t i = headline + 1; i < first; ++i) {
        if (lead_paragraph(doc.blocks[i], repeated_[i])) lead_[i] = 1;
      }
    }
  }

  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& b = doc.blocks[i];
    Decision& d = out[i];
    if (repeated_[i] == 1) continue;
    // 2. Outside the main content container.
    std::uint32_t root = 0;
    if (is_html && !main.roots.empty()) {
      if (i == headline) {
        d.reason = kHeadlineReason;
        continue;
      }
      if (lead_[i]) {
        d.reason = kLeadReason;
        continue;
      }
      if (!main.contains(doc, b)) {
        d.label = Label::chrome;
        d.reason = "outside main content";
        continue;
      }
      for (std::uint32_t r : main.roots) {
        if (b.element >= r && b.element <= doc.elements[r].subtree_end) root = r;
      }
    }
    // 3. Structure and names inside the main content.
    if (is_html) {
      std::string_view why = structural_reason(doc, b, root);
      if (!why.empty()) {
        d.label = Label::chrome;
        d.reason = why;
        continue;
      }
    }
    // 4. Link density.
    if (b.chars > 0 && static_cast<double>(b.link_chars) > kLinkDensityMax * b.chars &&
        (b.kind != BlockKind::heading || teaser_heading(doc, i))) {
      d.label = Label::chrome;
      d.reason = texts_.join({b.kind == BlockKind::heading ? "teaser heading, link density " : "link density ",
                              format_share(static_cast<double>(b.link_chars) / b.chars)});
      continue;
    }
    // 5. Rule packs, on short blocks.
    if (b.chars <= kRuleMaxChars) {
      std::string_view rule = rules.match(d.text);
      if (!rule.empty()) {
        d.label = Label::chrome;
        d.reason = texts_.join({"rule ", rule});
        continue;
      }
    }
    // 5.1 Standalone datelines.
    if (standalone_dateline(b, fps[i].counts)) {
      d.label = Label::chrome;
      d.reason = "dateline";
      continue;
    }
    if (d.reason.empty()) d.reason = "content";
  }
  mark_teaser_cards(doc, out);
  smooth(doc, out);
  features_.clear();
  if (!is_html) return;
  apply_model(BlockFeatureInput{doc, fps, site, counted, main, headline, &site_counts_,
                                counted ? &container_counts_ : nullptr},
              out);
  // 8. Text the page declares as its own (declared_text.hpp) is content,
  // whatever the rules and the model made of it.
  if (!doc.meta.json_ld.empty() && declared_.read(doc.meta.json_ld)) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      Decision& d = out[i];
      if (d.label == Label::content || !declared_.declares(doc.blocks[i].text, doc.blocks[i].chars)) continue;
      d.label = Label::content;
      d.text = doc.blocks[i].text;
      d.reason = texts_.join({kDeclaredReason, " over: ", d.reason});
    }
  }
}

// 7. The learned block model (block_model.hpp) sees what the rules saw
// and their labels, and overrules them where it disagrees.
void Classifier::apply_model(const BlockFeatureInput& input, std::vector<Decision>& out) {
  if (model_ == nullptr && !options_.dump_block_features) return;
  if (options_.dump_block_features) {
    compute_block_features(input, out, features_);
    if (model_ != nullptr) apply_block_model(*model_, features_, out, texts_);
    return;
  }
  if (model_->empty()) return;
  // Features and scores only for the blocks the model may overrule: text
  // the site repeats never is, and on a counted site that is much of a page.
  model_blocks_.clear();
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (block_model_may_overrule(out[i])) model_blocks_.push_back(static_cast<std::uint32_t>(i));
  }
  if (model_blocks_.empty()) return;
  // Every block's row feeds its neighbours' context features; only the
  // blocks that are scored need theirs whole.
  const std::size_t n = out.size();
  const BlockFeatureRows features(input, out);
  // Only ever grown: resizing down and up again zero-filled the difference
  // on every page larger than the one before. The rows of blocks not scored
  // keep values of earlier pages where nothing reads them (row(), and
  // add_block_context_features with `wanted`).
  if (model_rows_.size() < n * kBlockFeatureCount) model_rows_.resize(n * kBlockFeatureCount);
  model_kept_.assign(n, 0);
  for (std::uint32_t i : model_blocks_) model_kept_[i] = 2;
  for (std::size_t i = 0; i < n; ++i) features.row(i, &model_rows_[i * kBlockFeatureCount], model_kept_[i] == 2);
  // model_kept_ is 2 for the blocks scored, 0 for the others, until below:
  // the other rows need no context or site features.
  add_block_context_features(n, model_rows_.data(), model_kept_.data());
  add_block_site_features(input, n, model_rows_.data(), model_site_scratch_, model_kept_.data());
  for (std::size_t i = 0; i < n; ++i) model_kept_[i] = out[i].label == Label::content;
  model_scores_.resize(n);
  model_->decide_all(model_rows_.data(), model_blocks_.data(), model_blocks_.size(), model_kept_.data(),
                     model_scores_.data(), model_open_);
  // Every row is computed before any label changes: the features read the
  // neighbours' labels as the rules left them.
  for (std::uint32_t i : model_blocks_) overrule_by_score(*model_, model_scores_[i], out[i], texts_);
}

// 4.2 A teaser card is a small element led by a teaser heading: its other
// blocks (the excerpt, a date) go with the heading.
void Classifier::mark_teaser_cards(const Document& doc, std::vector<Decision>& out) const {
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    const Block& h = doc.blocks[i];
    if (h.kind != BlockKind::heading || out[i].label != Label::chrome || !out[i].reason.starts_with("teaser heading"))
      continue;
    // The card: the nearest ancestor of the heading that holds other blocks.
    std::uint32_t e = doc.elements[h.element].parent;
    for (int up = 0; up < 3 && e != 0; ++up, e = doc.elements[e].parent) {
      const Element& el = doc.elements[e];
      if (el.block_end - el.block_begin > 1) break;
    }
    if (e == 0) continue;
    const Element& card = doc.elements[e];
    if (card.block_end - card.block_begin > kTeaserCardMaxBlocks || card.block_begin != i) continue;
    for (std::uint32_t j = card.block_begin; j < card.block_end; ++j) {
      if (out[j].label != Label::content || doc.blocks[j].chars >= kSectionMinChars) continue;
      out[j].label = Label::chrome;
      out[j].reason = "teaser card";
    }
  }
}

void Classifier::mark_repeated_containers(const Document& doc, const MainContent& main,
                                          std::vector<Decision>& out) {
  const std::size_t nb = doc.blocks.size();
  const std::size_t ne = doc.elements.size();
  // Prefix sums over blocks of all characters and of repeated characters.
  chars_total_.assign(nb + 1, 0);
  chars_repeated_.assign(nb + 1, 0);
  for (std::size_t i = 0; i < nb; ++i) {
    const std::uint64_t size = doc.blocks[i].text.size();
    std::uint64_t rep = 0;
    // Blocks the site also shows elsewhere (a teaser on a few pages) weigh
    // as repeated: a box of them is a template part (1.2).
    if (repeated_[i] == 1 || shared_[i]) rep = size;
    else if (repeated_[i] == 2) rep = size - std::min<std::uint64_t>(size, out[i].text.size());
    chars_total_[i + 1] = chars_total_[i] + size;
    chars_repeated_[i + 1] = chars_repeated_[i] + rep;
  }
  // in_repeated_[e]: e or an ancestor qualifies. Pre-order: parents first.
  in_repeated_.assign(ne, 0);
  bool any = false;
  for (std::uint32_t e = 1; e < ne; ++e) {
    const Element& el = doc.elements[e];
    if (in_repeated_[el.parent]) {
      in_repeated_[e] = 1;
      continue;
    }
    if (el.name_hash == 0 || el.block_end <= el.block_begin) continue;
    const std::uint64_t total = chars_total_[el.block_end] - chars_total_[el.block_begin];
    const std::uint64_t rep = chars_repeated_[el.block_end] - chars_repeated_[el.block_begin];
    if (rep == 0 || static_cast<double>(rep) < kRepeatedContainerShare * static_cast<double>(total)) continue;
    bool holds_main = false;
    for (std::uint32_t r : main.roots) holds_main = holds_main || (r >= e && r <= el.subtree_end);
    if (holds_main) continue;
    in_repeated_[e] = 1;
    any = true;
  }
  if (!any) return;
  for (std::size_t i = 0; i < nb; ++i) {
    // A block with a span cut out already had its repeated part judged;
    // what is left (a date glued to an appeal) stands on its own.
    if (repeated_[i] != 0 || !in_repeated_[doc.blocks[i].element]) continue;
    out[i].label = Label::chrome;
    out[i].text = doc.blocks[i].text;
    out[i].reason = "inside a container the site repeats";
    repeated_[i] = 1;
  }
}

// Context: a heading that introduces only chrome is chrome, and a short
// fragment between chrome blocks is chrome — unless it is all the page has
// left (a one-line page is its own content).
void Classifier::smooth(const Document& doc, std::vector<Decision>& out) const {
  const std::size_t n = out.size();
  std::size_t content = 0;
  for (const Decision& d : out) content += d.label == Label::content;
  for (std::size_t i = 0; i < n; ++i) {
    if (out[i].label != Label::content || out[i].reason == kHeadlineReason || out[i].reason == kLeadReason) continue;
    const Block& b = doc.blocks[i];
    bool prev_chrome = i == 0 || out[i - 1].label == Label::chrome;
    bool next_chrome = i + 1 >= n || out[i + 1].label == Label::chrome;
    if (content <= 1) break;
    if (b.kind == BlockKind::heading && next_chrome) {
      out[i].label = Label::chrome;
      out[i].reason = "heading of chrome";
      --content;
    } else if (b.chars < 20 && prev_chrome && next_chrome && b.kind != BlockKind::heading) {
      out[i].label = Label::chrome;
      out[i].reason = "short fragment between chrome";
      --content;
    }
  }
}

}  // namespace winnow
