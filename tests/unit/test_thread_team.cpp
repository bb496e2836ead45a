// The thread team's contract: a job runs once on every member that comes
// to it, the caller being member 0; the helpers are the same threads from
// job to job; the first helper's first task runs before its first job, and
// a helper still in it when the caller is done skips that job; two pools
// run one after the other on one team deliver everything, in order.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pipeline/ordered_pool.hpp"
#include "pipeline/thread_team.hpp"

using winnow::OrderedPool;
using winnow::ThreadTeam;

TEST_CASE("a thread team runs a job on every member that comes, on the same threads each time") {
  for (unsigned size : {1u, 2u, 4u}) {
    ThreadTeam team(size);
    REQUIRE(team.size() == size);
    std::vector<std::thread::id> ids[2] = {std::vector<std::thread::id>(size), std::vector<std::thread::id>(size)};
    std::vector<int> calls(size, 0);
    std::atomic<bool> in_range{true};
    for (int job = 0; job < 2; ++job) {
      std::atomic<unsigned> arrived{0};
      team.run([&](unsigned member) {
        if (member >= size) {
          in_range = false;
          return;
        }
        ids[job][member] = std::this_thread::get_id();
        ++calls[member];  // one member per slot: no race
        if (member != 0) {
          ++arrived;
          return;
        }
        // The caller's share lasts until every idle helper has come.
        while (arrived.load() + 1 < size) std::this_thread::yield();
      });
    }
    CHECK(in_range.load());
    for (unsigned m = 0; m < size; ++m) {
      CHECK(calls[m] == 2);
      CHECK(ids[0][m] == ids[1][m]);
    }
    CHECK(ids[0][0] == std::this_thread::get_id());
    CHECK(std::set<std::thread::id>(ids[0].begin(), ids[0].end()).size() == size);
  }
}

TEST_CASE("a thread team's first task runs on the first helper before its first job") {
  std::atomic<bool> task_done{false};
  std::thread::id task_thread;
  ThreadTeam team(3, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // still busy when the job is posted
    task_thread = std::this_thread::get_id();
    task_done = true;
  });
  std::atomic<bool> joined{false};
  std::thread::id helper_one;
  bool done_before_job = false;
  team.run([&](unsigned member) {
    if (member == 0) {
      // The caller's share lasts until helper 1 has come, so that it does.
      while (!joined.load()) std::this_thread::yield();
      return;
    }
    if (member != 1) return;
    helper_one = std::this_thread::get_id();
    done_before_job = task_done.load();
    joined = true;
  });
  CHECK(done_before_job);
  CHECK(helper_one == task_thread);
}

TEST_CASE("a helper still in its first task when the caller is done skips the job") {
  std::atomic<bool> release{false};
  ThreadTeam team(2, [&] {
    while (!release.load()) std::this_thread::yield();
  });
  std::atomic<int> calls[2] = {0, 0};
  team.run([&](unsigned member) { ++calls[member]; });  // returns without helper 1
  CHECK(calls[0].load() == 1);
  CHECK(calls[1].load() == 0);
  release = true;
  // The helper takes the next job once free: the caller waits for it here.
  team.run([&](unsigned member) {
    ++calls[member];
    if (member == 0) {
      while (calls[1].load() == 0) std::this_thread::yield();
    }
  });
  CHECK(calls[0].load() == 2);
  CHECK(calls[1].load() == 1);
}

TEST_CASE("a thread team whose job never came still stops") {
  std::atomic<int> tasks{0};
  {
    ThreadTeam team(2, [&] { ++tasks; });
  }
  CHECK(tasks.load() == 1);
}

TEST_CASE("two ordered pools run one after the other on one team") {
  ThreadTeam team(2);
  for (int pass = 0; pass < 2; ++pass) {
    int next = 0;
    std::vector<int> results;
    std::set<unsigned> workers;
    std::mutex mutex;
    OrderedPool<int, int>::run(
        team, [&](int& item) { return next < 500 ? (item = next++, true) : false; },
        [&](unsigned w, int& item, int& result) {
          {
            std::lock_guard lock(mutex);
            workers.insert(w);
          }
          if (item % 25 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          result = item + pass * 1000;
        },
        [&](unsigned, int&, int& result) {
          results.push_back(result);
          return true;
        });
    std::vector<int> expected(500);
    std::iota(expected.begin(), expected.end(), pass * 1000);
    CHECK(results == expected);
    CHECK((workers.empty() || *workers.rbegin() < 2));
  }
}

TEST_CASE("an exception from the caller's share leaves a thread team's run once its helpers are done") {
  ThreadTeam team(2);
  std::atomic<bool> helper_in{false}, helper_done{false};
  CHECK_THROWS_AS(team.run([&](unsigned member) {
    if (member == 1) {
      helper_in = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      helper_done = true;
      return;
    }
    while (!helper_in.load()) std::this_thread::yield();
    throw std::runtime_error("caller failed");
  }),
                  std::runtime_error);
  CHECK(helper_done.load());
  // The team still works.
  std::atomic<int> calls{0};
  team.run([&](unsigned) { ++calls; });
  CHECK(calls.load() >= 1);
}
