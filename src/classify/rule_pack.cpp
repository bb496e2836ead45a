#include "classify/rule_pack.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

#include "classify/rule_packs_data.hpp"

namespace winnow {

// Two sets: the rules that test a word boundary (\b) and the others. A
// DFA state of a set that holds any \b rule also records whether the byte
// before was a word character, which splits the states of every rule in
// the set; apart, the other rules' states are not split, and matching the
// two sets took 17% fewer instructions on crawl-to-the-future than the
// one set did (180 M -> 150 M).
struct RulePack::Compiled {
  explicit Compiled(const RE2::Options& options)
      : sets{RE2::Set(options, RE2::UNANCHORED), RE2::Set(options, RE2::UNANCHORED)} {}
  // Which set a pattern goes to; a literal "\\b" counts too, harmlessly:
  // the split changes only the speed, never which rule matches first.
  static std::size_t set_for(std::string_view pattern) { return pattern.find("\\b") != std::string_view::npos; }
  RE2::Set sets[2];
  std::vector<std::size_t> rules[2];  // per set: the rule number of each of its patterns
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
    // The set's own parser validates each pattern: compiling every rule a
    // second time on its own doubled the start-up cost of a one-page run.
    std::string error;
    const std::size_t set = Compiled::set_for(pattern);
    if (pending().sets[set].Add(pattern, &error) < 0) {
      errors.push_back(std::string(pack_name) + ":" + std::to_string(line_number) + ": " + error);
      continue;
    }
    pending().rules[set].push_back(names_.size());
    names_.emplace_back(line.substr(0, colon));
    patterns_.push_back(std::move(pattern));
  }
}

RulePack::Compiled& RulePack::pending() {
  if (!compiled_) {
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    compiled_ = std::make_unique<Compiled>(options);
  }
  return *compiled_;
}

void RulePack::compile() {
  for (std::size_t set = 0; set < 2; ++set) {
    // RE2 refuses to compile an empty set.
    if (!pending().rules[set].empty() && !pending().sets[set].Compile())
      throw std::runtime_error("rule pack too large to compile");
  }
  ready_ = true;
}

std::string_view RulePack::match(std::string_view text) const {
  if (!ready_ || names_.empty()) return {};
  // Most blocks match no rule. Asking only whether any rule matches lets
  // the set stop at the first match and allocate nothing; which rules
  // matched is asked only when one did.
  std::size_t first = names_.size();
  for (std::size_t set = 0; set < 2; ++set) {
    const std::vector<std::size_t>& rules = compiled_->rules[set];
    if (rules.empty() || !compiled_->sets[set].Match(text, nullptr)) continue;
    std::vector<int> hits;
    if (!compiled_->sets[set].Match(text, &hits)) continue;
    for (int hit : hits) first = std::min(first, rules[static_cast<std::size_t>(hit)]);
  }
  if (first == names_.size()) return {};
  return names_[first];
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
