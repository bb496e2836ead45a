#include "pipeline/batch.hpp"

#include <exception>
#include <memory>

#include "model/site_model_impl.hpp"
#include "pipeline/items.hpp"
#include "pipeline/ordered_pool.hpp"
#include "pipeline/stream_clean.hpp"

namespace winnow {
namespace {

using pipeline::CleanedCopy;
using pipeline::Item;
using pipeline::ItemSource;
using pipeline::page_of;

std::vector<Cleaner> make_cleaners(const BatchConfig& config) {
  std::vector<Cleaner> cleaners;
  for (unsigned i = 0; i < std::max(1u, config.threads); ++i) cleaners.emplace_back(config.options);
  return cleaners;
}

// One page's counts, made on a worker and added to the run's model in input
// order on the delivering thread: one model within one budget, the same
// whatever thread counted which page.
struct PageCounts {
  SiteModel model;
  std::string error;
};

// Counts every page of `source` into `model`. With `stats`, tallies records.
void count_all(const BatchConfig& config, ItemSource& source, SiteModel& model, BatchStats* stats,
               const Diagnostics& diagnostics) {
  std::vector<Cleaner> cleaners = make_cleaners(config);
  OrderedPool<Item, PageCounts>::run(
      std::max(1u, config.threads), [&](Item& item) { return source.next(item); },
      [&](unsigned w, Item& item, PageCounts& counts) {
        counts.error.clear();
        counts.model.clear();
        if (item.read_error) return;
        try {
          cleaners[w].count(page_of(item.record), counts.model);
        } catch (const std::exception& e) {
          counts.error = e.what();
        }
      },
      [&](Item& item, PageCounts& counts) {
        if (!item.read_error && counts.error.empty()) model.merge(counts.model);
        if (stats == nullptr) return true;
        ++stats->read;
        if (item.read_error) {
          ++stats->failed;
          diagnostics.error(item.read_error->id, item.read_error->message);
        } else if (!counts.error.empty()) {
          ++stats->failed;
          diagnostics.error(item.record.id, counts.error);
        } else {
          ++stats->cleaned;
          if (diagnostics.progress) diagnostics.progress(stats->read);
        }
        return true;
      });
  if (stats) stats->skipped += source.stats().skipped;
}

// Cleans every page against `model` (may be null), delivering in input order.
void clean_all(const BatchConfig& config, ItemSource& source, const SiteModel* model, BatchStats& stats,
               const OutputFn& output, const Diagnostics& diagnostics) {
  std::vector<Cleaner> cleaners = make_cleaners(config);
  OrderedPool<Item, std::shared_ptr<CleanedCopy>>::run(
      std::max(1u, config.threads), [&](Item& item) { return source.next(item); },
      [&](unsigned w, Item& item, std::shared_ptr<CleanedCopy>& slot) {
        if (!slot) slot = std::make_shared<CleanedCopy>();
        CleanedCopy& c = *slot;
        c.error.clear();
        if (item.read_error) return;
        try {
          c.keep(cleaners[w].clean(page_of(item.record), model));
        } catch (const std::exception& e) {
          c.error = e.what();
        }
      },
      [&](Item& item, std::shared_ptr<CleanedCopy>& slot) {
        ++stats.read;
        if (item.read_error) {
          ++stats.failed;
          diagnostics.error(item.read_error->id, item.read_error->message);
          return true;
        }
        if (!slot->error.empty()) {
          ++stats.failed;
          diagnostics.error(item.record.id, slot->error);
          return true;
        }
        for (const std::string& note : slot->notes) diagnostics.note(item.record.id, note);
        ++stats.cleaned;
        if (diagnostics.progress) diagnostics.progress(stats.read);
        return output(item.record, slot->result);
      });
  stats.skipped += source.stats().skipped;
}

}  // namespace

BatchStats run_clean(const BatchConfig& config, const OutputFn& output, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, config.reader);
  if (config.model != nullptr || !config.options.use_site_counts) {
    ItemSource source(inputs.open());
    clean_all(config, source, config.model, stats, output, diagnostics);
    return stats;
  }
  if (!inputs.rereadable()) {
    ItemSource source(inputs.open());
    pipeline::clean_stream(config, source, stats, output, diagnostics);
    return stats;
  }
  SiteModel model;
  model.set_budget_bytes(config.model_budget_bytes.value_or(0));
  {
    ItemSource counting(inputs.open());
    count_all(config, counting, model, nullptr, diagnostics);
  }
  ItemSource cleaning(inputs.open());
  clean_all(config, cleaning, &model, stats, output, diagnostics);
  return stats;
}

BatchStats run_learn(const BatchConfig& config, SiteModel& model, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, config.reader);
  model.set_budget_bytes(config.model_budget_bytes.value_or(0));
  ItemSource source(inputs.open());
  count_all(config, source, model, &stats, diagnostics);
  return stats;
}

bool merge_model_files(const std::vector<std::string>& paths, std::optional<std::uint64_t> budget,
                       SiteModel& out, std::string& error) {
  out.clear();
  if (!budget) {
    // The budget must be known before the first merge: dropping is one-way.
    std::uint64_t smallest = 0;
    for (const std::string& path : paths) {
      std::uint64_t b = 0;
      if (peek_model_budget(path, b) && b != 0 && (smallest == 0 || b < smallest)) smallest = b;
    }
    budget = smallest;
  }
  out.set_budget_bytes(*budget);
  for (const std::string& path : paths) {
    SiteModel part;
    if (!part.load(path, &error)) return false;
    if (!out.merge(part, &error)) {
      error = path + ": " + error;
      return false;
    }
  }
  return true;
}

}  // namespace winnow
