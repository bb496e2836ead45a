// Parser throughput: the fast tokenizer against a bare Gumbo parse, both
// driving a handler that does nothing, over the same set of real pages.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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

std::string synthetic_page() {
  std::string page = "<!DOCTYPE html><html><head><title>Synthetic &amp; page</title>"
                     "<script>var x = '<p>';</script></head><body>";
  for (int i = 0; i < 400; ++i) {
    page += "<div class=\"row item-" + std::to_string(i) +
            "\"><p>Some paragraph text with an <a href=\"/link?id=1&amp;x=2\">anchor</a> "
            "and &copy; entities, caf\xC3\xA9 na\xC3\xAFve.</p><ul><li>one<li>two</ul></div>";
  }
  return page + "</body></html>";
}

// The first 200 pages (sorted by path) of the crawl-to-the-future corpus,
// which sits in ../shared beside the project; WINNOW_BENCH_CORPUS overrides.
const std::vector<std::string>& pages() {
  static const std::vector<std::string> loaded = [] {
    namespace fs = std::filesystem;
    fs::path dir = fs::path(__FILE__).parent_path().parent_path().parent_path() / "shared" /
                   "corpus" / "crawl-to-the-future" / "html";
    if (const char* env = std::getenv("WINNOW_BENCH_CORPUS")) dir = env;
    std::vector<fs::path> files;
    if (fs::is_directory(dir)) {
      for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".html") files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.size() > 200) files.resize(200);
    std::vector<std::string> out;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    if (out.empty()) out.push_back(synthetic_page());
    return out;
  }();
  return loaded;
}

template <void (*Parse)(std::string_view, EventHandler&)>
void BM_Parse(benchmark::State& state) {
  const auto& docs = pages();
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
