// Parser throughput: the fast tokenizer against a bare Gumbo parse, both
// driving a handler that does nothing, over the same set of real pages.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>

#include "bench_pages.hpp"
#include "html/html_events.hpp"

namespace {

using namespace winnow::html;

class NoopHandler : public EventHandler {
 public:
  std::size_t events = 0;
  void open_element(Tag, std::string_view, std::span<const Attribute> a) override {
    events += 1 + a.size();
  }
  void close_element(Tag, std::string_view) override { ++events; }
  void text(std::string_view t) override { events += t.size() != 0; }
};

template <void (*Parse)(std::string_view, EventHandler&)>
void BM_Parse(benchmark::State& state) {
  const auto& docs = winnow::bench::raw_pages();
  std::size_t bytes = 0;
  for (const auto& d : docs) bytes += d.size();
  for (auto _ : state) {
    NoopHandler handler;
    for (const auto& d : docs) Parse(d, handler);
    benchmark::DoNotOptimize(handler.events);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["pages"] = static_cast<double>(docs.size());
}

BENCHMARK(BM_Parse<parse_with_fast_tokenizer>)->Name("fast_tokenizer")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Parse<parse_with_gumbo>)->Name("gumbo")->Unit(benchmark::kMillisecond);

}  // namespace
