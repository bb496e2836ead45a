// The fast producer: a streaming HTML5 tokenizer feeding the light tree
// builder. Text, attribute values and names are string_views into the input
// unless they need rewriting (character references, upper case, invalid
// UTF-8), in which case they are decoded into buffers reused across tokens.
// Scanning is memchr-driven; every loop is iterative and linear.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "html/attribute_filter.hpp"
#include "html/html_events.hpp"
#include "html/text_decoder.hpp"
#include "html/tree_builder.hpp"

namespace winnow::html {
namespace {

enum CharClass : std::uint8_t {
  kSpace = 1,       // \t \n \f \r and space
  kTagNameEnd = 2,  // space, '/', '>'
  kAttrNameEnd = 4, // space, '/', '>', '='
  kUnquotedEnd = 8, // space, '>'
  kUpper = 16,
  kAlpha = 32,
  kSpaceOrSlash = 64,  // what separates attributes
};

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (unsigned char c : {'\t', '\n', '\f', '\r', ' '}) {
    t[c] |= kSpace | kTagNameEnd | kAttrNameEnd | kUnquotedEnd;
  }
  for (unsigned char c : {'\t', '\n', '\f', '\r', ' ', '/'}) t[c] |= kSpaceOrSlash;
  t['/'] |= kTagNameEnd | kAttrNameEnd;
  t['>'] |= kTagNameEnd | kAttrNameEnd | kUnquotedEnd;
  t['='] |= kAttrNameEnd;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kUpper | kAlpha;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kAlpha;
  return t;
}
constexpr std::array<std::uint8_t, 256> kClass = make_classes();

inline bool has(char c, std::uint8_t cls) { return (kClass[static_cast<unsigned char>(c)] & cls) != 0; }

inline char lower(char c) { return has(c, kUpper) ? static_cast<char>(c + 32) : c; }

bool iequals_prefix(const char* p, const char* end, std::string_view lower_word) {
  if (static_cast<std::size_t>(end - p) < lower_word.size()) return false;
  for (std::size_t i = 0; i < lower_word.size(); ++i) {
    if (lower(p[i]) != lower_word[i]) return false;
  }
  return true;
}

bool starts_with(const char* p, const char* end, std::string_view word) {
  return static_cast<std::size_t>(end - p) >= word.size() &&
         std::memcmp(p, word.data(), word.size()) == 0;
}

const char* find_char(const char* p, const char* end, char c) {
  if (p >= end) return nullptr;
  return static_cast<const char*>(std::memchr(p, c, static_cast<std::size_t>(end - p)));
}

// Whether `lt` starts the end tag "</name" followed by whitespace, '/' or '>'.
bool is_end_tag_for(const char* lt, const char* end, std::string_view name) {
  if (end - lt < 2 || lt[1] != '/') return false;
  const char* p = lt + 2;
  if (!iequals_prefix(p, end, name)) return false;
  p += name.size();
  return p < end && has(*p, kTagNameEnd);
}

// Finds `c` in [p, end) without a library call when it lies in the next 16
// bytes, as the quote closing an attribute value or the '<' ending a run of
// indentation usually does; memchr for the rest.
inline const char* find_near(const char* p, const char* end, char c) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int hits = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
    if (hits != 0) return p + __builtin_ctz(static_cast<unsigned>(hits));
    p += 16;
  }
#endif
  return find_char(p, end, c);
}

// The end of a tag or attribute name starting at p: the first byte of class
// `ends` (kTagNameEnd, or kAttrNameEnd when `equals` ends it too), or `end`.
// Sixteen bytes a step: a name ends at whitespace, '/', '>' or '=', so
// the candidates are those bytes and the controls, which the class table
// then settles (a control other than whitespace is part of the name).
inline const char* scan_name(const char* p, const char* end, std::uint8_t ends, bool equals) {
#if defined(__SSE2__)
  const __m128i low = _mm_set1_epi8(0x20), slash = _mm_set1_epi8('/'), gt = _mm_set1_epi8('>'),
                eq = _mm_set1_epi8('=');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, low), v),
                             _mm_or_si128(_mm_cmpeq_epi8(v, slash), _mm_cmpeq_epi8(v, gt)));
    if (equals) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, eq));
    for (unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(m)); bits != 0; bits &= bits - 1) {
      const char* at = p + __builtin_ctz(bits);
      if (has(*at, ends)) return at;
    }
    p += 16;
  }
#endif
  while (p < end && !has(*p, ends)) ++p;
  return p;
}

