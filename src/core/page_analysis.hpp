// What pass 1 learns about a page and pass 2 can reuse: the segmented
// document with the page's URL, site and notes (PageAnalysis), and the
// fingerprints it adds to the site model (PageCount). The batch pipeline
// keeps analyses between the passes within a byte budget so that pass 2
// need not decode and parse the page again; a page cleaned from its
// analysis gives exactly the output of one cleaned from its bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "classify/classifier.hpp"
#include "fingerprint/fingerprint.hpp"
#include "segment/document.hpp"
#include "winnow/winnow.hpp"

namespace winnow {

// What pass 2 reads of a block besides its text and hashes.
struct KeptBlock {
  BlockInfo info;
  std::uint32_t text_end;     // end of its text in the page's text
  std::uint32_t shingle_end;  // end of its shingles in the page's shingles
  TokenCounts tokens;         // the tokens themselves are not kept
};
static_assert(sizeof(KeptBlock) == 44);
// The arena's arrays follow each other without padding.
static_assert(alignof(Element) <= alignof(std::uint64_t) && sizeof(Element) % alignof(std::uint64_t) == 0);
static_assert(alignof(KeptBlock) <= alignof(Element));

// One allocation per page, laid out as the arrays below, each sized
// exactly: keeping thousands of pages costs few allocations, no per-block
// overhead, and as few freshly touched bytes as pass 2 can do with. Pass 1
// writes every kept byte once into memory the heap has just handed out, and
// such first touches (page faults, zeroing by the kernel) were most of the
// extra CPU time of two threads over one. Not kept: the tokens (pass 2
// tokenizes again the few blocks a repeated span is cut from), elements
// that hold no block (dropped at segmentation), per-block strings.
struct PageAnalysis {
  std::unique_ptr<std::byte[]> arena;
  std::size_t arena_bytes = 0;
  std::uint32_t block_count = 0, element_count = 0, shingle_count = 0, text_bytes = 0;
  PageMeta meta;
  std::vector<std::string> doc_notes;

  bool is_html = false;
  bool site_from_url = false;
  std::string url, site;
  std::vector<std::string> notes;
  // The container found on the page's own evidence (find_main_content
  // without site counts): pass 2 starts from it instead of searching again.
  std::vector<std::uint32_t> main_roots;

  // The arena's arrays, in this order (each starts aligned for its type).
  std::span<std::uint64_t> block_hashes() const { return {at<std::uint64_t>(0), block_count}; }
  std::span<std::uint64_t> shingles() const { return {at<std::uint64_t>(shingles_offset()), shingle_count}; }
  std::span<Element> elements() const { return {at<Element>(elements_offset()), element_count}; }
  std::span<KeptBlock> blocks() const { return {at<KeptBlock>(blocks_offset()), block_count}; }
  char* text() const { return at<char>(text_offset()); }

  std::string_view block_text(std::size_t i) const {
    const KeptBlock* b = at<KeptBlock>(blocks_offset());
    const std::uint32_t begin = i == 0 ? 0 : b[i - 1].text_end;
    return std::string_view(text() + begin, b[i].text_end - begin);
  }
  std::span<const std::uint64_t> block_shingles(std::size_t i) const {
    const KeptBlock* b = at<KeptBlock>(blocks_offset());
    const std::uint32_t begin = i == 0 ? 0 : b[i - 1].shingle_end;
    return shingles().subspan(begin, b[i].shingle_end - begin);
  }
  // Sizes the arena for these counts; reuses it when it is large enough
  // and `exact` is false.
  void layout(std::uint32_t blocks, std::uint32_t elements, std::uint32_t shingles, std::uint32_t text,
              bool exact);
  // Heap and object bytes held, for the cache budget. Computed from sizes
  // and capacities only, so the cache decision is reproducible.
  std::size_t bytes() const;

 private:
  std::size_t shingles_offset() const { return std::size_t{block_count} * sizeof(std::uint64_t); }
  std::size_t elements_offset() const { return shingles_offset() + std::size_t{shingle_count} * sizeof(std::uint64_t); }
  std::size_t blocks_offset() const { return elements_offset() + std::size_t{element_count} * sizeof(Element); }
  std::size_t text_offset() const { return blocks_offset() + std::size_t{block_count} * sizeof(KeptBlock); }
  template <class T>
  T* at(std::size_t offset) const {
    return reinterpret_cast<T*>(arena.get() + offset);
  }
};

// One page's contribution to the site model, made on a worker so that the
// thread adding it to the model only does table updates.
struct PageCount {
  // What count_page() keeps in `analysis` besides the site.
  enum class Keep {
    nothing,  // for a model that keeps no block texts, and a page not kept for pass 2
    texts,    // the block texts, which a model that keeps them samples
    whole,    // everything pass 2 needs (clean_analyzed)
  };
  // What to keep of a page counted into `model` that pass 2 does not clean
  // from its analysis: its texts if the model keeps them.
  static Keep keep_for(const SiteModel& model) { return model.keeps_block_texts() ? Keep::texts : Keep::nothing; }
  PageAnalysis analysis;
  bool has_texts = false;  // `analysis` holds the block texts
  std::vector<std::uint64_t> fingerprints;  // unique, in first-seen order
  std::vector<std::uint64_t> containers;    // container signatures: sorted, unique
  struct Sample {
    std::uint64_t hash;
    std::uint32_t block;  // index into analysis.blocks()
  };
  std::vector<Sample> samples;
};

// Whether the cleaner reads `page` as HTML: by its kind, or sniffed from
// its first `max_page_bytes` bytes when the kind is to be detected.
bool page_is_html(const PageInput& page, const Options& options);

struct CleanerAccess {
  // Pass 1 without touching a model: decodes, segments and fingerprints the
  // page into `out`, keeping what `keep` says in its analysis.
  static void count_page(Cleaner& cleaner, const PageInput& page, PageCount& out,
                         PageCount::Keep keep = PageCount::Keep::whole);
  // Adds a page counted by count_page() to `model`: the same as
  // Cleaner::count() of the page would have done.
  static void add_page(const Options& options, const PageCount& page, SiteModel& model);
  // Pass 2 from a kept analysis (consumed). `page` supplies only what the
  // analysis does not hold: id and passthrough JSON.
  static const CleanResult& clean_analyzed(Cleaner& cleaner, PageAnalysis&& analysis, const PageInput& page,
                                           const SiteModel* model);
};

}  // namespace winnow
