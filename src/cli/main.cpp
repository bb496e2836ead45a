// winnow's command line: parse flags, run the library, report.
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdint>
#include <cstdlib>

#include "cli/cli_options.hpp"
#include "cli/output_sink.hpp"
#include "model/site_model_impl.hpp"
#include "pipeline/ordered_pool.hpp"

namespace {

using namespace winnow;

void report(std::string_view id, std::string_view message) {
  // Records before this one leave first: with stdout and stderr on one
  // file (2>&1), a message still follows the output of the pages before it.
  // Messages are rare (failures; notes without -q), so this costs little.
  std::fflush(stdout);
  std::fprintf(stderr, "winnow: %.*s: %.*s\n", static_cast<int>(id.size()), id.data(),
               static_cast<int>(message.size()), message.data());
}

Diagnostics make_diagnostics(bool quiet) {
  Diagnostics d;
  d.error = report;
  d.note = quiet ? [](std::string_view, std::string_view) {} : std::function(report);
  if (isatty(STDERR_FILENO)) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    d.progress = [last](std::uint64_t done) {
      auto now = std::chrono::steady_clock::now();
      if (now - *last < std::chrono::milliseconds(250)) return;
      *last = now;
      std::fprintf(stderr, "\rwinnow: %llu pages", static_cast<unsigned long long>(done));
    };
  }
  return d;
}

// One line, the same for every command: read == done + failed; skipped apart.
void summarize(const BatchStats& s, bool to_terminal, const char* done) {
  if (to_terminal) std::fputc('\r', stderr);
  std::fprintf(stderr, "winnow: %llu records read, %llu %s, %llu skipped, %llu failed\n",
               static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.cleaned), done,
               static_cast<unsigned long long>(s.skipped), static_cast<unsigned long long>(s.failed));
}

std::string_view extension_for(OutputFormat f) {
  switch (f) {
    case OutputFormat::jsonl: return ".jsonl";
    case OutputFormat::markdown: return ".md";
    case OutputFormat::html: return ".html";
    default: return ".txt";
  }
}

int run_clean_command(cli::CliConfig& config) {
  SiteModel model;
  if (!config.model_path.empty()) {
    // Cleaning reads counts only; the block texts are for `inspect`.
    model.keep_block_texts(false);
    std::string error;
    if (!model.load(config.model_path, &error)) {
      std::fprintf(stderr, "winnow: %s\n", error.c_str());
      return 2;
    }
    config.batch.model = &model;
  }
  Diagnostics diagnostics = make_diagnostics(config.quiet);
  bool closed = false;
  BatchStats stats;
  // Pages of text are separated by a blank line; JSON lines (and the
  // feature dump) are not.
  const bool text_format = !config.batch.options.dump_block_features &&
                           (config.batch.options.format == OutputFormat::text ||
                            config.batch.options.format == OutputFormat::markdown);
  if (config.output.empty()) {
    cli::StdoutSink out;
    bool first = true;
    // stdout is fully buffered (buffer_stdout), so records leave in large
    // writes. Input from stdin arrives as its writer sends it, and whoever
    // reads stdout may wait on each page (a chain of tools, an interactive
    // consumer): there, each record is flushed as soon as it is complete, at
    // one write() a record. Files and directories are read as fast as the
    // disk allows, and there the buffer fills and drains in large writes.
    const bool flush_each = !io::InputSet(config.batch.inputs, config.batch.reader).rereadable();
    stats = run_clean(config.batch, [&](const io::Record&, const CleanResult& r) {
      // Text pages are separated by a blank line; other formats are self-delimiting.
      if (!first && text_format && !r.output.empty() && !out.write("\n")) return !(closed = true);
      first = first && r.output.empty();
      if (!out.write(r.output)) return !(closed = true);
      if (flush_each && !out.flush()) return !(closed = true);
      return true;
    }, diagnostics);
    if (!closed && !out.flush()) closed = true;
  } else {
    cli::MirrorSink sink(config.output, config.batch.inputs,
                         std::string(extension_for(config.batch.options.format)), diagnostics.note);
    std::string error;
    bool failed_write = false;
    stats = run_clean(config.batch, [&](const io::Record& record, const CleanResult& r) {
      if (!sink.write(record, r.output, error)) {
        failed_write = true;
        return false;
      }
      return true;
    }, diagnostics);
    if (!failed_write && !sink.finish(error)) failed_write = true;
    if (failed_write) {
      std::fprintf(stderr, "winnow: %s\n", error.c_str());
      return 2;
    }
  }
  if (closed) return 0;  // the reader went away: end quietly
  if (!config.quiet || stats.failed) summarize(stats, diagnostics.progress != nullptr, "cleaned");
  return stats.failed == 0 ? 0 : 1;
}

