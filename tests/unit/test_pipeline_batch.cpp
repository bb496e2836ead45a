// The two-pass clean over files: what pass 1 keeps for pass 2 (kept
// analyses for HTML, kept bytes for plain text) never changes the output,
// and when every page fits, pass 2 reads no input at all.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pipeline/batch.hpp"
#include "test_temp_tree.hpp"

using namespace winnow;
namespace fs = std::filesystem;

namespace {

using test::TempTree;

// Words in an order no two pages share (a fixed pseudo-random walk over a
// small vocabulary), so that only the sign-off repeats across a site.
std::string words(std::uint32_t& state, int n) {
  static const char* vocab[] = {"harbour", "ferry",  "tide",   "island", "storm",  "lighthouse", "museum",
                                "mackerel", "shoal", "breakwater", "market", "library", "keeper", "cottage",
                                "season", "morning", "evening", "north",  "south",  "boat",   "quay",
                                "crane",  "rope",   "anchor", "sail",   "gull",   "wave",   "rock"};
  std::string out;
  for (int k = 0; k < n; ++k) {
    state = state * 1103515245u + 12345u;
    out += k == 0 ? "" : " ";
    out += vocab[(state >> 8) % (sizeof vocab / sizeof vocab[0])];
  }
  return out;
}

// Two sites of plain-text notes sharing a sign-off, a few HTML pages among
// them, and a link to nowhere (a read error in the middle of the tree).
void make_sites(const TempTree& t) {
  const std::string sign_off =
      "Subscribe to the weekly notes by mail and never miss a tide, a ferry or a storm warning again.";
  std::uint32_t state = 12345;
  for (const char* site : {"tides.example", "ferries.example"}) {
    for (int i = 0; i < 24; ++i) {
      char name[16];
      std::snprintf(name, sizeof name, "%02d.txt", i);
      t.write(std::string(site) + "/" + name, "Note " + std::to_string(i) + "\n\nThe " + words(state, 40) +
                                                  ".\n\n" + sign_off + "\n");
    }
    for (int i = 0; i < 3; ++i) {
      t.write(std::string(site) + "/page" + std::to_string(i) + ".html",
              "<html><body><article><h1>Page " + std::to_string(i) + "</h1><p>The " + words(state, 40) +
                  ".</p></article><footer><p>" + sign_off + "</p></footer></body></html>");
    }
  }
  t.write("tides.example/05.txt", "Note 5\n\nAnglers report mackerel shoals close to the breakwater.\n\n" +
                                      sign_off + "\n");
  fs::create_symlink(t.path / "nowhere.txt", t.path / "tides.example" / "10-missing.txt");
}

struct Run {
  std::string output;  // each cleaned page's id and output
  std::string errors;  // each failed page's id and message
  BatchStats stats;
};

BatchConfig config_for(const fs::path& root, unsigned threads) {
  BatchConfig config;
  config.options.format = OutputFormat::jsonl;
  config.inputs = {root.string()};
  config.threads = threads;
  return config;
}

// Runs run_clean(config); `on_first_output` runs once, when pass 2 hands
// over its first page (pass 1 has read every input by then);
// `between_passes` once pass 1 is over, before pass 2 opens the inputs.
Run clean_with(const BatchConfig& config, const std::function<void()>& on_first_output = {},
               const std::function<void()>& between_passes = {}) {
  Run run;
  Diagnostics diagnostics;
  diagnostics.error = [&](std::string_view id, std::string_view message) {
    run.errors.append(id).append(": ").append(message).append("\n");
  };
  diagnostics.note = [](std::string_view, std::string_view) {};
  diagnostics.counted = between_passes;
  bool first = true;
  run.stats = run_clean(
      config,
      [&](const io::Record& record, const CleanResult& result) {
        if (first && on_first_output) on_first_output();
        first = false;
        run.output.append(record.id).append("\n").append(result.output);
        return true;
      },
      diagnostics);
  return run;
}

Run clean_tree(const fs::path& root, unsigned threads, std::uint64_t cache_budget,
               const std::function<void()>& on_first_output = {}) {
  BatchConfig config = config_for(root, threads);
  config.cache_budget_bytes = cache_budget;
  return clean_with(config, on_first_output);
}

}  // namespace

TEST_CASE("batch: kept text bytes, kept analyses and re-read pages give the same output") {
  TempTree t;
  make_sites(t);
  const Run reference = clean_tree(t.path, 1, 0);  // no cache: pass 2 reads every input again
  CHECK(reference.stats.read == 55);
  CHECK(reference.stats.cleaned == 54);
  CHECK(reference.stats.failed == 1);
  CHECK(reference.errors.find("10-missing.txt") != std::string::npos);
  // The sign-off repeats on every page of a site: the site counts cut it.
  CHECK(reference.output.find("Subscribe to the weekly notes") == std::string::npos);
  CHECK(reference.output.find("mackerel shoals") != std::string::npos);
  // 256 MiB keeps every page; 20,000 bytes the first few; 1 byte none.
  for (std::uint64_t budget : {std::uint64_t{256} << 20, std::uint64_t{20000}, std::uint64_t{1}}) {
    for (unsigned threads : {1u, 2u}) {
      CAPTURE(budget);
      CAPTURE(threads);
      const Run run = clean_tree(t.path, threads, budget);
      CHECK(run.output == reference.output);
      CHECK(run.errors == reference.errors);
      CHECK(run.stats.read == reference.stats.read);
      CHECK(run.stats.cleaned == reference.stats.cleaned);
      CHECK(run.stats.failed == reference.stats.failed);
      CHECK(run.stats.read == run.stats.cleaned + run.stats.failed);
    }
  }
}

