// Builds a Document from HTML events: one block per run of inline text
// between block-level boundaries, with the features the classifier reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "html/html_events.hpp"
#include "segment/document.hpp"

namespace winnow {

class HtmlSegmenter final : public html::EventHandler {
 public:
  // Fills `doc` (cleared first). Blocks past `max_blocks` end the parse early
  // with a note in doc.notes.
  void segment(std::string_view html, html::ParserKind parser, std::size_t max_blocks,
               Document& doc);

  void open_element(html::Tag tag, std::string_view name,
                    std::span<const html::Attribute> attributes) override;
  void close_element(html::Tag tag, std::string_view name) override;
  void text(std::string_view utf8) override;
  void whitespace(std::string_view blank) override;
  void raw_text(html::Tag tag, std::string_view content) override;
  bool wants_more() const override { return !stopped_; }
  std::span<const std::string_view> attributes_read() const override;

 private:
  struct Frame {
    std::uint32_t element;
    std::uint32_t container;   // innermost block-level element (itself if block-level)
    std::uint32_t row;         // innermost <tr>, or 0
    html::Tag tag;
    std::uint8_t heading_level;
    std::uint8_t list_depth;
    bool hidden;               // this element starts a hidden subtree
    bool boundary;             // block-level: opening/closing it ends the current block
    bool link = false;           // an <a> that links somewhere (see open_element)
    bool fragment_link = false;  // an <a href="#..."> (a link within the page)
  };

  void flush_block();
  void replay_noscript();
  void read_meta(std::span<const html::Attribute> attributes);
  static void apply_meta_key(PageMeta& meta, std::string_view key, std::string_view content);
  void append_collapsed(std::string_view text);

  // The current block's text. Kept with 16 bytes of room past what is
  // written, so that whitespace collapsing may store whole vectors.
  struct TextBuffer {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    std::size_t capacity = 0;
    char* room_for(std::size_t extra);  // where to write `extra` more bytes (+16 slack)
    std::string_view view() const { return {bytes.get(), size}; }
    bool empty() const { return size == 0; }
    void clear() { size = 0; }
  };

  Document* doc_ = nullptr;
  std::size_t max_blocks_ = 0;
  bool stopped_ = false;
  std::vector<Frame> stack_;
  TextBuffer pending_;
  std::uint32_t pending_chars_ = 0;
  std::uint32_t pending_link_chars_ = 0;
  std::uint32_t pending_fragment_chars_ = 0;
  std::uint32_t fragment_link_depth_ = 0;
  std::uint32_t hidden_depth_ = 0;
  std::uint32_t raw_text_depth_ = 0;
  std::uint32_t link_depth_ = 0;
  std::uint32_t pre_depth_ = 0;
  std::uint32_t head_depth_ = 0;
  std::uint32_t breaks_since_block_ = 0;
  bool image_since_block_ = false;  // the next block gets kAfterImage
  bool capturing_title_ = false;
  bool seen_title_ = false;
  bool capturing_h1_ = false;
  std::string h1_;
  bool capturing_json_ld_ = false;
  std::string json_ld_;
  // A <noscript> that is all its parent element shows stands in for what a
  // script would have put there (see open_element). Its markup is kept
  // and, when it holds prose, segmented where the parent closes, unless the
  // parent shows text of its own before then.
  html::ParserKind parser_ = html::ParserKind::fast;
  std::uint32_t noscript_owner_ = 0;  // that parent element, 0 for none
  bool capturing_noscript_ = false;
  bool replaying_noscript_ = false;
  std::string noscript_html_;
};

// Plain text: one block per line, blank lines separate paragraphs (a
// paragraph's lines become blocks joined by line_break_before).
void segment_plain_text(std::string_view text, std::size_t max_blocks, Document& doc);

// Counts UTF-8 code points (continuation bytes are not counted).
std::uint32_t count_code_points(std::string_view text);

}  // namespace winnow
