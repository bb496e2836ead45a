// A fixed set of threads that run jobs together: the caller and the team's
// helpers, started once for a whole run.
//
// The batch pipeline runs two pools one after the other (counting, then
// cleaning). With a thread started per pool, the second pass waited for a
// new thread to be scheduled (0.2-3.6 ms at -j 2) and began with its caches
// and heap cold; and the rule pack, compiled on a thread of its own during
// pass 1, made three threads compete for two cores while pass 1 started.
// A team keeps its helpers from pass to pass, and can give its first
// helper a task to run before its first job (the compile), which then
// overlaps the caller's walk of the input tree instead. A job is shared
// out among the members that come to it (items of a pool, pages of a
// released site), so a helper that comes too late is not waited for.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace winnow {

// When set, called first on every thread the batch pipeline starts (the
// team's helpers): the CLI prepares each thread's heap there (main.cpp).
inline void (*on_thread_start)() = nullptr;

// The first call of every thread the pipeline starts.
inline void start_pipeline_thread() {
  if (on_thread_start != nullptr) on_thread_start();
}

class ThreadTeam {
 public:
  using Job = std::function<void(unsigned member)>;

  // A team of `threads` members: the calling thread and threads - 1
  // helpers, started here. `first_task`, if any, runs on the first helper
  // before it takes part in any job; it must not throw.
  explicit ThreadTeam(unsigned threads, std::function<void()> first_task = {}) {
    for (unsigned w = 1; w < threads; ++w) {
      helpers_.emplace_back([this, w, task = w == 1 ? std::move(first_task) : std::function<void()>{}] {
        start_pipeline_thread();
        if (task) task();
        serve(w);
      });
    }
  }

  // Waits for the helpers to finish what they are doing, then stops them.
  ~ThreadTeam() {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : helpers_) t.join();
  }

  ThreadTeam(const ThreadTeam&) = delete;
  ThreadTeam& operator=(const ThreadTeam&) = delete;

  unsigned size() const { return static_cast<unsigned>(helpers_.size()) + 1; }

  // Runs job(member) on the caller as member 0 and on every helper free to
  // join before the caller's own share is done; returns when all that
  // joined have returned. A helper still busy (with its first task) by then
  // skips the job: the jobs of a team share their work out, so the members
  // that came have done it all. A helper joining late would only have
  // delayed the caller: a run of one page waited for the compile at the
  // end of pass 1, where it had overlapped the set-up of pass 2 (+1 ms).
  // On a helper, `job` must not throw; an exception from the caller's share
  // leaves run() once the helpers in the job are done with it.
  void run(const Job& job) {
    if (helpers_.empty()) {
      job(0);
      return;
    }
    {
      std::lock_guard lock(mutex_);
      job_ = &job;
      open_ = true;
      ++generation_;
    }
    wake_.notify_all();
    struct Close {
      ThreadTeam& team;
      ~Close() {
        std::unique_lock lock(team.mutex_);
        team.open_ = false;
        team.done_.wait(lock, [&] { return team.busy_ == 0; });
        team.job_ = nullptr;
      }
    } close{*this};
    job(0);
  }

 private:
  void serve(unsigned member) {
    std::uint64_t seen = 0;
    while (true) {
      const Job* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
        if (generation_ == seen) return;  // quitting, no job left
        seen = generation_;
        if (!open_) continue;  // the caller finished without this helper
        ++busy_;
        job = job_;
      }
      (*job)(member);
      std::lock_guard lock(mutex_);
      if (--busy_ == 0) done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;  // a job was posted, or the team quits
  std::condition_variable done_;  // the last helper finished the job
  const Job* job_ = nullptr;      // guarded by mutex_, as are the four below
  std::uint64_t generation_ = 0;  // jobs posted so far
  bool open_ = false;             // helpers may still join the current job
  unsigned busy_ = 0;             // helpers in the current job
  bool quit_ = false;
  std::vector<std::thread> helpers_;  // last: started once the members above exist
};

}  // namespace winnow
