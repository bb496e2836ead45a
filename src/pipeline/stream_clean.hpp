// One-pass cleaning of a stream that cannot be read twice (stdin), with a
// per-site lookahead window. The rule (docs/streaming.md):
//
//   - Every page is counted into the run's model as it arrives.
//   - A page waits until its site has `window` waiting pages; then all of
//     them are cleaned against the model as it stands (so they see the
//     counts of every page of their site read so far, themselves included).
//   - At most 4 x window pages are held (waiting, or cleaned but behind a
//     waiting page in output order); past that, the site of the oldest
//     held page is released early. At the end of the stream every site is
//     released, oldest first.
//   - Output keeps input order.
//
// Every step depends on the stream's order only, never on threads or timing:
// the same stream gives the same output. Memory: the held pages plus the
// model, which is kept within its budget (kDefaultStreamBudget by default).
#pragma once

#include "pipeline/batch.hpp"
#include "pipeline/items.hpp"

namespace winnow::pipeline {

void clean_stream(const BatchConfig& config, ItemSource& source, BatchStats& stats, const OutputFn& output,
                  const Diagnostics& diagnostics);

}  // namespace winnow::pipeline
