// The rule packs embedded at build time from rules/*.rules (see CMakeLists).
#pragma once
#include <cstddef>
namespace winnow::detail {
struct EmbeddedRulePack {
  const char* name;
  const char* text;
};
extern const EmbeddedRulePack kEmbeddedRulePacks[];
extern const std::size_t kEmbeddedRulePackCount;
}  // namespace winnow::detail
