// Map-reduce equivalence and the budget rule: a model depends only on the
// set of pages counted (and the budget), never on their order, on sharding
// or on threads.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "model/site_model_impl.hpp"
#include "test_model_pages.hpp"

namespace {

using namespace winnow;
using winnow::test::TestPage;

std::string file_bytes(const SiteModel& m) { return serialize_model(m.impl()); }

// `b` holds the same fingerprints as `a`, with the same counts.
void check_same_counts(const SiteTable& a, const SiteTable& b) {
  CHECK(b.counts.size() == a.counts.size());
  a.counts.for_each([&](const CountTable::Slot& s) { CHECK(b.counts.get(s.key) == s.count); });
}

SiteModel learn(const std::vector<TestPage>& pages, std::uint64_t budget = 0) {
  SiteModel model;
  model.set_budget_bytes(budget);
  Cleaner cleaner;
  for (const TestPage& p : pages) cleaner.count(p.input(), model);
  return model;
}

// Splits pages into k shards (round robin after a shuffle), learns each,
// merges them in a shuffled order.
SiteModel learn_sharded(std::vector<TestPage> pages, int k, unsigned seed, std::uint64_t budget = 0) {
  std::mt19937 rng(seed);
  std::shuffle(pages.begin(), pages.end(), rng);
  std::vector<std::vector<TestPage>> shards(k);
  for (std::size_t i = 0; i < pages.size(); ++i) shards[i % k].push_back(pages[i]);
  std::vector<SiteModel> models;
  for (const auto& shard : shards) models.push_back(learn(shard, budget));
  std::shuffle(models.begin(), models.end(), rng);
  SiteModel merged;
  merged.set_budget_bytes(budget);
  for (const SiteModel& m : models) REQUIRE(merged.merge(m));
  return merged;
}

}  // namespace

TEST_CASE("learning on k shards and merging gives the same file as one learn") {
  std::vector<TestPage> pages = test::make_pages(4, 120);
  const std::string whole = file_bytes(learn(pages));
  for (int k : {1, 2, 5}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      CAPTURE(k);
      CAPTURE(seed);
      CHECK(file_bytes(learn_sharded(pages, k, seed)) == whole);
    }
  }
}

TEST_CASE("container signatures: k shards merged give the same file as one learn, with and without a budget") {
  std::vector<TestPage> pages = test::make_html_pages(3, 90);
  const SiteModel unlimited = learn(pages);
  std::size_t containers = 0;
  for (const SiteSummary& s : unlimited.sites()) containers += s.containers;
  CHECK(containers >= 3);  // the three container names, on every site that uses them
  for (std::uint64_t budget : {std::uint64_t{0}, unlimited.memory_bytes() / 4}) {
    const std::string whole = file_bytes(learn(pages, budget));
    for (int k : {2, 5}) {
      CAPTURE(budget);
      CAPTURE(k);
      CHECK(file_bytes(learn_sharded(pages, k, 4, budget)) == whole);
    }
  }
}

TEST_CASE("under a budget, shards, order and merge order still give the same file") {
  std::vector<TestPage> pages = test::make_pages(5, 200);
  const SiteModel unlimited = learn(pages);
  const std::uint64_t budget = unlimited.memory_bytes() / 5;
  const SiteModel budgeted = learn(pages, budget);
  const std::string whole = file_bytes(budgeted);
  for (int k : {1, 2, 5}) {
    for (unsigned seed : {11u, 12u}) {
      CAPTURE(k);
      CAPTURE(seed);
      CHECK(file_bytes(learn_sharded(pages, k, seed, budget)) == whole);
    }
  }
  // Shards learned without a budget, merged under one: the same again.
  CHECK(file_bytes(learn_sharded(pages, 3, 5, 0)) != whole);
  SiteModel late;
  late.set_budget_bytes(budget);
  for (int part = 0; part < 3; ++part) {
    std::vector<TestPage> shard;
    for (std::size_t i = part; i < pages.size(); i += 3) shard.push_back(pages[i]);
    late.merge(learn(shard));
  }
  CHECK(file_bytes(late) == whole);
}

