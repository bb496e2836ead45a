// Fingerprinting throughput over the block texts of real pages: normalised
// tokens, the block hash, the hashes of every 8-token shingle, and
// winnowing (window 4) — the work pass 1 does per block after segmenting,
// in one walk over the text, and through stored tokens.
// Each stage is also timed alone over pre-computed input, so a change to
// one shows where it lands. Bytes are block-text bytes.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench_pages.hpp"
#include "fingerprint/fingerprint.hpp"
#include "fingerprint/tokenizer.hpp"
#include "segment/html_segmenter.hpp"

namespace {

using namespace winnow;

constexpr std::uint32_t kShingleWords = 8;  // Options::shingle_words
constexpr std::uint32_t kWinnowWindow = 4;  // Options::winnow_window

// Every non-empty block text of the benchmark pages.
const std::vector<std::string>& block_texts() {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    HtmlSegmenter segmenter;
    Document doc;
    for (const std::string& page : bench::utf8_pages()) {
      segmenter.segment(page, html::ParserKind::fast, 100000, doc);
      for (Block& b : doc.blocks) {
        if (!b.text.empty()) out.push_back(std::move(b.text));
      }
    }
    return out;
  }();
  return texts;
}

void set_counters(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bench::total_bytes(block_texts())) * state.iterations());
  state.counters["blocks"] = static_cast<double>(block_texts().size());
}

// The whole per-block chain, as the cleaner runs it: one walk gives the
// counts, block hash and shingle hashes, then winnowing.
void BM_Fingerprint(benchmark::State& state) {
  const auto& texts = block_texts();
  std::string scratch;
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint64_t> kept;
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      std::uint64_t block = 0;
      sum += fingerprint_text(text, kShingleWords, block, shingles, scratch).tokens;
      sum += block;
      kept.clear();
      append_window_minima(shingles, kWinnowWindow, kept);
      sum += kept.size();
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state);
}

// The same through stored tokens (what the classifier does for a block it
// cuts a span from): tokens, block hash, shingle hashes, winnowing.
void BM_FingerprintThroughTokens(benchmark::State& state) {
  const auto& texts = block_texts();
  std::vector<Token> tokens;
  std::string scratch;
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint64_t> kept;
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      tokenize(text, tokens, scratch);
      sum += block_hash(tokens);
      shingle_hashes(tokens, kShingleWords, shingles);
      kept.clear();
      append_window_minima(shingles, kWinnowWindow, kept);
      sum += kept.size();
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state);
}

void BM_Tokenize(benchmark::State& state) {
  const auto& texts = block_texts();
  std::vector<Token> tokens;
  std::string scratch;
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      tokenize(text, tokens, scratch);
      count += tokens.size();
    }
    benchmark::DoNotOptimize(count);
  }
  set_counters(state);
}

// Tokens of every block, computed once, for the hashing stages alone.
const std::vector<std::vector<Token>>& block_tokens() {
  static const std::vector<std::vector<Token>> all = [] {
    std::vector<std::vector<Token>> out;
    std::string scratch;
    for (const std::string& text : block_texts()) tokenize(text, out.emplace_back(), scratch);
    return out;
  }();
  return all;
}

void BM_Hashes(benchmark::State& state) {
  const auto& all = block_tokens();
  std::vector<std::uint64_t> shingles;
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (const std::vector<Token>& tokens : all) {
      sum += block_hash(tokens);
      shingle_hashes(tokens, kShingleWords, shingles);
      sum += shingles.size();
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state);
}

void BM_Winnow(benchmark::State& state) {
  std::vector<std::vector<std::uint64_t>> all;
  for (const std::vector<Token>& tokens : block_tokens()) shingle_hashes(tokens, kShingleWords, all.emplace_back());
  std::vector<std::uint64_t> kept;
  std::size_t count = 0;
  for (auto _ : state) {
    for (const std::vector<std::uint64_t>& shingles : all) {
      kept.clear();
      append_window_minima(shingles, kWinnowWindow, kept);
      count += kept.size();
    }
    benchmark::DoNotOptimize(count);
  }
  set_counters(state);
}

BENCHMARK(BM_Fingerprint)->Name("fingerprint/one_walk_winnow")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FingerprintThroughTokens)->Name("fingerprint/tokenize_hash_winnow")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Tokenize)->Name("fingerprint/tokenize")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Hashes)->Name("fingerprint/block_and_shingle_hashes")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Winnow)->Name("fingerprint/winnow")->Unit(benchmark::kMillisecond);

}  // namespace
