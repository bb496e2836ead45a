// The reference producer: Gumbo's HTML5 parse, walked iteratively (pages nest
// tens of thousands deep) into the event stream of html_events.hpp.
//
// Gumbo allocates through an arena owned by this call: its frees become
// no-ops and the whole tree is released at once, which is both faster and
// avoids gumbo_destroy_output's recursion on deep trees.
#include <gumbo.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "html/html_events.hpp"

namespace winnow::html {
namespace {

class Arena {
 public:
  ~Arena() {
    for (void* chunk : chunks_) std::free(chunk);
  }
  void* allocate(std::size_t size) {
    size = (size + 15) & ~std::size_t{15};
    if (size > remaining_) {
      std::size_t chunk_size = size > kChunk ? size : kChunk;
      char* chunk = static_cast<char*>(std::malloc(chunk_size));
      if (chunk == nullptr) throw std::bad_alloc();
      chunks_.push_back(chunk);
      cursor_ = chunk;
      remaining_ = chunk_size;
    }
    void* out = cursor_;
    cursor_ += size;
    remaining_ -= size;
    return out;
  }

 private:
  static constexpr std::size_t kChunk = 1 << 20;
  std::vector<void*> chunks_;
  char* cursor_ = nullptr;
  std::size_t remaining_ = 0;
};

void* arena_allocate(void* userdata, size_t size) {
  return static_cast<Arena*>(userdata)->allocate(size);
}
void arena_free(void*, void*) {}

std::string_view element_name(const GumboElement& element, std::string& scratch) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  scratch.assign(piece.data, piece.length);
  for (char& c : scratch) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return scratch;
}

}  // namespace

void parse_with_gumbo(std::string_view html, EventHandler& handler) {
  Arena arena;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_free;
  options.userdata = &arena;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());

  struct Frame {
    const GumboNode* node;
    unsigned next_child;
    Tag tag;
    std::string name;  // only for unknown tags
  };
  std::vector<Frame> stack;
  std::vector<Attribute> attributes;
  std::string scratch;
  std::vector<std::string> unknown_names;

  auto open = [&](const GumboNode* node) {
    const GumboElement& element = node->v.element;
    std::string_view name = element_name(element, scratch);
    Tag tag = tag_from_name(name);
    attributes.clear();
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      attributes.push_back({attribute->name, attribute->value});
    }
    handler.open_element(tag, name, attributes);
    stack.push_back({node, 0, tag, tag == Tag::unknown ? std::string(name) : std::string()});
    if (tag == Tag::noscript) {
      // Gumbo reads a noscript as a browser without scripts does, as
      // markup; the contract hands its source over as raw text instead, up
      // to where a browser's tokenizer ends it. What Gumbo nests inside
      // (the rest of the page, when an element is left open there) is not
      // delivered, as it is not shown.
      stack.back().next_child = element.children.length;
      const char* begin = element.original_tag.data;
      if (begin == nullptr) return;  // made by the parser, not in the source
      begin += element.original_tag.length;
      const char* end = find_raw_text_end(begin, html.data() + html.size(), "noscript");
      if (begin < end) handler.raw_text(tag, {begin, static_cast<std::size_t>(end - begin)});
    }
  };

  open(output->root);
  bool stopped = false;
  while (!stack.empty()) {
    Frame& frame = stack.back();
    const GumboVector& children = frame.node->v.element.children;
    bool raw_text = is_hidden_raw_text(frame.tag);
    if (stopped || frame.next_child >= children.length) {
      Tag tag = frame.tag;
      std::string name = std::move(frame.name);
      stack.pop_back();
      handler.close_element(tag, tag == Tag::unknown ? std::string_view(name) : tag_name(tag));
      continue;
    }
    auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        open(child);
        if (!handler.wants_more()) stopped = true;
        break;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        if (!raw_text) handler.text(child->v.text.text);
        else if (frame.tag == Tag::script) handler.raw_text(Tag::script, child->v.text.text);
        break;
      default:
        break;
    }
  }
  // The arena owns every node: no gumbo_destroy_output walk is needed.
}

namespace {

// Measures how deep a page's elements nest, stopping once past `limit`.
class DepthProbe final : public EventHandler {
 public:
  explicit DepthProbe(std::size_t limit) : limit_(limit) {}
  void open_element(Tag, std::string_view, std::span<const Attribute>) override {
    if (++depth_ > deepest_) deepest_ = depth_;
  }
  void close_element(Tag, std::string_view) override { --depth_; }
  void text(std::string_view) override {}
  // Gumbo parses a noscript's content as markup, where the fast path sees
  // raw text: its nesting counts too, from where the noscript stands.
  void raw_text(Tag tag, std::string_view content) override {
    if (tag == Tag::noscript && deepest_ <= limit_) parse_with_fast_tokenizer(content, *this);
  }
  bool wants_more() const override { return deepest_ <= limit_; }
  std::span<const std::string_view> attributes_read() const override {
    static constexpr std::string_view kNone[] = {""};
    return kNone;
  }
  bool too_deep() const { return deepest_ > limit_; }

 private:
  std::size_t limit_;
  std::size_t depth_ = 0;
  std::size_t deepest_ = 0;
};

}  // namespace

ParserKind parse_html(std::string_view html, ParserKind parser, EventHandler& handler) {
  if (parser == ParserKind::gumbo) {
    // Gumbo scans the open-element stack for every start tag, so its time
    // grows with the square of the nesting depth: 100,000 nested divs took
    // 13 s. The fast path's nesting, a twentieth of a Gumbo parse, tells
    // such a page before Gumbo sees it.
    DepthProbe probe(kGumboMaxDepth);
    parse_with_fast_tokenizer(html, probe);
    if (!probe.too_deep()) {
      parse_with_gumbo(html, handler);
      return ParserKind::gumbo;
    }
  }
  parse_with_fast_tokenizer(html, handler);
  return ParserKind::fast;
}

}  // namespace winnow::html
