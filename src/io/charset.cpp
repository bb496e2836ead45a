#include "io/charset.hpp"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/charset_labels.hpp"

namespace winnow::io {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid;
// `maximal` receives how many bytes form the longest prefix of a valid
// sequence (so one U+FFFD replaces each maximal invalid subpart, as the
// Unicode standard recommends).
std::size_t utf8_sequence(const unsigned char* s, std::size_t n, std::size_t i, std::size_t& maximal) {
  unsigned char c = s[i];
  maximal = 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) { len = 3; lo = 0xA0; }
  else if (c == 0xED) { len = 3; hi = 0x9F; }
  else if (c >= 0xE1 && c <= 0xEF) len = 3;
  else if (c == 0xF0) { len = 4; lo = 0x90; }
  else if (c == 0xF4) { len = 4; hi = 0x8F; }
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= n) return 0;
    unsigned char b = s[i + k];
    unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (b < l || b > h) return 0;
    maximal = k + 1;
  }
  return len;
}

// Length of the leading run of ASCII bytes of s[i..n), plus i. Pages are
// mostly ASCII: 64, then 32 bytes are checked at a time where the vector
// unit allows (one test per 64 bytes halves the loop's own cost on long
// ASCII stretches; the 32-byte step then narrows down a stop).
std::size_t ascii_run_end(const unsigned char* s, std::size_t n, std::size_t i) {
#if defined(__SSE2__)
  while (i + 64 <= n) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 32));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 48));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
    i += 64;
  }
  while (i + 32 <= n) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 16));
    if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0) break;
    i += 32;
  }
