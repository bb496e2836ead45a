#include "pipeline/batch.hpp"

#include <atomic>
#include <exception>
#include <memory>

#include "classify/rule_pack.hpp"
#include "core/page_analysis.hpp"
#include "model/site_model_impl.hpp"
#include "pipeline/items.hpp"
#include "pipeline/ordered_pool.hpp"
#include "pipeline/stream_clean.hpp"

namespace winnow {
namespace {

using pipeline::CleanedCopy;
using pipeline::Item;
using pipeline::ItemSource;
using pipeline::kItemKeepBytes;
using pipeline::page_of;

std::vector<Cleaner> make_cleaners(const BatchConfig& config) {
  std::vector<Cleaner> cleaners;
  for (unsigned i = 0; i < std::max(1u, config.threads); ++i) cleaners.emplace_back(config.options);
  return cleaners;
}

// What pass 1 keeps for pass 2, in input order, within a byte budget: the
// first pages that fit are kept, the rest are re-read and re-parsed. Which
// pages are kept depends only on the input, and either way a page's output
// is the same.
//
// An HTML page is kept as its analysis (pass 2 skips decoding and parsing
// it), any other page as its bytes (a plain-text page's analysis is several
// times the size of its text: see count_all). When every page fits, pass 2
// reads nothing: on a tree of small text files, opening and reading each
// file a second time was a third of the run's system calls.
struct AnalysisCache {
  struct Entry {
    // The record, with its body only when there is no analysis; or the
    // read error.
    Item item;
    std::unique_ptr<PageAnalysis> analysis;  // null: clean item.record.body
  };
  std::uint64_t budget = 0;
  std::uint64_t used = 0;
  // Every record of pass 1 has an entry: pass 2 takes them all from here.
  // Once false, pass 2 reads every input again, kept bodies are of no use
  // and are dropped, and the kept analyses serve the first pages.
  bool complete = true;
  // Set with `complete` false: no later page is kept, so workers need not
  // build whole analyses (the decision stays with the delivering thread).
  std::atomic<bool> closed{false};
  std::uint64_t skipped = 0;
  std::vector<Entry> entries;