// Whether an attribute value needs no rewriting, 16 bytes a step while
// the input may be read that far: no byte >= 0x80, no control other than
// HTML whitespace, no DEL and no '&' (the bytes scan_text stops at with
// references on). False means "ask scan_text", which also settles UTF-8.
inline bool plain_value(const char* p, std::size_t n, const char* end) {
#if defined(__SSE2__)
  if (end - p < static_cast<std::ptrdiff_t>((n + 15) & ~std::size_t{15})) return false;
  for (std::size_t i = 0; i < n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i from_nine = _mm_sub_epi8(v, _mm_set1_epi8(9));
    const __m128i nine_to_13 = _mm_cmpeq_epi8(_mm_min_epu8(from_nine, _mm_set1_epi8(4)), from_nine);
    const __m128i ws = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0B)), nine_to_13);
    __m128i stop = _mm_andnot_si128(ws, _mm_cmplt_epi8(v, _mm_set1_epi8(' ')));
    stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)),
                                           _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))));
    unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(stop));
    if (n - i < 16) bits &= (1u << (n - i)) - 1;
    if (bits != 0) return false;
  }
  return true;
#else
  (void)p;
  (void)n;
  (void)end;
  return false;
#endif
}

// Where the next '<' at or after p is, and whether everything before it in
// the window is HTML whitespace that needs no rewriting ({9,10,12,13,32};
// VT is whitespace to the tree builder but a byte scan_text stops at).
// One 16-byte load answers both for the indentation between tags, so such
// a run is not read a second time by scan_text. `blank` is only ever true
// when the answer is certain; otherwise the caller checks the run itself.
struct NextTag {
  const char* lt;
  bool blank;
};

inline NextTag find_tag_classified(const char* p, const char* end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const unsigned lts = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('<'))));
    if (lts == 0) return {find_char(p + 16, end, '<'), false};
    const __m128i from_nine = _mm_sub_epi8(v, _mm_set1_epi8(9));
    const __m128i nine_to_13 = _mm_cmpeq_epi8(_mm_min_epu8(from_nine, _mm_set1_epi8(4)), from_nine);
    const __m128i ws = _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x0B)),
                                        _mm_or_si128(nine_to_13, _mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
    const unsigned at = static_cast<unsigned>(__builtin_ctz(lts));
    const unsigned before = (1u << at) - 1;
    const unsigned blank = static_cast<unsigned>(_mm_movemask_epi8(ws)) & before;
    return {p + at, blank == before};
  }
#endif
  return {find_char(p, end, '<'), false};
}

const char* find_seq(const char* p, const char* end, std::string_view seq) {
  if (p >= end) return nullptr;
  std::string_view hay(p, static_cast<std::size_t>(end - p));
  std::size_t at = hay.find(seq);
  return at == std::string_view::npos ? nullptr : p + at;
}

// The quirks-mode decision from a doctype. It matters here only because in
// quirks mode a <table> does not close an open <p>. This follows what the
// Gumbo reference (0.10) actually does rather than the full HTML5 list:
// Gumbo never matches the legacy public-identifier prefixes, so e.g. an
// HTML 4.0 Transitional doctype is no-quirks there, and agreeing with the
// reference on where paragraph text ends matters more than the letter of
// the spec for pages that old.
bool doctype_is_quirky(std::string_view body) {
  std::string lowered;
  lowered.reserve(body.size());
  for (char c : body) lowered.push_back(lower(c));
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < lowered.size() && has(lowered[i], kSpace)) ++i;
  };
  skip_space();
  std::size_t name_start = i;
  while (i < lowered.size() && !has(lowered[i], kSpace)) ++i;
  if (std::string_view(lowered).substr(name_start, i - name_start) != "html") return true;
  bool unterminated = false;
  auto quoted = [&](std::string& out) -> bool {
    skip_space();
    if (i >= lowered.size() || (lowered[i] != '"' && lowered[i] != '\'')) return false;
    char q = lowered[i++];
    std::size_t close = lowered.find(q, i);
    if (close == std::string::npos) {
      unterminated = true;
      return false;
    }
    out = lowered.substr(i, close - i);
    i = close + 1;
    return true;
  };
  skip_space();
  std::string public_id, system_id;
  if (lowered.compare(i, 6, "public") == 0) {
    i += 6;
    if (quoted(public_id)) quoted(system_id);
  } else if (lowered.compare(i, 6, "system") == 0) {
    i += 6;
    quoted(system_id);
  }
  if (unterminated) return true;
  return public_id == "-//w3o//dtd w3 html strict 3.0//en//" ||
         public_id == "-/w3c/dtd html 4.0 transitional/en" || public_id == "html" ||
         system_id == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd";
}

