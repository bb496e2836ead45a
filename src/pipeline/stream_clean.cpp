#include "pipeline/stream_clean.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/page_analysis.hpp"
#include "model/site_model_impl.hpp"
#include "pipeline/ordered_pool.hpp"

namespace winnow::pipeline {
namespace {

// What a worker learns of a page for the stream: what it adds to the model
// and, for HTML, the analysis the page is cleaned from when its site is
// released, so that it is decoded and parsed once. A plain-text page is
// cleaned from its bytes again: its analysis is several times the size of
// its text (see batch.cpp).
struct PageCounts {
  PageCount page;
  std::string error;
  bool kept = false;  // page.analysis is whole
};

// A page between arrival and output.
struct Held {
  Item item;  // its body dropped when the page is cleaned from `analysis`
  std::string site;
  std::unique_ptr<PageAnalysis> analysis;
  bool done = false;     // cleaned (or failed): may be written once it reaches the front
  std::string error;     // counting failed
  CleanedCopy cleaned;
};

class WindowedStream {
 public:
  WindowedStream(const BatchConfig& config, BatchStats& stats, const OutputFn& output,
                 const Diagnostics& diagnostics)
      : options_(config.options), stats_(stats), output_(output), diagnostics_(diagnostics),
        window_(std::max<std::uint32_t>(1, config.window)),
        max_held_(std::max<std::size_t>(4ull * window_, 1)),
        release_team_(std::max(1u, config.threads)) {
    model_.set_budget_bytes(config.model_budget_bytes.value_or(kDefaultStreamBudget));
    // Used for this stream only, never saved: it needs no block texts.
    model_.keep_block_texts(false);
    for (unsigned i = 0; i < std::max(1u, config.threads); ++i) cleaners_.emplace_back(config.options);
  }

  const SiteModel& model() const { return model_; }

  // Takes one counted page in input order, delivered by pool worker
  // `member`. False: stop (output refused).
  bool arrive(unsigned member, Item& item, PageCounts& counts) {
    Held& h = held_.emplace_back();
    h.item = std::move(item);
    const std::uint64_t seq = first_seq_ + held_.size() - 1;
    if (h.item.read_error || !counts.error.empty()) {
      h.error = counts.error;
      h.done = true;
      return flush();
    }
    CleanerAccess::add_page(options_, counts.page, model_);
    h.site = counts.page.analysis.site;
    if (counts.kept) {
      h.analysis = std::make_unique<PageAnalysis>(std::move(counts.page.analysis));
      std::string().swap(h.item.record.body);
    }
    std::vector<std::uint64_t>& waiting = waiting_[h.site];
    waiting.push_back(seq);
    if (waiting.size() >= window_) release(h.site, member);
    while (held_.size() > max_held_) {
      if (!flush()) return false;
      if (held_.size() <= max_held_) break;
      release(held_.front().site, member);  // the front is waiting: flush() stopped there
    }
    return flush();
  }

  // Called by pool worker `member` between pages: while a site's pages are
  // being cleaned (release() holds up every delivery meanwhile), cleans
  // some of them.
  void help(unsigned member) {
    const std::function<void(Cleaner&)>* job = nullptr;
    {
      std::lock_guard lock(release_mutex_);
      if (release_job_ == nullptr) return;
      job = release_job_;
      ++helping_;
    }
    (*job)(cleaners_[member]);
    std::lock_guard lock(release_mutex_);
    if (--helping_ == 0) released_.notify_all();
  }

  // End of counting: from here on the release team cleans released pages.
  void end_counting() { counting_ = false; }

  // End of stream: release every site, oldest waiting page first.
  void finish() {
    while (!held_.empty()) {
      if (!flush() || held_.empty()) return;
      release(held_.front().site, 0);
    }
  }

 private:
  Held& at(std::uint64_t seq) { return held_[seq - first_seq_]; }

