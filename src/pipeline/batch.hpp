// Whole runs over inputs: count then clean (two passes over re-readable
// inputs), clean with a saved model, or learn a model. The CLI is a thin
// client of these.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/record_reader.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

struct BatchConfig {
  Options options;
  std::vector<std::string> inputs;  // empty: stdin
  unsigned threads = 1;
  io::ReaderOptions reader;
  const SiteModel* model = nullptr;  // clean: use this model, count nothing
  std::uint64_t model_budget_bytes = 0;
};

// Every record read is cleaned, skipped or failed: read == cleaned + failed
// (reader errors count as read and failed), and skipped is separate (records
// the reader passed over on purpose, never handed to winnow).
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
};

// Receives each cleaned page's output, in input order. Returns false to stop
// the run (e.g. the reader of stdout went away).
using OutputFn = std::function<bool(const io::Record& record, const CleanResult& result)>;

BatchStats run_clean(const BatchConfig& config, const OutputFn& output, const Diagnostics& diagnostics);

// Counts every page of the inputs into `model`.
BatchStats run_learn(const BatchConfig& config, SiteModel& model, const Diagnostics& diagnostics);

}  // namespace winnow