#endif
  while (i + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Index of the first byte that is not part of a valid UTF-8 sequence, or n.
std::size_t first_invalid_utf8(const unsigned char* s, std::size_t n, std::size_t i = 0) {
  while (i < n) {
    i = ascii_run_end(s, n, i);
    if (i >= n) break;
    std::size_t maximal;
    std::size_t len = utf8_sequence(s, n, i, maximal);
    if (len == 0) return i;
    i += len;
  }
  return n;
}

bool is_valid_utf8(std::string_view t) {
  auto s = reinterpret_cast<const unsigned char*>(t.data());
  return first_invalid_utf8(s, t.size()) == t.size();
}

bool mostly_utf8(std::string_view t) {
  auto s = reinterpret_cast<const unsigned char*>(t.data());
  std::size_t n = t.size(), good = 0, bad = 0;
  for (std::size_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    std::size_t maximal;
    std::size_t len = utf8_sequence(s, n, i, maximal);
    if (len) {
      ++good;
      i += len;
    } else {
      ++bad;
      i += maximal;
    }
  }
  return good >= 8 && good >= 8 * bad;
}

bool is_ascii(std::string_view t) {
  return ascii_run_end(reinterpret_cast<const unsigned char*>(t.data()), t.size(), 0) == t.size();
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// windows-1252 is the most common legacy charset on the web; decoding it by
// table is faster than iconv and matches the WHATWG mapping exactly (glibc's
// CP1252 rejects 0x81, 0x8D, 0x8F, 0x90 and 0x9D, browsers map them to C1).
constexpr std::array<std::uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void decode_windows_1252(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size() + in.size() / 8);
  auto s = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  // ASCII runs are copied whole: byte-wise appends made this the costliest
  // step of decoding the many legacy pages that are ASCII throughout.
  for (std::size_t i = 0; i < n;) {
    const std::size_t run = ascii_run_end(s, n, i);
    out.append(in.data() + i, run - i);
    i = run;
    if (i == n) break;
    const unsigned char c = s[i++];
    append_utf8(out, c < 0xA0 ? kCp1252High[c - 0x80] : c);
  }
}

// iconv handles are costly to open and every page needs one: keep them per
// thread, keyed by the charset name.
struct IconvCache {
  std::unordered_map<std::string, iconv_t> handles;
  ~IconvCache() {
    for (auto& [name, cd] : handles)
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
  iconv_t get(const std::string& from) {
    auto it = handles.find(from);
    if (it != handles.end()) return it->second;
    iconv_t cd = iconv_open("UTF-8", from.c_str());
    handles.emplace(from, cd);
    return cd;
  }
};

iconv_t cached_iconv(const std::string& from) {
  thread_local IconvCache cache;
  return cache.get(from);
}

// Converts with iconv; invalid or incomplete input becomes U+FFFD and the
// conversion goes on. Returns false if the charset is not available.
bool convert_with_iconv(std::string_view in, const std::string& from, std::string& out) {
  iconv_t cd = cached_iconv(from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  out.clear();
  out.resize(in.size() * 2 + 16);
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t used = 0;
  for (;;) {
    char* dst = out.data() + used;
    std::size_t dst_left = out.size() - used;
    std::size_t rc = src_left ? iconv(cd, &src, &src_left, &dst, &dst_left)
                              : iconv(cd, nullptr, nullptr, &dst, &dst_left);
    used = static_cast<std::size_t>(dst - out.data());
    if (rc != static_cast<std::size_t>(-1)) {
      if (src_left == 0) {
        // Flush any pending shift sequence (ISO-2022-JP) before finishing.
        dst = out.data() + used;
        dst_left = out.size() - used;
        if (iconv(cd, nullptr, nullptr, &dst, &dst_left) != static_cast<std::size_t>(-1)) {
          used = static_cast<std::size_t>(dst - out.data());
          break;
        }
        if (errno == E2BIG) {
          out.resize(out.size() * 2);
          continue;
        }
        break;
      }
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2 + 16);
    } else if (errno == EILSEQ) {
      if (out.size() - used < 3) out.resize(out.size() * 2 + 16);
      std::memcpy(out.data() + used, kReplacement, 3);
      used += 3;
      ++src;
      --src_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    } else {  // EINVAL: incomplete sequence at the end of the input
      if (out.size() - used < 3) out.resize(out.size() + 16);
      std::memcpy(out.data() + used, kReplacement, 3);
      used += 3;
      src_left = 0;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
      break;
    }
  }
  out.resize(used);
  // Some iconv modules pass through what they cannot map; make sure.
  std::string repaired;
  if (!repair_utf8(out, repaired)) out.swap(repaired);
  return true;
}

bool decode_as(std::string_view bytes, const CharsetInfo& cs, std::string& out) {
  if (cs.canonical == "UTF-8") {
    repair_utf8(bytes, out);
    return true;
  }
  if (cs.canonical == "WINDOWS-1252") {
    decode_windows_1252(bytes, out);
    return true;
  }
  return convert_with_iconv(bytes, std::string(cs.iconv_name), out);
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string lowercase(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower(c);
  return r;
}

// The value after "charset" (or "encoding" for the XML declaration) inside
// `tag`: skips spaces, '=', spaces and an optional quote.
std::string value_after(std::string_view tag, std::size_t at) {
  std::size_t i = at;
  while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
  if (i >= tag.size() || tag[i] != '=') return {};
  ++i;
  while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r')) ++i;
  if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) ++i;
  std::size_t start = i;
  while (i < tag.size()) {
    char c = tag[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
              c == ':';
    if (!ok) break;
    ++i;
  }
  return std::string(tag.substr(start, i - start));
}

}  // namespace

std::string canonical_charset(std::string_view label) {
  const CharsetInfo* cs = lookup_charset(label);
  return cs ? std::string(cs->canonical) : std::string();
}

std::string find_meta_charset(std::string_view html) {
  std::string head = lowercase(html.substr(0, 4096));
  std::size_t pos = 0;
  for (;;) {
    pos = head.find("<meta", pos);
    if (pos == std::string::npos) break;
    std::size_t end = head.find('>', pos);
    std::string_view tag = std::string_view(head).substr(pos, end == std::string::npos ? head.npos : end - pos);
    std::size_t cs = tag.find("charset");
    if (cs != std::string_view::npos) {
      std::string value = value_after(tag, cs + 7);
      if (!value.empty()) return value;
    }
    pos += 5;
  }
  // XHTML served as XML declares its encoding in the XML declaration.
  if (head.compare(0, 5, "<?xml") == 0) {
    std::size_t end = head.find("?>");
    std::string_view decl = std::string_view(head).substr(0, end);
    std::size_t enc = decl.find("encoding");
    if (enc != std::string_view::npos) return value_after(decl, enc + 8);
  }
  return {};
}

bool repair_utf8(std::string_view text, std::string& out) {
  auto s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t bad = first_invalid_utf8(s, n);
  if (bad == n) {
    out.assign(text);
    return true;
  }
  std::string result;
  result.reserve(n + 16);
  std::size_t i = 0;
  while (bad < n) {
    result.append(text.substr(i, bad - i));
    result.append(kReplacement, 3);
    std::size_t maximal;
    utf8_sequence(s, n, bad, maximal);
    i = bad + maximal;
    bad = first_invalid_utf8(s, n, i);
  }
  result.append(text.substr(i));
  out.swap(result);
  return false;
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view declared, bool is_html) {
  DecodedText r;
  bool known_valid_utf8 = false;  // set once the whole input has been checked
  auto finish = [&](const CharsetInfo& cs, const char* how) {
    // Checked already: validating a large page a second time cost as much
    // as everything else decoding does.
    if (known_valid_utf8 && cs.canonical == "UTF-8") r.borrow(bytes);
    else if (!decode_as(bytes, cs, r.converted())) return false;
    r.charset = std::string(cs.canonical);
    r.how = how;
    return true;
  };
  try {
    // 1. Byte-order mark: it wins over any declaration, as in browsers.
    if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
      bytes.remove_prefix(3);
      finish(*lookup_charset("utf-8"), "bom");
      return r;
    }
    if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
      bool le = bytes[0] == '\xFF';
      bytes.remove_prefix(2);
      if (finish(*lookup_charset(le ? "utf-16le" : "utf-16be"), "bom")) return r;
    }

    bool valid_utf8 = is_valid_utf8(bytes);
    known_valid_utf8 = valid_utf8;
    bool ascii = valid_utf8 && is_ascii(bytes);

    // 2-3. A declaration from the transport, then from the page itself.
    const char* declared_utf8 = nullptr;  // set when a UTF-8 declaration met invalid bytes
    auto try_declared = [&](std::string_view label, const char* how, bool from_meta) {
      const CharsetInfo* cs = lookup_charset(label);
      if (!cs) return false;
      // A page that can be read as ASCII cannot declare UTF-16 in earnest
      // (WHATWG treats that as UTF-8).
      if (from_meta && cs->canonical.substr(0, 6) == "UTF-16") cs = lookup_charset("utf-8");
      if (cs->canonical == "UTF-8") {
        if (valid_utf8) return finish(*cs, how);
        if (!declared_utf8) declared_utf8 = how;
        return false;  // declared UTF-8 but invalid: let the detector judge
      }
      // Legacy declarations on pages that are valid UTF-8 with non-ASCII
      // text are nearly always stale templates: neither windows-1252 nor the
      // double-byte charsets (GBK, Shift_JIS, EUC-*, Big5) form valid
      // multi-byte UTF-8 by accident over a whole page.
      if (valid_utf8 && !ascii) return finish(*lookup_charset("utf-8"), "utf-8 valid");
      return finish(*cs, how);
    };
    if (!declared.empty() && try_declared(declared, "http", false)) return r;
    if (is_html) {
      std::string meta = find_meta_charset(bytes);
      if (!meta.empty() && try_declared(meta, "meta", true)) return r;
    }

    // 4. Valid UTF-8 (ASCII included) is taken as is.
    if (valid_utf8) {
      r.borrow(bytes);
      r.charset = "UTF-8";
      r.how = "utf-8 valid";
      return r;
    }

    // Mostly valid UTF-8 with a few bad bytes is damaged UTF-8 (a truncated
    // or spliced page), not a legacy charset: decoding it as windows-1252
    // would garble every real character to save a few.
    if (mostly_utf8(bytes)) {
      finish(*lookup_charset("utf-8"), declared_utf8 ? declared_utf8 : "detected");
      return r;
    }

    // 5. The detector.
    {
      thread_local struct Detector {
        uchardet_t ud = uchardet_new();
        ~Detector() {
          if (ud) uchardet_delete(ud);
        }
      } detector;
      if (detector.ud) {
        uchardet_reset(detector.ud);
        // The first 64 KB are plenty to recognise a charset, and bound cost.
        std::string_view sample = bytes.substr(0, 64 * 1024);
        uchardet_handle_data(detector.ud, sample.data(), sample.size());
        uchardet_data_end(detector.ud);
        const char* guess = uchardet_get_charset(detector.ud);
        if (guess && *guess) {
          const CharsetInfo* cs = lookup_charset(guess);
          // Names outside the label table (ISO-2022-KR, EUC-TW, ...) go to
          // iconv as the detector spells them.
          CharsetInfo direct{guess, guess, false};
          if (!cs) cs = &direct;
          // "ASCII" for bytes that are not ASCII means "no idea": the label
          // table maps it to windows-1252, which is the right fallback.
          if (cs && finish(*cs, "detected")) return r;
        }
      }
    }

    if (declared_utf8) {
      finish(*lookup_charset("utf-8"), declared_utf8);
      return r;
    }

    // 6. windows-1252 maps every byte, so it never fails.
    finish(*lookup_charset("windows-1252"), "fallback");
    return r;
  } catch (...) {
    // Out of memory is the only way here; return something valid.
    r.converted().clear();
    r.charset = "UTF-8";
    r.how = "fallback";
    return r;
  }
}

}  // namespace winnow::io
