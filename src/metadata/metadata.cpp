#include "metadata/metadata.hpp"

#include "metadata/json_ld.hpp"

#include <array>
#include <cctype>
#include <cstdio>

namespace winnow {
namespace {

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string trim_copy(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Separators between a headline and a site name, with spaces around them.
constexpr std::array<std::string_view, 9> kSeparators = {" | ", " - ", " – ", " — ", " \\ ", " / ",
                                                         " > ", " » ", " · "};

// The length of the separator starting at `at`, or 0. Every separator is
// a space, one mark and a space, and none is a prefix of another, so at
// most one matches at a position; the switch passes the marks' first bytes.
std::size_t separator_at(std::string_view s, std::size_t at) {
  if (s[at] != ' ' || at + 2 >= s.size()) return 0;
  switch (static_cast<unsigned char>(s[at + 1])) {
    case '|': case '-': case '\\': case '/': case '>': case 0xE2: case 0xC2: break;
    default: return 0;
  }
  for (std::string_view sep : kSeparators) {
    if (s.substr(at).starts_with(sep)) return sep.size();
  }
  return 0;
}

// Finds the first or last separator occurrence; returns npos and sets
// `length` to the separator's byte length. One walk over the title:
// searching for each separator in turn compared at every space nine times.
std::size_t find_separator(std::string_view s, bool last, std::size_t& length) {
  if (last) {
    for (std::size_t i = s.size(); i-- > 0;) {
      if (std::size_t n = separator_at(s, i)) {
        length = n;
        return i;
      }
    }
  } else {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (std::size_t n = separator_at(s, i)) {
        length = n;
        return i;
      }
    }
  }
  return std::string_view::npos;
}

std::string strip_separators(std::string_view s) {
  std::string out;
  std::size_t length = 0;
  while (true) {
    std::size_t pos = find_separator(s, false, length);
    if (pos == std::string_view::npos) break;
    out.append(s.substr(0, pos)).push_back(' ');
    s.remove_prefix(pos + length);
  }
  out.append(s);
  return out;
}

// The publisher's own title for the article: a meta tag names it exactly,
// where <title> usually carries the site name too.
std::string declared_title(const PageMeta& page) {
  for (const std::string* t : {&page.dc_title, &page.og_title, &page.meta_title, &page.twitter_title,
                               &page.parsely_title}) {
    std::string v = collapse_spaces(*t);
    if (!v.empty()) return v;
  }
  return {};
}

// Structured data names the article exactly. When its name and headline
// differ, the one that reads like the page's own title wins, as in
// Readability.js (a name may be the site's or a series' name).
std::string structured_title(const JsonLdArticle& a, const std::string& page_title) {
  if (!a.name.empty() && !a.headline.empty() && a.name != a.headline) {
    const bool name_matches = text_similarity(a.name, page_title) > 0.75;
    const bool headline_matches = text_similarity(a.headline, page_title) > 0.75;
    return collapse_spaces(headline_matches && !name_matches ? a.headline : a.name);
  }
  return collapse_spaces(a.name.empty() ? a.headline : a.name);
}

}  // namespace

std::string clean_title(std::string_view raw, const std::vector<std::string>& headings) {
  std::string original = trim_copy(raw);
  std::string current = original;
  bool had_separator = false;
  std::size_t length = 0;
  if (find_separator(original, true, length) != std::string::npos) {
    // Only breadcrumb-like separators make a short remainder trustworthy.
    for (std::string_view sep : {" \\ ", " / ", " > ", " » "}) {
      had_separator = had_separator || original.find(sep) != std::string::npos;
    }
    std::size_t pos = find_separator(original, true, length);
    current = original.substr(0, pos);
    if (word_count(current) < 3) {
      std::size_t first = find_separator(original, false, length);
      current = original.substr(first + length);
    }
  } else if (original.find(": ") != std::string::npos) {
    bool matches_heading = false;
    for (const std::string& h : headings) matches_heading = matches_heading || trim_copy(h) == original;
    if (!matches_heading) {
      current = trim_copy(original.substr(original.rfind(':') + 1));
      if (word_count(current) < 3) {
        current = trim_copy(original.substr(original.find(':') + 1));
      } else if (word_count(original.substr(0, original.find(':'))) > 5) {
        current = original;
      }
    }
  } else if ((original.size() > 150 || original.size() < 15) && headings.size() == 1) {
    current = trim_copy(headings.front());
  }
  current = trim_copy(current);
  std::size_t words = word_count(current);
  if (words <= 4 && (!had_separator || words != word_count(strip_separators(original)) - 1)) {
    current = original;
  }
  return current;
}

std::string normalize_date(std::string_view text) {
  std::string s = trim_copy(text);
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
  };
  // ISO forms: keep what is given (date, or date and time).
  if (digits(0, 4) && s.size() >= 10 && (s[4] == '-' || s[4] == '/') && digits(5, 2) &&
      (s[7] == '-' || s[7] == '/') && digits(8, 2)) {
    std::string date = s.substr(0, 4) + "-" + s.substr(5, 2) + "-" + s.substr(8, 2);
    if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ') && digits(11, 2) && s.size() >= 16) {
      std::string rest = s.substr(11);
      std::size_t end = rest.find_first_of(" \t");
      return date + "T" + rest.substr(0, end);
    }
    return date;
  }
  if (digits(0, 8) && (s.size() == 8 || !std::isdigit(static_cast<unsigned char>(s[8])))) {
    return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
  }
  // "March 4, 2015", "4 March 2015", "Mar 4 2015".
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  int month = 0, day = 0, year = 0;
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::size_t m = 0; m < kMonths.size() && month == 0; ++m) {
    if (lower.find(kMonths[m]) != std::string::npos) month = static_cast<int>(m) + 1;
  }
  if (month != 0) {
    std::vector<int> numbers;
    for (std::size_t i = 0; i < lower.size();) {
      if (std::isdigit(static_cast<unsigned char>(lower[i]))) {
        int v = 0;
        std::size_t j = i;
        while (j < lower.size() && std::isdigit(static_cast<unsigned char>(lower[j])) && j - i < 5) v = v * 10 + (lower[j++] - '0');
        numbers.push_back(v);
        i = j;
      } else {
        ++i;
      }
    }
    for (int v : numbers) {
      if (v >= 1900 && v <= 2100 && year == 0) year = v;
      else if (v >= 1 && v <= 31 && day == 0) day = v;
    }
    if (year != 0 && day != 0) {
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
      return buffer;
    }
  }
  return {};
}

