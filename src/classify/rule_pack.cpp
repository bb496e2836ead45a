#include "classify/rule_pack.hpp"

#include <re2/re2.h>
#include <re2/set.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <stdexcept>

#include "classify/rule_packs_data.hpp"

namespace winnow {
namespace {

// Lower-cases one code point of `text` at `i` into `out`; returns the bytes
// read. A byte that does not start UTF-8 is copied as it is.
std::size_t lower_case_one(std::string_view text, std::size_t i, char*& out) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *out++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : static_cast<char>(c);
    return 1;
  }
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + i,
                                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {
    *out++ = static_cast<char>(c);
    return 1;
  }
  out += utf8proc_encode_char(utf8proc_tolower(cp), reinterpret_cast<utf8proc_uint8_t*>(out));
  return static_cast<std::size_t>(n);
}

// The sets are compiled case-sensitive and matched against the block's text
// lower-cased. Case-insensitive sets matched the same blocks on the three
// corpora, but compiling them took twice as long (8.0 against 3.8 ms), and
// every process compiles the pack before its first page: folding each
// letter of a pattern into its cases is most of it.
//
// Most short blocks are ASCII: 16 bytes with no high bit are lower-cased
// at once (with SSE2); the rest one code point at a time. A lower-case
// code point takes at most one byte more than its upper-case one (two
// bytes to three), so the output is at most 3/2 the input.
void lower_case(std::string_view text, std::string& out) {
  out.resize(text.size() + text.size() / 2 + 4);
  char* o = out.data();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
  const __m128i to_lower = _mm_set1_epi8('a' - 'A');
  while (i + 16 <= text.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    if (_mm_movemask_epi8(v) != 0) {  // a byte past ASCII: the next code points one by one
      const std::size_t chunk_end = i + 16;
      while (i < chunk_end) i += lower_case_one(text, i, o);
      continue;
    }
    const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_add_epi8(v, _mm_and_si128(upper, to_lower)));
    o += 16;
    i += 16;
  }
#endif
  while (i < text.size()) i += lower_case_one(text, i, o);
  out.resize(static_cast<std::size_t>(o - out.data()));
}

// The first upper-case letter of a pattern outside its escapes (\B, \xC0,
// \x{C0}, \p{Lu}, \PL), or 0. Matched against lower-cased text, it could never match.
utf8proc_int32_t upper_case_letter(std::string_view pattern) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(pattern.data());
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      const char kind = pattern[i + 1];
      i += 2;
      if ((kind == 'x' || kind == 'p' || kind == 'P') && i < pattern.size() && pattern[i] == '{') {
        const std::size_t close = pattern.find('}', i);
        i = close == std::string_view::npos ? pattern.size() : close + 1;
      } else if ((kind == 'p' || kind == 'P') && i < pattern.size()) {
        ++i;  // a one-letter class name
      } else if (kind == 'x') {
        i = std::min(i + 2, pattern.size());  // two hex digits
      }
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(pattern.size() - i), &cp);
    if (n <= 0) {
      ++i;
      continue;
    }
    if (utf8proc_tolower(cp) != cp) return cp;
    i += static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

// Layout::split: two sets, the rules that test a word boundary (\b) and
// the others. A DFA state of a set that holds any \b rule also records
// whether the byte before was a word character, which splits the states of
// every rule in the set; apart, the other rules' states are not split, and
// matching the two sets took 17% fewer instructions on crawl-to-the-future
// than the one set did (180 M -> 150 M), and 2% less time. But each set
// reads the whole text, and a DFA's step is a chain of dependent loads:
// on plain text, whose short blocks are whole paragraphs, one set
// (Layout::single) took an eighth less time over the whole run
// (docs/performance.md, "The rule sets by kind of page").
struct RulePack::Compiled {
  Compiled(const RE2::Options& options, Layout layout)
      : layout(layout), sets{RE2::Set(options, RE2::UNANCHORED), RE2::Set(options, RE2::UNANCHORED)} {}
  // Which set a pattern goes to; in the split layout a literal "\\b" counts
  // too, harmlessly: the split changes only the speed, never which rule
  // matches first.
  std::size_t set_for(std::string_view pattern) const {
    return layout == Layout::split && pattern.find("\\b") != std::string_view::npos;
  }
  Layout layout;
  RE2::Set sets[2];
  std::vector<std::size_t> rules[2];  // per set: the rule number of each of its patterns

  void compile() {
    for (std::size_t set = 0; set < 2; ++set) {
      // RE2 refuses to compile an empty set.
      if (!rules[set].empty() && !sets[set].Compile()) throw std::runtime_error("rule pack too large to compile");
    }
  }
};

RulePack::RulePack() = default;
RulePack::~RulePack() = default;

