#include "segment/html_segmenter.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "segment/class_hints.hpp"
#include "segment/whitespace_collapse.hpp"

namespace winnow {
namespace {

using html::Tag;

// Structured-data scripts read per page, and the size of one.
constexpr std::size_t kMaxJsonLd = 8;
constexpr std::size_t kMaxJsonLdBytes = 1 << 20;
// The markup of a noscript fallback, past which it is not read.
constexpr std::size_t kMaxNoscriptBytes = 1 << 20;

// Only an <a> with an href is a link (HTML's hyperlink): a named anchor
// (<a name>, <a id>) marks a place in the page, and an href with the
// "javascript:" scheme runs a script where it is clicked. Their text goes
// nowhere else, so it is not link text. A URL's leading spaces and control
// characters are ignored, and its scheme is read in any case.
bool is_hyperlink_href(std::string_view href) {
  while (!href.empty() && static_cast<unsigned char>(href.front()) <= ' ') href.remove_prefix(1);
  constexpr std::string_view kScript = "javascript:";
  if (href.size() < kScript.size()) return true;
  for (std::size_t i = 0; i < kScript.size(); ++i) {
    const char c = href[i] >= 'A' && href[i] <= 'Z' ? static_cast<char>(href[i] + ('a' - 'A')) : href[i];
    if (c != kScript[i]) return true;
  }
  return false;
}

// Elements that end the current block when they open or close.
constexpr bool is_block_boundary(Tag tag) {
  switch (tag) {
    case Tag::address: case Tag::article: case Tag::aside: case Tag::blockquote:
    case Tag::body: case Tag::button: case Tag::caption: case Tag::center: case Tag::dd:
    case Tag::details: case Tag::dialog: case Tag::div: case Tag::dl: case Tag::dt:
    case Tag::fieldset: case Tag::figcaption: case Tag::figure: case Tag::footer:
    case Tag::form: case Tag::frameset: case Tag::h1: case Tag::h2: case Tag::h3:
    case Tag::h4: case Tag::h5: case Tag::h6: case Tag::head: case Tag::header:
    case Tag::hgroup: case Tag::hr: case Tag::html: case Tag::legend: case Tag::li:
    case Tag::main: case Tag::menu: case Tag::nav: case Tag::ol: case Tag::option:
    case Tag::p: case Tag::pre: case Tag::section: case Tag::select: case Tag::summary:
    case Tag::table: case Tag::tbody: case Tag::td: case Tag::textarea: case Tag::tfoot:
    case Tag::th: case Tag::thead: case Tag::tr: case Tag::ul: case Tag::title:
    case Tag::iframe: case Tag::video: case Tag::audio: case Tag::img: case Tag::listing:
    case Tag::xmp: case Tag::plaintext: case Tag::search:
      return true;
    default:
      return false;
  }
}

constexpr std::uint32_t structure_of_tag(Tag tag) {
  switch (tag) {
    case Tag::nav: case Tag::menu: return kInNav;
    case Tag::header: return kInHeader;
    case Tag::footer: return kInFooter;
    case Tag::aside: return kInAside;
    // <form> itself is not chrome: some frameworks wrap whole pages in one.
    case Tag::select: case Tag::option: case Tag::button: case Tag::label:
    case Tag::textarea: case Tag::search:
      return kInForm;
    case Tag::article: return kInArticle;
    case Tag::main: return kInMain;
    case Tag::ul: case Tag::dl: return kInList;
    case Tag::ol: return kInList | kInOrderedList;
    case Tag::table: return kInTable;
    case Tag::figure: case Tag::figcaption: return kInFigure;
    case Tag::blockquote: return kInQuote;
    case Tag::pre: case Tag::listing: case Tag::xmp: case Tag::plaintext: return kInPre;
    case Tag::dialog: return kInDialog;
    case Tag::address: return kInAddress;
    case Tag::details: return kInDetails;
    default: return 0;
  }
}

constexpr std::uint8_t heading_level_of(Tag tag) {
  switch (tag) {
    case Tag::h1: return 1;
    case Tag::h2: return 2;
    case Tag::h3: return 3;
    case Tag::h4: return 4;
    case Tag::h5: return 5;
    case Tag::h6: return 6;
    default: return 0;
  }
}

BlockKind kind_of_container(Tag tag) {
  switch (tag) {
    case Tag::li: case Tag::dt: case Tag::dd: return BlockKind::list_item;
    case Tag::td: case Tag::th: return BlockKind::table_cell;
    case Tag::pre: case Tag::listing: case Tag::xmp: case Tag::plaintext: return BlockKind::code;
    case Tag::blockquote: return BlockKind::quote;
    case Tag::figcaption: case Tag::caption: return BlockKind::caption;
    default: return BlockKind::paragraph;
  }
}

// What open_element and close_element need of a tag, in one table entry.
enum TraitBit : std::uint8_t {
  kBoundary = 1,    // is_block_boundary
  kRawHidden = 2,   // html::is_hidden_raw_text
  kOwnRule = 4,     // the switches at the end of open_element and close_element
  kFrameRule = 8,   // html, body, br, ul, ol, tr, table: checks of their own
  kAnnotation = 16, // rt, rp: hidden like display:none (below)
};
struct TagTraits {
  std::uint32_t structure = 0;
  std::uint8_t heading_level = 0;
  std::uint8_t bits = 0;
};
constexpr auto kTagTraits = [] {
  std::array<TagTraits, 256> traits{};
  for (std::size_t t = 0; t < static_cast<std::size_t>(Tag::count_); ++t) {
    const Tag tag = static_cast<Tag>(t);
    TagTraits& x = traits[t];
    x.structure = structure_of_tag(tag);
    x.heading_level = heading_level_of(tag);
    if (is_block_boundary(tag)) x.bits |= kBoundary;
    if (html::is_hidden_raw_text(tag)) x.bits |= kRawHidden;
    switch (tag) {
      case Tag::a: case Tag::pre: case Tag::listing: case Tag::xmp: case Tag::plaintext:
      case Tag::head: case Tag::title: case Tag::h1: case Tag::meta: case Tag::link:
      case Tag::html: case Tag::time: case Tag::script: case Tag::noscript:
        x.bits |= kOwnRule;
        break;
      default:
        break;
    }
    switch (tag) {
      case Tag::html: case Tag::body: case Tag::br: case Tag::ul: case Tag::ol: case Tag::tr:
      case Tag::table:
        x.bits |= kFrameRule;
        break;
      default:
        break;
    }
    if (tag == Tag::rt || tag == Tag::rp) x.bits |= kAnnotation;
  }
  return traits;
}();

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Inline style that hides an element: display:none or visibility:hidden.
bool style_hides(std::string_view style) {
  std::string compact;
  compact.reserve(style.size());
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(ascii_lower(c));
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// Documentation generators and editors derive ids from a section's heading
// ("evolve-shared-mutable-history"): four or more words joined by hyphens,
// with no digits, the first a word rather than a namespace. Such an id is prose, not a name of the element's purpose.
bool prose_slug(std::string_view id) {
  std::size_t words = 0, first_len = 0;
  bool in_word = false;
  for (char c : id) {
    if (c >= '0' && c <= '9') return false;
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter && !in_word) ++words;
    if (letter && words == 1) ++first_len;
    in_word = letter;
    if (!letter && c != '-') return false;
  }
  // Template ids start with a short namespace ("yn-story-related-content").
  return words >= 4 && first_len >= 4;
}

// mix_name of each tag's name, the start of an element's name hash.
const auto kTagNameHash = [] {
  std::array<std::uint64_t, 256> hashes{};
  for (std::size_t t = 0; t < static_cast<std::size_t>(Tag::count_); ++t) {
    hashes[t] = mix_name(0xcbf29ce484222325ull, html::tag_name(static_cast<Tag>(t)));
  }
  return hashes;
}();

// HTML's whitespace: space, tab, LF, FF, CR.
bool is_html_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool has_visible_char(std::string_view s) {
  for (char c : s) {
    if (!is_html_space(c)) return true;
  }
  return false;
}

// A form feed is trimmed too: kept as written inside <pre>, it began blocks.
std::string_view trim(std::string_view s) {
  while (!s.empty() && is_html_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_html_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

// Feeds a noscript's markup, parsed on its own, to the segmenter as if it
// stood in the page: the fragment's html, head and body elements are the
// parser's wrapping, not the page's, and what lands in its head is not shown.
class NoscriptReplay final : public html::EventHandler {
 public:
  explicit NoscriptReplay(HtmlSegmenter& segmenter) : segmenter_(segmenter) {}
  void open_element(Tag tag, std::string_view name,
                    std::span<const html::Attribute> attributes) override {
    if (head_depth_ > 0 || tag == Tag::head) {
      ++head_depth_;
    } else if (tag != Tag::html && tag != Tag::body) {
      segmenter_.open_element(tag, name, attributes);
    }
  }
  void close_element(Tag tag, std::string_view name) override {
    if (head_depth_ > 0) {
      --head_depth_;
    } else if (tag != Tag::html && tag != Tag::body) {
      segmenter_.close_element(tag, name);
    }
  }
  void text(std::string_view utf8) override {
    if (head_depth_ == 0) segmenter_.text(utf8);
  }
  void whitespace(std::string_view blank) override {
    if (head_depth_ == 0) segmenter_.whitespace(blank);
  }
  void raw_text(Tag tag, std::string_view content) override {
    if (head_depth_ == 0) segmenter_.raw_text(tag, content);
  }
  bool wants_more() const override { return segmenter_.wants_more(); }
  std::span<const std::string_view> attributes_read() const override {
    return segmenter_.attributes_read();
  }

 private:
  HtmlSegmenter& segmenter_;
  std::uint32_t head_depth_ = 0;
};

// Whether a noscript's markup holds prose: a paragraph of 150 characters or
// more, under a fifth of them link text (what the block model calls a long
// paragraph) inside an element. That is an article a script would have
// rendered. A plea to turn scripts on, a comment widget's link, a tracking
// pixel or markup escaped into bare text ("&lt;div&gt;") holds none.
class FallbackProbe final : public html::EventHandler {
 public:
  void open_element(Tag tag, std::string_view, std::span<const html::Attribute> attributes) override {
    if (hidden_ > 0 || tag == Tag::head || html::is_hidden_raw_text(tag)) {
      ++hidden_;
      return;
    }
    if (is_block_boundary(tag)) end_paragraph();
    bool link = false;
    if (tag == Tag::a) {
      for (const html::Attribute& a : attributes) {
        if (a.name == "href") {
          link = is_hyperlink_href(a.value);
          break;
        }
      }
    }
    links_.push_back(link);
    if (link) ++link_depth_;
    if (tag != Tag::html && tag != Tag::body) ++depth_;
  }
  void close_element(Tag tag, std::string_view) override {
    if (hidden_ > 0) {
      --hidden_;
      return;
    }
    if (is_block_boundary(tag)) end_paragraph();
    if (!links_.empty()) {
      if (links_.back()) --link_depth_;
      links_.pop_back();
    }
    if (tag != Tag::html && tag != Tag::body && depth_ > 0) --depth_;
  }
  void text(std::string_view utf8) override {
    if (hidden_ > 0 || depth_ == 0) return;  // bare text: a plea, or escaped markup
    std::uint32_t chars = 0;
    for (char c : utf8) {
      if (is_html_space(c)) {
        if (!after_space_) ++chars;
        after_space_ = true;
      } else {
        after_space_ = false;
        chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }
    }
    chars_ += chars;
    if (link_depth_ > 0) link_chars_ += chars;
  }
  bool wants_more() const override { return !holds_prose_; }
  std::span<const std::string_view> attributes_read() const override {
    static constexpr std::string_view kNames[] = {"href"};
    return kNames;
  }
  bool holds_prose() {
    end_paragraph();
    return holds_prose_;
  }

 private:
  void end_paragraph() {
    if (chars_ >= 150 && link_chars_ * 5 < chars_) holds_prose_ = true;
    chars_ = link_chars_ = 0;
    after_space_ = true;
  }
  std::uint32_t hidden_ = 0;
  std::uint32_t link_depth_ = 0;
  std::uint32_t depth_ = 0;  // elements open below body
  std::vector<bool> links_;
  std::uint32_t chars_ = 0;
  std::uint32_t link_chars_ = 0;
  bool after_space_ = true;
  bool holds_prose_ = false;
};

std::uint32_t count_code_points(std::string_view text) {
  std::uint32_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void HtmlSegmenter::segment(std::string_view html, html::ParserKind parser, std::size_t max_blocks,
                            Document& doc) {
  doc.clear();
  doc_ = &doc;
  max_blocks_ = max_blocks;
  stopped_ = false;
  stack_.clear();
  pending_.clear();
  pending_chars_ = pending_link_chars_ = pending_fragment_chars_ = 0;
  hidden_depth_ = raw_text_depth_ = link_depth_ = pre_depth_ = head_depth_ = fragment_link_depth_ = 0;
  breaks_since_block_ = 0;
  image_since_block_ = false;
  capturing_title_ = seen_title_ = capturing_h1_ = capturing_json_ld_ = false;
  h1_.clear();
  parser_ = parser;
  noscript_owner_ = 0;
  capturing_noscript_ = replaying_noscript_ = false;
  noscript_html_.clear();
  // Element 0 is a virtual root so that every real element has a parent.
  doc.elements.push_back(Element{0, 0, 0, Tag::unknown, 0, 0, 0});
  stack_.push_back(Frame{0, 0, 0, Tag::unknown, 0, 0, false, true});
  const html::ParserKind used = html::parse_html(html, parser, *this);
  if (used != parser) {
    doc.notes.push_back("elements nest deeper than " + std::to_string(html::kGumboMaxDepth) +
                        ": parsed with the fast parser, not Gumbo");
  }
  flush_block();
  doc.elements[0].subtree_end = static_cast<std::uint32_t>(doc.elements.size() - 1);
  doc.elements[0].block_end = static_cast<std::uint32_t>(doc.blocks.size());
  if (stopped_) {
    doc.notes.push_back("page has more than " + std::to_string(max_blocks) +
                        " blocks; the rest was dropped");
  }
  doc_ = nullptr;
}

// Every attribute name open_element and read_meta look at: the parser
// need not decode the values of the rest (widths, sources, event handlers).
std::span<const std::string_view> HtmlSegmenter::attributes_read() const {
  static constexpr std::string_view kNames[] = {
      "class", "id", "role", "itemprop", "hidden", "aria-hidden", "style", "href", "type",
      "name", "property", "content", "rel", "lang", "xml:lang", "datetime", "http-equiv"};
  return kNames;
}

void HtmlSegmenter::open_element(Tag tag, std::string_view name,
                                 std::span<const html::Attribute> attributes) {
  (void)name;
  Document& doc = *doc_;
  const Frame& parent = stack_.back();
  const Element& parent_element = doc.elements[parent.element];

  const TagTraits traits = kTagTraits[static_cast<std::size_t>(tag)];
  std::uint32_t structure = traits.structure;
  std::uint32_t hints = 0;
  // Ruby annotations are not the text they annotate: rt holds a reading
  // (furigana, pinyin) and rp the parentheses shown where ruby is not
  // supported. Kept, they split every annotated word of a Japanese or
  // Chinese page in two ("子こども" for "子ども").
  bool hidden = (traits.bits & kAnnotation) != 0;
  std::uint64_t name_hash = 0;
  for (const html::Attribute& a : attributes) {
    const bool is_class = a.name == "class";
    if (is_class || a.name == "id") {
      // An empty value adds no hints and leaves the hash alone.
      if (!a.value.empty()) {
        if (name_hash == 0) name_hash = kTagNameHash[static_cast<std::size_t>(tag)];
        name_hash ^= is_class ? 2u : 1u;
        if (is_class || !prose_slug(a.value)) {
          hints |= hints_and_mix(a.value, name_hash);
        } else {
          name_hash = mix_name(name_hash, a.value);
        }
      }
    } else if (a.name == "role") {
      structure |= structure_from_role(a.value);
    } else if (a.name == "itemprop") {
      if (icontains(a.value, "articlebody")) hints |= kHintArticleBody;
    } else if (a.name == "hidden") {
      hidden = true;
    } else if (a.name == "aria-hidden") {
      hidden = hidden || iequals(a.value, "true");
    } else if (a.name == "style") {
      hidden = hidden || style_hides(a.value);
    }
  }
  // Headings are never hidden by their own attributes in practice; keep the
  // html/body elements visible whatever they claim.
  const bool frame_rule = (traits.bits & kFrameRule) != 0;
  if (frame_rule && (tag == Tag::html || tag == Tag::body)) hidden = false;

  const bool boundary = (traits.bits & kBoundary) != 0;
  if (boundary && hidden_depth_ == 0) {
    if (!pending_.empty()) flush_block();  // most boundaries have no text pending
    breaks_since_block_ = 0;
  }
  if (frame_rule && tag == Tag::br && hidden_depth_ == 0 && raw_text_depth_ == 0) {
    if (pre_depth_ > 0) {
      append_collapsed("\n");
    } else {
      flush_block();
      ++breaks_since_block_;
    }
  }

  // The block after a visible image is often its caption or credit.
  if ((tag == Tag::img || tag == Tag::picture || tag == Tag::video) && !hidden && hidden_depth_ == 0)
    image_since_block_ = true;

  auto index = static_cast<std::uint32_t>(doc.elements.size());
  doc.elements.push_back(Element{parent.element, index, parent_element.depth + 1, tag,
                                 parent_element.structure | structure, hints,
                                 parent_element.ancestor_hints | hints,
                                 static_cast<std::uint32_t>(doc.blocks.size()), 0, name_hash});

  Frame frame{index, boundary ? index : parent.container, parent.row,
              tag, parent.heading_level, parent.list_depth, hidden, boundary};
  if (traits.heading_level != 0) frame.heading_level = traits.heading_level;
  if (frame_rule) {
    if (tag == Tag::tr) frame.row = index;
    if (tag == Tag::ul || tag == Tag::ol) frame.list_depth = static_cast<std::uint8_t>(
        std::min<int>(parent.list_depth + 1, 255));
    if (tag == Tag::table) frame.row = 0;
  }
  stack_.push_back(frame);

  if (hidden) ++hidden_depth_;
  if (traits.bits & kRawHidden) ++raw_text_depth_;
  if ((traits.bits & kOwnRule) == 0) return;
  switch (tag) {
    case Tag::a:
      for (const html::Attribute& a : attributes) {
        if (a.name != "href") continue;
        if (is_hyperlink_href(a.value)) {
          stack_.back().link = true;
          ++link_depth_;
          if (a.value.starts_with('#')) {
            stack_.back().fragment_link = true;
            ++fragment_link_depth_;
          }
        }
        break;  // the first href is the element's: HTML ignores a repeated attribute
      }
      break;
    case Tag::pre: case Tag::listing: case Tag::xmp: case Tag::plaintext: ++pre_depth_; break;
    case Tag::head: ++head_depth_; break;
    case Tag::title:
      if (!seen_title_ && hidden_depth_ == 0) {
        capturing_title_ = true;
        doc.meta.title.clear();
      }
      break;
    case Tag::h1:
      capturing_h1_ = true;
      h1_.clear();
      break;
    case Tag::meta: case Tag::link: case Tag::html: case Tag::time:
      read_meta(attributes);
      break;
    case Tag::noscript: {
      // Where a script fills an element, the noscript beside the script is
      // what a reader without scripts sees there: a blog's post body, say.
      // Read only when the parent (a block-level element) has shown nothing
      // before it and the noscript holds prose (FallbackProbe, at its
      // close); a parent that shows text after it cancels it (text()).
      // Elsewhere a noscript is a tracking pixel or a plea to turn scripts on.
      const Frame& owner = stack_[stack_.size() - 2];
      if (noscript_owner_ == 0 && !replaying_noscript_ && owner.boundary && owner.element != 0 &&
          hidden_depth_ == 0 && raw_text_depth_ == 1 && head_depth_ == 0 && pending_.empty() &&
          doc.elements[owner.element].block_begin == doc.blocks.size()) {
        noscript_owner_ = owner.element;
        capturing_noscript_ = true;
        noscript_html_.clear();
      }
      break;
    }
    case Tag::script:
      for (const html::Attribute& a : attributes) {
        if (a.name == "type" && icontains(a.value, "ld+json") && doc.meta.json_ld.size() < kMaxJsonLd) {
          capturing_json_ld_ = true;
          json_ld_.clear();
        }
      }
      break;
    default: break;
  }
}

void HtmlSegmenter::raw_text(Tag tag, std::string_view content) {
  if (tag == Tag::noscript) {
    if (!capturing_noscript_) return;
    if (noscript_html_.size() + content.size() > kMaxNoscriptBytes) {
      capturing_noscript_ = false;  // a page's worth of markup is no fallback
      noscript_owner_ = 0;
      return;
    }
    noscript_html_.append(content);
    return;
  }
  if (tag != Tag::script || !capturing_json_ld_) return;
  if (json_ld_.size() + content.size() > kMaxJsonLdBytes) {
    capturing_json_ld_ = false;  // too big to be metadata worth reading
    return;
  }
  json_ld_.append(content);
}

void HtmlSegmenter::close_element(Tag tag, std::string_view name) {
  (void)name;
  if (stack_.size() <= 1) return;
  if (noscript_owner_ != 0 && stack_.back().element == noscript_owner_ && !capturing_noscript_)
    replay_noscript();
  Frame frame = stack_.back();
  if (frame.boundary && hidden_depth_ == (frame.hidden ? 1u : 0u)) {
    if (!pending_.empty()) flush_block();
    breaks_since_block_ = 0;
  }
  stack_.pop_back();
  Element& closed = doc_->elements[frame.element];
  closed.subtree_end = static_cast<std::uint32_t>(doc_->elements.size() - 1);
  closed.block_end = static_cast<std::uint32_t>(doc_->blocks.size());

  if (frame.hidden) --hidden_depth_;
  const std::uint8_t bits = kTagTraits[static_cast<std::size_t>(tag)].bits;
  if ((bits & kRawHidden) && raw_text_depth_ > 0) --raw_text_depth_;
  if ((bits & kOwnRule) == 0) return;
  switch (tag) {
    case Tag::a:
      if (frame.link && link_depth_ > 0) --link_depth_;
      if (frame.fragment_link && fragment_link_depth_ > 0) --fragment_link_depth_;
      break;
    case Tag::pre: case Tag::listing: case Tag::xmp: case Tag::plaintext:
      if (pre_depth_ > 0) --pre_depth_;
      break;
    case Tag::head: if (head_depth_ > 0) --head_depth_; break;
    case Tag::noscript:
      if (capturing_noscript_) {
        capturing_noscript_ = false;
        FallbackProbe probe;
        html::parse_html(noscript_html_, html::ParserKind::fast, probe);
        if (!probe.holds_prose()) {
          noscript_owner_ = 0;
          noscript_html_.clear();
        }
      }
      break;
    case Tag::script:
      if (capturing_json_ld_) {
        capturing_json_ld_ = false;
        doc_->meta.json_ld.push_back(std::move(json_ld_));
        json_ld_.clear();
      }
      break;
    case Tag::title:
      if (capturing_title_) {
        capturing_title_ = false;
        seen_title_ = true;
        std::string collapsed;
        bool space = false;
        for (char c : doc_->meta.title) {
          if (is_html_space(c)) {
            space = !collapsed.empty();
          } else {
            if (space) collapsed.push_back(' ');
            space = false;
            collapsed.push_back(c);
          }
        }
        doc_->meta.title = std::move(collapsed);
      }
      break;
    case Tag::h1:
      if (capturing_h1_) {
        capturing_h1_ = false;
        std::string_view t = trim(h1_);
        if (!t.empty() && doc_->meta.h1s.size() < 8) doc_->meta.h1s.emplace_back(t);
      }
      break;
    default: break;
  }
}

void HtmlSegmenter::text(std::string_view utf8) {
  if (capturing_title_) {
    doc_->meta.title.append(utf8);
    return;
  }
  if (hidden_depth_ > 0 || raw_text_depth_ > 0 || head_depth_ > 0) return;
  if (noscript_owner_ != 0 && !replaying_noscript_ && has_visible_char(utf8)) noscript_owner_ = 0;
  if (capturing_h1_ && h1_.size() < 1024) h1_.append(utf8);
  std::size_t before = pending_chars_;
  append_collapsed(utf8);
  if (link_depth_ > 0) pending_link_chars_ += pending_chars_ - static_cast<std::uint32_t>(before);
  if (fragment_link_depth_ > 0) pending_fragment_chars_ += pending_chars_ - static_cast<std::uint32_t>(before);
}

// Segments a noscript fallback that holds prose (see open_element) in place:
// its parent is the innermost open element, and nothing has been shown since
// the noscript.
void HtmlSegmenter::replay_noscript() {
  const std::string markup = std::move(noscript_html_);
  noscript_html_.clear();
  noscript_owner_ = 0;
  replaying_noscript_ = true;
  NoscriptReplay replay(*this);
  html::parse_html(markup, parser_, replay);
  replaying_noscript_ = false;
}

char* HtmlSegmenter::TextBuffer::room_for(std::size_t extra) {
  const std::size_t need = size + extra + 16;
  if (need > capacity) {
    const std::size_t grown = std::max(need, capacity * 2);
    auto fresh = std::make_unique_for_overwrite<char[]>(grown);
    if (size > 0) std::memcpy(fresh.get(), bytes.get(), size);
    bytes = std::move(fresh);
    capacity = grown;
  }
  return bytes.get() + size;
}

// What text() does with whitespace, without reading it: at most one space.
void HtmlSegmenter::whitespace(std::string_view blank) {
  if (capturing_title_ || capturing_h1_ || pre_depth_ > 0) {
    text(blank);  // kept as written there
    return;
  }
  if (hidden_depth_ > 0 || raw_text_depth_ > 0 || head_depth_ > 0) return;
  if (pending_.empty() || pending_.bytes[pending_.size - 1] == ' ') return;
  pending_.room_for(1)[0] = ' ';
  ++pending_.size;
  ++pending_chars_;
  if (link_depth_ > 0) ++pending_link_chars_;
  if (fragment_link_depth_ > 0) ++pending_fragment_chars_;
}

void HtmlSegmenter::append_collapsed(std::string_view text) {
  if (text.empty()) return;
  char* out = pending_.room_for(text.size());
  if (pre_depth_ > 0) {
    std::memcpy(out, text.data(), text.size());
    pending_.size += text.size();
    pending_chars_ += count_code_points(text);
    return;
  }
  // Runs of whitespace (and no-break spaces) become one space; a leading
  // space is dropped at the start of a block.
  CollapseState state{pending_.empty() || out[-1] == ' ', pending_chars_};
  char* end = collapse_whitespace(text, out, state);
  pending_.size += static_cast<std::size_t>(end - out);
  pending_chars_ = state.chars;
}

void HtmlSegmenter::flush_block() {
  if (pending_.empty()) return;
  std::string_view text = trim(pending_.view());
  if (text.empty()) {
    pending_.clear();
    pending_chars_ = pending_link_chars_ = pending_fragment_chars_ = 0;
    return;
  }
  Document& doc = *doc_;
  if (doc.blocks.size() >= max_blocks_) {
    stopped_ = true;
    pending_.clear();
    pending_chars_ = pending_link_chars_ = pending_fragment_chars_ = 0;
    return;
  }
  const Frame& top = stack_.back();
  const Element& container = doc.elements[top.container];
  Block block;
  block.text = doc.take_spare_text();
  block.text.assign(text);
  block.element = top.container;
  block.row = top.row;
  // Trimming removed ASCII whitespace only: one code point a byte.
  block.chars = pending_chars_ - static_cast<std::uint32_t>(pending_.size - text.size());
  block.link_chars = std::min(pending_link_chars_, block.chars);
  block.structure = container.structure;
  if (block.link_chars * 10 >= block.chars * 9 && block.chars > 0) block.structure |= kInLink;
  if (pending_fragment_chars_ * 10 >= block.chars * 9 && block.chars > 0) block.structure |= kInPageLink;
  if (image_since_block_) block.structure |= kAfterImage;
  block.hints = container.ancestor_hints;
  block.heading_level = top.heading_level;
  block.list_depth = top.list_depth;
  block.kind = block.heading_level ? BlockKind::heading : kind_of_container(container.tag);
  if (block.kind == BlockKind::paragraph && (container.structure & kInPre)) block.kind = BlockKind::code;
  block.line_break_before = breaks_since_block_ == 1 && !doc.blocks.empty();
  doc.blocks.push_back(std::move(block));
  pending_.clear();
  pending_chars_ = pending_link_chars_ = pending_fragment_chars_ = 0;
  breaks_since_block_ = 0;
  image_since_block_ = false;
}

void HtmlSegmenter::read_meta(std::span<const html::Attribute> attributes) {
  PageMeta& meta = doc_->meta;
  std::string_view key, content, rel, href, lang, datetime, http_equiv, itemprop;
  for (const html::Attribute& a : attributes) {
    if (a.name == "name" || a.name == "property") {
      if (key.empty()) key = a.value;
    } else if (a.name == "content") content = a.value;
    else if (a.name == "rel") rel = a.value;
    else if (a.name == "href") href = a.value;
    else if (a.name == "lang" || a.name == "xml:lang") lang = a.value;
    else if (a.name == "datetime") datetime = a.value;
    else if (a.name == "http-equiv") http_equiv = a.value;
    else if (a.name == "itemprop") itemprop = a.value;
  }
  auto set_once = [](std::string& field, std::string_view value) {
    value = trim(value);
    if (field.empty() && !value.empty()) field.assign(value);
  };
  if (!lang.empty()) set_once(meta.language, lang);
  if (iequals(rel, "canonical")) set_once(meta.canonical_url, href);
  if (!datetime.empty()) set_once(meta.published, datetime);
  if (!itemprop.empty()) {
    if (iequals(itemprop, "datePublished")) set_once(meta.published, content);
    if (iequals(itemprop, "author")) set_once(meta.author, content);
  }
  if (iequals(http_equiv, "content-language")) set_once(meta.language, content);
  if (key.empty() || content.empty()) return;
  // property="x:title dc:title" names several keys at once.
  if (key.find(' ') != std::string_view::npos) {
    std::string_view rest = key;
    while (!rest.empty()) {
      std::size_t end = rest.find(' ');
      std::string_view one = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      if (!one.empty()) apply_meta_key(meta, one, content);
    }
    return;
  }
  apply_meta_key(meta, key, content);
}

void HtmlSegmenter::apply_meta_key(PageMeta& meta, std::string_view key, std::string_view content) {
  auto set_once = [](std::string& field, std::string_view value) {
    value = trim(value);
    if (field.empty() && !value.empty()) field.assign(value);
  };
  if (iequals(key, "og:url")) set_once(meta.og_url, content);
  else if (iequals(key, "og:title")) set_once(meta.og_title, content);
  else if (iequals(key, "og:site_name")) set_once(meta.og_site_name, content);
  else if (iequals(key, "dc.title") || iequals(key, "dc:title") || iequals(key, "dcterm:title") ||
           iequals(key, "dcterms.title"))
    set_once(meta.dc_title, content);
  else if (iequals(key, "title")) set_once(meta.meta_title, content);
  else if (iequals(key, "twitter:title")) set_once(meta.twitter_title, content);
  else if (iequals(key, "parsely-title")) set_once(meta.parsely_title, content);
  else if (iequals(key, "og:type")) set_once(meta.og_type, content);
  else if (iequals(key, "description") || iequals(key, "og:description"))
    set_once(meta.description, content);
  else if (iequals(key, "author") || iequals(key, "article:author") || iequals(key, "dc.creator") ||
           iequals(key, "byl") || iequals(key, "sailthru.author") || iequals(key, "parsely-author"))
    set_once(meta.author, content);
  else if (iequals(key, "article:published_time") || iequals(key, "date") ||
           iequals(key, "pubdate") || iequals(key, "publishdate") || iequals(key, "dc.date") ||
           iequals(key, "dc.date.issued") || iequals(key, "sailthru.date") ||
           iequals(key, "parsely-pub-date") || iequals(key, "og:published_time") ||
           iequals(key, "article.published") || iequals(key, "publish-date"))
    set_once(meta.published, content);
}

}  // namespace winnow
