#include "segment/class_hints.hpp"

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "segment/document.hpp"

namespace winnow {
namespace {

// How a keyword matches a lower-cased token of a class/id value (tokens are
// split at anything not a letter or digit):
//   whole: the token equals the keyword ("ad" must not match "header")
//   part : the keyword occurs inside the token ("share" in "sharebar")
enum class Match { whole, part };

struct HintWord {
  std::string_view word;
  Match match;
  std::uint32_t bit;
};

// Section 1: chrome families. Section 2: content markers.
constexpr std::array kHintWords = {
    // 1.1 navigation
    // "nav" alone and "pagination" were dropped by measurement: "nav-header",
    // "nav-row", "nav-site-wrap" wrap whole pages, and page links are
    // link-dense anyway (docs/classification.md, tried and dropped).
    HintWord{"navbar", Match::part, kHintNavigation},
    HintWord{"navigation", Match::part, kHintNavigation}, HintWord{"menu", Match::part, kHintNavigation},
    HintWord{"breadcrumb", Match::part, kHintNavigation},
    HintWord{"pager", Match::whole, kHintNavigation}, HintWord{"skip", Match::whole, kHintNavigation},
    HintWord{"masthead", Match::part, kHintNavigation}, HintWord{"toolbar", Match::part, kHintNavigation},
    // 1.2 footer
    HintWord{"footer", Match::part, kHintFooter}, HintWord{"copyright", Match::part, kHintFooter},
    HintWord{"colophon", Match::part, kHintFooter}, HintWord{"legal", Match::whole, kHintFooter},
    // 1.3 sidebar
    HintWord{"sidebar", Match::part, kHintSidebar}, HintWord{"widget", Match::part, kHintSidebar},
    HintWord{"rail", Match::whole, kHintSidebar}, HintWord{"aside", Match::whole, kHintSidebar},
    // 1.4 share
    HintWord{"share", Match::part, kHintShare}, HintWord{"sharing", Match::part, kHintShare},
    HintWord{"social", Match::part, kHintShare}, HintWord{"follow", Match::whole, kHintShare},
    HintWord{"sociable", Match::part, kHintShare},
    // 1.5 comments
    HintWord{"comment", Match::part, kHintComment}, HintWord{"comments", Match::part, kHintComment},
    HintWord{"disqus", Match::part, kHintComment}, HintWord{"respond", Match::whole, kHintComment},
    HintWord{"reply", Match::whole, kHintComment},
    // 1.6 related
    HintWord{"related", Match::part, kHintRelated}, HintWord{"recommend", Match::part, kHintRelated},
    HintWord{"recommended", Match::part, kHintRelated}, HintWord{"popular", Match::part, kHintRelated},
    HintWord{"trending", Match::part, kHintRelated}, HintWord{"outbrain", Match::part, kHintRelated},
    HintWord{"taboola", Match::part, kHintRelated}, HintWord{"teaser", Match::whole, kHintRelated},
    // "more" alone also names an article's fold ("read-more-content") or a
    // button; only the lists it introduces are related content.
    HintWord{"morestories", Match::part, kHintRelated}, HintWord{"morenews", Match::part, kHintRelated},
    HintWord{"morearticles", Match::part, kHintRelated}, HintWord{"morefrom", Match::part, kHintRelated},
    // 1.7 newsletter
    HintWord{"newsletter", Match::part, kHintNewsletter}, HintWord{"subscribe", Match::part, kHintNewsletter},
    HintWord{"subscription", Match::part, kHintNewsletter}, HintWord{"signup", Match::part, kHintNewsletter},
    // 1.8 promotion
    HintWord{"promo", Match::part, kHintPromo}, HintWord{"ad", Match::whole, kHintPromo},
    HintWord{"ads", Match::whole, kHintPromo}, HintWord{"advert", Match::part, kHintPromo},
    HintWord{"advertisement", Match::part, kHintPromo}, HintWord{"sponsor", Match::part, kHintPromo},
    HintWord{"banner", Match::part, kHintPromo}, HintWord{"adsense", Match::part, kHintPromo},
    HintWord{"affiliate", Match::part, kHintPromo}, HintWord{"disclosure", Match::part, kHintPromo},
    HintWord{"disclaimer", Match::part, kHintPromo},
    // 1.9 cookie
    HintWord{"cookie", Match::part, kHintCookie}, HintWord{"consent", Match::part, kHintCookie},
    HintWord{"gdpr", Match::part, kHintCookie},
    // 1.10 hidden
    HintWord{"hidden", Match::whole, kHintHidden}, HintWord{"sronly", Match::whole, kHintHidden},
    HintWord{"sr", Match::whole, kHintHidden}, HintWord{"visuallyhidden", Match::part, kHintHidden},
    // 1.11 page metadata
    HintWord{"byline", Match::part, kHintMeta}, HintWord{"author", Match::part, kHintMeta},
    HintWord{"dateline", Match::part, kHintMeta}, HintWord{"tags", Match::whole, kHintMeta},
    HintWord{"keywords", Match::whole, kHintMeta},
    // 1.12 author boxes: the writer's portrait under the article, not the byline
    HintWord{"authorbox", Match::part, kHintAuthorBox}, HintWord{"authorbio", Match::part, kHintAuthorBox},
    HintWord{"aboutauthor", Match::part, kHintAuthorBox}, HintWord{"abouttheauthor", Match::part, kHintAuthorBox},
    HintWord{"authorinfo", Match::part, kHintAuthorBox}, HintWord{"authordescription", Match::part, kHintAuthorBox},
    // 1.13 popups
    HintWord{"modal", Match::part, kHintPopup}, HintWord{"popup", Match::part, kHintPopup},
    HintWord{"overlay", Match::part, kHintPopup},
    // 1.14 text about an image: a feature of the block model, not a rule
    HintWord{"caption", Match::part, kHintCaption}, HintWord{"credit", Match::part, kHintCaption},
    // 2.1 content
    HintWord{"article", Match::part, kHintContent}, HintWord{"content", Match::part, kHintContent},
    HintWord{"post", Match::whole, kHintContent}, HintWord{"entry", Match::part, kHintContent},
    HintWord{"story", Match::part, kHintContent}, HintWord{"text", Match::whole, kHintContent},
    HintWord{"body", Match::whole, kHintContent}, HintWord{"main", Match::whole, kHintContent},
    HintWord{"articlebody", Match::part, kHintArticleBody}, HintWord{"storybody", Match::part, kHintArticleBody},
    HintWord{"postbody", Match::part, kHintArticleBody}, HintWord{"entrycontent", Match::part, kHintArticleBody},
    HintWord{"articlecontent", Match::part, kHintArticleBody},
};

constexpr std::uint32_t kChromeWordBits = kChromeNameHints;

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// Letters a string contains, as a bit set: a keyword can only occur in a
// token that has all of its letters, which rules most keywords out at once.
std::uint64_t letter_set(std::string_view s) {
  std::uint64_t set = 0;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') set |= std::uint64_t{1} << (c - 'a');
    else if (c >= '0' && c <= '9') set |= std::uint64_t{1} << (26 + c - '0');
  }
  return set;
}

// Keywords by their first letter, so that a token is tried only against
// keywords whose first letter it contains (about a third of them).
struct KeywordIndex {
  std::array<std::uint64_t, kHintWords.size()> sets{};
  std::array<std::uint8_t, 27> bucket_begin{};  // keywords starting with letter l: [begin[l], begin[l + 1])
  std::array<std::uint8_t, kHintWords.size()> by_letter{};
  std::uint64_t first_letters = 0;
  KeywordIndex() {
    std::array<std::uint8_t, 26> counts{};
    for (std::size_t i = 0; i < kHintWords.size(); ++i) {
      sets[i] = letter_set(kHintWords[i].word);
      ++counts[static_cast<std::size_t>(kHintWords[i].word[0] - 'a')];
      first_letters |= std::uint64_t{1} << (kHintWords[i].word[0] - 'a');
    }
    for (std::size_t l = 0; l < 26; ++l) bucket_begin[l + 1] = static_cast<std::uint8_t>(bucket_begin[l] + counts[l]);
    std::array<std::uint8_t, 26> fill{};
    for (std::size_t i = 0; i < kHintWords.size(); ++i) {
      const auto l = static_cast<std::size_t>(kHintWords[i].word[0] - 'a');
      by_letter[bucket_begin[l] + fill[l]++] = static_cast<std::uint8_t>(i);
    }
  }
};

// "teaser" also names an article's own lead ("teaser-text"); it never
// outranks a content word in the same name.
bool weak_word(std::string_view word) { return word == "teaser"; }

std::uint32_t hints_for_token(std::string_view token, bool& strong_chrome) {
  static const KeywordIndex index;
  const std::uint64_t have = letter_set(token);
  std::uint32_t bits = 0;
  for (std::uint64_t letters = have & index.first_letters; letters != 0; letters &= letters - 1) {
    const auto l = static_cast<std::size_t>(__builtin_ctzll(letters));
    for (std::size_t k = index.bucket_begin[l]; k < index.bucket_begin[l + 1]; ++k) {
      const std::size_t i = index.by_letter[k];
      if ((index.sets[i] & ~have) != 0) continue;
      const HintWord& hint = kHintWords[i];
      bool hit = hint.match == Match::whole ? token == hint.word
                                            : token.find(hint.word) != std::string_view::npos;
      if (!hit) continue;
      bits |= hint.bit;
      if ((hint.bit & kChromeWordBits) && !weak_word(hint.word)) strong_chrome = true;
    }
  }
  return bits;
}

}  // namespace

