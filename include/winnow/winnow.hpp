// winnow: strips boilerplate ("chrome") from web pages and keeps the article.
//
// The C++ API. Three pieces:
//   - Options     : every tunable, with its default (table below).
//   - SiteModel   : on how many pages of each site each block and word
//                   shingle occurs. Built by counting pages (add_page), merged
//                   across shards (merge), saved to and loaded from files.
//                   Read-only while cleaning: share one across threads.
//   - Cleaner     : a reusable per-thread context that cleans one page at a
//                   time against a SiteModel. It owns its scratch memory;
//                   reusing it changes speed, never results.
//
// Typical two-pass use (what `winnow clean DIR` does):
//
//   winnow::SiteModel model;
//   winnow::Cleaner cleaner;
//   for (auto& page : pages) cleaner.count(page, model);      // pass 1
//   for (auto& page : pages) {                                 // pass 2
//     const winnow::CleanResult& r = cleaner.clean(page, &model);
//     std::fwrite(r.output.data(), 1, r.output.size(), stdout);
//   }
//
// Errors: functions that can fail on bad *input* never throw for it; they
// degrade (an oversized page is truncated, undecodable bytes become U+FFFD)
// and say so in CleanResult::notes. Model file functions return false and set
// an error message. std::bad_alloc may propagate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

inline constexpr std::string_view kVersion = "1.0.0";

enum class OutputFormat : std::uint8_t { text, jsonl, markdown, html };
enum class ParserKind : std::uint8_t { fast, gumbo };
enum class InputKind : std::uint8_t { detect, html, text };

// Options. Defaults:
//
//   option                 default   meaning
//   ---------------------  --------  ---------------------------------------------
//   format                 text      rendering of CleanResult::output
//   parser                 fast      HTML parser: the streaming tokenizer, or Gumbo
//   explain                false     jsonl: add every block with label and reason;
//                                    text/markdown: annotate removed blocks on stderr-
//                                    style lines prefixed "# " (see docs/cli.md)
//   use_site_counts        true      use cross-page repetition (off: per-page only)
//   min_repeat_pages       3         a block is site chrome only if it occurs on at
//                                    least this many pages of its site ...
//   min_repeat_share       0.15      ... and on at least this share of them
//   min_site_pages         4         fewer pages than this: no cross-page evidence
//   shingle_words          8         tokens per shingle (CJK/Thai: characters)
//   winnow_window          4         winnowing window (shingles per kept hash)
//   min_trim_tokens        10        shortest repeated span cut out of a block
//   max_page_bytes         64 MiB    larger pages are cut to this size (noted)
//   max_blocks             100000    blocks per page beyond this are dropped (noted)
//   site                   ""        site key for pages with no URL (else the
//                                    parent directory; see docs/design.md)
//   block_model            true      let the learned block model overrule the hand
//                                    rules (docs/classification.md, section 7)
//   block_model_file       ""        a block model file instead of the embedded one
//   dump_block_features    false     developer aid: output one JSON row per block
//                                    with its features instead of the page
struct Options {
  OutputFormat format = OutputFormat::text;
  ParserKind parser = ParserKind::fast;
  bool explain = false;
  bool use_site_counts = true;
  std::uint32_t min_repeat_pages = 3;
  double min_repeat_share = 0.15;
  std::uint32_t min_site_pages = 4;
  std::uint32_t shingle_words = 8;
  std::uint32_t winnow_window = 4;
  std::uint32_t min_trim_tokens = 10;
  std::size_t max_page_bytes = 64u << 20;
  std::size_t max_blocks = 100000;
  std::string site;
  bool block_model = true;
  std::string block_model_file;
  bool dump_block_features = false;
};

// One page to clean or count. Views must stay valid during the call only.
struct PageInput {
  std::string_view id;             // how the page is named in output and messages
  std::string_view body;           // raw bytes, any charset
  std::string_view url;            // transport URL (WARC, JSON Lines), may be empty
  std::string_view charset;        // transport charset (HTTP header), may be empty
  InputKind kind = InputKind::detect;
  std::string_view fallback_site;  // site key when no URL is known (e.g. parent dir)
  std::string_view extra_json;     // JSON Lines passthrough members, copied into jsonl output
};

enum class Label : std::uint8_t { content, chrome };

enum class BlockKind : std::uint8_t {
  paragraph, heading, list_item, table_cell, code, quote, caption
};

// A block as classified. Views live until the next call on the same Cleaner.
struct BlockResult {
  std::string_view text;     // the block's text after trimming repeated spans
  Label label;
  BlockKind kind;
  std::uint8_t heading_level;  // 1-6 for headings, else 0
  std::string_view reason;     // why it got its label ("repeated on 37 of 40 pages of x")
};

