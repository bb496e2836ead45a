// The contract between an HTML parser and the segmenter: a stream of
// element open/close and text events describing a well-nested tree.
//
// Any producer (the Gumbo reference, the fast streaming tokenizer) must
// deliver the same stream for the same page, as far as text content goes:
//  - open_element/close_element pairs are properly nested. A producer
//    closes implied and unclosed elements itself; a void element (br, img,
//    hr, input, meta, link, ...) is an open immediately followed by its close.
//  - names are lower-case ASCII; `tag` is the Tag enum for known names and
//    Tag::unknown otherwise (then `name` says which).
//  - attribute names are lower-case; values have character references
//    decoded and are UTF-8. Duplicate attributes: the first wins. A handler
//    that names the attributes it reads (attributes_read) may be given only
//    those: the fast producer then skips the others without decoding them.
//  - text is UTF-8 with character references decoded, whitespace as in the
//    source (the segmenter collapses it). Text may arrive in several pieces.
//  - no text is delivered for the content of script, style, template,
//    noscript, iframe, noembed, noframes, or for comments and the doctype.
//    The content of an HTML <script> or a <noscript> goes to raw_text
//    instead, undecoded, between the element's open and close events
//    (structured data such as JSON-LD lives in scripts; a noscript holds
//    the markup shown where scripts do not run).
//    <title> and <textarea> content is delivered as text inside them.
//  - views passed to a handler are valid only during that call.
//
// The producer stops early (with every open element closed) if the handler
// returns false from wants_more(); the segmenter uses that for size budgets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "html/tags.hpp"

namespace winnow::html {

struct Attribute {
  std::string_view name;
  std::string_view value;
};

class EventHandler {
 public:
  virtual ~EventHandler() = default;
  virtual void open_element(Tag tag, std::string_view name,
                            std::span<const Attribute> attributes) = 0;
  virtual void close_element(Tag tag, std::string_view name) = 0;
  virtual void text(std::string_view utf8) = 0;
  // A piece of text that is HTML whitespace only (space, tab, LF, FF, CR),
  // such as the indentation between two tags. Producers may deliver such
  // pieces through text() as well; a handler that overrides this must treat
  // both alike.
  virtual void whitespace(std::string_view blank) { text(blank); }
  // Content of a raw-text element (`script` or `noscript`); may arrive in
  // several pieces. Ignored unless a handler wants it.
  virtual void raw_text(Tag tag, std::string_view content) {
    (void)tag;
    (void)content;
  }
  // Producers poll this between events; false ends the parse early.
  virtual bool wants_more() const { return true; }
  // The lower-case names of the attributes open_element looks at, or an
  // empty span for all of them. Asked once per parse; the views must stay
  // valid until the parse ends.
  virtual std::span<const std::string_view> attributes_read() const { return {}; }
};

// Parser choice: the fast streaming tokenizer is the default; Gumbo is the
// HTML5-conformant reference used in tests and by `--parser gumbo`.
enum class ParserKind : std::uint8_t { fast, gumbo };

// Nesting past which `parse_html` does not hand a page to Gumbo, whose
// time grows with the square of the depth (about 0.05 s at this depth).
inline constexpr std::size_t kGumboMaxDepth = 5000;

// Parses `html` (UTF-8) and drives `handler`. Never throws on bad input:
// any byte sequence is a valid document to both parsers. Returns the parser
// used: the fast one for a page nested deeper than kGumboMaxDepth, even
// when Gumbo was asked for.
ParserKind parse_html(std::string_view html, ParserKind parser, EventHandler& handler);

// The individual producers, for tests and benchmarks.
void parse_with_gumbo(std::string_view html, EventHandler& handler);
void parse_with_fast_tokenizer(std::string_view html, EventHandler& handler);

// Where raw text starting at `p` ends, as the fast tokenizer (and a
// browser's) finds it: the first "</name" in any case (`name` in lower
// case) followed by whitespace, '/' or '>', or `end`.
const char* find_raw_text_end(const char* p, const char* end, std::string_view name);

}  // namespace winnow::html
