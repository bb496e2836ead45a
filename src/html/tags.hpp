// Element names the segmenter and classifier reason about, interned once so
// that hot paths compare small integers instead of strings.
#pragma once

#include <cstdint>
#include <string_view>

namespace winnow::html {

#define WINNOW_HTML_TAGS(X)                                                     \
  X(a) X(abbr) X(address) X(area) X(article) X(aside) X(audio) X(b) X(base)     \
  X(bdi) X(bdo) X(blockquote) X(body) X(br) X(button) X(canvas) X(caption)      \
  X(center) X(cite) X(code) X(col) X(colgroup) X(data) X(datalist) X(dd)        \
  X(del) X(details) X(dfn) X(dialog) X(div) X(dl) X(dt) X(em) X(embed)          \
  X(fieldset) X(figcaption) X(figure) X(font) X(footer) X(form) X(frame)        \
  X(frameset) X(h1) X(h2) X(h3) X(h4) X(h5) X(h6) X(head) X(header) X(hgroup)   \
  X(hr) X(html) X(i) X(iframe) X(img) X(input) X(ins) X(kbd) X(label)           \
  X(legend) X(li) X(link) X(main) X(map) X(mark) X(menu) X(meta) X(meter)       \
  X(nav) X(nobr) X(noembed) X(noframes) X(noscript) X(object) X(ol)             \
  X(optgroup) X(option) X(output) X(p) X(param) X(picture) X(plaintext)         \
  X(pre) X(progress) X(q) X(rp) X(rt) X(ruby) X(s) X(samp) X(script)            \
  X(search) X(section) X(select) X(slot) X(small) X(source) X(span) X(strike)   \
  X(strong) X(style) X(sub) X(summary) X(sup) X(svg) X(math) X(table) X(tbody)  \
  X(td) X(template_) X(textarea) X(tfoot) X(th) X(thead) X(time) X(title)       \
  X(tr) X(track) X(tt) X(u) X(ul) X(var) X(video) X(wbr) X(xmp) X(listing)

enum class Tag : std::uint8_t {
  unknown = 0,
#define WINNOW_TAG_ENUM(name) name,
  WINNOW_HTML_TAGS(WINNOW_TAG_ENUM)
#undef WINNOW_TAG_ENUM
  count_
};

// Lower-case ASCII name -> Tag (Tag::unknown if not listed). Case-insensitive.
Tag tag_from_name(std::string_view name);
// The canonical lower-case name ("template" for Tag::template_).
std::string_view tag_name(Tag tag);

// HTML void elements: never have content or an end tag.
bool is_void_element(Tag tag);
// Elements whose content is never text for extraction (script, style, ...).
bool is_hidden_raw_text(Tag tag);

}  // namespace winnow::html
