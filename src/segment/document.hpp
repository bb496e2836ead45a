// A page after segmentation: its paragraph-level blocks with the features the
// classifier uses, the element tree they sit in (flattened, pre-order), and
// the page metadata read on the way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "html/tags.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

// Structural context bits, OR-ed down the element tree: a block carries every
// bit set on any of its ancestors.
enum StructureBit : std::uint32_t {
  kInNav = 1u << 0,        // nav, role=navigation, menu
  kInHeader = 1u << 1,     // header, role=banner
  kInFooter = 1u << 2,     // footer, role=contentinfo
  kInAside = 1u << 3,      // aside, role=complementary
  kInForm = 1u << 4,       // form, select, option, button, label, fieldset
  kInArticle = 1u << 5,    // article, itemprop=articleBody
  kInMain = 1u << 6,       // main, role=main
  kInList = 1u << 7,       // ul, ol, dl
  kInTable = 1u << 8,
  kInFigure = 1u << 9,     // figure, figcaption
  kInQuote = 1u << 10,     // blockquote
  kInPre = 1u << 11,
  kInLink = 1u << 12,      // the whole block sits inside one <a>
  kInDialog = 1u << 13,    // dialog, role=dialog/alertdialog
  kInAddress = 1u << 14,
  kInOrderedList = 1u << 15,
  kInDetails = 1u << 16,
  kInPageLink = 1u << 17,  // the whole block sits inside one <a href="#..."> (an in-page anchor)
  kAfterImage = 1u << 18,  // an image (img, picture, video) comes after the previous block and before this one
};

// Class/id/role hint bits, from tokens of class and id attributes.
enum HintBit : std::uint32_t {
  kHintNavigation = 1u << 0,  // nav, menu, breadcrumb, pagination, skip
  kHintFooter = 1u << 1,      // footer, copyright, colophon
  kHintSidebar = 1u << 2,     // sidebar, widget, rail
  kHintShare = 1u << 3,       // share, social, sharing, follow
  kHintComment = 1u << 4,     // comment, disqus, respond, reply
  kHintRelated = 1u << 5,     // related, recommend, more-stories, popular, trending
  kHintNewsletter = 1u << 6,  // newsletter, subscribe, signup
  kHintPromo = 1u << 7,       // promo, ad, advert, sponsor, banner
  kHintCookie = 1u << 8,      // cookie, consent, gdpr
  kHintHidden = 1u << 9,      // hidden, sr-only, visually-hidden
  kHintMeta = 1u << 10,       // byline, author, dateline, tags, keywords
  kHintPopup = 1u << 11,      // modal, popup, overlay
  kHintQualifiedChrome = 1u << 12, // one compound name joins a chrome and a content word
  kHintAuthorBox = 1u << 13,  // author-box, author-bio, about-the-author
  kHintCaption = 1u << 14,    // caption, credit: text about an image (a model feature, not a rule)
  kHintContent = 1u << 16,    // article, content, post, entry, story, text, body
  kHintArticleBody = 1u << 17 // articleBody / article-body / story-body: strong
};
// The families that name chrome (the section 1 words of class_hints.cpp).
inline constexpr std::uint32_t kChromeNameHints = kHintNavigation | kHintFooter | kHintSidebar | kHintShare |
                                                  kHintComment | kHintRelated | kHintNewsletter | kHintPromo |
                                                  kHintCookie | kHintPopup | kHintAuthorBox;

struct Element {
  std::uint32_t parent;       // index into Document::elements; 0 is the root
  std::uint32_t subtree_end;  // last element index inside this subtree
  std::uint32_t depth;
  html::Tag tag;
  std::uint32_t structure;    // StructureBit of this element and its ancestors
  std::uint32_t hints;        // HintBit of this element alone
  std::uint32_t ancestor_hints;  // HintBit of this element and its ancestors
  std::uint32_t block_begin = 0; // blocks [block_begin, block_end) lie in this subtree
  std::uint32_t block_end = 0;
  // Tag, class and id with digits folded to 0, hashed; 0 when the element
  // has neither class nor id. The same template element on two pages of a
  // site hashes alike ("post-4781" and "post-5019" both read "post-0").
  std::uint64_t name_hash = 0;
};

