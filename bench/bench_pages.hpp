// The pages the micro-benchmarks run over: the first 200 pages (sorted by
// path) of the crawl-to-the-future corpus, which sits in ../shared beside
// the project (WINNOW_BENCH_CORPUS names another directory); without it, a
// synthetic page, so the benchmarks still build and run anywhere.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/charset.hpp"

namespace winnow::bench {

inline std::string synthetic_page() {
  std::string page = "<!DOCTYPE html><html><head><title>Synthetic &amp; page</title>"
                     "<script>var x = '<p>';</script></head><body>";
  for (int i = 0; i < 400; ++i) {
    page += "<div class=\"row item-" + std::to_string(i) +
            "\"><p>Some paragraph text with an <a href=\"/link?id=1&amp;x=2\">anchor</a> "
            "and &copy; entities, caf\xC3\xA9 na\xC3\xAFve.</p><ul><li>one<li>two</ul></div>";
  }
  return page + "</body></html>";
}

// The pages as stored (any charset): what the parsers accept.
inline const std::vector<std::string>& raw_pages() {
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

// The same pages decoded to UTF-8, as the pipeline hands them to the
// segmenter (the fingerprint tokenizer requires valid UTF-8).
inline const std::vector<std::string>& utf8_pages() {
  static const std::vector<std::string> decoded = [] {
    std::vector<std::string> out;
    for (const std::string& page : raw_pages()) out.push_back(std::string(io::decode_to_utf8(page, "", true).text()));
    return out;
  }();
  return decoded;
}

inline std::size_t total_bytes(const std::vector<std::string>& texts) {
  std::size_t bytes = 0;
  for (const std::string& t : texts) bytes += t.size();
  return bytes;
}

}  // namespace winnow::bench
