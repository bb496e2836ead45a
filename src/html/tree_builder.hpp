// A light HTML5 tree builder: turns a token stream into the well-nested
// event stream of html_events.hpp, applying the subset of the HTML5 tree
// construction rules that decides where text ends up (implied end tags,
// scopes, tables, implicit html/head/body, foreign content).
//
// Every decision is O(1) or bounded: the open-element stack keeps, per tag
// and per scope kind, a chain to the previous open element of that kind, so
// "is there a <p> in button scope" is two array reads however deep the
// stack. Nothing here recurses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "html/html_events.hpp"

namespace winnow::html {

namespace start_rules {
// What the in-body rules do with a start tag when the insertion mode adds
// nothing of its own (no table, select or colgroup mode, the current node
// HTML): most tags go straight in, and the common ones that need more take
// the full rules.
enum StartRule : std::uint8_t { kFull = 0, kInsert, kCloseParagraph, kAnchor };

inline constexpr detail::TagSet kFullRuleTags{
    Tag::html, Tag::body, Tag::head, Tag::frame, Tag::caption, Tag::col, Tag::colgroup,
    Tag::tbody, Tag::td, Tag::tfoot, Tag::th, Tag::thead, Tag::tr, Tag::h1, Tag::h2, Tag::h3,
    Tag::h4, Tag::h5, Tag::h6, Tag::form, Tag::li, Tag::dd, Tag::dt, Tag::button, Tag::nobr,
    Tag::table, Tag::option, Tag::optgroup, Tag::rp, Tag::rt, Tag::svg, Tag::math};
inline constexpr detail::TagSet kCloseParagraphTags{
    Tag::address, Tag::article, Tag::aside, Tag::blockquote, Tag::center, Tag::details,
    Tag::div, Tag::dl, Tag::fieldset, Tag::figcaption, Tag::figure, Tag::footer, Tag::header,
    Tag::hgroup, Tag::main, Tag::menu, Tag::nav, Tag::ol, Tag::p, Tag::section, Tag::summary,
    Tag::ul, Tag::pre, Tag::listing, Tag::plaintext, Tag::xmp, Tag::hr};

inline constexpr auto kStartRules = [] {
  std::array<std::uint8_t, 256> rules{};
  for (std::size_t t = 1; t < static_cast<std::size_t>(Tag::count_); ++t) {
    const Tag tag = static_cast<Tag>(t);
    if (tag == Tag::a) rules[t] = kAnchor;
    else if (kCloseParagraphTags.has(tag)) rules[t] = kCloseParagraph;
    else if (!kFullRuleTags.has(tag)) rules[t] = kInsert;
  }
  return rules;
}();

// Insertion modes (by the element that selects them) with rules of their
// own for tags outside tables.
inline constexpr detail::TagSet kOwnRuleModes{Tag::select, Tag::tr, Tag::tbody, Tag::thead,
                                              Tag::tfoot, Tag::table, Tag::colgroup};
}  // namespace start_rules

// What the tokenizer must do with the bytes after a start tag.
enum class ContentMode : std::uint8_t { data, rcdata, rawtext, script, plaintext };

class TreeBuilder {
 public:
  explicit TreeBuilder(EventHandler& handler);

  ContentMode start_tag(Tag tag, std::string_view name, std::span<const Attribute> attributes,
                        bool self_closing) {
    // In the body, with no mode of its own in force, most tags take a few
    // steps of the in-body rules; this is what body_start_tag would do.
    if (!stopped_ && phase_ == Phase::body && !stack_.empty() && !stack_.back().foreign &&
        !start_rules::kOwnRuleModes.has(mode_tag())) {
      const std::uint8_t rule = start_rules::kStartRules[static_cast<std::size_t>(tag)];
      if (rule != start_rules::kFull) return start_in_body(tag, rule, attributes);
    }
    return start_tag_by_rules(tag, name, attributes, self_closing);
  }
  void end_tag(Tag tag, std::string_view name) {
    // The end tag of the current element, in the body and outside select
    // and foreign content: every rule body_end_tag has for such a tag pops
    // just it. Most end tags are that one.
    if (phase_ == Phase::body && !stopped_ && !stack_.empty()) {
      const Node& top = stack_.back();
      if (top.tag == tag && tag != Tag::unknown && !top.foreign && !kNotPlainEndTags.has(tag) &&
          mode_tag() != Tag::select) {
        pop();
        return;
      }
    }
    end_tag_by_rules(tag, name);
  }
  void text(std::string_view utf8);
  // text() for a piece known to be whitespace only: the same rules, with
  // every test on the bytes answered in advance.
  void whitespace(std::string_view blank) {
    // Whitespace inside hidden elements is dropped; outside the body it never opens one.
    if (stopped_ || blank.empty() || last_kind_[kHidden] >= 0) return;
    if (phase_ == Phase::body) [[likely]] {
      handler_.whitespace(blank);
    } else {
      whitespace_outside_body(blank);
    }
  }
  void raw_text(Tag tag, std::string_view content) {
    if (!stopped_ && !content.empty()) handler_.raw_text(tag, content);
  }
  // Only the first doctype before any element counts.
  void doctype(bool quirks);
  // Closes everything still open (and supplies html/head/body if missing).
  void finish();

