// The inside of winnow::SiteModel: per-site page counts and fingerprint
// tables, plus short text samples of repeated blocks for `inspect`.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <unordered_map>

#include "model/count_table.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

// Fingerprint parameters a model was built with; models merge only if equal.
struct FingerprintParams {
  std::uint32_t shingle_words = 8;
  std::uint32_t winnow_window = 4;
  bool operator==(const FingerprintParams&) const = default;
};

struct SiteTable {
  std::uint32_t pages = 0;
  CountTable counts;  // fingerprint -> number of pages it occurs on
  std::unordered_map<std::uint64_t, std::string> samples;  // block hash -> text sample
};

// A block hash of one page, with the text to remember if it turns out repeated.
struct BlockSample {
  std::uint64_t hash;
  std::string_view text;
};

struct SiteModel::Impl {
  FingerprintParams params;
  bool params_set = false;
  std::map<std::string, SiteTable, std::less<>> sites;  // ordered: deterministic files
  std::uint64_t budget_bytes = 0;

  // Counts one page: `fingerprints` must be sorted and unique.
  void add_page(std::string_view site, std::span<const std::uint64_t> fingerprints,
                std::span<const BlockSample> blocks);
  const SiteTable* find(std::string_view site) const {
    auto it = sites.find(site);
    return it == sites.end() ? nullptr : &it->second;
  }
  std::uint64_t memory_bytes() const;
  void enforce_budget();
};

}  // namespace winnow