class FastTokenizer {
 public:
  FastTokenizer(std::string_view input, EventHandler& handler)
      : begin_(input.data()), end_(input.data() + input.size()), builder_(handler) {
    filter_.reset(handler.attributes_read(), TreeBuilder::attributes_read());
  }

  void run();

 private:
  struct RawAttribute {
    const char* name;
    std::uint32_t name_length;
    const char* value;
    std::uint32_t value_length;
    const std::string_view* listed;  // the filter's spelling of the name, if filtered
  };
  // Where a name or value ended up: at `direct` (the input, or the
  // filter's list), or at `at` in attribute_buffer_ when rewritten.
  struct Piece {
    const char* direct;
    std::size_t at, length;
  };
  struct Span {
    Piece name, value;
  };
  struct TagToken {
    const char* name;
    std::size_t name_length;
    bool self_closing;
  };

  const char* parse_tag(const char* p, bool end_tag, TagToken& token);
  const char* start_tag(const char* lt);
  const char* end_tag(const char* lt);
  const char* markup_declaration(const char* lt);
  const char* raw_content(const char* p, Tag tag, std::string_view name, ContentMode mode);
  const char* find_raw_end(const char* p, std::string_view name) const;
  const char* find_script_end(const char* p) const;
  bool is_end_tag_for(const char* lt, std::string_view name) const;
  void emit_text(const char* from, const char* to, const TextOptions& options);
  void emit_run(const char* from, const char* to, bool blank, const TextOptions& options);
  std::string_view resolve_name(const TagToken& token, Tag& tag);
  [[gnu::noinline]] std::string_view unknown_name(const TagToken& token);
  void build_attributes();
  [[gnu::noinline]] void rewrite_attributes();
  void remove_duplicate_attributes();
  bool value_is_plain(std::string_view value) const {
    return plain_value(value.data(), value.size(), end_);
  }

  const char* begin_;
  const char* end_;
  TreeBuilder builder_;
  AttributeFilter filter_;
  std::string text_buffer_;
  std::string name_buffer_;
  std::string attribute_buffer_;
  std::vector<RawAttribute> raw_attributes_;
  std::vector<Attribute> attributes_;
  std::vector<Span> spans_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint8_t> drop_;
};

void FastTokenizer::emit_text(const char* from, const char* to, const TextOptions& options) {
  if (from >= to) return;
  std::string_view run(from, static_cast<std::size_t>(to - from));
  const TextScan scan = scan_text(run, options, end_);
  const std::size_t dirty = scan.clean;
  if (dirty == run.size()) {
    // Most runs between tags are indentation: handed over as such, the
    // tree builder and the handler skip them without looking at the bytes.
    if (scan.blank) {
      builder_.whitespace(run);
    } else {
      builder_.text(run);
    }
    return;
  }
  text_buffer_.assign(run.data(), dirty);
  decode_text(run.substr(dirty), options, text_buffer_);
  if (!text_buffer_.empty()) builder_.text(text_buffer_);
}

// A data run before a tag; `blank` when the '<' search already saw it is
// whitespace only (the same call emit_text would make, without the scan).
inline void FastTokenizer::emit_run(const char* from, const char* to, bool blank,
                                    const TextOptions& options) {
  if (!blank) {
    emit_text(from, to, options);
  } else if (from < to) {
    builder_.whitespace(std::string_view(from, static_cast<std::size_t>(to - from)));
  }
}

