#include <array>

#include "render/render.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {

namespace {
// Bytes that may need escaping: control characters, '"', '\\', and the lead
// bytes of U+0085 (C2 85) and U+2028/U+2029 (E2 80 A8/A9). Everything else is
// copied in runs found by one table look-up per byte.
constexpr auto kJsonSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = t[0xC2] = t[0xE2] = true;
  return t;
}();

// The first byte at or after i that kJsonSpecial marks, or n. Page text is
// mostly plain: 16 bytes a step, then the table for the last few.
std::size_t next_special(const unsigned char* bytes, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i control_max = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
  const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2)), e2 = _mm_set1_epi8(static_cast<char>(0xE2));
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max);  // v <= 0x1F
    const __m128i named = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v, e2)));
    const int mask = _mm_movemask_epi8(_mm_or_si128(control, named));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && !kJsonSpecial[bytes[i]]) ++i;
  return i;
}
}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out.push_back('"');
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t run = 0;
  for (std::size_t i = 0; i < n; ++i) {
    i = next_special(bytes, i, n);
    if (i == n) break;
    const unsigned char c = bytes[i];
    // U+0085, U+2028 and U+2029 are escaped too: line-oriented readers
    // (Python's splitlines among them) take them for line ends.
    if (c == 0xC2) {
      if (i + 1 < n && bytes[i + 1] == 0x85) {
        out.append(text, run, i - run);
        out.append("\\u0085");
        run = ++i + 1;
      }
      continue;
    }
    if (c == 0xE2) {
      if (i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
        out.append(text, run, i - run);
        out.append(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
        i += 2;
        run = i + 1;
      }
      continue;
    }
    out.append(text, run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(text, run, std::string_view::npos);
  out.push_back('"');
}

namespace {
std::string_view label_name(Label l) { return l == Label::content ? "content" : "chrome"; }
std::string_view kind_name(BlockKind k) {
  switch (k) {
    case BlockKind::paragraph: return "paragraph";
    case BlockKind::heading: return "heading";
    case BlockKind::list_item: return "list_item";
    case BlockKind::table_cell: return "table_cell";
    case BlockKind::code: return "code";
    case BlockKind::quote: return "quote";
    case BlockKind::caption: return "caption";
  }
  return "paragraph";
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(',');
  append_json_string(out, name);
  out.push_back(':');
  append_json_string(out, value);
}
}  // namespace

void render_jsonl(const RenderInput& in, std::string_view text, std::string& out) {
  out.append("{\"id\":");
  append_json_string(out, in.id);
  field(out, "url", in.url);
  field(out, "site", in.site);
  field(out, "title", in.meta.title);
  field(out, "author", in.meta.author);
  field(out, "date", in.meta.date);
  field(out, "language", in.meta.language);
  field(out, "site_name", in.meta.site_name);
  field(out, "text", text);
  if (in.explain) {
    out.append(",\"blocks\":[");
    for (std::size_t i = 0; i < in.doc.blocks.size(); ++i) {
      const Decision& d = in.decisions[i];
      if (i) out.push_back(',');
      out.append("{\"label\":");
      append_json_string(out, label_name(d.label));
      field(out, "kind", kind_name(in.doc.blocks[i].kind));
      field(out, "reason", d.reason);
      field(out, "text", in.doc.blocks[i].text);
      if (d.label == Label::content && d.text != in.doc.blocks[i].text) field(out, "kept", d.text);
      out.push_back('}');
    }
    out.push_back(']');
  }
  if (!in.extra_json.empty()) {
    out.push_back(',');
    out.append(in.extra_json);
  }
  out.append("}\n");
}

}  // namespace winnow