  // Cleans the site's waiting pages against the model as it stands now. The
  // model is not written while they are cleaned: arrive() is not re-entered.
  // While the pool counts, `member` is the delivering worker, whose cleaner
  // this thread uses, so that each thread matches the rule pack through
  // sets of its own (RulePack::Matcher) and no more are compiled than there
  // are threads.
  void release(const std::string& site, unsigned member) {
    auto it = waiting_.find(site);
    if (it == waiting_.end()) return;
    std::vector<std::uint64_t> seqs = std::move(it->second);
    waiting_.erase(it);
    std::atomic<std::size_t> next{0};
    auto work = [&](Cleaner& cleaner) {
      for (std::size_t i; (i = next.fetch_add(1)) < seqs.size();) {
        Held& h = at(seqs[i]);
        try {
          if (h.analysis) {
            h.cleaned.keep(
                CleanerAccess::clean_analyzed(cleaner, std::move(*h.analysis), page_of(h.item.record), &model_));
            h.analysis.reset();
          } else {
            h.cleaned.keep(cleaner.clean(page_of(h.item.record), &model_));
          }
        } catch (const std::exception& e) {
          h.cleaned.error = e.what();
        }
        h.done = true;
      }
    };
    if (!counting_) {
      release_team_.run([&](unsigned member) { work(cleaners_[member]); });
      return;
    }
    // While the pool counts, its workers help between pages (help()): a
    // team of its own would put a third thread on two cores, and the
    // releasing thread, done with its share, would wait for a helper
    // taking turns with a worker that only counts ahead.
    const std::function<void(Cleaner&)> job = work;
    {
      std::lock_guard lock(release_mutex_);
      release_job_ = &job;
    }
    // Withdrawn, and every helper gone, before `job` is: even if work() throws.
    struct Withdraw {
      WindowedStream& stream;
      ~Withdraw() {
        std::unique_lock lock(stream.release_mutex_);
        stream.release_job_ = nullptr;
        stream.released_.wait(lock, [&] { return stream.helping_ == 0; });
      }
    } withdraw{*this};
    work(cleaners_[member]);
  }

  // Writes the finished pages at the front, in input order.
  bool flush() {
    while (!held_.empty() && held_.front().done) {
      Held& h = held_.front();
      bool keep_going = report(h);
      held_.pop_front();
      ++first_seq_;
      if (!keep_going) {
        stopped_ = true;
        return false;
      }
    }
    return !stopped_;
  }

  bool report(Held& h) {
    ++stats_.read;
    if (h.item.read_error) {
      ++stats_.failed;
      diagnostics_.error(h.item.read_error->id, h.item.read_error->message);
      return true;
    }
    const std::string& error = h.error.empty() ? h.cleaned.error : h.error;
    if (!error.empty()) {
      ++stats_.failed;
      diagnostics_.error(h.item.record.id, error);
      return true;
    }
    for (const std::string& note : h.cleaned.notes) diagnostics_.note(h.item.record.id, note);
    ++stats_.cleaned;
    if (diagnostics_.progress) diagnostics_.progress(stats_.read);
    return output_(h.item.record, h.cleaned.result);
  }

  const Options& options_;
  BatchStats& stats_;
  const OutputFn& output_;
  const Diagnostics& diagnostics_;
  const std::uint32_t window_;
  const std::size_t max_held_;
  SiteModel model_;
  std::vector<Cleaner> cleaners_;  // one per pool worker, the same per member of release_team_
  // Cleans the pages still waiting when the stream ends. Its helpers live
  // as long as the stream: a thread started per release cost a thread
  // start every `window` pages of a site.
  ThreadTeam release_team_;
  bool counting_ = true;  // the pool runs: its workers help releases
  // The release in progress while the pool counts, for help(); guarded by
  // release_mutex_, as is the count of workers helping with it.
  std::mutex release_mutex_;
  std::condition_variable released_;  // the last helper is done
  const std::function<void(Cleaner&)>* release_job_ = nullptr;
  unsigned helping_ = 0;
  std::deque<Held> held_;
  std::uint64_t first_seq_ = 0;  // sequence number of held_.front()
  std::unordered_map<std::string, std::vector<std::uint64_t>> waiting_;
  bool stopped_ = false;
};

}  // namespace

void clean_stream(const BatchConfig& config, ItemSource& source, BatchStats& stats, const OutputFn& output,
                  const Diagnostics& diagnostics) {
  WindowedStream stream(config, stats, output, diagnostics);
  std::vector<Cleaner> counters;
  for (unsigned i = 0; i < std::max(1u, config.threads); ++i) counters.emplace_back(config.options);
  bool stopped = false;
  const PageCount::Keep not_whole = PageCount::keep_for(stream.model());
  OrderedPool<Item, PageCounts>::run(
      std::max(1u, config.threads), [&](Item& item) { return source.next(item); },
      [&](unsigned w, Item& item, PageCounts& counts) {
        counts.error.clear();
        counts.kept = false;
        stream.help(w);
        finish_read(item, config.reader.max_record_bytes);
        if (item.read_error) return;
        try {
          const PageInput page = page_of(item.record);
          const bool whole = page_is_html(page, config.options);
          CleanerAccess::count_page(counters[w], page, counts.page, whole ? PageCount::Keep::whole : not_whole);
          counts.kept = whole;
        } catch (const std::exception& e) {
          counts.error = e.what();
        }
      },
      [&](unsigned w, Item& item, PageCounts& counts) {
        stopped = !stream.arrive(w, item, counts);
        if (counts.page.analysis.bytes() > kItemKeepBytes) counts.page.analysis = PageAnalysis{};
        return !stopped;
      });
  stream.end_counting();
  if (!stopped) stream.finish();
  stats.skipped += source.stats().skipped;
}

}  // namespace winnow::pipeline
