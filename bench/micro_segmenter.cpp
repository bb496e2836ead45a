// Segmenter throughput: real pages (decoded to UTF-8, as the pipeline hands
// them over) into paragraph blocks with their features. The segmenter is
// driven by the fast parser, so "segment_html" is parse + segment; the
// "parse_only" run over the same bytes, with a handler that does nothing,
// is what to subtract for the segmenter's own cost. "segment_plain_text"
// splits the pages' block texts as a plain-text input.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench_pages.hpp"
#include "html/html_events.hpp"
#include "segment/html_segmenter.hpp"

namespace {

using namespace winnow;

constexpr std::size_t kMaxBlocks = 100000;  // the default page budget

class NoopHandler : public html::EventHandler {
 public:
  std::size_t events = 0;
  void open_element(html::Tag, std::string_view, std::span<const html::Attribute> a) override {
    events += 1 + a.size();
  }
  void close_element(html::Tag, std::string_view) override { ++events; }
  void text(std::string_view t) override { events += t.size() != 0; }
};

void BM_ParseOnly(benchmark::State& state) {
  const auto& pages = bench::utf8_pages();
  for (auto _ : state) {
    NoopHandler handler;
    for (const std::string& page : pages) html::parse_with_fast_tokenizer(page, handler);
    benchmark::DoNotOptimize(handler.events);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bench::total_bytes(pages)) * state.iterations());
  state.counters["pages"] = static_cast<double>(pages.size());
}

void BM_SegmentHtml(benchmark::State& state) {
  const auto& pages = bench::utf8_pages();
  HtmlSegmenter segmenter;
  Document doc;
  std::size_t blocks = 0;
  for (auto _ : state) {
    blocks = 0;
    for (const std::string& page : pages) {
      segmenter.segment(page, html::ParserKind::fast, kMaxBlocks, doc);
      blocks += doc.blocks.size();
    }
    benchmark::DoNotOptimize(blocks);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bench::total_bytes(pages)) * state.iterations());
  state.counters["pages"] = static_cast<double>(pages.size());
  state.counters["blocks"] = static_cast<double>(blocks);
  state.counters["blocks/s"] =
      benchmark::Counter(static_cast<double>(blocks) * state.iterations(), benchmark::Counter::kIsRate);
}

// The block texts of every page, one per line, paragraphs apart: a
// plain-text input of realistic line lengths.
const std::vector<std::string>& text_pages() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    HtmlSegmenter segmenter;
    Document doc;
    for (const std::string& page : bench::utf8_pages()) {
      segmenter.segment(page, html::ParserKind::fast, kMaxBlocks, doc);
      std::string text;
      for (const Block& b : doc.blocks) (text += b.text) += b.line_break_before ? "\n" : "\n\n";
      out.push_back(std::move(text));
    }
    return out;
  }();
  return texts;
}

void BM_SegmentPlainText(benchmark::State& state) {
  const auto& texts = text_pages();
  Document doc;
  std::size_t blocks = 0;
  for (auto _ : state) {
    blocks = 0;
    for (const std::string& text : texts) {
      segment_plain_text(text, kMaxBlocks, doc);
      blocks += doc.blocks.size();
    }
    benchmark::DoNotOptimize(blocks);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bench::total_bytes(texts)) * state.iterations());
  state.counters["blocks"] = static_cast<double>(blocks);
}

BENCHMARK(BM_ParseOnly)->Name("segmenter/parse_only")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SegmentHtml)->Name("segmenter/segment_html")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SegmentPlainText)->Name("segmenter/segment_plain_text")->Unit(benchmark::kMillisecond);

}  // namespace