TEST_CASE("the budget bounds the accounted size and keeps surviving counts exact") {
  std::vector<TestPage> pages = test::make_pages(3, 150);
  const SiteModel unlimited = learn(pages);
  for (std::uint64_t divisor : {2u, 4u, 16u}) {
    CAPTURE(divisor);
    const std::uint64_t budget = unlimited.memory_bytes() / divisor;
    const SiteModel model = learn(pages, budget);
    CHECK(model.memory_bytes() <= budget);
    CHECK(model.budget_bytes() == budget);
    bool sampled = false;
    for (const auto& [name, table] : model.impl().sites) {
      sampled |= table.level > 0;
      CHECK(table.pages == unlimited.pages(name));  // pages are never dropped
      const SiteTable* full = unlimited.impl().find(name);
      REQUIRE(full != nullptr);
      table.counts.for_each([&](const CountTable::Slot& s) {
        REQUIRE(survives(s.key, table.level));
        REQUIRE(full->counts.get(s.key) == s.count);
      });
      // Everything that survives the level is kept: sampling, not eviction.
      std::size_t expected = 0;
      full->counts.for_each([&](const CountTable::Slot& s) { expected += survives(s.key, table.level); });
      CHECK(table.counts.size() == expected);
    }
    CHECK(sampled);
  }
}

TEST_CASE("lowering the budget of a finished model brings it within the new budget") {
  std::vector<TestPage> pages = test::make_pages(4, 100);
  SiteModel model = learn(pages);
  const std::uint64_t budget = model.memory_bytes() / 3;
  model.set_budget_bytes(budget);
  CHECK(model.memory_bytes() <= budget);
  CHECK(model.budget_bytes() == budget);
  // Shards learned without a budget hold everything, so merging them under
  // one is the same as learning under it.
  SiteModel merged;
  merged.set_budget_bytes(budget);
  merged.merge(learn(pages));
  CHECK(file_bytes(merged) == file_bytes(learn(pages, budget)));
}

TEST_CASE("a block repeated only across shards keeps a text sample") {
  auto page = [](std::string id, std::string body) {
    return TestPage{std::move(id), "samples.example", std::move(body)};
  };
  const std::string appeal = "Keep the lamp lit: chip in for the night shift at the lighthouse desk.";
  std::vector<TestPage> a = {page("a1", appeal + "\n\nFirst story about the tide tables.")};
  std::vector<TestPage> b = {page("b1", appeal + "\n\nSecond story about the ferry timetable.")};
  SiteModel merged;
  merged.merge(learn(a));
  merged.merge(learn(b));
  auto top = merged.top_blocks("samples.example", 5);
  REQUIRE(top.size() == 1);
  CHECK(top[0].pages == 2);
  CHECK(top[0].text == appeal);
}

TEST_CASE("samples are the smallest text variant, whatever the order") {
  auto page = [](std::string id, std::string body) {
    return TestPage{std::move(id), "variants.example", std::move(body)};
  };
  std::vector<TestPage> pages = {page("1", "Read MORE stories, 2024!"), page("2", "read more stories 1999"),
                                 page("3", "Read more stories (2001)")};
  const std::string forward = file_bytes(learn(pages));
  std::reverse(pages.begin(), pages.end());
  CHECK(file_bytes(learn(pages)) == forward);
  auto top = learn(pages).top_blocks("variants.example", 1);
  REQUIRE(top.size() == 1);
  CHECK(top[0].pages == 3);
  CHECK(top[0].text == "Read MORE stories, 2024!");  // bytewise smallest: 'M' < 'm'
}

TEST_CASE("long samples are cut at a code point boundary") {
  std::string text(kSampleBytes - 1, 'a');
  text += "ééé and more";
  std::string cut = cut_sample(text);
  CHECK(cut.size() <= kSampleBytes + 3);
  CHECK(cut.ends_with("…"));
  CHECK(cut.substr(0, kSampleBytes - 1) == std::string(kSampleBytes - 1, 'a'));
  CHECK(cut_sample("short") == "short");
}

