#include "pipeline/batch.hpp"

#include <exception>
#include <memory>
#include <optional>

#include "pipeline/ordered_pool.hpp"

namespace winnow {
namespace {

// A record as it travels through the pool: read successfully or not.
struct Item {
  io::Record record;
  std::optional<io::RecordError> read_error;
};

struct Outcome {
  std::string error;  // non-empty: the page could not be processed
};

PageInput page_of(const io::Record& r) {
  PageInput page;
  page.id = r.id;
  page.body = r.body;
  page.url = r.url;
  page.charset = r.charset;
  page.kind = r.kind == io::ContentKind::html ? InputKind::html
              : r.kind == io::ContentKind::text ? InputKind::text
                                                : InputKind::detect;
  page.fallback_site = r.fallback_site;
  page.extra_json = r.passthrough_json;
  return page;
}

// Produces items from a reader, in order.
class ItemSource {
 public:
  explicit ItemSource(std::unique_ptr<io::RecordReader> reader) : reader_(std::move(reader)) {}
  bool next(Item& item) {
    io::RecordError error;
    item.read_error.reset();
    switch (reader_->next(item.record, error)) {
      case io::RecordReader::kRecord: return true;
      case io::RecordReader::kError:
        item.record = io::Record{};
        item.record.id = error.id;
        item.read_error = std::move(error);
        return true;
      case io::RecordReader::kEnd: return false;
    }
    return false;
  }
  const io::ReadStats& stats() const { return reader_->stats(); }

 private:
  std::unique_ptr<io::RecordReader> reader_;
};

std::vector<Cleaner> make_cleaners(const BatchConfig& config) {
  std::vector<Cleaner> cleaners;
  for (unsigned i = 0; i < std::max(1u, config.threads); ++i) cleaners.emplace_back(config.options);
  return cleaners;
}

// Pass 1 over one opening of the inputs: counts every page into `model`.
// Per-thread models are merged at the end; counts are sums, so the result
// does not depend on which thread saw which page.
void count_all(const BatchConfig& config, ItemSource& source, SiteModel& model, BatchStats* stats,
               const Diagnostics& diagnostics) {
  unsigned threads = std::max(1u, config.threads);
  std::vector<Cleaner> cleaners = make_cleaners(config);
  std::vector<SiteModel> shards(threads);
  OrderedPool<Item, Outcome>::run(
      threads, [&](Item& item) { return source.next(item); },
      [&](unsigned w, Item& item, Outcome& outcome) {
        outcome.error.clear();
        if (item.read_error) return;
        try {
          cleaners[w].count(page_of(item.record), shards[w]);
        } catch (const std::exception& e) {
          outcome.error = e.what();
        }
      },
      [&](Item& item, Outcome& outcome) {
        if (stats == nullptr) return true;
        ++stats->read;
        if (item.read_error) {
          ++stats->failed;
          diagnostics.error(item.read_error->id, item.read_error->message);
        } else if (!outcome.error.empty()) {
          ++stats->failed;
          diagnostics.error(item.record.id, outcome.error);
        } else {
          ++stats->cleaned;
        }
        return true;
      });
  for (SiteModel& shard : shards) model.merge(shard);
  if (stats) stats->skipped += source.stats().skipped;
}

// Pass 2: cleans every page against `model`, delivering in input order.
void clean_all(const BatchConfig& config, ItemSource& source, const SiteModel* model, BatchStats& stats,
               const OutputFn& output, const Diagnostics& diagnostics) {
  unsigned threads = std::max(1u, config.threads);
  std::vector<Cleaner> cleaners = make_cleaners(config);
  // Results are views into their cleaner; each slot keeps its own copy.
  struct Cleaned {
    std::string error;
    // Owned copies of every view the output callback may read; the
    // per-block views are not kept (they die with the cleaner's next page).
    std::string id, url, site, title, author, date, language, site_name, text, output;
    std::vector<std::string> notes;
    CleanResult result;
    void keep(const CleanResult& r) {
      id.assign(r.id); url.assign(r.url); site.assign(r.site); title.assign(r.title);
      author.assign(r.author); date.assign(r.date); language.assign(r.language);
      site_name.assign(r.site_name); text.assign(r.text); output.assign(r.output);
      notes.assign(r.notes.begin(), r.notes.end());
      result = CleanResult{id, url, site, title, author, date, language, site_name, text, output, {}, notes};
    }
  };
  OrderedPool<Item, std::shared_ptr<Cleaned>>::run(
      threads, [&](Item& item) { return source.next(item); },
      [&](unsigned w, Item& item, std::shared_ptr<Cleaned>& slot) {
        if (!slot) slot = std::make_shared<Cleaned>();
        Cleaned& c = *slot;
        c.error.clear();
        if (item.read_error) return;
        try {
          c.keep(cleaners[w].clean(page_of(item.record), model));
        } catch (const std::exception& e) {
          c.error = e.what();
        }
      },
      [&](Item& item, std::shared_ptr<Cleaned>& slot) {
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

// A reader over records already in memory (stdin read once).
class MemoryReader final : public io::RecordReader {
 public:
  explicit MemoryReader(std::vector<Item>& items, io::ReadStats stats) : items_(items), stats_(stats) {}
  Status next(io::Record& record, io::RecordError& error) override {
    if (pos_ >= items_.size()) return kEnd;
    Item& item = items_[pos_++];
    if (item.read_error) {
      error = *item.read_error;
      return kError;
    }
    record = item.record;
    return kRecord;
  }
  const io::ReadStats& stats() const override { return stats_; }

 private:
  std::vector<Item>& items_;
  io::ReadStats stats_;
  std::size_t pos_ = 0;
};

}  // namespace

BatchStats run_clean(const BatchConfig& config, const OutputFn& output, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, config.reader);
  if (config.model != nullptr || !config.options.use_site_counts) {
    ItemSource source(inputs.open());
    clean_all(config, source, config.model, stats, output, diagnostics);
    return stats;
  }
  SiteModel model;
  model.set_budget_bytes(config.model_budget_bytes);
  if (inputs.rereadable()) {
    ItemSource counting(inputs.open());
    count_all(config, counting, model, nullptr, diagnostics);
    ItemSource cleaning(inputs.open());
    clean_all(config, cleaning, &model, stats, output, diagnostics);
    return stats;
  }
  // Stdin cannot be read twice: hold its records for the second pass.
  std::vector<Item> items;
  ItemSource reading(inputs.open());
  Item item;
  while (reading.next(item)) items.push_back(std::move(item));
  {
    ItemSource counting(std::make_unique<MemoryReader>(items, reading.stats()));
    count_all(config, counting, model, nullptr, diagnostics);
  }
  ItemSource cleaning(std::make_unique<MemoryReader>(items, reading.stats()));
  clean_all(config, cleaning, &model, stats, output, diagnostics);
  return stats;
}

BatchStats run_learn(const BatchConfig& config, SiteModel& model, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, config.reader);
  model.set_budget_bytes(config.model_budget_bytes);
  ItemSource source(inputs.open());
  count_all(config, source, model, &stats, diagnostics);
  return stats;
}

}  // namespace winnow