TEST_CASE("batch: when every page is kept, pass 2 opens no input") {
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    TempTree t;
    make_sites(t);
    const Run reference = clean_tree(t.path, threads, 0);
    // The inputs disappear once pass 1 is over: every page still comes out
    // as before, from what pass 1 kept.
    const Run run = clean_tree(t.path, threads, std::uint64_t{256} << 20, [&] {
      fs::remove_all(t.path / "tides.example");
      fs::remove_all(t.path / "ferries.example");
    });
    CHECK(run.output == reference.output);
    CHECK(run.errors == reference.errors);
    CHECK(run.stats.cleaned == 54);
    CHECK(run.stats.failed == 1);
  }
}

TEST_CASE("batch: pages past the cache budget are read again in pass 2") {
  TempTree t;
  make_sites(t);
  // Without a cache, pass 2 opens every input again: the pages not read
  // yet when the inputs disappear fail, and the counts still add up.
  const Run run = clean_tree(t.path, 1, 0, [&] {
    fs::remove_all(t.path / "tides.example");
    fs::remove_all(t.path / "ferries.example");
  });
  CHECK(run.stats.read == 55);
  CHECK(run.stats.cleaned == 1);
  CHECK(run.stats.failed == 54);
  CHECK(run.stats.read == run.stats.cleaned + run.stats.failed);
  CHECK(run.errors.find("cannot open") != std::string::npos);
}

TEST_CASE("batch: a page added to the tree between the passes is cleaned from its own bytes") {
  // HTML pages, each with a headline of its own, more than the cache
  // budget holds: pass 2 takes the first pages' analyses from the cache
  // and reads the rest again. A page that appears before them once pass 1
  // is over must not take their analyses in turn.
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    TempTree t;
    std::uint32_t state = 777;
    const auto page = [&](const std::string& headline) {
      return "<html><body><article><h1>" + headline + "</h1><p>The " + words(state, 60) + ".</p><p>The " +
             words(state, 60) + ".</p></article></body></html>";
    };
    for (int i = 10; i < 22; ++i) {
      t.write("quay.example/" + std::to_string(i) + ".html", page("Headline " + std::to_string(i)));
    }
    BatchConfig config = config_for(t.path, threads);
    config.cache_budget_bytes = 40000;
    bool counted = false;
    const Run run = clean_with(config, {}, [&] {
      counted = true;
      t.write("quay.example/00.html", page("Headline 00"));
    });
    CHECK(counted);
    CHECK(run.errors.empty());
    CHECK(run.stats.cleaned == 13);
    // run.output: each page's id, a line, then its JSON line.
    std::size_t pages = 0;
    for (std::size_t at = 0; (at = run.output.find(".html\n", at)) != std::string::npos; at += 6, ++pages) {
      const std::string number = run.output.substr(at - 2, 2);
      const std::size_t line_end = run.output.find('\n', at + 6);
      CAPTURE(number);
      CHECK(run.output.substr(at + 6, line_end - at - 6).find("\"title\":\"Headline " + number + "\"") !=
            std::string::npos);
    }
    CHECK(pages == 13);
  }
}

TEST_CASE("batch: under a model budget, a two-pass clean samples the same for any threads and cache") {
  TempTree t;
  make_sites(t);
  // 1 KiB: both sites sample their fingerprints, the sign-off's too.
  constexpr std::uint64_t kBudget = 1u << 10;
  BatchConfig base = config_for(t.path, 1);
  base.model_budget_bytes = kBudget;
  base.cache_budget_bytes = 0;
  const Run reference = clean_with(base);
  CHECK(reference.stats.cleaned == 54);
  // Unsampled, the output differs: the budget did decide something.
  CHECK(clean_tree(t.path, 1, 0).output != reference.output);
  for (unsigned threads : {1u, 2u}) {
    for (std::uint64_t cache_budget : {std::uint64_t{256} << 20, std::uint64_t{0}}) {
      CAPTURE(threads);
      CAPTURE(cache_budget);
      BatchConfig config = config_for(t.path, threads);
      config.model_budget_bytes = kBudget;
      config.cache_budget_bytes = cache_budget;
      const Run run = clean_with(config);
      CHECK(run.output == reference.output);
      CHECK(run.errors == reference.errors);
    }
  }
}
