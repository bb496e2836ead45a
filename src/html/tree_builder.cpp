#include "html/tree_builder.hpp"

#include <algorithm>

namespace winnow::html {
namespace {

constexpr std::uint16_t bit(TreeBuilder::Kind k) { return static_cast<std::uint16_t>(1u << k); }

using K = TreeBuilder;

// Scope and category membership of HTML elements (HTML5 8.2.3.2 and the
// "special" list). Elements Gumbo 0.10 does not know (dialog, search, ...)
// are deliberately absent so that the fast path agrees with the reference.
constexpr std::uint16_t html_kinds(Tag tag) {
  const std::uint16_t special = bit(K::kSpecial) | bit(K::kLiBreak);
  switch (tag) {
    case Tag::html:
      return bit(K::kScope) | bit(K::kTableScope) | special | bit(K::kMode);
    case Tag::table:
      return bit(K::kScope) | bit(K::kTableScope) | special | bit(K::kMode);
    case Tag::template_:
      return bit(K::kScope) | bit(K::kTableScope) | special | bit(K::kMode) | bit(K::kHidden);
    case Tag::td: case Tag::th: case Tag::caption:
      return bit(K::kScope) | special | bit(K::kMode);
    case Tag::object:
      return bit(K::kScope) | special;
    case Tag::tr: case Tag::tbody: case Tag::thead: case Tag::tfoot: case Tag::colgroup:
    case Tag::body: case Tag::head: case Tag::select:
      return special | bit(K::kMode);
    case Tag::button:
      return bit(K::kButton) | special;
    case Tag::ol: case Tag::ul:
      return bit(K::kList) | special;
    case Tag::noscript:
      return special | bit(K::kHidden);
    case Tag::address: case Tag::div: case Tag::p: case Tag::li: case Tag::dd: case Tag::dt:
      return bit(K::kSpecial);
    case Tag::area: case Tag::article: case Tag::aside: case Tag::base: case Tag::blockquote:
    case Tag::br: case Tag::center: case Tag::col: case Tag::details: case Tag::dl:
    case Tag::embed: case Tag::fieldset: case Tag::figcaption: case Tag::figure: case Tag::footer:
    case Tag::form: case Tag::frame: case Tag::frameset: case Tag::h1: case Tag::h2: case Tag::h3:
    case Tag::h4: case Tag::h5: case Tag::h6: case Tag::header: case Tag::hgroup: case Tag::hr:
    case Tag::iframe: case Tag::img: case Tag::input: case Tag::link: case Tag::listing:
    case Tag::main: case Tag::menu: case Tag::meta: case Tag::nav: case Tag::noembed:
    case Tag::noframes: case Tag::param: case Tag::plaintext: case Tag::pre: case Tag::script:
    case Tag::section: case Tag::source: case Tag::style: case Tag::summary: case Tag::textarea:
    case Tag::title: case Tag::track: case Tag::wbr: case Tag::xmp:
      return special;
    default:
      return 0;
  }
}

// html_kinds by tag, looked up once per element.
constexpr auto kHtmlKinds = [] {
  std::array<std::uint16_t, 256> kinds{};
  for (std::size_t t = 0; t < static_cast<std::size_t>(Tag::count_); ++t) kinds[t] = html_kinds(static_cast<Tag>(t));
  return kinds;
}();

std::uint16_t unknown_kinds(std::string_view name) {
  const std::uint16_t special = bit(K::kSpecial) | bit(K::kLiBreak);
  if (name == "applet" || name == "marquee") return bit(K::kScope) | special;
  if (name == "dir" || name == "basefont" || name == "bgsound" || name == "keygen" ||
      name == "isindex") {
    return special;
  }
  return 0;
}

bool is_integration_point(Tag tag, std::string_view name) {
  if (tag == Tag::title) return true;
  if (tag != Tag::unknown) return false;
  return name == "foreignobject" || name == "desc" || name == "mi" || name == "mo" ||
         name == "mn" || name == "ms" || name == "mtext" || name == "annotation-xml";
}

bool is_heading(Tag t) {
  return t == Tag::h1 || t == Tag::h2 || t == Tag::h3 || t == Tag::h4 || t == Tag::h5 ||
         t == Tag::h6;
}

bool is_table_structure(Tag t) {
  switch (t) {
    case Tag::caption: case Tag::col: case Tag::colgroup: case Tag::tbody: case Tag::td:
    case Tag::tfoot: case Tag::th: case Tag::thead: case Tag::tr:
      return true;
    default:
      return false;
  }
}

bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// Start tags that leave svg/math and are processed as HTML.
bool breaks_out_of_foreign(Tag tag, std::string_view name, std::span<const Attribute> attributes) {
  switch (tag) {
    case Tag::b: case Tag::blockquote: case Tag::body: case Tag::br: case Tag::center:
    case Tag::code: case Tag::dd: case Tag::div: case Tag::dl: case Tag::dt: case Tag::em:
    case Tag::embed: case Tag::h1: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5:
    case Tag::h6: case Tag::head: case Tag::hr: case Tag::i: case Tag::img: case Tag::li:
    case Tag::listing: case Tag::menu: case Tag::meta: case Tag::nobr: case Tag::ol: case Tag::p:
    case Tag::pre: case Tag::ruby: case Tag::s: case Tag::small: case Tag::span:
    case Tag::strong: case Tag::strike: case Tag::sub: case Tag::sup: case Tag::table:
    case Tag::tt: case Tag::u: case Tag::ul: case Tag::var:
      return true;
    case Tag::font:
      for (const Attribute& a : attributes) {
        if (a.name == "color" || a.name == "face" || a.name == "size") return true;
      }
      return false;
    default:
      return tag == Tag::unknown && name == "big";
  }
}

ContentMode content_mode_of(Tag tag) {
  switch (tag) {
    case Tag::title: case Tag::textarea: return ContentMode::rcdata;
    // noscript as a browser reads it, scripting being on: unparsed text. Parsed
    // as markup, an unclosed element inside it would hold the rest of the page.
    case Tag::style: case Tag::xmp: case Tag::iframe: case Tag::noembed: case Tag::noframes:
    case Tag::noscript:
      return ContentMode::rawtext;
    case Tag::script: return ContentMode::script;
    case Tag::plaintext: return ContentMode::plaintext;
    default: return ContentMode::data;
  }
}

bool is_void_name(Tag tag, std::string_view name) {
  if (tag != Tag::unknown) return is_void_element(tag);
  return name == "keygen" || name == "basefont" || name == "bgsound";
}

bool is_head_content(Tag tag, std::string_view name) {
  switch (tag) {
    case Tag::base: case Tag::link: case Tag::meta: case Tag::title: case Tag::style:
    case Tag::script: case Tag::noscript: case Tag::noframes: case Tag::template_:
      return true;
    case Tag::unknown:
      return name == "basefont" || name == "bgsound";
    default:
      return false;
  }
}

}  // namespace

std::span<const std::string_view> TreeBuilder::attributes_read() {
  static constexpr std::string_view kNames[] = {"color", "face", "size"};
  return kNames;
}

TreeBuilder::TreeBuilder(EventHandler& handler) : handler_(handler) {
  last_tag_.fill(-1);
  last_kind_.fill(-1);
  stack_.reserve(256);
}

inline std::string_view TreeBuilder::node_name(const Node& node) const {
  if (node.tag != Tag::unknown) return tag_name(node.tag);
  return std::string_view(names_).substr(node.name_offset, node.name_length);
}

bool TreeBuilder::named(const Node& node, Tag tag, std::string_view name) const {
  if (tag != Tag::unknown) return node.tag == tag;
  return node.tag == Tag::unknown && node_name(node) == name;
}

std::int32_t TreeBuilder::top_heading() const {
  return std::max({last(Tag::h1), last(Tag::h2), last(Tag::h3), last(Tag::h4), last(Tag::h5),
                   last(Tag::h6)});
}

inline void TreeBuilder::link(Node& node, std::int32_t index) {
  auto& same = last_tag_[static_cast<std::size_t>(node.tag)];
  node.prev_same = same;
  same = index;
  // Most elements are in no category or one: visit only those.
  for (unsigned kinds = node.kinds; kinds != 0; kinds &= kinds - 1) {
    const auto k = static_cast<std::size_t>(__builtin_ctz(kinds));
    node.prev_kind[k] = last_kind_[k];
    last_kind_[k] = index;
  }
}

void TreeBuilder::push(Tag tag, std::string_view name, std::span<const Attribute> attributes,
                       bool foreign) {
  if (tag != Tag::unknown) name = tag_name(tag);
  handler_.open_element(tag, name, attributes);
  Node node;
  node.tag = tag;
  node.foreign = foreign;
  node.integration = foreign && is_integration_point(tag, name);
  if (foreign) {
    node.kinds = node.integration ? bit(kScope) | bit(kSpecial) | bit(kLiBreak) : 0;
    if (is_hidden_raw_text(tag)) node.kinds |= bit(kHidden);
  } else {
    node.kinds = tag == Tag::unknown ? unknown_kinds(name) : kHtmlKinds[static_cast<std::size_t>(tag)];
  }
  node.name_offset = static_cast<std::uint32_t>(names_.size());
  node.name_length = 0;
  if (tag == Tag::unknown) {
    names_.append(name);
    node.name_length = static_cast<std::uint32_t>(name.size());
  }
  link(node, static_cast<std::int32_t>(stack_.size()));
  stack_.push_back(node);
  if (!handler_.wants_more()) stopped_ = true;
}

// push() for a listed HTML element: no name to keep, no foreign rules.
void TreeBuilder::push_html(Tag tag, std::span<const Attribute> attributes) {
  handler_.open_element(tag, tag_name(tag), attributes);
  const std::int32_t index = static_cast<std::int32_t>(stack_.size());
  Node& node = stack_.emplace_back();
  node.tag = tag;
  node.foreign = false;
  node.integration = false;
  node.kinds = kHtmlKinds[static_cast<std::size_t>(tag)];
  node.name_offset = static_cast<std::uint32_t>(names_.size());
  node.name_length = 0;
  link(node, index);
  if (!handler_.wants_more()) stopped_ = true;
}

void TreeBuilder::pop() {
  const Node& node = stack_.back();
  handler_.close_element(node.tag, node_name(node));
  last_tag_[static_cast<std::size_t>(node.tag)] = node.prev_same;
  for (unsigned kinds = node.kinds; kinds != 0; kinds &= kinds - 1) {
    const auto k = static_cast<std::size_t>(__builtin_ctz(kinds));
    last_kind_[k] = node.prev_kind[k];
  }
  if (node.tag == Tag::unknown) names_.resize(node.name_offset);
  stack_.pop_back();
}

void TreeBuilder::pop_through(std::int32_t index) {
  if (index < 0) return;
  while (static_cast<std::int32_t>(stack_.size()) > index) pop();
}

void TreeBuilder::clear_above(std::int32_t index) {
  while (static_cast<std::int32_t>(stack_.size()) > index + 1) pop();
}

void TreeBuilder::open_html(std::span<const Attribute> attributes) {
  if (stack_.empty()) push(Tag::html, "html", attributes, false);
}

void TreeBuilder::open_body(std::span<const Attribute> attributes) {
  if (phase_ == Phase::body) return;
  open_html({});
  if (phase_ == Phase::initial) {
    push(Tag::head, "head", {}, false);
    pop();
  } else if (phase_ == Phase::in_head) {
    pop_through(last(Tag::head));
  }
  phase_ = Phase::body;
  push(Tag::body, "body", attributes, false);
}

void TreeBuilder::close_p_in_button_scope() {
  std::int32_t p = last(Tag::p);
  if (p >= 0 && p >= std::max(last_kind_[kScope], last_kind_[kButton])) pop_through(p);
}

void TreeBuilder::doctype(bool quirks) {
  if (doctype_seen_ || !stack_.empty()) return;
  doctype_seen_ = true;
  quirks_ = quirks;
}

inline ContentMode TreeBuilder::insert_html(Tag tag, std::span<const Attribute> attributes) {
  push_html(tag, attributes);
  if (is_void_element(tag)) {
    pop();
    return ContentMode::data;
  }
  return content_mode_of(tag);
}

ContentMode TreeBuilder::insert(Tag tag, std::string_view name,
                                std::span<const Attribute> attributes, bool self_closing,
                                bool foreign) {
  if (foreign) {
    push(tag, name, attributes, true);
    if (self_closing) pop();
    return ContentMode::data;
  }
  if (is_void_name(tag, name)) {
    push(tag, name, attributes, false);
    pop();
    return ContentMode::data;
  }
  push(tag, name, attributes, false);
  return content_mode_of(tag);
}

ContentMode TreeBuilder::start_in_body(Tag tag, std::uint8_t rule,
                                       std::span<const Attribute> attributes) {
  if (rule == start_rules::kCloseParagraph) {
    close_p_in_button_scope();
  } else if (rule == start_rules::kAnchor) {
    const std::int32_t a = last(Tag::a);
    if (a >= 0 && a > last_kind_[kSpecial]) pop_through(a);
  }
  return insert_html(tag, attributes);
}

ContentMode TreeBuilder::start_tag_by_rules(Tag tag, std::string_view name,
                                            std::span<const Attribute> attributes,
                                            bool self_closing) {
  if (stopped_) return ContentMode::data;
  if (tag == Tag::unknown && name == "image") {
    tag = Tag::img;
    name = "img";
  }
  if (tag == Tag::html) {
    open_html(attributes);
    return ContentMode::data;
  }
  open_html({});
  // Template contents in the head are parsed in place, not as the body.
  if (phase_ != Phase::body && last(Tag::template_) >= 0) {
    return body_start_tag(tag, name, attributes, self_closing);
  }
  if (phase_ != Phase::body) {
    if (tag == Tag::head) {
      if (phase_ == Phase::initial) {
        push(Tag::head, "head", attributes, false);
        phase_ = Phase::in_head;
      }
      return ContentMode::data;
    }
    if (is_head_content(tag, name) && !(tag == Tag::noscript && phase_ == Phase::after_head)) {
      if (phase_ == Phase::initial) {
        push(Tag::head, "head", {}, false);
        phase_ = Phase::in_head;
      }
      // A head noscript is raw text (content_mode_of), like style.
      return insert(tag, name, attributes, self_closing, false);
    }
    if (tag == Tag::body) {
      open_body(attributes);
      return ContentMode::data;
    }
    open_body({});
    if (stopped_) return ContentMode::data;
  }
  return body_start_tag(tag, name, attributes, self_closing);
}

ContentMode TreeBuilder::body_start_tag(Tag tag, std::string_view name,
                                        std::span<const Attribute> attributes, bool self_closing) {
  // Each reprocessing step pops or pushes at least one element, so the
  // loop ends; it replaces HTML5's "reprocess the token" recursion.
  for (;;) {
    if (stopped_) return ContentMode::data;
    Tag mode = mode_tag();
    if (mode == Tag::select) {
      switch (tag) {
        case Tag::option:
          if (stack_.back().tag == Tag::option) pop();
          return insert(tag, name, attributes, false, false);
        case Tag::optgroup:
          if (stack_.back().tag == Tag::option) pop();
          if (stack_.back().tag == Tag::optgroup) pop();
          return insert(tag, name, attributes, false, false);
        case Tag::select:
          pop_through(last(Tag::select));
          return ContentMode::data;
        case Tag::input: case Tag::textarea:
          pop_through(last(Tag::select));
          continue;
        case Tag::caption: case Tag::table: case Tag::tbody: case Tag::tfoot: case Tag::thead:
        case Tag::tr: case Tag::td: case Tag::th:
          // HTML5's "in select in table": only a select inside a table is
          // closed by a table part; elsewhere the tag is ignored.
          if (last(Tag::table) < 0) return ContentMode::data;
          pop_through(last(Tag::select));
          continue;
        case Tag::script: case Tag::template_:  // HTML5: by the in-head rules; a style is ignored
          return insert(tag, name, attributes, false, false);
        default:
          return ContentMode::data;
      }
    }
    if (in_foreign_content() && !stack_.back().integration) {
      if (!breaks_out_of_foreign(tag, name, attributes)) {
        return insert(tag, name, attributes, self_closing, true);
      }
      while (!stack_.empty() && stack_.back().foreign && !stack_.back().integration) pop();
      continue;
    }
    const std::int32_t mode_index = last_kind_[kMode];
    bool table_rules = false;  // "in table" handling for the remaining tags
    switch (mode) {
      case Tag::td: case Tag::th:
        if (is_table_structure(tag)) {
          pop_through(mode_index);
          continue;
        }
        break;
      case Tag::tr:
        if (tag == Tag::td || tag == Tag::th) {
          clear_above(mode_index);
          return insert(tag, name, attributes, false, false);
        }
        if (is_table_structure(tag)) {
          pop_through(mode_index);
          continue;
        }
        table_rules = true;
        break;
      case Tag::tbody: case Tag::thead: case Tag::tfoot:
        if (tag == Tag::tr) {
          clear_above(mode_index);
          return insert(tag, name, attributes, false, false);
        }
        if (tag == Tag::td || tag == Tag::th) {
          clear_above(mode_index);
          push(Tag::tr, "tr", {}, false);
          continue;
        }
        if (is_table_structure(tag)) {
          pop_through(mode_index);
          continue;
        }
        table_rules = true;
        break;
      case Tag::table:
        table_rules = true;
        break;
      case Tag::caption:
        if (is_table_structure(tag)) {
          pop_through(mode_index);
          continue;
        }
        break;
      case Tag::colgroup:
        if (tag == Tag::col) return insert(tag, name, attributes, false, false);
        if (tag == Tag::template_) break;
        pop_through(mode_index);
        continue;
      default:
        break;
    }
    if (table_rules) {
      const std::int32_t table = last(Tag::table);
      switch (tag) {
        case Tag::caption: case Tag::colgroup:
          clear_above(table);
          return insert(tag, name, attributes, false, false);
        case Tag::col:
          clear_above(table);
          push(Tag::colgroup, "colgroup", {}, false);
          continue;
        case Tag::tbody: case Tag::thead: case Tag::tfoot:
          clear_above(table);
          return insert(tag, name, attributes, false, false);
        case Tag::td: case Tag::th: case Tag::tr:
          clear_above(table);
          push(Tag::tbody, "tbody", {}, false);
          continue;
        case Tag::table:
          pop_through(table);
          continue;
        default:
          break;  // foster-parented content: the in-body rules, in place
      }
    }
    break;
  }

  switch (tag) {
    case Tag::body: case Tag::head: case Tag::frame:
    case Tag::caption: case Tag::col: case Tag::colgroup: case Tag::tbody: case Tag::td:
    case Tag::tfoot: case Tag::th: case Tag::thead: case Tag::tr:
      return ContentMode::data;
    case Tag::address: case Tag::article: case Tag::aside: case Tag::blockquote:
    case Tag::center: case Tag::details: case Tag::div: case Tag::dl: case Tag::fieldset:
    case Tag::figcaption: case Tag::figure: case Tag::footer: case Tag::header:
    case Tag::hgroup: case Tag::main: case Tag::menu: case Tag::nav: case Tag::ol: case Tag::p:
    case Tag::section: case Tag::summary: case Tag::ul: case Tag::pre: case Tag::listing:
      close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    case Tag::h1: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5: case Tag::h6:
      close_p_in_button_scope();
      if (is_heading(stack_.back().tag)) pop();
      return insert(tag, name, attributes, false, false);
    case Tag::form:
      if (form_pointer_) return ContentMode::data;
      close_p_in_button_scope();
      form_pointer_ = true;
      return insert(tag, name, attributes, false, false);
    case Tag::li: {
      std::int32_t li = last(Tag::li);
      std::int32_t stop = std::max({last_kind_[kLiBreak], last(Tag::dd), last(Tag::dt)});
      if (li >= 0 && li > stop) pop_through(li);
      close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    }
    case Tag::dd: case Tag::dt: {
      std::int32_t d = std::max(last(Tag::dd), last(Tag::dt));
      std::int32_t stop = std::max(last_kind_[kLiBreak], last(Tag::li));
      if (d >= 0 && d > stop) pop_through(d);
      close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    }
    case Tag::plaintext: case Tag::xmp: case Tag::hr:
      close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    case Tag::button: {
      std::int32_t b = last(Tag::button);
      if (b >= 0 && b >= last_kind_[kScope]) pop_through(b);
      return insert(tag, name, attributes, false, false);
    }
    case Tag::a: {
      // Approximates the adoption agency for <a> in <a>: only unwinds when
      // no block sits in between, which is where it changes text placement.
      std::int32_t a = last(Tag::a);
      if (a >= 0 && a > last_kind_[kSpecial]) pop_through(a);
      return insert(tag, name, attributes, false, false);
    }
    case Tag::nobr: {
      std::int32_t n = last(Tag::nobr);
      if (n >= 0 && n >= last_kind_[kScope]) pop_through(n);
      return insert(tag, name, attributes, false, false);
    }
    case Tag::table:
      if (!quirks_) close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    case Tag::option: case Tag::optgroup:
      if (stack_.back().tag == Tag::option) pop();
      return insert(tag, name, attributes, false, false);
    case Tag::rp: case Tag::rt:
      if (stack_.back().tag == Tag::rp || stack_.back().tag == Tag::rt) pop();
      return insert(tag, name, attributes, false, false);
    case Tag::svg: case Tag::math:
      return insert(tag, name, attributes, self_closing, true);
    case Tag::unknown:
      if (name == "dir") close_p_in_button_scope();
      return insert(tag, name, attributes, false, false);
    default:
      return insert(tag, name, attributes, false, false);
  }
}

void TreeBuilder::end_tag_by_rules(Tag tag, std::string_view name) {
  if (stopped_ || stack_.empty()) {
    if (!stopped_ && tag == Tag::br) start_tag(Tag::br, "br", {}, false);
    return;
  }
  if (phase_ != Phase::body && last(Tag::template_) >= 0) {
    body_end_tag(tag, name);
    return;
  }
  if (phase_ != Phase::body) {
    const Node& top = stack_.back();
    if (top.tag != Tag::head && top.tag != Tag::html && named(top, tag, name)) {
      pop();
      return;
    }
    if (tag == Tag::head) {
      if (phase_ == Phase::in_head) {
        pop_through(last(Tag::head));
        phase_ = Phase::after_head;
      }
      return;
    }
    if (tag != Tag::body && tag != Tag::html && tag != Tag::br) return;
    open_body({});
    if (tag == Tag::br) start_tag(Tag::br, "br", {}, false);
    return;
  }
  body_end_tag(tag, name);
}

void TreeBuilder::body_end_tag(Tag tag, std::string_view name) {
  if (in_foreign_content()) {
    // Walk down through foreign elements; an HTML element hands the end tag
    // to the HTML rules. Bounded so that deep junk stays linear.
    std::int32_t i = top_index();
    for (int steps = 0; i > 0 && steps < 256 && stack_[static_cast<std::size_t>(i)].foreign;
         --i, ++steps) {
      if (named(stack_[static_cast<std::size_t>(i)], tag, name)) {
        pop_through(i);
        return;
      }
    }
  }
  if (mode_tag() == Tag::select) {
    switch (tag) {
      case Tag::option:
        if (stack_.back().tag == Tag::option) pop();
        return;
      case Tag::optgroup:
        if (stack_.back().tag == Tag::option && stack_.size() >= 2 &&
            stack_[stack_.size() - 2].tag == Tag::optgroup) {
          pop();
        }
        if (stack_.back().tag == Tag::optgroup) pop();
        return;
      case Tag::select:
        pop_through(last(Tag::select));
        return;
      case Tag::caption: case Tag::table: case Tag::tbody: case Tag::tfoot: case Tag::thead:
      case Tag::tr: case Tag::td: case Tag::th:
        if (last(tag) >= 0 && last(tag) >= last_kind_[kTableScope]) {
          pop_through(last(Tag::select));
          body_end_tag(tag, name);  // one level: select cannot reopen here
        }
        return;
      case Tag::script: case Tag::template_:
        // Opened inside the select (the start tag case above): HTML5 closes
        // them by the in-head rules. Left open, every later text of the
        // select would be read as script.
        if (last(tag) > last(Tag::select)) pop_through(last(tag));
        return;
      default:
        return;
    }
  }
  const std::int32_t scope = last_kind_[kScope];
  switch (tag) {
    case Tag::body: case Tag::html:
      return;
    case Tag::p: {
      std::int32_t p = last(Tag::p);
      if (p >= 0 && p >= std::max(scope, last_kind_[kButton])) {
        pop_through(p);
      } else {
        push(Tag::p, "p", {}, false);
        pop();
      }
      return;
    }
    case Tag::li: {
      std::int32_t li = last(Tag::li);
      if (li >= 0 && li >= std::max(scope, last_kind_[kList])) pop_through(li);
      return;
    }
    case Tag::h1: case Tag::h2: case Tag::h3: case Tag::h4: case Tag::h5: case Tag::h6: {
      std::int32_t h = top_heading();
      if (h >= 0 && h >= scope) pop_through(h);
      return;
    }
    case Tag::br:
      body_start_tag(Tag::br, "br", {}, false);
      return;
    case Tag::table:
      if (last(Tag::table) >= 0 && last(Tag::table) == last_kind_[kTableScope]) {
        pop_through(last(Tag::table));
      }
      return;
    case Tag::tbody: case Tag::tfoot: case Tag::thead: case Tag::tr: case Tag::td: case Tag::th:
    case Tag::caption: case Tag::colgroup:
      if (last(tag) >= 0 && last(tag) >= last_kind_[kTableScope]) pop_through(last(tag));
      return;
    case Tag::template_:
      pop_through(last(Tag::template_));
      return;
    case Tag::form: {
      // HTML5 removes the form from the middle of the stack and leaves the
      // elements opened inside it open; a nested event stream cannot say
      // that, so the form closes only once it is the current node again.
      form_pointer_ = false;
      std::int32_t f = last(Tag::form);
      if (f < 0 || f < scope) return;
      for (;;) {
        Tag top = stack_.back().tag;
        if (top != Tag::p && top != Tag::li && top != Tag::dd && top != Tag::dt &&
            top != Tag::option && top != Tag::optgroup && top != Tag::rp && top != Tag::rt) {
          break;
        }
        pop();
      }
      if (stack_.back().tag == Tag::form) pop();
      return;
    }
    case Tag::dd: case Tag::dt: case Tag::address: case Tag::article: case Tag::aside:
    case Tag::blockquote: case Tag::button: case Tag::center: case Tag::details: case Tag::div:
    case Tag::dl: case Tag::fieldset: case Tag::figcaption: case Tag::figure: case Tag::footer:
    case Tag::header: case Tag::hgroup: case Tag::listing: case Tag::main: case Tag::menu:
    case Tag::nav: case Tag::ol: case Tag::pre: case Tag::section: case Tag::summary:
    case Tag::ul: case Tag::object: case Tag::select: {
      std::int32_t i = last(tag);
      if (i >= 0 && i >= scope) pop_through(i);
      return;
    }
    default:
      any_other_end_tag(tag, name);
  }
}

void TreeBuilder::any_other_end_tag(Tag tag, std::string_view name) {
  const std::int32_t special = last_kind_[kSpecial];
  if (tag != Tag::unknown) {
    std::int32_t i = last(tag);
    if (i >= 0 && i >= special) pop_through(i);
    return;
  }
  std::int32_t i = last(Tag::unknown);
  for (int steps = 0; i >= 0 && i >= special && steps < 64; ++steps) {
    const Node& node = stack_[static_cast<std::size_t>(i)];
    if (node_name(node) == name) {
      pop_through(i);
      return;
    }
    i = node.prev_same;
  }
}

void TreeBuilder::text(std::string_view utf8) {
  if (stopped_ || utf8.empty()) return;
  if (last_kind_[kHidden] >= 0) return;
  if (phase_ != Phase::body) {
    if (!stack_.empty()) {
      Tag top = stack_.back().tag;
      if (top != Tag::html && top != Tag::head && top != Tag::noscript) {
        handler_.text(utf8);  // title and friends, wherever they sit
        return;
      }
    }
    std::size_t i = 0;
    while (i < utf8.size() && is_whitespace(utf8[i])) ++i;
    if (i == utf8.size()) return;
    utf8.remove_prefix(i);
    open_body({});
    if (stopped_) return;
  }
  handler_.text(utf8);
}

void TreeBuilder::whitespace_outside_body(std::string_view blank) {
  if (stack_.empty()) return;
  Tag top = stack_.back().tag;
  if (top != Tag::html && top != Tag::head && top != Tag::noscript) handler_.whitespace(blank);
}

void TreeBuilder::finish() {
  if (!stopped_) open_body({});
  while (!stack_.empty()) pop();
}

}  // namespace winnow::html