// Tokenizes a start or end tag whose '<' is at p; returns the position
// after its '>', or nullptr when the input ends inside the tag (HTML5 then
// drops the tag). Attributes of start tags are collected raw.
const char* FastTokenizer::parse_tag(const char* p, bool end_tag, TagToken& token) {
  const char* q = scan_name(p + (end_tag ? 2 : 1), end_, kTagNameEnd, false);
  token.name = p + (end_tag ? 2 : 1);
  token.name_length = static_cast<std::size_t>(q - token.name);
  token.self_closing = false;
  raw_attributes_.clear();
  const bool keep_all = filter_.passes_all();
  for (;;) {
    while (q < end_ && has(*q, kSpaceOrSlash)) {
      if (*q == '/' && q + 1 < end_ && q[1] == '>') {
        token.self_closing = true;
        ++q;
        break;
      }
      ++q;
    }
    if (q >= end_) return nullptr;
    if (*q == '>') return q + 1;
    const char* attr_name = q;
    q = scan_name(q + 1, end_, kAttrNameEnd, true);
    const char* attr_name_end = q;
    while (q < end_ && has(*q, kSpace)) ++q;
    const char* value = q;
    const char* value_end = q;
    if (q < end_ && *q == '=') {
      ++q;
      while (q < end_ && has(*q, kSpace)) ++q;
      if (q >= end_) return nullptr;
      if (*q == '"' || *q == '\'') {
        const char* close = find_near(q + 1, end_, *q);
        if (close == nullptr) return nullptr;
        value = q + 1;
        value_end = close;
        q = close + 1;
      } else {
        value = q;
        while (q < end_ && !has(*q, kUnquotedEnd)) ++q;
        value_end = q;
      }
    } else {
      q = attr_name_end;  // no value: the next attribute starts after spaces
      while (q < end_ && has(*q, kSpace)) ++q;
      value = value_end = q;
    }
    if (end_tag) continue;
    const auto name_length = static_cast<std::size_t>(attr_name_end - attr_name);
    const std::string_view* listed = nullptr;
    if (!keep_all) {
      listed = filter_.find(attr_name, name_length, end_);
      if (listed == nullptr) continue;
    }
    raw_attributes_.push_back({attr_name, static_cast<std::uint32_t>(name_length), value,
                               static_cast<std::uint32_t>(value_end - value), listed});
  }
}

inline std::string_view FastTokenizer::resolve_name(const TagToken& token, Tag& tag) {
  // The name is followed by at least '>', so 16 bytes from its start are
  // readable unless the page ends within them.
  if (end_ - token.name >= 16) [[likely]] {
    tag = tag_from_name_at(token.name, token.name_length);
  } else {
    tag = tag_from_name({token.name, token.name_length});
  }
  if (tag != Tag::unknown) [[likely]] return tag_name(tag);
  return unknown_name(token);
}

// A name not in the tag list, lower-cased if need be. Kept out of line:
// the buffer handling would otherwise weigh on every known tag.
std::string_view FastTokenizer::unknown_name(const TagToken& token) {
  std::string_view raw(token.name, token.name_length);
  bool upper = false;
  for (char c : raw) upper |= has(c, kUpper);
  if (!upper) return raw;
  name_buffer_.assign(raw);
  for (char& c : name_buffer_) c = lower(c);
  return name_buffer_;
}

// The attributes parse_tag kept, as the handler gets them. Duplicates: the
// first wins.
void FastTokenizer::build_attributes() {
  attributes_.clear();
  // The usual tag: every kept name is the filter's own spelling and no
  // value needs decoding, so the views point at the list and the input.
  for (const RawAttribute& raw : raw_attributes_) {
    const std::string_view value(raw.value, raw.value_length);
    if (raw.listed == nullptr || !value_is_plain(value)) {
      rewrite_attributes();
      break;
    }
    attributes_.push_back({*raw.listed, value});
  }
  remove_duplicate_attributes();
}

// The general case: names are lower-cased and values decoded into one
// buffer; views are taken only once it has stopped growing.
void FastTokenizer::rewrite_attributes() {
  attributes_.clear();
  attribute_buffer_.clear();
  spans_.clear();
  auto& spans = spans_;
  TextOptions options;
  options.in_attribute = true;
  options.drop_nul = false;
  for (const RawAttribute& raw : raw_attributes_) {
    Span span{};
    std::string_view name(raw.name, raw.name_length);
    span.name = {name.data(), 0, name.size()};
    if (raw.listed != nullptr) {
      span.name.direct = raw.listed->data();  // already lower case
    } else {
      bool upper = false;
      for (char c : name) upper |= has(c, kUpper);
      if (upper) {
        span.name.direct = nullptr;
        span.name.at = attribute_buffer_.size();
        for (char c : name) attribute_buffer_.push_back(lower(c));
      }
    }
    std::string_view value(raw.value, raw.value_length);
    span.value = {value.data(), 0, value.size()};
    std::size_t dirty = value_is_plain(value) ? value.size() : scan_text(value, options, end_).clean;
    if (dirty != value.size()) {
      span.value.direct = nullptr;
      span.value.at = attribute_buffer_.size();
      attribute_buffer_.append(value.data(), dirty);
      decode_text(value.substr(dirty), options, attribute_buffer_);
      span.value.length = attribute_buffer_.size() - span.value.at;
    }
    spans.push_back(span);
  }
  auto view = [&](const Piece& piece) {
    return std::string_view(piece.direct ? piece.direct : attribute_buffer_.data() + piece.at, piece.length);
  };
  for (const Span& span : spans) attributes_.push_back({view(span.name), view(span.value)});
}