namespace {
std::uint32_t compute_hints(std::string_view value);

// Pages repeat the same class strings on many elements; a direct-mapped
// memo per thread keeps the keyword scan off the hot path. It stores whole
// keys, so it can only change speed, never a result. Utility-class pages
// carry class lists of 100-200 bytes and a site's template holds a few
// thousand distinct ones: 1,024 slots for values up to 64 bytes left 30,000
// misses on crawl-to-the-future; 4,096 up to 256 bytes halve the scan's cost
// (16,384 would save another 0.3% of the run for 0.5 MB more per thread).
struct HintMemo {
  static constexpr std::size_t kSlots = 4096;
  struct Slot {
    std::string key;
    std::uint32_t bits = 0;
    bool used = false;
    bool mixed = false;         // seed and hash hold a mix_name of key
    std::uint64_t seed = 0;
    std::uint64_t hash = 0;     // mix_name(seed, key)
  };
  std::vector<Slot> slots = std::vector<Slot>(kSlots);
};
}  // namespace

// A slot for a value: its 8-byte words mixed (the last one loaded from the
// value's end, overlapping the one before). Cheaper than std::hash over the
// same bytes; the memo compares whole keys, so the hash only spreads values
// over the slots.
std::size_t memo_slot(std::string_view value) {
  const char* p = value.data();
  const std::size_t n = value.size();
  std::uint64_t h = n * 0x9E3779B97F4A7C15ull;
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 < n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    }
    std::uint64_t last;
    std::memcpy(&last, p + n - 8, 8);
    h = (h ^ last) * 0x94D049BB133111EBull;
  } else {
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i) w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    h = (h ^ w) * 0x94D049BB133111EBull;
  }
  return static_cast<std::size_t>(h >> 52) & (HintMemo::kSlots - 1);
}

