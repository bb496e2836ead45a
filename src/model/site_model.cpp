// Counting, merging, budgets and queries of the site model.
#include <algorithm>

#include "model/site_model_impl.hpp"

namespace winnow {

namespace {
constexpr std::size_t kSampleBytes = 160;

std::string cut_sample(std::string_view text) {
  if (text.size() <= kSampleBytes) return std::string(text);
  std::size_t n = kSampleBytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole code points
  return std::string(text.substr(0, n)) + "…";
}
}  // namespace

void SiteModel::Impl::add_page(std::string_view site, std::span<const std::uint64_t> fingerprints,
                               std::span<const BlockSample> blocks) {
  auto it = sites.find(site);
  if (it == sites.end()) it = sites.emplace(std::string(site), SiteTable{}).first;
  SiteTable& table = it->second;
  ++table.pages;
  for (std::uint64_t fp : fingerprints) table.counts.add(fp, 1);
  // Remember the text of blocks once they repeat, so `inspect` can show them.
  for (const BlockSample& b : blocks) {
    if (table.counts.get(b.hash) >= 2 && !table.samples.contains(b.hash)) {
      table.samples.emplace(b.hash, cut_sample(b.text));
    }
  }
  if (budget_bytes != 0) enforce_budget();
}

std::uint64_t SiteModel::Impl::memory_bytes() const {
  std::uint64_t total = 0;
  for (const auto& [name, table] : sites) {
    total += name.size() + sizeof(SiteTable) + table.counts.memory_bytes();
    for (const auto& [hash, text] : table.samples) total += sizeof(hash) + text.size() + 48;
  }
  return total;
}

// The budget rule: while over budget, every site drops its entries seen on
// the fewest pages (count 1 first, then 2, ...). Rare entries carry no
// chrome evidence yet; a block needs min_repeat_pages to count as chrome.
void SiteModel::Impl::enforce_budget() {
  if (budget_bytes == 0 || memory_bytes() <= budget_bytes) return;
  for (std::uint32_t floor = 1; memory_bytes() > budget_bytes; ++floor) {
    bool any = false;
    for (auto& [name, table] : sites) {
      if (table.counts.size() == 0) continue;
      any = true;
      table.counts.retain([floor](const CountTable::Slot& s) { return s.count > floor; });
      std::erase_if(table.samples, [&](const auto& kv) { return table.counts.get(kv.first) == 0; });
    }
    if (!any || floor == UINT32_MAX) break;
  }
}

SiteModel::SiteModel() : impl_(std::make_unique<Impl>()) {}
SiteModel::~SiteModel() = default;
SiteModel::SiteModel(SiteModel&&) noexcept = default;
SiteModel& SiteModel::operator=(SiteModel&&) noexcept = default;

bool SiteModel::merge(const SiteModel& other, std::string* error) {
  const Impl& from = *other.impl_;
  if (impl_->params_set && from.params_set && !(impl_->params == from.params)) {
    if (error) *error = "models were built with different shingle/window parameters";
    return false;
  }
  if (!impl_->params_set && from.params_set) {
    impl_->params = from.params;
    impl_->params_set = true;
  }
  for (const auto& [name, theirs] : from.sites) {
    SiteTable& mine = impl_->sites[name];
    mine.pages += theirs.pages;
    for (const CountTable::Slot& s : theirs.counts.slots()) {
      if (s.key != 0) mine.counts.add(s.key, s.count);
    }
    for (const auto& [hash, text] : theirs.samples) {
      auto [it, inserted] = mine.samples.emplace(hash, text);
      if (!inserted && text < it->second) it->second = text;  // order-independent choice
    }
  }
  // A block repeated only across shards gets no sample; that affects
  // `inspect` output alone, never cleaning.
  impl_->enforce_budget();
  return true;
}

std::uint32_t SiteModel::pages(std::string_view site) const {
  const SiteTable* t = impl_->find(site);
  return t ? t->pages : 0;
}

std::vector<SiteSummary> SiteModel::sites() const {
  std::vector<SiteSummary> out;
  for (const auto& [name, table] : impl_->sites) {
    out.push_back(SiteSummary{name, table.pages, table.counts.size()});
  }
  return out;
}

std::vector<RepeatedBlock> SiteModel::top_blocks(std::string_view site, std::size_t limit) const {
  std::vector<RepeatedBlock> out;
  const SiteTable* t = impl_->find(site);
  if (!t) return out;
  for (const auto& [hash, text] : t->samples) out.push_back({t->counts.get(hash), text});
  std::sort(out.begin(), out.end(), [](const RepeatedBlock& a, const RepeatedBlock& b) {
    return a.pages != b.pages ? a.pages > b.pages : a.text < b.text;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

void SiteModel::set_budget_bytes(std::uint64_t bytes) {
  impl_->budget_bytes = bytes;
  impl_->enforce_budget();
}

std::uint64_t SiteModel::memory_bytes() const { return impl_->memory_bytes(); }

}  // namespace winnow
