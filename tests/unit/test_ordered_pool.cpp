// The ordered pool's contract beyond order (tested in test_cleaner.cpp):
// produce() and deliver() never overlap themselves although any thread may
// call them, the items in flight stay within the window, every item is
// worked on by exactly one worker index in range, by the thread that
// produced it and in a slot no other thread touches, and a failure stops
// the run and reaches the caller.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pipeline/ordered_pool.hpp"

using winnow::OrderedPool;
using IntPool = OrderedPool<int, int>;

namespace {

// Counts how many threads are inside a section at once; records the most.
struct Overlap {
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  void enter() {
    const int now = ++inside;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {}
  }
  void leave() { --inside; }
};

}  // namespace

TEST_CASE("the ordered pool never runs produce() or deliver() on two threads at once") {
  for (unsigned threads : {2u, 3u, 4u}) {
    Overlap producing, delivering;
    int next = 0;
    std::vector<int> delivered;
    OrderedPool<int, int>::run(
        threads,
        [&](int& item) {
          producing.enter();
          std::this_thread::yield();  // widen the window for a second caller
          const bool more = next < 2000;
          if (more) item = next++;
          producing.leave();
          return more;
        },
        [](unsigned, int& item, int& result) { result = item + 1; },
        [&](unsigned worker, int& item, int& result) {
          delivering.enter();
          std::this_thread::yield();
          CHECK(worker < threads);  // the delivering thread names itself
          CHECK(result == item + 1);
          delivered.push_back(item);
          delivering.leave();
          return true;
        });
    CHECK(producing.most.load() == 1);
    CHECK(delivering.most.load() == 1);
    REQUIRE(delivered.size() == 2000);
    for (int i = 0; i < 2000; ++i) CHECK(delivered[i] == i);
  }
}

TEST_CASE("the ordered pool keeps a bounded window of items in flight") {
  const unsigned threads = 3;
  std::atomic<int> produced{0}, delivered{0}, most_in_flight{0};
  OrderedPool<int, int>::run(
      threads,
      [&](int& item) {
        if (produced.load() == 600) return false;
        item = produced++;
        const int in_flight = produced.load() - delivered.load();
        if (in_flight > most_in_flight.load()) most_in_flight = in_flight;
        return true;
      },
      [](unsigned, int& item, int&) {
        // Every 50th item is slow, so the window fills behind it.
        if (item % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      },
      [&](unsigned, int&, int&) {
        ++delivered;
        return true;
      });
  CHECK(delivered.load() == 600);
  CHECK(most_in_flight.load() <= static_cast<int>(IntPool::kItemsPerThread * threads));
  CHECK(most_in_flight.load() > 1);  // the threads did work ahead of the slow item
}

TEST_CASE("the ordered pool works each item once, with worker indexes in range") {
  const unsigned threads = 4;
  std::vector<std::atomic<int>> worked(1000);
  std::vector<std::atomic<int>> per_worker(threads);
  int next = 0;
  OrderedPool<int, int>::run(
      threads, [&](int& item) { return next < 1000 ? (item = next++, true) : false; },
      [&](unsigned w, int& item, int&) {
        CHECK(w < threads);
        if (w < threads) ++per_worker[w];
        ++worked[item];
      },
      [](unsigned, int&, int&) { return true; });
  for (const auto& n : worked) CHECK(n.load() == 1);
  int total = 0;
  for (const auto& n : per_worker) total += n.load();
  CHECK(total == 1000);
}

TEST_CASE("each slot of the ordered pool is produced into and worked on by one thread") {
  // A page's buffers must be allocated, grown and freed by one thread
  // (ordered_pool.hpp says why): the thread that produces an item works on
  // it, and a slot's memory never passes to another thread.
  struct Traced {
    int value = 0;
    std::thread::id producer;
  };
  const unsigned threads = 3;
  std::mutex mutex;
  std::map<const void*, std::thread::id> slot_thread;  // item or result address -> its one thread
  bool same_thread = true;
  auto touch = [&](const void* slot) {
    std::lock_guard lock(mutex);
    auto [it, fresh] = slot_thread.emplace(slot, std::this_thread::get_id());
    if (!fresh && it->second != std::this_thread::get_id()) same_thread = false;
  };
  int next = 0;
  std::vector<int> delivered;
  OrderedPool<Traced, int>::run(
      threads,
      [&](Traced& item) {
        touch(&item);
        if (next == 3000) return false;
        item.value = next++;
        item.producer = std::this_thread::get_id();
        return true;
      },
      [&](unsigned, Traced& item, int& result) {
        touch(&item);
        touch(&result);
        CHECK(item.producer == std::this_thread::get_id());
        if (item.value % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        result = item.value;
      },
      [&](unsigned, Traced& item, int& result) {
        CHECK(result == item.value);
        delivered.push_back(item.value);
        return true;
      });
  CHECK(same_thread);
  CHECK(slot_thread.size() > threads);  // more than one slot per thread was in use
  REQUIRE(delivered.size() == 3000);
  for (int i = 0; i < 3000; ++i) CHECK(delivered[i] == i);
}

TEST_CASE("an exception in work() stops the ordered pool and reaches the caller") {
  for (unsigned threads : {2u, 4u}) {
    int next = 0;
    int delivered = 0;
    CHECK_THROWS_AS(IntPool::run(
                        threads, [&](int& item) { return next < 1000 ? (item = next++, true) : false; },
                        [](unsigned, int& item, int&) {
                          if (item == 100) throw std::runtime_error("bad item");
                        },
                        [&](unsigned, int& item, int&) {
                          CHECK(item < 100);  // nothing after the failed item is delivered
                          ++delivered;
                          return true;
                        }),
                    std::runtime_error);
    CHECK(delivered <= 100);
    CHECK(next < 1000);  // production stopped early
  }
}

TEST_CASE("an exception in deliver() or produce() reaches the caller") {
  int next = 0;
  CHECK_THROWS_AS(IntPool::run(
                      2, [&](int& item) { return next < 100 ? (item = next++, true) : false; },
                      [](unsigned, int&, int&) {},
                      [](unsigned, int& item, int&) {
                        if (item == 10) throw std::runtime_error("sink failed");
                        return true;
                      }),
                  std::runtime_error);
  next = 0;
  CHECK_THROWS_AS(IntPool::run(
                      2,
                      [&](int& item) {
                        if (next == 10) throw std::runtime_error("read failed");
                        item = next++;
                        return true;
                      },
                      [](unsigned, int&, int&) {}, [](unsigned, int&, int&) { return true; }),
                  std::runtime_error);
}