namespace {
thread_local HintMemo memo;

HintMemo::Slot& memo_entry(std::string_view value) {
  HintMemo::Slot& slot = memo.slots[memo_slot(value)];
  if (slot.used && slot.key == value) return slot;
  slot.key.assign(value);
  slot.bits = compute_hints(value);
  slot.used = true;
  slot.mixed = false;
  return slot;
}
}  // namespace

std::uint32_t hints_from_names(std::string_view value) {
  if (value.empty()) return 0;
  if (value.size() > 256) return compute_hints(value);
  return memo_entry(value).bits;
}

std::uint32_t hints_and_mix(std::string_view value, std::uint64_t& hash) {
  if (value.empty() || value.size() > 256) {
    hash = mix_name(hash, value);
    return value.empty() ? 0 : compute_hints(value);
  }
  HintMemo::Slot& slot = memo_entry(value);
  if (!slot.mixed || slot.seed != hash) {
    slot.seed = hash;
    slot.hash = mix_name(hash, value);
    slot.mixed = true;
  }
  hash = slot.hash;
  return slot.bits;
}

namespace {
std::uint32_t compute_hints(std::string_view value) {
  // Tokens are split at spaces; inside a token, separators such as '-' and
  // '_' are dropped so "article-body" and "articleBody" both read "articlebody",
  // and each separated part is also tested on its own.
  std::uint32_t bits = 0, all = 0;
  char joined[64];
  char part[64];
  std::size_t joined_len = 0, part_len = 0;
  bool strong_chrome = false;
  auto end_part = [&] {
    if (part_len > 0) bits |= hints_for_token({part, part_len}, strong_chrome);
    part_len = 0;
  };
  auto end_token = [&] {
    end_part();
    if (joined_len > 0) {
      std::string_view whole{joined, joined_len};
      bits |= hints_for_token(whole, strong_chrome);
      // Page builders wrap every block of a page, the article's included,
      // in "widget-container"/"widget-wrap" layout elements: the part names
      // the wrapper, not a sidebar widget.
      if ((whole.ends_with("widgetcontainer") || whole.ends_with("widgetwrap")) &&
          whole.find("sidebar") == std::string_view::npos)
        bits &= ~kHintSidebar;
    }
    joined_len = 0;
    // Inside one compound name a chrome word qualifies the content word:
    // "related-post" and "post-comments" name chrome.
    if (strong_chrome && (bits & kHintContent)) bits |= kHintQualifiedChrome;
    all |= bits;
    bits = 0;
    strong_chrome = false;
  };
  for (char raw : value) {
    char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw + 32) : raw;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      end_token();
    } else if (is_alnum(c)) {
      if (joined_len < sizeof joined) joined[joined_len++] = c;
      if (part_len < sizeof part) part[part_len++] = c;
    } else {
      end_part();
    }
  }
  end_token();
  return all;
}

}  // namespace

std::uint32_t structure_from_role(std::string_view role) {
  if (role == "navigation" || role == "menu" || role == "menubar") return kInNav;
  if (role == "banner") return kInHeader;
  if (role == "contentinfo") return kInFooter;
  if (role == "complementary") return kInAside;
  if (role == "main") return kInMain;
  if (role == "article") return kInArticle;
  if (role == "dialog" || role == "alertdialog") return kInDialog;
  if (role == "search" || role == "form") return kInForm;
  return 0;
}

}  // namespace winnow
