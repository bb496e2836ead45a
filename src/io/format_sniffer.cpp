#include "io/format_sniffer.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <string>

#include "core/popcount16.hpp"
#include "io/jsonl_reader.hpp"

namespace winnow::io {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[at + i]) != prefix[i]) return false;
  return true;
}

// The stream past the blank lines a WARC file may start with.
std::string_view after_blank_lines(std::string_view head) {
  std::size_t i = 0;
  while (i < head.size() && (head[i] == '\r' || head[i] == '\n')) ++i;
  return head.substr(i);
}

// Where the first JSON value would start: past a UTF-8 BOM (some tools
// write one) and white space; head.size() when there is nothing else.
std::size_t first_content_byte(std::string_view head) {
  std::size_t j = head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (j < head.size() && is_space(head[j])) ++j;
  return j;
}

}  // namespace

InputFormat sniff_format(std::string_view head, bool complete) {
  std::string_view rest = after_blank_lines(head);
  // Version 0.17/0.18 archives (Heritrix, 2008) are still common in the wild.
  if (rest.size() >= 8 && rest.substr(0, 5) == "WARC/" && rest[5] >= '0' && rest[5] <= '9' && rest[6] == '.')
    return InputFormat::warc;

  const std::size_t j = first_content_byte(head);
  if (j >= head.size() || head[j] != '{') return InputFormat::single_document;
  std::size_t nl = head.find('\n', j);
  if (nl == std::string_view::npos && !complete) {
    // The first line does not fit in the sniffing window: a huge record.
    std::size_t k = j + 1;
    while (k < head.size() && is_space(head[k])) ++k;
    return (k < head.size() && head[k] == '"') ? InputFormat::json_lines
                                               : InputFormat::single_document;
  }
  std::string_view line = head.substr(j, nl == std::string_view::npos ? head.npos : nl - j);
  return is_json_object_line(line) ? InputFormat::json_lines : InputFormat::single_document;
}

bool format_is_settled(std::string_view head) {
  // A WARC version line needs 8 bytes; fewer settle it only when they
  // already differ from "WARC/".
  constexpr std::string_view kWarc = "WARC/";
  const std::string_view rest = after_blank_lines(head);
  if (rest.size() < 8 && kWarc.substr(0, std::min(rest.size(), kWarc.size())) == rest.substr(0, kWarc.size()))
    return false;
  if (head.size() < 3 && std::string_view("\xEF\xBB\xBF").starts_with(head)) return false;  // half a BOM
  const std::size_t j = first_content_byte(head);
  if (j >= head.size()) return false;  // only blanks so far
  if (head[j] != '{') return true;
  return head.find('\n', j) != std::string_view::npos;
}

ContentKind sniff_content_kind(std::string_view bytes) {
  std::size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  else if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    // UTF-16: look for "<" followed by a letter among the interleaved zeros.
    std::string narrow;
    for (std::size_t k = 2; k < bytes.size() && narrow.size() < 1024; ++k)
      if (bytes[k] != '\0') narrow.push_back(bytes[k]);
    return sniff_content_kind(narrow);
  }
  while (i < bytes.size() && is_space(bytes[i])) ++i;
  static constexpr std::array<std::string_view, 24> kMarkers = {
      "<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<div",
      "<p>", "<p ", "<script", "<link", "<style", "<table", "<span", "<a href",
      "<br", "<h1", "<h2", "<ul", "<article", "<section", "<header", "<nav", "<?xml"};
  std::string_view window = bytes.substr(i, 1024);
  // An HTML page nearly always opens with a tag or a comment; a text file
  // that mentions "<div" somewhere is rarer, so look at the whole window
  // only for the stronger markers.
  if (starts_with_ci(window, 0, "<!--")) return ContentKind::html;
  // find() is memchr: plain text has no '<' in most windows, and a byte
  // loop over them was 2% of the instructions of a text run.
  for (std::size_t k = window.find('<'); k != std::string_view::npos; k = window.find('<', k + 1)) {
    for (std::string_view m : kMarkers)
      if (starts_with_ci(window, k, m)) {
        if (m == "<?xml") {
          // XHTML starts with an XML declaration; other XML is not a page.
          std::string lowered;
          for (char c : window) lowered.push_back(lower(c));
          if (lowered.find("<html") != std::string::npos) return ContentKind::html;
          continue;
        }
        return ContentKind::html;
      }
  }
  return ContentKind::text;
}

namespace {

bool is_control(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r';
}

// is_control() over `s`, 16 bytes at a time where SSE2 is there: a byte at
// a time, looking at every page cost 2.4% of a run's instructions.
std::size_t count_controls(std::string_view s) {
  std::size_t n = 0, i = 0;
#if defined(__SSE2__)
  const __m128i top = _mm_set1_epi8(0x1f);
  const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
  const __m128i ff = _mm_set1_epi8('\f'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const int low = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, top), x));  // bytes <= 0x1f
    if (low == 0) continue;
    const __m128i space = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, tab), _mm_cmpeq_epi8(x, lf)),
                                       _mm_or_si128(_mm_cmpeq_epi8(x, ff), _mm_cmpeq_epi8(x, cr)));
    n += popcount16(static_cast<unsigned>(low & ~_mm_movemask_epi8(space)));
  }
#endif
  for (; i < s.size(); ++i) n += is_control(s[i]);
  return n;
}

}  // namespace

BinaryVerdict judge_binary(std::string_view text) {
  BinaryVerdict v;
  const std::string_view sample = text.substr(0, kBinarySampleBytes);
  v.sampled = sample.size();
  v.controls = count_controls(sample);
  v.binary = v.controls >= kBinaryMinControls && v.controls * 100 >= v.sampled;
  return v;
}

}  // namespace winnow::io
