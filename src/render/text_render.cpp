#include "render/render.hpp"

namespace winnow {

void render_text(const RenderInput& in, std::string& out) {
  bool first = true;
  for (std::size_t i = 0; i < in.doc.blocks.size(); ++i) {
    const Decision& d = in.decisions[i];
    if (d.label != Label::content || d.text.empty()) continue;
    if (!first) out.append(in.doc.blocks[i].line_break_before ? "\n" : "\n\n");
    out.append(d.text);
    first = false;
  }
}

void render_explained_text(const RenderInput& in, std::string& out) {
  // A header per page, so a directory's explanation reads page by page.
  out.append("# ").append(in.id);
  if (!in.site.empty()) out.append(" (site ").append(in.site).append(")");
  out.push_back('\n');
  for (std::size_t i = 0; i < in.doc.blocks.size(); ++i) {
    const Decision& d = in.decisions[i];
    out.append(d.label == Label::content ? "+ [" : "- [");
    out.append(d.reason);
    out.append("] ");
    // The original block text: for trimmed blocks, what was kept follows.
    out.append(in.doc.blocks[i].text);
    if (d.label == Label::content && d.text != in.doc.blocks[i].text) {
      out.append("\n  => ");
      out.append(d.text);
    }
    out.push_back('\n');
  }
}

}  // namespace winnow
