// Runs a function over a stream of items on several threads and delivers the
// results in input order, with a bounded number of items in flight (so memory
// stays flat however long the stream is).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace winnow {

template <typename Item, typename Result>
class OrderedPool {
 public:
  using Produce = std::function<bool(Item&)>;                    // false: no more items
  using Work = std::function<void(unsigned worker, Item&, Result&)>;
  using Deliver = std::function<bool(Item&, Result&)>;           // false: stop early

  // Calls produce() and deliver() on the calling thread, work() on workers.
  static void run(unsigned threads, const Produce& produce, const Work& work, const Deliver& deliver) {
    if (threads <= 1) {
      Item item{};
      Result result{};
      while (produce(item)) {
        work(0, item, result);
        if (!deliver(item, result)) return;
      }
      return;
    }
    const std::size_t window = threads * 4;
    struct Slot {
      Item item{};
      Result result{};
      bool done = false;
    };
    std::vector<Slot> slots(window);
    std::mutex mutex;
    std::condition_variable work_ready, slot_done;
    std::deque<std::size_t> queue;
    bool stopping = false;

    std::vector<std::thread> workers;
    for (unsigned w = 0; w < threads; ++w) {
      workers.emplace_back([&, w] {
        std::unique_lock lock(mutex);
        while (true) {
          work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
          if (queue.empty()) return;
          std::size_t seq = queue.front();
          queue.pop_front();
          Slot& slot = slots[seq % window];
          lock.unlock();
          work(w, slot.item, slot.result);
          lock.lock();
          slot.done = true;
          slot_done.notify_all();
        }
      });
    }

    std::size_t produced = 0, delivered = 0;
    bool input_done = false, stopped = false;
    while (!stopped) {
      while (!input_done && produced - delivered < window) {
        Slot& slot = slots[produced % window];
        slot.done = false;
        if (!produce(slot.item)) {
          input_done = true;
          break;
        }
        std::lock_guard lock(mutex);
        queue.push_back(produced++);
        work_ready.notify_one();
      }
      if (delivered == produced) break;
      Slot& slot = slots[delivered % window];
      {
        std::unique_lock lock(mutex);
        slot_done.wait(lock, [&] { return slot.done; });
      }
      if (!deliver(slot.item, slot.result)) stopped = true;
      ++delivered;
    }
    {
      std::lock_guard lock(mutex);
      stopping = true;
      queue.clear();
      work_ready.notify_all();
    }
    for (std::thread& t : workers) t.join();
  }
};

}  // namespace winnow