void RulePack::add_pack(std::string_view pack_name, std::string_view text,
                        std::vector<std::string>& errors) {
  std::size_t line_number = 0;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    std::size_t colon = line.find(": ");
    if (colon == std::string_view::npos) {
      errors.push_back(std::string(pack_name) + ":" + std::to_string(line_number) +
                       ": expected 'name: pattern'");
      continue;
    }
    std::string pattern(line.substr(colon + 2));
    if (upper_case_letter(pattern) != 0) {
      errors.push_back(std::string(pack_name) + ":" + std::to_string(line_number) +
                       ": an upper-case letter: patterns are matched against lower-cased text");
      continue;
    }
    // The set's own parser validates each pattern: compiling every rule a
    // second time on its own doubled the start-up cost of a one-page run.
    std::string error;
    const std::size_t set = pending().set_for(pattern);
    if (pending().sets[set].Add(pattern, &error) < 0) {
      errors.push_back(std::string(pack_name) + ":" + std::to_string(line_number) + ": " + error);
      continue;
    }
    pending().rules[set].push_back(names_.size());
    names_.emplace_back(line.substr(0, colon));
    patterns_.push_back(std::move(pattern));
  }
}

namespace {

RE2::Options set_options() {
  RE2::Options options;
  options.set_case_sensitive(true);  // the text is lower-cased instead (lower_case)
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

}  // namespace

RulePack::Compiled& RulePack::pending() {
  if (!compiled_) compiled_ = std::make_unique<Compiled>(set_options(), Layout::split);
  return *compiled_;
}

// The rules are parsed (and so checked) as they are added; the sets are
// compiled by the first Matcher of their layout. A process that sees only
// plain text then never compiles the split layout, nor one that sees only
// HTML the single one: a run of one text page compiled both before.
void RulePack::compile() {
  pending();
  ready_ = true;
}

// The same sets again, from the patterns kept: added in the same order, so
// each pattern has the same index in its set and names the same rule.
std::unique_ptr<RulePack::Compiled> RulePack::compile_copy(Layout layout) const {
  auto copy = std::make_unique<Compiled>(set_options(), layout);
  for (std::size_t rule = 0; rule < patterns_.size(); ++rule) {
    const std::size_t set = copy->set_for(patterns_[rule]);
    copy->sets[set].Add(patterns_[rule], nullptr);  // added once already: valid
    copy->rules[set].push_back(rule);
  }
  copy->compile();
  return copy;
}

RulePack::Matcher::Matcher() = default;

RulePack::Matcher::Matcher(const RulePack& pack, Layout layout) : pack_(&pack) {
  if (!pack.ready_) return;
  {
    std::lock_guard lock(pack.idle_mutex_);
    auto& idle = pack.idle_[static_cast<std::size_t>(layout)];
    if (!idle.empty()) {
      sets_ = std::move(idle.back());
      idle.pop_back();
      return;
    }
    // The split sets the rules were added to, parsed but not compiled.
    if (layout == Layout::split) sets_ = std::move(pack.compiled_);
  }
  if (sets_) {
    sets_->compile();
  } else {
    sets_ = pack.compile_copy(layout);
  }
}

RulePack::Matcher::Matcher(Matcher&& other) noexcept : pack_(other.pack_), sets_(std::move(other.sets_)) {
  other.pack_ = nullptr;
}

RulePack::Matcher& RulePack::Matcher::operator=(Matcher&& other) noexcept {
  if (this != &other) {
    give_back();
    pack_ = other.pack_;
    sets_ = std::move(other.sets_);
    other.pack_ = nullptr;
  }
  return *this;
}

RulePack::Matcher::~Matcher() { give_back(); }

void RulePack::Matcher::give_back() {
  if (pack_ != nullptr && sets_) {
    std::lock_guard lock(pack_->idle_mutex_);
    pack_->idle_[static_cast<std::size_t>(sets_->layout)].push_back(std::move(sets_));
  }
  pack_ = nullptr;
}

std::string_view RulePack::match(std::string_view text) const { return Matcher(*this).match(text); }

std::string_view RulePack::Matcher::match(std::string_view text) const {
  if (!sets_ || pack_->names_.empty()) return {};
  const std::vector<std::string>& names = pack_->names_;
  thread_local std::string lowered;
  lower_case(text, lowered);
  const re2::StringPiece input(lowered.data(), lowered.size());
  // Most blocks match no rule. Asking only whether any rule matches lets
  // the set stop at the first match and allocate nothing; which rules
  // matched is asked only when one did.
  std::size_t first = names.size();
  for (std::size_t set = 0; set < 2; ++set) {
    const std::vector<std::size_t>& rules = sets_->rules[set];
    if (rules.empty() || !sets_->sets[set].Match(input, nullptr)) continue;
    std::vector<int> hits;
    if (!sets_->sets[set].Match(input, &hits)) continue;
    for (int hit : hits) first = std::min(first, rules[static_cast<std::size_t>(hit)]);
  }
  if (first == names.size()) return {};
  return names[first];
}

const RulePack& RulePack::builtin() {
  static const RulePack* pack = [] {
    auto* p = new RulePack();  // lives for the whole process
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < detail::kEmbeddedRulePackCount; ++i) {
      p->add_pack(detail::kEmbeddedRulePacks[i].name, detail::kEmbeddedRulePacks[i].text, errors);
    }
    // Built-in packs are tested to compile cleanly; a bad one is a build bug.
    if (!errors.empty()) throw std::logic_error("built-in rule pack error: " + errors.front());
    p->compile();
    return p;
  }();
  return *pack;
}

}  // namespace winnow
