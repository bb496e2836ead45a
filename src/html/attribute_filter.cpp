#include "html/attribute_filter.hpp"

#include <algorithm>
#include <bit>

namespace winnow::html {

bool AttributeFilter::tableable(std::string_view name) {
  if (name.empty() || name.size() > kMaxShort) return false;
  for (char c : name) {
    if ((c & 0x40) != 0 && !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

void AttributeFilter::reset(std::span<const std::string_view> names,
                            std::span<const std::string_view> extra) {
  // The packed comparison reads names as little-endian words.
  all_ = names.empty() || std::endian::native != std::endian::little;
  first_.fill(0);
  entries_.clear();
  others_.clear();
  if (all_) return;
  auto add = [&](std::string_view name) {
    if (name.empty()) return;
    for (const Entry& e : entries_) {
      if (e.name == name) return;
    }
    if (std::find(others_.begin(), others_.end(), name) != others_.end()) return;
    if (!tableable(name) || entries_.size() >= 255) {
      others_.push_back(name);
      return;
    }
    Entry entry{name, {}, 0};
    char bytes[16] = {};
    std::memcpy(bytes, name.data(), name.size());
    entry.key = pack(bytes, name.size());
    std::uint8_t& head = first_[slot(name.size(), name[0])];
    entry.next = head;
    head = static_cast<std::uint8_t>(entries_.size() + 1);
    entries_.push_back(entry);
  };
  for (std::string_view name : names) add(name);
  for (std::string_view name : extra) add(name);
}

const std::string_view* AttributeFilter::find_other(const char* name, std::size_t length) const {
  for (const std::string_view& other : others_) {
    if (other.size() != length) continue;
    bool same = true;
    for (std::size_t k = 0; k < length && same; ++k) {
      char c = name[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      same = c == other[k];
    }
    if (same) return &other;
  }
  return nullptr;
}

}  // namespace winnow::html
