// Renders a classified page: plain text, Markdown, HTML or one JSON line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"
#include "metadata/metadata.hpp"
#include "segment/document.hpp"

namespace winnow {

struct RenderInput {
  const Document& doc;
  const std::vector<Decision>& decisions;
  const ArticleMeta& meta;
  std::string_view id;
  std::string_view url;
  std::string_view site;
  std::string_view extra_json;  // passthrough members for JSON output
  bool explain = false;
};

// Content blocks as plain text: a blank line between paragraphs, a single
// newline where the page had a line break. No trailing newline.
void render_text(const RenderInput& in, std::string& out);
// A "# <id> (site <site>)" line, then every block, one per line:
// "+ [reason] text" for content, "- [reason] text" for chrome; a trimmed
// block is followed by "  => kept text". Newline-terminated.
void render_explained_text(const RenderInput& in, std::string& out);
// Content blocks as Markdown: headings, lists, quotes, tables, code.
void render_markdown(const RenderInput& in, std::string& out);
// Content blocks as a small clean HTML document.
void render_html(const RenderInput& in, std::string& out);
// One JSON object and a newline; `text` is the plain-text rendering.
void render_jsonl(const RenderInput& in, std::string_view text, std::string& out);

void append_html_escaped(std::string& out, std::string_view text);
void append_json_string(std::string& out, std::string_view text);

// Developer aid (--dump-block-features): a JSON line naming the features,
// then one per block with its id, index, kept text, final label, reason and
// feature row `rows` (block_features.hpp), as training data for the block model.
void render_block_features(const RenderInput& in, const std::vector<double>& rows, std::string& out);

}  // namespace winnow
