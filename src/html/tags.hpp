// Element names the segmenter and classifier reason about, interned once so
// that hot paths compare small integers instead of strings.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <initializer_list>
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
// The same for a name at `p` of `length` bytes when 16 bytes starting at p
// may be read (the name and whatever follows it): no copy of the name.
// Inline: the tokenizer asks once per tag, and the call cost a quarter of
// the lookup.
inline Tag tag_from_name_at(const char* p, std::size_t length);

namespace detail {
// Names by tag, "template" for Tag::template_; the hot paths want them
// inline, without a call.
constexpr std::array<std::string_view, static_cast<std::size_t>(Tag::count_)> make_tag_names() {
  std::array<std::string_view, static_cast<std::size_t>(Tag::count_)> names{};
  std::size_t i = 1;
#define WINNOW_TAG_NAME(name) names[i++] = #name;
  WINNOW_HTML_TAGS(WINNOW_TAG_NAME)
#undef WINNOW_TAG_NAME
  names[static_cast<std::size_t>(Tag::template_)] = "template";
  return names;
}
inline constexpr auto kTagNames = make_tag_names();

// One bit per tag.
struct TagSet {
  std::uint64_t words[4] = {};
  constexpr TagSet(std::initializer_list<Tag> tags) {
    for (Tag t : tags) words[static_cast<unsigned>(t) >> 6] |= std::uint64_t{1} << (static_cast<unsigned>(t) & 63);
  }
  constexpr bool has(Tag t) const {
    return (words[static_cast<unsigned>(t) >> 6] >> (static_cast<unsigned>(t) & 63)) & 1u;
  }
};
inline constexpr TagSet kVoidTags{Tag::area, Tag::base, Tag::br, Tag::col, Tag::embed, Tag::hr,
                                  Tag::img, Tag::input, Tag::link, Tag::meta, Tag::param,
                                  Tag::source, Tag::track, Tag::wbr};
inline constexpr TagSet kHiddenRawTextTags{Tag::script, Tag::style, Tag::template_, Tag::noscript,
                                           Tag::iframe, Tag::noembed, Tag::noframes};
}  // namespace detail

namespace detail {
// A name of at most 10 bytes packed into two words (its length in the last
// byte, so a name with a NUL in it is not taken for a shorter one): a probe
// compares two integers, and the hash is one multiplication. Bytes go into
// the words in little-endian order, as a load from memory puts them there.
struct PackedName {
  std::uint64_t lo = 0, hi = 0;
};
inline constexpr std::size_t kMaxNameBytes = 10;

// Open-addressing table of every listed name, built at compile time in
// tags.cpp; names are short and few, so almost every lookup ends at its
// first probe.
struct NameTable {
  static constexpr std::size_t kBits = 9;
  static constexpr std::size_t kSize = std::size_t{1} << kBits;
  struct Slot {
    PackedName name;
    std::uint8_t tag = 0;
  };
  std::array<Slot, kSize> slots{};

  static constexpr std::size_t hash(const PackedName& p) {
    return static_cast<std::size_t>(((p.lo ^ (p.hi * 0xC2B2AE3D27D4EB4Full)) * 0x9E3779B97F4A7C15ull) >> (64 - kBits));
  }
  constexpr NameTable();
  Tag find(const PackedName& p) const {
    std::size_t h = hash(p);
    for (;;) {
      const Slot& slot = slots[h];
      if (slot.tag == 0) return Tag::unknown;
      if (slot.name.lo == p.lo && slot.name.hi == p.hi) return static_cast<Tag>(slot.tag);
      h = (h + 1) & (kSize - 1);
    }
  }
};
extern const NameTable kNameTable;

// Sets bit 0x20 of every byte that has bit 0x40: upper-case ASCII letters
// become lower case. Other bytes may change too, but never into a letter or
// digit, the only bytes of the names in the table, so a name matches
// exactly when its ASCII lower case form does.
constexpr std::uint64_t fold_case(std::uint64_t w) { return w | ((w & 0x4040404040404040ull) >> 1); }
}  // namespace detail

inline Tag tag_from_name_at(const char* p, std::size_t length) {
  if constexpr (std::endian::native != std::endian::little) return tag_from_name({p, length});
  if (length == 0 || length > detail::kMaxNameBytes) return Tag::unknown;
  detail::PackedName name;
  std::memcpy(&name.lo, p, 8);
  name.hi = static_cast<std::uint64_t>(length) << 56;
  if (length < 8) {
    name.lo &= (std::uint64_t{1} << (8 * length)) - 1;
  } else if (length > 8) {
    std::uint64_t rest;
    std::memcpy(&rest, p + 8, 8);
    name.hi |= detail::fold_case(rest & ((std::uint64_t{1} << (8 * (length - 8))) - 1));
  }
  name.lo = detail::fold_case(name.lo);
  return detail::kNameTable.find(name);
}

// The canonical lower-case name ("template" for Tag::template_).
constexpr std::string_view tag_name(Tag tag) { return detail::kTagNames[static_cast<std::size_t>(tag)]; }

// HTML void elements: never have content or an end tag.
constexpr bool is_void_element(Tag tag) { return detail::kVoidTags.has(tag); }
// Elements whose content is never text for extraction (script, style, ...).
constexpr bool is_hidden_raw_text(Tag tag) { return detail::kHiddenRawTextTags.has(tag); }

}  // namespace winnow::html