// First occurrence wins. Real tags carry a handful of attributes, checked
// pairwise; a hostile tag with thousands goes through a sort instead.
void FastTokenizer::remove_duplicate_attributes() {
  const std::size_t n = attributes_.size();
  if (n < 2) return;
  if (n <= 32) {
    std::size_t kept = 1;
    for (std::size_t i = 1; i < n; ++i) {
      bool duplicate = false;
      for (std::size_t j = 0; j < kept && !duplicate; ++j) duplicate = attributes_[j].name == attributes_[i].name;
      if (!duplicate) attributes_[kept++] = attributes_[i];
    }
    attributes_.resize(kept);
    return;
  }
  order_.resize(n);
  for (std::size_t i = 0; i < n; ++i) order_[i] = static_cast<std::uint32_t>(i);
  std::stable_sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return attributes_[a].name < attributes_[b].name;
  });
  drop_.assign(n, 0);
  for (std::size_t i = 1; i < n; ++i) {
    if (attributes_[order_[i]].name == attributes_[order_[i - 1]].name) drop_[order_[i]] = 1;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!drop_[i]) attributes_[kept++] = attributes_[i];
  }
  attributes_.resize(kept);
}

const char* FastTokenizer::start_tag(const char* lt) {
  TagToken token;
  const char* after = parse_tag(lt, false, token);
  if (after == nullptr) return end_;
  Tag tag;
  std::string_view name = resolve_name(token, tag);
  build_attributes();
  ContentMode mode = builder_.start_tag(tag, name, attributes_, token.self_closing);
  if (mode == ContentMode::data) return after;
  return raw_content(after, tag, tag_name(tag), mode);
}

const char* FastTokenizer::end_tag(const char* lt) {
  // Most end tags are a known name and '>': no attribute syntax to walk.
  const char* start = lt + 2;
  if (end_ - start >= 16) {
    const char* q = scan_name(start, end_, kTagNameEnd, false);
    if (q < end_ && *q == '>') {
      const Tag tag = tag_from_name_at(start, static_cast<std::size_t>(q - start));
      if (tag != Tag::unknown) {
        builder_.end_tag(tag, tag_name(tag));
        return q + 1;
      }
    }
  }
  TagToken token;
  const char* after = parse_tag(lt, true, token);
  if (after == nullptr) return end_;
  Tag tag;
  std::string_view name = resolve_name(token, tag);
  builder_.end_tag(tag, name);
  return after;
}

bool FastTokenizer::is_end_tag_for(const char* lt, std::string_view name) const {
  return html::is_end_tag_for(lt, end_, name);
}

const char* FastTokenizer::find_raw_end(const char* p, std::string_view name) const {
  return find_raw_text_end(p, end_, name);
}

// Script data with its escape states: inside "<!--" a nested "<script>"
// starts a double-escaped run in which "</script>" does not end the element
// (the document.write idiom of older pages).
const char* FastTokenizer::find_script_end(const char* p) const {
  enum { normal, escaped, double_escaped } state = normal;
  const char* dashes = nullptr;  // next "-->" at or after p, cached
  for (;;) {
    const char* lt = find_char(p, end_, '<');
    if (state != normal) {
      if (dashes == nullptr || dashes < p) {
        dashes = find_seq(p, end_, "-->");
        if (dashes == nullptr) dashes = end_;
      }
      if (dashes < end_ && (lt == nullptr || dashes < lt)) {
        state = normal;
        p = dashes + 3;
        continue;
      }
    }
    if (lt == nullptr) return end_;
    if (is_end_tag_for(lt, "script")) {
      if (state != double_escaped) return lt;
      state = escaped;
      p = lt + 8;
      continue;
    }
    if (state == normal && starts_with(lt, end_, "<!--")) {
      state = escaped;
      p = lt + 2;  // so that "<!-->" closes at once
      continue;
    }
    if (state == escaped && lt + 7 < end_ && iequals_prefix(lt + 1, end_, "script") &&
        has(lt[7], kTagNameEnd)) {
      state = double_escaped;
      p = lt + 7;
      continue;
    }
    p = lt + 1;
  }
}

