#include "html/attribute_filter.hpp"

#include <algorithm>

namespace winnow::html {

void AttributeFilter::reset(std::span<const std::string_view> names,
                            std::span<const std::string_view> extra) {
  all_ = names.empty();
  first_.fill(0);
  names_.clear();
  next_.clear();
  if (all_) return;
  auto add = [&](std::string_view name) {
    if (name.empty() || names_.size() >= 255) return;
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) return;
    names_.push_back(name);
    next_.push_back(0);
    if (name.size() > kMaxShort) return;
    const auto index = static_cast<std::uint8_t>(names_.size());
    std::uint8_t& head = first_[slot(name.size(), name[0])];
    next_[index - 1] = head;
    head = index;
  };
  for (std::string_view name : names) add(name);
  for (std::string_view name : extra) add(name);
}

bool AttributeFilter::passes_long(const char* name, std::size_t length) const {
  if (length == 0) return false;
  for (std::string_view candidate : names_) {
    if (candidate.size() == length && equals_folded(name, candidate)) return true;
  }
  return false;
}

}  // namespace winnow::html