// A block's fields other than its text: what pass 1 keeps of a block for
// pass 2 beside the page's texts laid end to end (core/page_analysis.hpp).
struct BlockInfo {
  std::uint32_t element;      // innermost block-level container element
  std::uint32_t row;          // enclosing <tr> element for table cells, else 0
  std::uint32_t chars;        // code points in text
  std::uint32_t link_chars;   // code points inside <a>
  std::uint32_t structure;    // StructureBit of the ancestors
  std::uint32_t hints;        // HintBit of the ancestors
  BlockKind kind;
  std::uint8_t heading_level;
  std::uint8_t list_depth;
  bool line_break_before;     // separated from the previous block by <br> only
};

struct Block : BlockInfo {
  std::string text;           // whitespace-collapsed UTF-8 (pre keeps newlines)
};

struct PageMeta {
  std::string title;          // <title>
  std::string canonical_url;  // <link rel=canonical>
  std::string og_url, og_title, og_site_name, og_type;
  // Titles the publisher declared for the article, in the order they are
  // trusted: Dublin Core, Open Graph (og_title), then meta name=title,
  // Twitter cards and Parse.ly.
  std::string dc_title, meta_title, twitter_title, parsely_title;
  std::string author;         // meta author / article:author / byline
  std::string published;      // article:published_time, date metas, <time datetime>
  std::string language;       // <html lang>, content-language
  std::string description;
  std::vector<std::string> h1s;
  // Raw text of <script type="application/ld+json"> elements (structured
  // data: schema.org headline, author, datePublished), at most a few.
  std::vector<std::string> json_ld;
};

struct Document {
  // Pre-order. The segmenters list every element; the cleaner then keeps
  // only those that hold a block (drop_empty_elements).
  std::vector<Element> elements;
  std::vector<Block> blocks;
  PageMeta meta;
  std::vector<std::string> notes;
  // Room for block texts: the emptied texts of blocks a page no longer
  // has, for the next page's. A string allocated per block of HTML was a
  // third of a run's calls to malloc, and at -j 2 each call costs more.
  // At most kSpareTextBytes of room is kept, so that one huge page does
  // not leave its size behind in every worker.
  static constexpr std::size_t kSpareTextBytes = 1u << 20;
  std::vector<std::string> spare_texts;
  std::size_t spare_text_bytes = 0;  // the room of spare_texts

  // Keeps `text`'s room as a spare, if there is room for it.
  void spare(std::string&& text) {
    if (spare_text_bytes + text.capacity() > kSpareTextBytes) return;
    spare_text_bytes += text.capacity();
    spare_texts.push_back(std::move(text));
  }

  // Empties the document for the next page; the blocks' texts become spares.
  void clear() {
    elements.clear();
    for (Block& b : blocks) spare(std::move(b.text));
    blocks.clear();
    meta = PageMeta{};
    notes.clear();
  }

  // An empty string with the room of a spare text, if there is one.
  std::string take_spare_text() {
    if (spare_texts.empty()) return {};
    std::string text = std::move(spare_texts.back());
    spare_texts.pop_back();
    spare_text_bytes -= text.capacity();
    text.clear();
    return text;
  }
};

// Drops the elements whose subtree holds no block, renumbering the rest and
// the blocks' element and row indices. Every rule reads elements through
// the blocks they hold (block ranges, ancestors of a block, subtrees that
// hold blocks), so what the rules see is unchanged, while the table shrinks
// to about a third: it is kept per page between the two passes.
void drop_empty_elements(Document& doc, std::vector<std::uint32_t>& scratch);

// A long prose paragraph: a paragraph of at least kProseMinChars code
// points, under a fifth of them in links.
inline constexpr std::uint32_t kProseMinChars = 150;
// An element named for promotion only ("ad", "banner", "sponsor"...) that
// holds kArticleProseParagraphs long prose paragraphs or more is not an
// advertisement: ads do not run to paragraphs, while article bodies end up
// under such names ("cuerpo-ad", "body-ad-wrap"). Its promotion hint is
// cleared, on the element, its descendants' inherited hints and its blocks.
inline constexpr std::uint32_t kArticleProseParagraphs = 3;
void clear_promotion_names_on_prose(Document& doc, std::vector<std::uint32_t>& scratch);

}  // namespace winnow
