// What pass 1 learns about a page and pass 2 can reuse: the segmented
// document with the page's URL, site and notes (PageAnalysis), and the
// fingerprints it adds to the site model (PageCount). The batch pipeline
// keeps analyses between the passes within a byte budget so that pass 2
// need not decode and parse the page again; a page cleaned from its
// analysis gives exactly the output of one cleaned from its bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "classify/classifier.hpp"
#include "segment/document.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

struct PageAnalysis {
  Document doc;
  // One per block: pass 2 needs them to cut repeated spans, and hashing
  // costs about a quarter of what parsing does.
  std::vector<BlockFingerprints> fingerprints;
  bool is_html = false;
  bool site_from_url = false;
  std::string url, site;
  std::vector<std::string> notes;

  // Heap and object bytes held, for the cache budget. Computed from sizes
  // and capacities only, so the cache decision is reproducible.
  std::size_t bytes() const;
  // Drops spare capacity before the analysis is held for long.
  void shrink();
};

// One page's contribution to the site model, made on a worker so that the
// thread adding it to the model only does table updates.
struct PageCount {
  PageAnalysis analysis;
  std::vector<std::uint64_t> fingerprints;  // sorted, unique
  struct Sample {
    std::uint64_t hash;
    std::uint32_t block;  // index into analysis.doc.blocks
  };
  std::vector<Sample> samples;
};

struct CleanerAccess {
  // Pass 1 without touching a model: decodes, segments and fingerprints the
  // page into `out`.
  static void count_page(Cleaner& cleaner, const PageInput& page, PageCount& out);
  // Adds a page counted by count_page() to `model`: the same as
  // Cleaner::count() of the page would have done.
  static void add_page(const Options& options, const PageCount& page, SiteModel& model);
  // Pass 2 from a kept analysis (consumed). `page` supplies only what the
  // analysis does not hold: id and passthrough JSON.
  static const CleanResult& clean_analyzed(Cleaner& cleaner, PageAnalysis&& analysis, const PageInput& page,
                                           const SiteModel* model);
};

}  // namespace winnow