// The outcome of cleaning one page. Views live until the next call on the
// same Cleaner (or its destruction).
struct CleanResult {
  std::string_view id;
  std::string_view url;        // best URL: canonical link, og:url, then transport URL
  std::string_view site;       // the site key the page was counted under
  std::string_view title;
  std::string_view author;
  std::string_view date;       // ISO 8601 (YYYY-MM-DD or full timestamp), or empty
  std::string_view language;   // BCP 47-ish code ("en", "de"), or empty
  std::string_view site_name;
  std::string_view text;       // the article as plain text (blank line between paragraphs)
  std::string_view output;     // the page rendered in Options::format, newline-terminated
  std::span<const BlockResult> blocks;
  std::span<const std::string> notes;  // degradations: truncation, charset fallback, ...
};

// Summary of one site in a model, and one of its most repeated blocks.
struct SiteSummary {
  std::string site;
  std::uint32_t pages;          // pages counted
  std::uint64_t entries;        // fingerprints held
  std::uint32_t sample_level;   // 0: every fingerprint kept; L: about 1 in 2^L (memory budget)
  std::uint64_t containers = 0; // distinct main-container signatures counted
};
struct RepeatedBlock {
  std::uint32_t pages;
  std::string text;  // the block's text: the bytewise smallest variant seen, cut to 80 bytes + "…"
};

class SiteModel {
 public:
  SiteModel();
  ~SiteModel();
  SiteModel(SiteModel&&) noexcept;
  SiteModel& operator=(SiteModel&&) noexcept;
  SiteModel(const SiteModel&) = delete;
  SiteModel& operator=(const SiteModel&) = delete;

  // Adds `other`'s counts to this model, under this model's budget. Merging
  // shard models gives the same model (and the same file, byte for byte) as
  // counting all their pages into one, in any order, provided every model
  // had the same budget. Returns false (and leaves this model unchanged) if
  // the models were built with different fingerprint options.
  bool merge(const SiteModel& other, std::string* error = nullptr);

  std::uint32_t pages(std::string_view site) const;
  std::vector<SiteSummary> sites() const;  // sorted by site
  // The site's blocks found on at least 2 pages, most repeated first (ties:
  // by text), at most `limit`.
  std::vector<RepeatedBlock> top_blocks(std::string_view site, std::size_t limit) const;

  // Memory budget in bytes (0 = unlimited, the default). Past it, sites give
  // up a deterministic hash sample of their fingerprints, so that the result
  // depends only on the pages counted, never on their order or on sharding
  // (rule: docs/model-format.md, "Memory budget"). Lowering the budget of a
  // model applies at once; raising it never brings back what was dropped.
  void set_budget_bytes(std::uint64_t bytes);
  std::uint64_t budget_bytes() const;
  // Accounted size of the tables: the figure the budget bounds, computed
  // from entry counts so that it is reproducible. Real heap use is close to
  // it for samples and 1-2x it for the count tables, which grow by doubling.
  std::uint64_t memory_bytes() const;
  // Forgets every site and count; keeps the budget and keep_block_texts().
  void clear();

  // Block texts. A model keeps the text of each block it counts, for
  // top_blocks() and for its file (what `winnow inspect` lists). A model
  // built or loaded only to clean with needs none: keep_block_texts(false)
  // on an empty model, before its first page or load(), and it stores none.
  // It counts and cleans the same, its budget charges count entries alone,
  // and a large learned model loads in two thirds of the memory and half
  // the time (the texts are read past, not stored). top_blocks() is then
  // empty, and save() and merge() refuse it: its file would lack what the
  // learned one holds. Returns false, changing nothing, if the model holds
  // pages already (and keeps or drops texts the other way).
  bool keep_block_texts(bool keep);
  bool keeps_block_texts() const;

  // Model files (docs/model-format.md): magic, version, budget, sorted
  // tables, XXH3-64 checksum; equal models give identical files. save()
  // writes a temporary file and renames it. load() replaces this model,
  // budget included; on a missing, truncated or corrupt file it returns
  // false with a message naming the file and leaves the model empty.
  bool save(const std::string& path, std::string* error) const;
  bool load(const std::string& path, std::string* error);

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class Cleaner {
 public:
  // Throws std::invalid_argument when options.block_model_file cannot be
  // read or is not a valid block model file (the message says why).
  explicit Cleaner(Options options = {});
  ~Cleaner();
  Cleaner(Cleaner&&) noexcept;
  Cleaner& operator=(Cleaner&&) noexcept;

  const Options& options() const;

  // Pass 1: fingerprints the page and counts it into `model` under its site.
  // Returns the site key used (a view valid until the next call).
  std::string_view count(const PageInput& page, SiteModel& model);

  // Pass 2: cleans the page. `model` may be null (per-page evidence only).
  const CleanResult& clean(const PageInput& page, const SiteModel* model);

  // The site key a page would be counted under, without counting it.
  std::string_view site_of(const PageInput& page);

 private:
  friend struct CleanerAccess;  // the batch pipeline's pass-1 cache (src/core/page_analysis.hpp)
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Renders a JSON string literal (with quotes) of `text` onto `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace winnow