  // Pass 2 will read the inputs again: frees the kept bodies.
  void close() {
    complete = false;
    closed = true;
    for (Entry& e : entries) std::string().swap(e.item.record.body);
  }
};

struct PageCounts {
  PageCount page;
  std::string error;
  bool kept = false;  // page.analysis is whole, for the cache
};


void trim(std::string& s) {
  if (s.capacity() > kItemKeepBytes) std::string().swap(s);
}

std::uint64_t record_bytes(const io::Record& r) {
  return sizeof(AnalysisCache::Entry) + r.id.capacity() + r.url.capacity() + r.charset.capacity() +
         r.source.capacity() + r.fallback_site.capacity() + r.passthrough_json.capacity();
}

// With more than one thread, pool workers read the pages' bytes, parse
// JSON Lines records and decode WARC responses' bodies: handed out under
// the pool's produce lock, whole files made one thread wait for the
// other's reads (7-26 ms a pass over 1,009 pages at -j 2), and parsed lines
// held the lock for half of a stream.
io::ReaderOptions reader_options(const BatchConfig& config) {
  io::ReaderOptions options = config.reader;
  options.defer_file_reads = config.threads > 1;
  options.defer_json_parse = config.threads > 1;
  options.defer_http_decode = config.threads > 1;
  return options;
}

// Counts every page of `source` into `model`. With `stats`, tallies records;
// with `cache`, keeps what pass 2 can reuse.
void count_all(const BatchConfig& config, ThreadTeam& team, ItemSource& source, SiteModel& model, BatchStats* stats,
               const Diagnostics& diagnostics, AnalysisCache* cache = nullptr) {
  std::vector<Cleaner> cleaners = make_cleaners(config);
  // Read here, not by the workers while the delivering thread adds pages.
  const PageCount::Keep not_whole = PageCount::keep_for(model);
  OrderedPool<Item, PageCounts>::run(
      team,
      // The delivering thread may not be the one that read and counted a
      // page, so it frees nothing of the page's: the worker that owns the
      // slot trims it when it takes the slot again (ordered_pool.hpp says why).
      [&](Item& item) {
        trim(item.record.body);
        return source.next(item);
      },
      [&](unsigned w, Item& item, PageCounts& counts) {
        counts.error.clear();
        counts.kept = false;
        if (counts.page.analysis.bytes() > kItemKeepBytes) counts.page.analysis = PageAnalysis{};
        pipeline::finish_read(item, config.reader.max_record_bytes);
        if (item.read_error) return;
        try {
          const PageInput page = page_of(item.record);
          // Plain text is kept for pass 2 as its bytes, not its analysis:
          // the analysis (tokens, shingles) is several times the size of the
          // text and costs more to write into fresh memory and read back than
          // segmenting and fingerprinting the text again (18,224 text files:
          // a fifth less CPU time without kept analyses).
          const bool keeping = cache != nullptr && !cache->closed.load(std::memory_order_relaxed);
          const bool whole = keeping && page_is_html(page, config.options);
          CleanerAccess::count_page(cleaners[w], page, counts.page, whole ? PageCount::Keep::whole : not_whole);
          counts.kept = whole;
          // A body the cache may keep: what it holds for a long run should
          // be close to the bytes, and the reader reuses a buffer sized for
          // larger pages before.
          std::string& body = item.record.body;
          if (keeping && !whole && body.capacity() - body.size() > body.size() / 8) body.shrink_to_fit();
        } catch (const std::exception& e) {
          counts.error = e.what();
        }
      },
      [&](unsigned, Item& item, PageCounts& counts) {
        const bool counted = !item.read_error && counts.error.empty();
        if (counted) CleanerAccess::add_page(config.options, counts.page, model);
        if (cache != nullptr && cache->complete) {
          if (!counted && !item.read_error) {
            cache->close();  // pass 2 reports the failure again
          } else {
            const bool keep_analysis = counted && counts.kept;
            const bool keep_body = counted && !counts.kept;
            std::uint64_t bytes = record_bytes(item.record);
            if (keep_analysis) bytes += counts.page.analysis.bytes();
            if (keep_body) bytes += item.record.body.capacity();
            if (cache->used + bytes > cache->budget) {
              cache->close();
            } else {
              cache->used += bytes;
              AnalysisCache::Entry& e = cache->entries.emplace_back();
              // A body not kept stays in the slot, for the next page's bytes.
              std::string body;
              if (!keep_body) body.swap(item.record.body);
              e.item.record = std::move(item.record);
              if (!keep_body) item.record.body.swap(body);
              e.item.read_error = std::move(item.read_error);
              if (keep_analysis) e.analysis = std::make_unique<PageAnalysis>(std::move(counts.page.analysis));
            }
          }
        }
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
  if (cache) cache->skipped = source.stats().skipped;
}

// A page for pass 2: as read, or with pass 1's analysis.
struct CleanItem {
  Item item;
  // Borrowed from the cache, which frees them all after pass 2. Freeing each
  // one as it is used would free it on a thread other than the one that
  // built it, and glibc takes the building thread's arena lock for that
  // while the building thread is allocating in it: at -j 2 that lock was
  // most of the run's context switches.
  PageAnalysis* analysis = nullptr;
};

// Cleans every page against `model` (may be null), delivering in input order.
// `produce` yields the pages; those with an analysis skip decode and parse.
void clean_all(const BatchConfig& config, ThreadTeam& team, const std::function<bool(CleanItem&)>& produce,
               const SiteModel* model, BatchStats& stats, const OutputFn& output, const Diagnostics& diagnostics) {
  std::vector<Cleaner> cleaners = make_cleaners(config);
  // As in count_all, the worker that owns a slot trims it, not the
  // delivering thread.
  OrderedPool<CleanItem, std::shared_ptr<CleanedCopy>>::run(
      team,
      [&](CleanItem& in) {
        trim(in.item.record.body);
        return produce(in);
      },
      [&](unsigned w, CleanItem& in, std::shared_ptr<CleanedCopy>& slot) {
        if (!slot) slot = std::make_shared<CleanedCopy>();
        CleanedCopy& c = *slot;
        c.error.clear();
        trim(c.text);
        trim(c.output);
        Item& item = in.item;
        pipeline::finish_read(item, config.reader.max_record_bytes);
        if (item.read_error) return;
        try {
          if (in.analysis) {
            c.keep(CleanerAccess::clean_analyzed(cleaners[w], std::move(*in.analysis), page_of(item.record), model));
          } else {
            c.keep(cleaners[w].clean(page_of(item.record), model));
          }
        } catch (const std::exception& e) {
          c.error = e.what();
        }
      },
      [&](unsigned, CleanItem& in, std::shared_ptr<CleanedCopy>& slot) {
        Item& item = in.item;
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
}

void clean_source(const BatchConfig& config, ItemSource& source, const SiteModel* model, BatchStats& stats,
                  const OutputFn& output, const Diagnostics& diagnostics) {
  ThreadTeam team(std::max(1u, config.threads));
  clean_all(config, team, [&](CleanItem& in) { return source.next(in.item); }, model, stats, output, diagnostics);
  stats.skipped += source.stats().skipped;
}

}  // namespace

BatchStats run_clean(const BatchConfig& config, const OutputFn& output, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, reader_options(config));
  if (config.model != nullptr || !config.options.use_site_counts) {
    ItemSource source(inputs.open());
    clean_source(config, source, config.model, stats, output, diagnostics);
    return stats;
  }
  if (!inputs.rereadable()) {
    ItemSource source(inputs.open());
    pipeline::clean_stream(config, source, stats, output, diagnostics);
    return stats;
  }
  // Compiling the rule set takes as long as cleaning a dozen pages, and the
  // first page of pass 2 would compile it while every other worker waits
  // on the same static: with threads to spare, the first helper parses the
  // pack and compiles its sets for HTML (given back to the pack at once)
  // before it joins pass 1, while this thread walks the input. Only once:
  // each further worker of pass 2 compiles sets of its own at its first
  // page (RulePack::Matcher), while the others clean. Compiled here, they
  // made a run of a few pages wait for the helper at its end.
  ThreadTeam team(std::max(1u, config.threads),
                  [] { RulePack::Matcher(RulePack::builtin(), RulePack::Layout::split); });
  SiteModel model;
  model.set_budget_bytes(config.model_budget_bytes.value_or(kDefaultTwoPassBudget));
  // This model is used for this run only: it needs no block texts.
  model.keep_block_texts(false);
  AnalysisCache cache;
  cache.budget = config.cache_budget_bytes;
  {
    ItemSource counting(inputs.open());
    count_all(config, team, counting, model, nullptr, diagnostics, &cache);
  }
  if (diagnostics.counted) diagnostics.counted();
  if (cache.complete) {
    // Every page is at hand: no second read at all.
    std::size_t next = 0;
    clean_all(
        config, team,
        [&](CleanItem& in) {
          if (next == cache.entries.size()) return false;
          AnalysisCache::Entry& e = cache.entries[next++];
          // Swapped, not moved: the slot's last page (its body a few KB, in
          // another thread's arena at -j 2) goes back into the cache and is
          // freed with it after pass 2, for the reason given at CleanItem.
          std::swap(in.item, e.item);
          in.analysis = e.analysis.get();
          return true;
        },
        &model, stats, output, diagnostics);
    stats.skipped += cache.skipped;
    return stats;
  }
  // The kept pages are the first ones; from there on, pages are re-read.
  // A tree can change between the passes (a crawler still writing into
  // it): a kept analysis serves only the page it was made from, and once
  // one does not match, the pages have shifted and none is used again.
  ItemSource cleaning(inputs.open());
  std::size_t next = 0;
  clean_all(
      config, team,
      [&](CleanItem& in) {
        if (!cleaning.next(in.item)) return false;
        in.analysis = nullptr;
        if (next < cache.entries.size()) {
          AnalysisCache::Entry& kept = cache.entries[next++];
          if (kept.item.read_error.has_value() == in.item.read_error.has_value() &&
              kept.item.record.id == in.item.record.id && kept.item.record.source == in.item.record.source) {
            in.analysis = kept.analysis.get();
          } else {
            next = cache.entries.size();
          }
          kept.item = Item{};
        }
        return true;
      },
      &model, stats, output, diagnostics);
  stats.skipped += cleaning.stats().skipped;
  return stats;
}

BatchStats run_learn(const BatchConfig& config, SiteModel& model, const Diagnostics& diagnostics) {
  BatchStats stats;
  io::InputSet inputs(config.inputs, reader_options(config));
  model.set_budget_bytes(config.model_budget_bytes.value_or(0));
  ItemSource source(inputs.open());
  ThreadTeam team(std::max(1u, config.threads));
  count_all(config, team, source, model, &stats, diagnostics);
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
