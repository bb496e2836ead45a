// Counting, merging, the memory budget and queries of the site model.
#include <algorithm>
#include <bit>

#include "model/site_model_impl.hpp"

namespace winnow {

namespace {

std::size_t cut_length(std::string_view text) {
  if (text.size() <= kSampleBytes) return text.size();
  std::size_t n = kSampleBytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole code points
  return n;
}

}  // namespace

std::string cut_sample(std::string_view text) {
  std::size_t n = cut_length(text);
  if (n == text.size()) return std::string(text);
  return std::string(text.substr(0, n)) + "…";
}


SiteTable& SiteModel::Impl::table_for(std::string_view site) {
  auto it = sites.find(site);
  if (it != sites.end()) return it->second;
  it = sites.emplace(std::string(site), SiteTable{}).first;
  SiteTable& table = it->second;
  table.demand = kSiteCost + site.size();
  accounted += table.cost(site.size());
  if (budget_bytes != 0) note_demand(0, table.demand);
  return table;
}

void SiteModel::Impl::offer_sample(SiteTable& table, std::uint64_t hash, std::string_view text) {
  auto [it, inserted] = table.samples.try_emplace(hash);
  if (inserted) {
    it->second = cut_sample(text);
    return;
  }
  // The smallest text wins, so the choice does not depend on page order.
  // Most offers lose on the first bytes; only then is a copy made.
  const std::size_t n = cut_length(text);
  const std::string_view current = it->second;
  int order = current.substr(0, n).compare(text.substr(0, n));
  if (order < 0) return;
  if (order == 0) {
    std::string candidate = cut_sample(text);
    if (candidate < current) it->second = std::move(candidate);
    return;
  }
  it->second = cut_sample(text);
}

void SiteModel::Impl::note_demand(std::uint64_t before, std::uint64_t after) {
  const std::uint64_t c = cap();
  capped_demand += std::min(after, c) - std::min(before, c);
}

void SiteModel::Impl::raise_level(const std::string& name, SiteTable& table, std::uint32_t level) {
  if (level <= table.level) return;
  const std::uint64_t before = table.cost(name.size());
  table.level = level;
  table.counts.retain([level](const CountTable::Slot& s) { return survives(s.key, level); });
  table.containers.retain([level](const CountTable::Slot& s) { return survives(s.key, level); });
  std::erase_if(table.samples, [level](const auto& kv) { return !survives(kv.first, level); });
  accounted = accounted - before + table.cost(name.size());
}

// Raises the site's level to the smallest one whose cost fits the cap. The
// survivors of every level are counted in one pass, so it retains only once.
void SiteModel::Impl::fit_site(const std::string& name, SiteTable& table) {
  const std::uint64_t c = cap();
  if (table.cost(name.size()) <= c || table.level >= kMaxLevel) return;
  std::uint64_t entries_at[kMaxLevel + 2] = {};
  std::uint64_t samples_at[kMaxLevel + 2] = {};
  auto histogram = [&](const CountTable::Slot& s) { ++entries_at[std::countl_zero(sample_mix(s.key))]; };
  table.counts.for_each(histogram);
  table.containers.for_each(histogram);
  for (const auto& kv : table.samples) ++samples_at[std::countl_zero(sample_mix(kv.first))];
  // Turn the histograms into "survivors at level L" (suffix sums).
  for (int z = kMaxLevel - 1; z >= 0; --z) {
    entries_at[z] += entries_at[z + 1];
    samples_at[z] += samples_at[z + 1];
  }
  std::uint32_t level = table.level + 1;
  while (level < kMaxLevel &&
         kSiteCost + name.size() + entries_at[level] * kEntryCost + samples_at[level] * kSampleCost > c) {
    ++level;
  }
  raise_level(name, table, level);
}

void SiteModel::Impl::lower_cap() {
  while (capped_demand > budget_bytes && site_cap > 0) {
    // Steps of 1/8 rather than halving: the cap lands close to the largest
    // that fits, so little of the budget is left unused.
    site_cap -= std::max<std::uint64_t>(site_cap / 8, 1);
    capped_demand = 0;
    for (const auto& [name, table] : sites) capped_demand += std::min(table.demand, cap());
  }
  for (auto& [name, table] : sites) fit_site(name, table);
}

void SiteModel::Impl::add_page(std::string_view site, std::span<const std::uint64_t> fingerprints,
                               std::span<const BlockSample> blocks,
                               std::span<const std::uint64_t> containers) {
  SiteTable& table = table_for(site);
  const std::string& name = sites.find(site)->first;
  const std::uint64_t cost_before = table.cost(name.size());
  const std::uint64_t demand_before = table.demand;
  ++table.pages;
  const std::uint64_t sample_cost = keep_samples ? blocks.size() * kSampleCost : 0;
  table.demand += (fingerprints.size() + containers.size()) * kEntryCost + sample_cost;
  const std::uint32_t level = table.level;
  table.counts.add_each(fingerprints, [level](std::uint64_t fp) { return survives(fp, level); });
  for (std::uint64_t sig : containers) {
    if (survives(sig, table.level)) table.containers.add(sig, 1);
  }
  if (keep_samples) {
    for (const BlockSample& b : blocks) {
      if (b.hash != 0 && survives(b.hash, table.level)) offer_sample(table, b.hash, b.text);
    }
  }
  accounted = accounted - cost_before + table.cost(name.size());
  if (budget_bytes == 0) return;
  note_demand(demand_before, table.demand);
  if (capped_demand > budget_bytes) lower_cap();
  else fit_site(name, table);
}

void SiteModel::Impl::merge_from(const Impl& other) {
  for (const auto& [name, theirs] : other.sites) {
    const bool existed = sites.contains(name);
    SiteTable& mine = table_for(name);
    const std::uint64_t demand_before = mine.demand;
    // The fixed site cost is in both demands; the union counts it once.
    mine.demand = existed ? mine.demand + theirs.demand - (kSiteCost + name.size()) : theirs.demand;
    raise_level(name, mine, theirs.level);
    const std::uint64_t cost_before = mine.cost(name.size());
    mine.pages += theirs.pages;
    const std::uint32_t level = mine.level;
    theirs.counts.for_each([&](const CountTable::Slot& s) {
      if (survives(s.key, level)) mine.counts.add(s.key, s.count);
    });
    theirs.containers.for_each([&](const CountTable::Slot& s) {
      if (survives(s.key, level)) mine.containers.add(s.key, s.count);
    });
    for (const auto& [hash, text] : theirs.samples) {
      if (survives(hash, level)) offer_sample(mine, hash, text);
    }
    accounted = accounted - cost_before + mine.cost(name.size());
    if (budget_bytes == 0) continue;
    note_demand(demand_before, mine.demand);
    if (capped_demand > budget_bytes) lower_cap();
    else fit_site(sites.find(name)->first, mine);
  }
}

void SiteModel::Impl::set_budget(std::uint64_t bytes) {
  budget_bytes = bytes;
  rebalance();
}

void SiteModel::Impl::rebalance() {
  accounted = 0;
  for (const auto& [name, table] : sites) accounted += table.cost(name.size());
  site_cap = budget_bytes;
  capped_demand = 0;
  if (budget_bytes == 0) return;
  for (const auto& [name, table] : sites) capped_demand += std::min(table.demand, cap());
  lower_cap();
}

SiteModel::SiteModel() : impl_(std::make_unique<Impl>()) {}
SiteModel::~SiteModel() = default;
SiteModel::SiteModel(SiteModel&&) noexcept = default;
SiteModel& SiteModel::operator=(SiteModel&&) noexcept = default;

bool SiteModel::merge(const SiteModel& other, std::string* error) {
  const Impl& from = *other.impl_;
  if (!impl_->keep_samples || !from.keep_samples) {
    if (error) *error = "a model that keeps no block texts cannot be merged";
    return false;
  }
  if (impl_->params_set && from.params_set && !(impl_->params == from.params)) {
    if (error) *error = "models were built with different shingle/window parameters";
    return false;
  }
  if (!impl_->params_set && from.params_set) {
    impl_->params = from.params;
    impl_->params_set = true;
  }
  impl_->merge_from(from);
  return true;
}

std::uint32_t SiteModel::pages(std::string_view site) const {
  const SiteTable* t = impl_->find(site);
  return t ? t->pages : 0;
}

std::vector<SiteSummary> SiteModel::sites() const {
  std::vector<SiteSummary> out;
  for (const auto& [name, table] : impl_->sites) {
    out.push_back(SiteSummary{name, table.pages, table.counts.size(), table.level, table.containers.size()});
  }
  return out;
}

std::vector<RepeatedBlock> SiteModel::top_blocks(std::string_view site, std::size_t limit) const {
  std::vector<RepeatedBlock> out;
  const SiteTable* t = impl_->find(site);
  if (!t) return out;
  for (const auto& [hash, text] : t->samples) {
    std::uint32_t pages = t->counts.get(hash);
    if (pages >= 2) out.push_back({pages, text});
  }
  std::sort(out.begin(), out.end(), [](const RepeatedBlock& a, const RepeatedBlock& b) {
    return a.pages != b.pages ? a.pages > b.pages : a.text < b.text;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

void SiteModel::set_budget_bytes(std::uint64_t bytes) { impl_->set_budget(bytes); }
std::uint64_t SiteModel::budget_bytes() const { return impl_->budget_bytes; }
std::uint64_t SiteModel::memory_bytes() const { return impl_->accounted; }

void SiteModel::clear() {
  const std::uint64_t budget = impl_->budget_bytes;
  const bool keep_samples = impl_->keep_samples;
  impl_->clear();
  impl_->keep_samples = keep_samples;
  impl_->set_budget(budget);
}

bool SiteModel::keep_block_texts(bool keep) {
  if (!impl_->sites.empty()) return keep == impl_->keep_samples;
  impl_->keep_samples = keep;
  return true;
}

bool SiteModel::keeps_block_texts() const { return impl_->keep_samples; }

}  // namespace winnow