ArticleMeta extract_metadata(const Document& doc) {
  ArticleMeta meta;
  const PageMeta& page = doc.meta;
  std::string_view raw_title = !page.title.empty() ? std::string_view(page.title) : std::string_view(page.og_title);
  // The page's own title, cleaned of the site name: the fallback, and the
  // reference that picks between a JSON-LD name and headline.
  std::string page_title;
  if (!raw_title.empty()) {
    // A heading that repeats the whole <title> keeps it whole.
    std::vector<std::string> headings = page.h1s;
    for (const Block& b : doc.blocks) {
      if (b.kind == BlockKind::heading && b.heading_level == 2 && headings.size() < 64) headings.push_back(b.text);
    }
    page_title = clean_title(raw_title, headings);
  } else if (!page.h1s.empty()) {
    page_title = page.h1s.front();
  }
  JsonLdArticle structured;
  for (const std::string& script : page.json_ld) {
    structured = read_json_ld(script);
    if (structured.found) break;
  }
  std::string declared = declared_title(page);
  if (!structured.name.empty() || !structured.headline.empty()) {
    meta.title = structured_title(structured, page_title);
  } else if (!declared.empty()) {
    meta.title = std::move(declared);
  } else {
    meta.title = std::move(page_title);
  }
  if (!structured.author.empty()) meta.author = collapse_spaces(structured.author);
  if (!structured.date_published.empty()) meta.date = normalize_date(structured.date_published);
  if (meta.author.empty()) meta.author = trim_copy(page.author);
  if (meta.author.empty()) {
    for (const Block& b : doc.blocks) {
      if ((b.hints & kHintMeta) && b.chars < 80 && b.chars > 3) {
        std::string_view text = b.text;
        for (std::string_view prefix : {"By ", "by ", "BY ", "Von ", "Par ", "Di ", "Por "}) {
          if (text.starts_with(prefix)) {
            meta.author = trim_copy(text.substr(prefix.size()));
            break;
          }
        }
        if (!meta.author.empty()) break;
      }
    }
  }
  if (meta.date.empty()) meta.date = normalize_date(page.published);
  std::string_view lang = page.language;
  std::size_t end = lang.find_first_of("-_ ,;");
  for (char c : lang.substr(0, end)) meta.language.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  meta.site_name = trim_copy(page.og_site_name);
  return meta;
}

}  // namespace winnow
