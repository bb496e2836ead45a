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

// Flat: a handful of arrays per page instead of a string and two vectors
// per block, so keeping thousands of pages costs few allocations, no
// per-block overhead, and the cleaner keeps reusing its own buffers.
struct PageAnalysis {
  // The document: blocks with empty texts, their texts end to end.
  std::vector<Block> blocks;
  std::vector<std::uint32_t> text_end;  // per block: end of its text in `text`
  std::string text;
  std::vector<Element> elements;
  PageMeta meta;
  std::vector<std::string> doc_notes;
  // Fingerprints, per block: its hash and the end of its tokens and
  // shingles in the arrays below.
  std::vector<std::uint64_t> block_hash;
  std::vector<std::uint32_t> token_end, shingle_end;
  std::vector<Token> tokens;
  std::vector<std::uint64_t> shingles;

  bool is_html = false;
  bool site_from_url = false;
  std::string url, site;
  std::vector<std::string> notes;

  std::string_view block_text(std::size_t i) const {
    const std::uint32_t begin = i == 0 ? 0 : text_end[i - 1];
    return std::string_view(text).substr(begin, text_end[i] - begin);
  }
  // Heap and object bytes held, for the cache budget. Computed from sizes
  // and capacities only, so the cache decision is reproducible.
  std::size_t bytes() const;
};

// One page's contribution to the site model, made on a worker so that the
// thread adding it to the model only does table updates.
struct PageCount {
  PageAnalysis analysis;
  std::vector<std::uint64_t> fingerprints;  // sorted, unique
  std::vector<std::uint64_t> containers;    // container signatures: sorted, unique
  struct Sample {
    std::uint64_t hash;
    std::uint32_t block;  // index into analysis.blocks
  };
  std::vector<Sample> samples;
};

struct CleanerAccess {
  // Pass 1 without touching a model: decodes, segments and fingerprints the
  // page into `out`. Without `whole`, the analysis holds only what adding
  // the page to a model needs (block texts, site), not what pass 2 needs.
  static void count_page(Cleaner& cleaner, const PageInput& page, PageCount& out, bool whole = true);
  // Adds a page counted by count_page() to `model`: the same as
  // Cleaner::count() of the page would have done.
  static void add_page(const Options& options, const PageCount& page, SiteModel& model);
  // Pass 2 from a kept analysis (consumed). `page` supplies only what the
  // analysis does not hold: id and passthrough JSON.
  static const CleanResult& clean_analyzed(Cleaner& cleaner, PageAnalysis&& analysis, const PageInput& page,
                                           const SiteModel* model);
};

}  // namespace winnow