const char* FastTokenizer::raw_content(const char* p, Tag tag, std::string_view name,
                                       ContentMode mode) {
  if (mode == ContentMode::plaintext) {
    TextOptions options;
    options.references = false;
    emit_text(p, end_, options);
    return end_;
  }
  const char* close = mode == ContentMode::script ? find_script_end(p) : find_raw_end(p, name);
  if (mode == ContentMode::rcdata) {
    TextOptions options;
    options.drop_nul = false;
    emit_text(p, close, options);
  } else if (tag == Tag::script || tag == Tag::noscript) {
    builder_.raw_text(tag, std::string_view(p, static_cast<std::size_t>(close - p)));
  } else if (!is_hidden_raw_text(tag)) {
    TextOptions options;
    options.references = false;
    options.drop_nul = false;
    emit_text(p, close, options);
  }
  if (close >= end_) return end_;
  return end_tag(close);
}

const char* FastTokenizer::markup_declaration(const char* lt) {
  const char* p = lt + 2;  // after "<!"
  if (starts_with(p, end_, "--")) {
    p += 2;
    if (p < end_ && *p == '>') return p + 1;
    if (starts_with(p, end_, "->")) return p + 2;
    for (;;) {
      const char* dd = find_seq(p, end_, "--");
      if (dd == nullptr) return end_;
      if (dd + 2 < end_ && dd[2] == '>') return dd + 3;
      if (dd + 3 < end_ && dd[2] == '!' && dd[3] == '>') return dd + 4;
      p = dd + 1;
    }
  }
  if (iequals_prefix(p, end_, "doctype")) {
    const char* gt = find_char(p + 7, end_, '>');
    const char* stop = gt ? gt : end_;
    bool quirky = gt == nullptr ||
                  doctype_is_quirky(std::string_view(p + 7, static_cast<std::size_t>(stop - p - 7)));
    builder_.doctype(quirky);
    return gt ? gt + 1 : end_;
  }
  if (starts_with(p, end_, "[CDATA[") && builder_.in_foreign_content()) {
    const char* close = find_seq(p + 7, end_, "]]>");
    TextOptions options;
    options.references = false;
    options.drop_nul = false;
    emit_text(p + 7, close ? close : end_, options);
    return close ? close + 3 : end_;
  }
  const char* gt = find_char(p, end_, '>');
  return gt ? gt + 1 : end_;
}

void FastTokenizer::run() {
  const char* p = begin_;
  const char* text_start = p;
  TextOptions data;
  while (p < end_ && !builder_.stopped()) {
    // Right after a tag the search for '<' also classifies the run it
    // passes over; after a literal '<' the run started earlier.
    bool blank = false;
    const char* lt;
    if (p == text_start) {
      const NextTag next = find_tag_classified(p, end_);
      lt = next.lt;
      blank = next.blank;
    } else {
      lt = find_near(p, end_, '<');
    }
    if (lt == nullptr || lt + 1 >= end_) break;
    char c = lt[1];
    const char* after;
    if (has(c, kAlpha)) {
      emit_run(text_start, lt, blank, data);
      after = start_tag(lt);
    } else if (c == '/') {
      if (lt + 2 >= end_) break;  // a trailing "</" is text
      emit_run(text_start, lt, blank, data);
      char d = lt[2];
      if (has(d, kAlpha)) {
        after = end_tag(lt);
      } else if (d == '>') {
        after = lt + 3;
      } else {
        const char* gt = find_char(lt + 2, end_, '>');
        after = gt ? gt + 1 : end_;
      }
    } else if (c == '!') {
      emit_text(text_start, lt, data);
      after = markup_declaration(lt);
    } else if (c == '?') {
      emit_text(text_start, lt, data);
      const char* gt = find_char(lt + 2, end_, '>');
      after = gt ? gt + 1 : end_;
    } else {
      p = lt + 1;  // a literal '<' stays part of the text run
      continue;
    }
    p = text_start = after;
  }
  if (!builder_.stopped()) emit_text(text_start, end_, data);
  builder_.finish();
}

}  // namespace

const char* find_raw_text_end(const char* p, const char* end, std::string_view name) {
  for (;;) {
    const char* lt = find_char(p, end, '<');
    if (lt == nullptr) return end;
    if (is_end_tag_for(lt, end, name)) return lt;
    p = lt + 1;
  }
}

void parse_with_fast_tokenizer(std::string_view html, EventHandler& handler) {
  FastTokenizer tokenizer(html, handler);
  tokenizer.run();
}

}  // namespace winnow::html
