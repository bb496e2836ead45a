// What travels through the pipeline's pools: records as read (or the error
// that replaced one), and owned copies of cleaning results.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/record_reader.hpp"
#include "winnow/winnow.hpp"

namespace winnow::pipeline {

// Buffers an item of a pool keeps for the next page up to this size. Items
// reuse their buffers; without a cap, each of the items in flight would
// keep the room of the largest page it ever held, and peak RSS would creep
// up with the input as rarer, larger pages come by.
constexpr std::size_t kItemKeepBytes = 256u << 10;

// A record as it travels through a pool: read successfully or not.
struct Item {
  io::Record record;
  std::optional<io::RecordError> read_error;
};

PageInput page_of(const io::Record& r);

// Reads what the reader left of the item's file (io::Record::rest); a
// failure turns the item into a read error. Called by a pool's worker, so
// that threads read pages side by side.
void finish_read(Item& item, std::uint64_t max_record_bytes);

// Pulls items from a reader, in input order; a read error becomes an item.
class ItemSource {
 public:
  explicit ItemSource(std::unique_ptr<io::RecordReader> reader) : reader_(std::move(reader)) {}
  bool next(Item& item);
  const io::ReadStats& stats() const { return reader_->stats(); }

 private:
  std::unique_ptr<io::RecordReader> reader_;
};

// A CleanResult outlives its Cleaner's next call only as a copy. The
// per-block views are not kept: nothing downstream of a pool reads them.
struct CleanedCopy {
  std::string error;  // non-empty: the page could not be cleaned
  std::string id, url, site, title, author, date, language, site_name, text, output;
  std::vector<std::string> notes;
  CleanResult result;
  void keep(const CleanResult& r);
};

}  // namespace winnow::pipeline
