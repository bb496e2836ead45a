// Whole runs over inputs. The CLI is a thin client of these.
//
//   run_clean  files and directories: count every page, then clean every
//              page against the counts (two passes; output independent of
//              input order and thread count).
//              stdin: one pass with a per-site lookahead window
//              (docs/streaming.md); deterministic for a given stream.
//              with a model: one pass, no counting, no waiting.
//   run_learn  count every page into a model (one pass, any input).
//   merge_model_files  add model files into one (map-reduce's reduce).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/record_reader.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

// Budget of the model a stream builds when none is given: keeps a stream of
// any length within a fixed footprint (docs/streaming.md).
inline constexpr std::uint64_t kDefaultStreamBudget = 64ull << 20;

// Budget of the model a two-pass clean of files builds when none is given:
// without one, the model grows by about 8 KB for every page of new text
// (350 fingerprints at 24 bytes), and a tree of a million pages would need
// gigabytes. Under it, peak RSS stops growing with the input (docs/at-scale.md).
inline constexpr std::uint64_t kDefaultTwoPassBudget = 256ull << 20;

// Configuration of a run. Defaults:
//
//   field               default  meaning
//   ------------------  -------  ------------------------------------------------
//   inputs              {}       files, directories, "-"; empty: stdin
//   threads             1        worker threads; never changes the output
//   model               null     clean against this model: no counting, no waiting
//   model_budget_bytes  unset    budget of the model built by the run (0: none);
//                                unset: kDefaultTwoPassBudget for a two-pass
//                                clean, kDefaultStreamBudget for a stream,
//                                none for learn
//   window              64       stream: a page waits until its site has this many
//                                waiting pages (at most 4 x window pages are held)
//   cache_budget_bytes  256 MiB  two-pass runs: pass 1 keeps the analyses of the
//                                first pages within this many bytes for pass 2,
//                                which then skips decoding and parsing them (0: none)
struct BatchConfig {
  Options options;
  std::vector<std::string> inputs;
  unsigned threads = 1;
  io::ReaderOptions reader;
  const SiteModel* model = nullptr;
  std::optional<std::uint64_t> model_budget_bytes;
  std::uint32_t window = 64;
  std::uint64_t cache_budget_bytes = 256ull << 20;
};

// Every record read is cleaned (or counted, when learning) or failed:
// read == cleaned + failed, where reader errors count as read and failed.
// `skipped` is separate: records the reader passed over on purpose (WARC
// request/metadata records, ...), never handed to winnow.
struct BatchStats {
  std::uint64_t read = 0;
  std::uint64_t cleaned = 0;
  std::uint64_t skipped = 0;
  std::uint64_t failed = 0;
};

// Receives diagnostics: a record that failed, or a note about one.
struct Diagnostics {
  std::function<void(std::string_view id, std::string_view message)> error;
  std::function<void(std::string_view id, std::string_view message)> note;
  std::function<void(std::uint64_t done)> progress;  // may be empty
  // Called once pass 1 of a two-pass clean has counted every page, before
  // pass 2 opens the inputs again; may be empty.
  std::function<void()> counted;
};

// Receives each cleaned page's output, in input order. Returns false to stop
// the run (e.g. the reader of stdout went away).
using OutputFn = std::function<bool(const io::Record& record, const CleanResult& result)>;

BatchStats run_clean(const BatchConfig& config, const OutputFn& output, const Diagnostics& diagnostics);

// Counts every page of the inputs into `model` (under config's budget, if
// set). The model is the same for any thread count: byte-identical files.
BatchStats run_learn(const BatchConfig& config, SiteModel& model, const Diagnostics& diagnostics);

// Loads each model file in turn and adds it into `out` (emptied first). The
// budget is `budget` if given, else the smallest non-zero budget the files
// were learned with (so shards learned under a budget merge to what one
// learn under it gives), else none. False with a message on the first file
// that is unreadable, corrupt or built with other fingerprint parameters.
bool merge_model_files(const std::vector<std::string>& paths, std::optional<std::uint64_t> budget,
                       SiteModel& out, std::string& error);

}  // namespace winnow