  bool stopped() const { return stopped_; }
  // The attributes the tree construction rules look at (font's, for
  // leaving foreign content), on top of what the handler reads.
  static std::span<const std::string_view> attributes_read();
  // CDATA sections are only real inside svg/math.
  bool in_foreign_content() const { return !stack_.empty() && stack_.back().foreign; }

  enum Kind : std::uint8_t {
    kScope,       // boundary of "has an element in scope"
    kButton,      // extra boundary for button scope
    kList,        // extra boundary for list-item scope
    kTableScope,  // boundary of table scope
    kSpecial,     // HTML5 "special" category
    kLiBreak,     // special minus address/div/p/li/dd/dt: stops the li/dd search
    kMode,        // elements that select the insertion mode
    kHidden,      // template/noscript and foreign script/style: no text inside
    kKindCount
  };

 private:
  enum class Phase : std::uint8_t { initial, in_head, after_head, body };

  // End tags whose in-body rule, when the current node is that very
  // element, does more than pop it.
  static constexpr detail::TagSet kNotPlainEndTags{Tag::form, Tag::body, Tag::html, Tag::br,
                                                   Tag::template_};

  struct Node {
    Tag tag;
    bool foreign;
    bool integration;  // svg foreignObject/desc/title, MathML text points
    std::uint16_t kinds;
    std::uint32_t name_offset;  // unknown names live in names_
    std::uint32_t name_length;
    std::int32_t prev_same;
    std::array<std::int32_t, kKindCount> prev_kind;
  };

  ContentMode insert_html(Tag tag, std::span<const Attribute> attributes);
  ContentMode insert(Tag tag, std::string_view name, std::span<const Attribute> attributes,
                     bool self_closing, bool foreign);
  ContentMode body_start_tag(Tag tag, std::string_view name, std::span<const Attribute> attributes,
                             bool self_closing);
  void body_end_tag(Tag tag, std::string_view name);
  void push(Tag tag, std::string_view name, std::span<const Attribute> attributes, bool foreign);
  void push_html(Tag tag, std::span<const Attribute> attributes);
  // Links `node`, about to sit at `index`, into its tag's and its categories'
  // chains of open elements.
  void link(Node& node, std::int32_t index);
  void whitespace_outside_body(std::string_view blank);
  void end_tag_by_rules(Tag tag, std::string_view name);
  ContentMode start_in_body(Tag tag, std::uint8_t rule, std::span<const Attribute> attributes);
  ContentMode start_tag_by_rules(Tag tag, std::string_view name,
                                 std::span<const Attribute> attributes, bool self_closing);
  void pop();
  void pop_through(std::int32_t index);
  void clear_above(std::int32_t index);
  void open_html(std::span<const Attribute> attributes);
  void open_body(std::span<const Attribute> attributes);
  void close_p_in_button_scope();
  void any_other_end_tag(Tag tag, std::string_view name);
  bool named(const Node& node, Tag tag, std::string_view name) const;
  std::string_view node_name(const Node& node) const;
  std::int32_t top_index() const { return static_cast<std::int32_t>(stack_.size()) - 1; }
  std::int32_t last(Tag tag) const { return last_tag_[static_cast<std::size_t>(tag)]; }
  Tag mode_tag() const {
    const std::int32_t i = last_kind_[kMode];
    return i < 0 ? Tag::html : stack_[static_cast<std::size_t>(i)].tag;
  }
  std::int32_t top_heading() const;

  EventHandler& handler_;
  std::vector<Node> stack_;
  std::string names_;
  std::array<std::int32_t, 256> last_tag_;
  std::array<std::int32_t, kKindCount> last_kind_;
  Phase phase_ = Phase::initial;
  bool quirks_ = true;  // no doctype means quirks mode, as in HTML5
  bool doctype_seen_ = false;
  // HTML5's form element pointer: set by <form>, cleared only by </form>,
  // even when the form itself was closed by something else.
  bool form_pointer_ = false;
  bool stopped_ = false;
};

}  // namespace winnow::html