TEST_CASE("models with other fingerprint parameters refuse to merge") {
  std::vector<TestPage> pages = test::make_pages(1, 10);
  SiteModel a = learn(pages);
  SiteModel b;
  Options o;
  o.shingle_words = 5;
  Cleaner other(o);
  for (const TestPage& p : pages) other.count(p.input(), b);
  const std::string before = file_bytes(a);
  std::string error;
  CHECK_FALSE(a.merge(b, &error));
  CHECK(error.find("parameters") != std::string::npos);
  CHECK(file_bytes(a) == before);
}

TEST_CASE("cleaning with a merged model equals cleaning with one learned whole") {
  std::vector<TestPage> pages = test::make_pages(3, 60);
  SiteModel whole = learn(pages);
  SiteModel merged = learn_sharded(pages, 5, 9);
  Cleaner a, b;
  int chrome_seen = 0;
  for (const TestPage& p : pages) {
    const CleanResult& ra = a.clean(p.input(), &whole);
    std::string out_a(ra.output);
    for (const BlockResult& blk : ra.blocks) chrome_seen += blk.label == Label::chrome;
    const CleanResult& rb = b.clean(p.input(), &merged);
    REQUIRE(out_a == rb.output);
  }
  CHECK(chrome_seen > 0);
}

TEST_CASE("a cleared model keeps its budget and counts as a fresh one") {
  std::vector<TestPage> pages = test::make_pages(3, 80);
  const std::uint64_t budget = learn(pages).memory_bytes() / 4;
  SiteModel model = learn(test::make_pages(2, 30, 99), budget);
  model.clear();
  CHECK(model.sites().empty());
  CHECK(model.budget_bytes() == budget);
  Cleaner cleaner;
  for (const TestPage& p : pages) cleaner.count(p.input(), model);
  CHECK(file_bytes(model) == file_bytes(learn(pages, budget)));
}

TEST_CASE("a model that keeps no block texts counts the same and cleans the same") {
  std::vector<TestPage> pages = test::make_pages(3, 60);
  SiteModel with = learn(pages);
  SiteModel without;
  REQUIRE(without.keep_block_texts(false));
  Cleaner counter;
  for (const TestPage& p : pages) counter.count(p.input(), without);
  std::size_t samples = 0;
  for (const auto& [name, table] : with.impl().sites) {
    const SiteTable* other = without.impl().find(name);
    REQUIRE(other != nullptr);
    CHECK(other->pages == table.pages);
    check_same_counts(table, *other);
    CHECK(other->samples.empty());
    samples += table.samples.size();
  }
  CHECK(samples > 0);
  Cleaner a, b;
  for (const TestPage& p : pages) CHECK(a.clean(p.input(), &with).output == b.clean(p.input(), &without).output);
}

TEST_CASE("under a budget, a model that keeps no block texts charges only its counts, in any order") {
  std::vector<TestPage> pages = test::make_pages(4, 120);
  const std::uint64_t budget = learn(pages).memory_bytes() / 5;
  const SiteModel with = learn(pages, budget);
  auto count_without_texts = [&](std::vector<TestPage> order, unsigned seed) {
    std::mt19937 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    SiteModel m;
    m.set_budget_bytes(budget);
    m.keep_block_texts(false);
    Cleaner counter;
    for (const TestPage& p : order) counter.count(p.input(), m);
    return m;
  };
  const SiteModel without = count_without_texts(pages, 1);
  CHECK(without.memory_bytes() <= budget);
  std::size_t entries_with = 0, entries_without = 0;
  int sampled = 0;
  for (const auto& [name, table] : without.impl().sites) {
    CAPTURE(name);
    CHECK(table.samples.empty());
    sampled += table.level > 0;
    const SiteTable* other = with.impl().find(name);
    REQUIRE(other != nullptr);
    // Paying for no texts, it samples no more than the model that does.
    CHECK(table.level <= other->level);
    entries_with += other->counts.size();
    entries_without += table.counts.size();
  }
  CHECK(sampled > 0);
  CHECK(entries_without > entries_with);
  // The same counts and levels whatever the order of the pages.
  for (unsigned seed : {2u, 3u}) {
    const SiteModel again = count_without_texts(pages, seed);
    for (const auto& [name, table] : without.impl().sites) {
      const SiteTable* other = again.impl().find(name);
      REQUIRE(other != nullptr);
      CHECK(other->level == table.level);
      check_same_counts(table, *other);
    }
  }
}
