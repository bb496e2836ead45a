#include "classify/rule_pack.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <stdexcept>

#include "classify/rule_packs_data.hpp"

namespace winnow {

struct RulePack::Compiled {
  explicit Compiled(const RE2::Options& options) : set(options, RE2::UNANCHORED) {}
  RE2::Set set;
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
    if (pending().set.Add(pattern, &error) < 0) {
      errors.push_back(std::string(pack_name) + ":" + std::to_string(line_number) + ": " + error);
      continue;
    }
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
  if (!pending().set.Compile()) throw std::runtime_error("rule pack too large to compile");
  ready_ = true;
}

std::string_view RulePack::match(std::string_view text) const {
  if (!ready_ || names_.empty()) return {};
  // Most blocks match no rule. Asking only whether any rule matches lets
  // the set stop at the first match and allocate nothing; which rules
  // matched is asked only when one did.
  if (!compiled_->set.Match(text, nullptr)) return {};
  std::vector<int> hits;
  if (!compiled_->set.Match(text, &hits) || hits.empty()) return {};
  return names_[static_cast<std::size_t>(*std::min_element(hits.begin(), hits.end()))];
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
