// The inside of winnow::SiteModel: per-site page counts and fingerprint
// tables, text samples of blocks for `inspect`, and the memory budget.
//
// Every part of the state is a function of the *set* of pages counted (and
// the budget), never of their order or of how they were split into shards:
// counts are sums, samples are minima, and the budget rule below only ever
// drops what the final model would drop too. That is what makes
// learn-on-shards + merge byte-identical to learning on everything at once.
//
// The budget rule (docs/model-format.md, "Memory budget"):
//   - A fingerprint survives sampling level L when the top L bits of
//     sample_mix(fingerprint) are zero (L = 0 keeps everything). Each site
//     has its own level; raising it drops about half its entries, and an
//     entry dropped at level L would be dropped at any higher level, so
//     surviving counts stay exact.
//   - Each site has a demand D: an upper bound of its unsampled size, the
//     sum over its pages of (fingerprints x entry cost + blocks x sample
//     cost, the latter only in a model that keeps samples) plus a fixed
//     site cost. D only grows and sums across shards.
//   - The per-site cap C is the first term of the fixed sequence
//     c_0 = B, c_{i+1} = c_i - max(c_i / 8, 1) (B the budget) with
//     sum_s min(D_s, C) <= B; each site's level is the smallest L with
//     cost_s(L) <= C. C only falls and levels only rise as pages arrive,
//     and both end at the same values whatever the order, hence the total
//     stays within B.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>

#include "core/mix64.hpp"
#include "model/count_table.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

// Fingerprint parameters a model was built with; models merge only if equal.
struct FingerprintParams {
  std::uint32_t shingle_words = 8;
  std::uint32_t winnow_window = 4;
  bool operator==(const FingerprintParams&) const = default;
};

// Accounted sizes, in bytes. The budget is enforced on these figures, not on
// allocator statistics, so that the outcome is reproducible. A count entry
// takes a fifth of a 64-byte bucket in a table kept 42-85% full, so its
// real cost swings between 15 and 30 bytes as the table doubles. 24 was the
// full-table figure of the 16-byte slots before; it stays, because the
// figure decides which entries a budgeted model keeps.
// The sample and site figures are upper estimates on a 64-bit libstdc++.
inline constexpr std::size_t kSampleBytes = 80;    // longest stored sample text (then "…")
inline constexpr std::uint64_t kEntryCost = 24;    // see above: part of the budget rule
inline constexpr std::uint64_t kSampleCost = 184;  // hash node + bucket + heap text
inline constexpr std::uint64_t kSiteCost = 256;    // map node, table headers (+ name length)
inline constexpr std::uint32_t kMaxLevel = 64;

// The hash that decides sampling; independent of CountTable's probe hash.
inline std::uint64_t sample_mix(std::uint64_t key) { return mix64(key); }
inline bool survives(std::uint64_t key, std::uint32_t level) {
  return level == 0 || (level < 64 ? (sample_mix(key) >> (64 - level)) == 0 : sample_mix(key) == 0);
}

struct SiteTable {
  std::uint32_t pages = 0;   // pages counted (all of them: sampling drops entries, not pages)
  std::uint32_t level = 0;   // sampling level (see the budget rule)
  std::uint64_t demand = 0;  // upper bound of the unsampled size in bytes
  CountTable counts;         // fingerprint -> number of pages it occurs on
  // Container signature -> number of pages whose main content container,
  // found on the page's own evidence, has that signature (site_selectors).
  // Sampled and budgeted like `counts`.
  CountTable containers;
  // Block hash -> its text: the bytewise smallest text seen with that hash,
  // cut to kSampleBytes. Kept for every surviving block hash, so a block
  // repeated only across shards still has one after a merge.
  std::unordered_map<std::uint64_t, std::string> samples;

  std::uint64_t cost(std::size_t name_size) const {
    return kSiteCost + name_size + (counts.size() + containers.size()) * kEntryCost +
           samples.size() * kSampleCost;
  }
};

// A block hash of one page, with its text.
struct BlockSample {
  std::uint64_t hash;
  std::string_view text;
};

struct SiteModel::Impl {
  FingerprintParams params;
  bool params_set = false;
  std::map<std::string, SiteTable, std::less<>> sites;  // ordered: deterministic files
  std::uint64_t budget_bytes = 0;                         // 0: unlimited
  std::uint64_t site_cap = 0;                             // C of the budget rule
  std::uint64_t capped_demand = 0;                        // sum_s min(D_s, C)
  std::uint64_t accounted = 0;                            // sum_s cost_s
  // False: add_page() keeps no block texts, and the budget charges none:
  // a model's demand and cost are then its count entries alone; load()
  // checks a file's texts and stores none. Set before the first page or the
  // load, on a model that is never saved, merged or inspected (a clean's
  // own, two-pass or stream, or one loaded to clean with): the texts are for `inspect` and the
  // file, and keeping one per distinct block of a large run was a fifth of
  // the cost of adding pages. Under a budget, such a model samples later
  // than a learned one, whose budget pays for texts as well (184 bytes a
  // block against 24 a fingerprint: three quarters of an HTML page's demand).
  bool keep_samples = true;

  // Counts one page: `fingerprints` must be unique, in any order (block
  // and winnowed shingle hashes); `blocks` are its blocks' hashes and texts;
  // `containers` the signatures of its main content container (sorted,
  // unique, none 0).
  void add_page(std::string_view site, std::span<const std::uint64_t> fingerprints,
                std::span<const BlockSample> blocks, std::span<const std::uint64_t> containers = {});
  // Adds another model's counts (fingerprint parameters already checked).
  void merge_from(const Impl& other);
  const SiteTable* find(std::string_view site) const {
    auto it = sites.find(site);
    return it == sites.end() ? nullptr : &it->second;
  }
  void set_budget(std::uint64_t bytes);
  // Recomputes the derived budget state (cap, totals) from the tables,
  // then enforces the rule. Used after loading and merging.
  void rebalance();
  void clear() { *this = Impl{}; }

 private:
  std::uint64_t cap() const { return site_cap; }
  SiteTable& table_for(std::string_view site);
  void offer_sample(SiteTable& table, std::uint64_t hash, std::string_view text);
  void note_demand(std::uint64_t before, std::uint64_t after);
  void fit_site(const std::string& name, SiteTable& table);
  void raise_level(const std::string& name, SiteTable& table, std::uint32_t level);
  void lower_cap();
};

// Cuts `text` to at most kSampleBytes at a code point boundary, marking a cut with "…".
std::string cut_sample(std::string_view text);

// The model file format (docs/model-format.md), in memory: what save() writes
// and load() reads. parse_model() checks the checksum first, then every
// structural invariant; on failure it returns false with a message and
// leaves `model` in an unspecified (but valid) state.
std::string serialize_model(const SiteModel::Impl& model);
bool parse_model(std::string_view data, SiteModel::Impl& model, std::string& error);
// The same for the regular file open as `fd`, of `size` bytes, read and
// parsed `chunk` bytes at a time (at least 4 KiB: a site name's room):
// the whole file is never in memory. The same verdict and message as
// parse_model() on its bytes; load() uses it.
bool parse_model_file(int fd, std::uint64_t size, SiteModel::Impl& model, std::string& error, std::size_t chunk);

// Reads only the budget field of a model file's header (no checksum check:
// load() validates the whole file). False if the file cannot be read or is
// not a model file of this version.
bool peek_model_budget(const std::string& path, std::uint64_t& budget);

}  // namespace winnow
