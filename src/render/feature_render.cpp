#include <charconv>

#include "classify/block_features.hpp"
#include "render/render.hpp"

namespace winnow {

void render_block_features(const RenderInput& in, const std::vector<double>& rows, std::string& out) {
  out.append("{\"id\":");
  append_json_string(out, in.id);
  out.append(",\"site\":");
  append_json_string(out, in.site);
  out.append(",\"blocks\":").append(std::to_string(in.doc.blocks.size()));
  out.append(",\"features\":[");
  for (std::size_t k = 0; k < kBlockFeatureCount; ++k) {
    if (k) out.push_back(',');
    append_json_string(out, kBlockFeatureNames[k]);
  }
  out.append("]}\n");
  if (rows.size() != in.doc.blocks.size() * kBlockFeatureCount) return;  // plain text: no features
  char number[32];
  for (std::size_t i = 0; i < in.doc.blocks.size(); ++i) {
    const Decision& d = in.decisions[i];
    out.append("{\"id\":");
    append_json_string(out, in.id);
    out.append(",\"block\":").append(std::to_string(i));
    out.append(",\"label\":").append(d.label == Label::content ? "\"content\"" : "\"chrome\"");
    out.append(",\"reason\":");
    append_json_string(out, d.reason);
    out.append(",\"text\":");
    append_json_string(out, d.text);
    out.append(",\"x\":[");
    for (std::size_t k = 0; k < kBlockFeatureCount; ++k) {
      if (k) out.push_back(',');
      // Shortest text that reads back as the same double: training sees the
      // values inference compares.
      auto [end, ec] = std::to_chars(number, number + sizeof number, rows[i * kBlockFeatureCount + k]);
      out.append(number, end);
    }
    out.append("]}\n");
  }
}

}  // namespace winnow