int run_learn_command(cli::CliConfig& config) {
  SiteModel model;
  Diagnostics diagnostics = make_diagnostics(config.quiet);
  BatchStats stats = run_learn(config.batch, model, diagnostics);
  std::string error;
  if (!model.save(config.output, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return 2;
  }
  if (!config.quiet || stats.failed) summarize(stats, diagnostics.progress != nullptr, "counted");
  return stats.failed == 0 ? 0 : 1;
}

int run_merge_command(cli::CliConfig& config) {
  SiteModel merged;
  std::string error;
  if (!merge_model_files(config.merge_inputs, config.batch.model_budget_bytes, merged, error) ||
      !merged.save(config.output, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return 2;
  }
  return 0;
}

int run_inspect_command(cli::CliConfig& config) {
  SiteModel model;
  std::string error;
  if (!model.load(config.model_path, &error)) {
    std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return 2;
  }
  if (config.inspect_site.empty()) {
    // A header that helps choose --model-budget: what the model costs now.
    std::uint64_t entries = 0;
    for (const SiteSummary& site : model.sites()) entries += site.entries;
    const std::uint64_t b = model.budget_bytes();
    const std::string budget = b == 0 ? "none" : b < 1024 ? std::to_string(b) + " bytes" : std::to_string(b >> 10) + " KiB";
    std::printf("# %zu sites, %llu fingerprints, %.1f MiB accounted, budget %s\n", model.sites().size(),
                static_cast<unsigned long long>(entries), static_cast<double>(model.memory_bytes()) / (1 << 20),
                budget.c_str());
  }
  bool found = false;
  for (const SiteSummary& site : model.sites()) {
    if (!config.inspect_site.empty() && site.site != config.inspect_site) continue;
    found = true;
    std::printf("%s\t%u pages\t%llu fingerprints\t%llu containers", site.site.c_str(), site.pages,
                static_cast<unsigned long long>(site.entries), static_cast<unsigned long long>(site.containers));
    if (site.sample_level > 0) std::printf("\t(budget: 1 in 2^%u kept)", site.sample_level);
    std::printf("\n");
    for (const RepeatedBlock& b : model.top_blocks(site.site, config.inspect_limit)) {
      std::printf("  %6u  %s\n", b.pages, b.text.c_str());
    }
  }
  if (!found && !config.inspect_site.empty()) {
    std::fprintf(stderr, "winnow: no site '%s' in %s\n", config.inspect_site.c_str(), config.model_path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

namespace {

// The heap below is glibc's: under AddressSanitizer, whose allocator
// replaces it, the tuning has nothing to tune.
#if defined(__SANITIZE_ADDRESS__)
#define WINNOW_GLIBC_HEAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WINNOW_GLIBC_HEAP 0
#endif
#endif
#if !defined(WINNOW_GLIBC_HEAP) && defined(__GLIBC__) && defined(MADV_HUGEPAGE)
#define WINNOW_GLIBC_HEAP 1
#endif

#if WINNOW_GLIBC_HEAP
// Where the main arena's heap began: it lies between there and the
// program break; other arenas' heaps are mapped elsewhere.
std::uintptr_t main_heap_start = 0;
#endif

// A two-pass run keeps page analyses and parse buffers worth tens of MB on
// the heap. In 4 KiB pages, faulting them in and missing the TLB on them
// cost a third of a run's time; in 2 MiB pages, next to nothing. So the
// heap grows in large steps, and the room of the first one is marked for
// huge pages (glibc tells nothing of later steps, which stay in 4 KiB
// pages). That first step is 1 GiB: a run holds up to the cache budget
// (256 MiB by default) of kept pages besides the site model and the
// buffers, and with a first step of 256 MiB, 120 MiB of a run over 89.6 MB
// of plain text lay past it, in 30,000 page faults. Each thread has its own
// arena (prepare_thread_heap): with one arena for all, the two workers of
// -j 2 spent a tenth of their time in malloc and free and in waits for the
// arena's lock.
// Untouched room costs address space only.
void prepare_heap() {
#if WINNOW_GLIBC_HEAP
  constexpr std::size_t kStep = 256u << 20;
  constexpr std::size_t kFirstStep = 1u << 30;
  constexpr std::uintptr_t kHuge = 2u << 20;
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest; buffers below it come from the heap
  // Above the first step, so that its free room is not given back (and
  // its marking lost) as soon as the first malloc below is freed.
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kFirstStep + kStep));
  mallopt(M_TOP_PAD, static_cast<int>(kFirstStep));
  auto lo = reinterpret_cast<std::uintptr_t>(sbrk(0));
  main_heap_start = lo;
  // Makes the heap grow by the first step now (volatile: the pair must not be elided).
  void* volatile first = std::malloc(1 << 20);
  auto hi = reinterpret_cast<std::uintptr_t>(sbrk(0));
  mallopt(M_TOP_PAD, static_cast<int>(kStep));
  std::free(first);
  lo = (lo + kHuge - 1) & ~(kHuge - 1);
  if (hi > lo + kHuge) madvise(reinterpret_cast<void*>(lo), (hi - lo) & ~(kHuge - 1), MADV_HUGEPAGE);
#endif
}

// On a pipeline thread: its first allocation gives it an arena of its own,
// a heap glibc maps at a multiple of its 64 MiB heap size and, with the top
// pad above, opens whole. That heap is marked for huge pages like the main
// one (two arenas in 4 KiB pages ran no faster than one shared arena).
// Whether the thread got an arena of its own is told by where its first
// block lies, not by the block's header: reading a header is reading
// outside the block, which AddressSanitizer rightly reported.
void prepare_thread_heap() {
#if WINNOW_GLIBC_HEAP
  constexpr std::uintptr_t kHeapBytes = 64u << 20;  // glibc's HEAP_MAX_SIZE on 64-bit
  void* volatile probe = std::malloc(64);
  if (probe == nullptr) return;
  const auto at = reinterpret_cast<std::uintptr_t>(probe);
  std::free(probe);
  const auto brk = reinterpret_cast<std::uintptr_t>(sbrk(0));
  if (sizeof(void*) != 8 || (at >= main_heap_start && at < brk)) return;  // the main arena: marked already
  madvise(reinterpret_cast<void*>(at & ~(kHeapBytes - 1)), kHeapBytes, MADV_HUGEPAGE);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  cli::buffer_stdout();  // before anything is printed
  prepare_heap();
  winnow::on_thread_start = prepare_thread_heap;
  // A closed stdout shows up as a failed write (EPIPE), handled quietly.
  std::signal(SIGPIPE, SIG_IGN);
  int exit_code = 0;
  std::optional<cli::CliConfig> config = cli::parse_command_line(argc, argv, exit_code);
  if (!config) return exit_code;
  try {
    switch (config->command) {
      case cli::Command::clean: return run_clean_command(*config);
      case cli::Command::learn: return run_learn_command(*config);
      case cli::Command::merge: return run_merge_command(*config);
      case cli::Command::inspect: return run_inspect_command(*config);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "winnow: %s\n", e.what());
    return 2;
  }
  return 0;
}
