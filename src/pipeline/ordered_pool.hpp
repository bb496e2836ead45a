// Runs a function over a stream of items on several threads and delivers the
// results in input order, with a bounded number of items in flight (so memory
// stays flat however long the stream is).
//
// There is no coordinating thread: each member of a ThreadTeam (the caller
// is one of them) takes the next item itself, works on it, and delivers
// whatever results are ready in order. A hand-off per item between a
// producing thread and the workers cost two thread wake-ups per item; at a
// tenth of a millisecond of work per page, those wake-ups, and a third
// thread competing for two cores, kept two threads from running much faster
// than one. Here a thread sleeps only when the window of items in flight is
// full (its own slots, below), or while another thread is producing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "pipeline/thread_team.hpp"

namespace winnow {

template <typename Item, typename Result>
class OrderedPool {
 public:
  // Items in flight per thread: the slots each thread owns. Pages differ in
  // cost by 10x and more; with 4 per thread, one large page at the front of
  // the window stalled the other thread 150 times in a pass over 1,009
  // pages, with 16 rarely while the slots were shared. Owned slots leave a
  // thread ahead of a large page only its own: at 16, threads waited for
  // one 7-21 ms of a 0.2 s run at -j 2, at 32 3-6 ms, as with 16 shared.
  // Each item in flight holds one page and its result.
  static constexpr std::size_t kItemsPerThread = 32;

  using Produce = std::function<bool(Item&)>;  // false: no more items
  using Work = std::function<void(unsigned worker, Item&, Result&)>;
  using Deliver = std::function<bool(unsigned worker, Item&, Result&)>;  // false: stop early

  // produce() and deliver() are each called by one thread at a time, in
  // input order, but not always by the same thread, and the two may run at
  // the same time: they must not share unguarded state. work() runs
  // concurrently. In both, `worker` in [0, team.size()) names the calling
  // thread (its member number in the team).
  // An exception from any of the three stops the run and is rethrown here.
  static void run(ThreadTeam& team, const Produce& produce, const Work& work, const Deliver& deliver) {
    const unsigned threads = team.size();
    if (threads <= 1) {
      Item item{};
      Result result{};
      while (produce(item)) {
        work(0, item, result);
        if (!deliver(0, item, result)) return;
      }
      return;
    }
    State state(threads, produce, work, deliver);
    team.run([&state](unsigned w) { state.serve(w); });
    if (state.failure) std::rethrow_exception(state.failure);
  }

  // The same on a team of `threads` started for this run alone.
  static void run(unsigned threads, const Produce& produce, const Work& work, const Deliver& deliver) {
    ThreadTeam team(threads);
    run(team, produce, work, deliver);
  }

 private:
  struct Slot {
    Item item{};
    Result result{};
    unsigned owner = 0;  // the worker whose slots this is one of
    bool done = false;   // worked on, not yet delivered
  };

  struct State {
    State(unsigned threads, const Produce& produce, const Work& work, const Deliver& deliver)
        : window(threads * kItemsPerThread),
          slots(window),
          order(window),
          free_slots(threads),
          produce(produce),
          work(work),
          deliver(deliver) {
      for (std::size_t i = 0; i < window; ++i) {
        slots[i].owner = static_cast<unsigned>(i / kItemsPerThread);
        free_slots[slots[i].owner].push_back(&slots[i]);
      }
    }

    const std::size_t window;
    // Each worker has slots of its own and produces and works only in
    // those: a page's buffers are then allocated, grown and freed by one
    // thread. With slots shared in turn, a thread often freed or grew a
    // buffer another thread had allocated, and glibc takes the allocating
    // thread's arena lock for that; that thread could be holding it across
    // the fault of a fresh 2 MiB page (milliseconds on a virtual machine),
    // and such waits were 31 ms of the two threads' time in a 0.19 s run.
    std::vector<Slot> slots;
    std::vector<Slot*> order;                     // item seq is in *order[seq % window]
    std::vector<std::vector<Slot*>> free_slots;  // per worker; guarded by `mutex`
    const Produce& produce;
    const Work& work;
    const Deliver& deliver;

    // Held while producing, so items are produced one at a time, in order.
    std::mutex produce_mutex;
    bool input_done = false;  // guarded by produce_mutex

    // Guards the counters and flags below, `free_slots` and the slots' `done`.
    std::mutex mutex;
    std::condition_variable room;  // a slot was freed, or the run stopped
    std::size_t produced = 0, delivered = 0;
    bool delivering = false;  // a thread is delivering; others leave it their results
    bool stopped = false;
    std::exception_ptr failure;

    void fail(std::unique_lock<std::mutex>& lock) {
      if (!failure) failure = std::current_exception();
      stopped = true;
      room.notify_all();
      (void)lock;
    }

    void serve(unsigned w) {
      while (true) {
        // A free slot of this worker's first, then the turn to produce: a
        // worker waiting for its slots does not hold up the others' turns.
        Slot* slot = nullptr;
        {
          std::unique_lock lock(mutex);
          room.wait(lock, [&] { return stopped || !free_slots[w].empty(); });
          if (stopped) return;
          slot = free_slots[w].back();
          free_slots[w].pop_back();
        }
        {
          std::lock_guard producing(produce_mutex);
          bool more = false;
          try {
            more = !input_done && produce(slot->item);
          } catch (...) {
            std::unique_lock lock(mutex);
            free_slots[w].push_back(slot);
            fail(lock);
            return;
          }
          std::lock_guard lock(mutex);
          if (!more) {
            free_slots[w].push_back(slot);
            input_done = true;
            return;
          }
          order[produced % window] = slot;
          ++produced;
        }
        try {
          work(w, slot->item, slot->result);
        } catch (...) {
          std::unique_lock lock(mutex);
          fail(lock);
          return;
        }
        std::unique_lock lock(mutex);
        slot->done = true;
        if (delivering) continue;  // the delivering thread will come to it
        delivering = true;
        deliver_ready(w, lock);
        delivering = false;
      }
    }

    // Delivers every finished item at the front of the window, in order.
    // Called by worker `w` with `lock` held; releases it around each deliver().
    void deliver_ready(unsigned w, std::unique_lock<std::mutex>& lock) {
      while (!stopped && delivered < produced && order[delivered % window]->done) {
        Slot& slot = *order[delivered % window];
        lock.unlock();
        bool go_on = false;
        try {
          go_on = deliver(w, slot.item, slot.result);
        } catch (...) {
          lock.lock();
          fail(lock);
          return;
        }
        lock.lock();
        slot.done = false;
        free_slots[slot.owner].push_back(&slot);
        ++delivered;
        if (!go_on) stopped = true;
        room.notify_all();
      }
    }
  };
};

}  // namespace winnow
