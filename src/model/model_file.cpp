// The site model file format, version 4 (docs/model-format.md). Little-endian:
//
//   "WNWMODEL" | u32 version | u32 shingle_words | u32 winnow_window | u32 0
//   u64 budget_bytes | u64 site count, then per site, sorted by name:
//     u32 name length | name | u32 pages | u32 sample level | u64 demand
//     u64 entries | entries sorted by key: (u64 key, u32 count)
//     u64 samples | samples sorted by hash: (u64 hash, u32 length, bytes)
//     u64 containers | sorted by key: (u64 signature, u32 count)
//   u64 XXH3-64 of every byte before it.
//
// Everything is sorted, so equal models give identical files: the test of
// map-reduce equivalence compares files byte for byte.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "io/string_room.hpp"
#include "model/model_file_reader.hpp"
#include "model/site_model_impl.hpp"

namespace winnow {
namespace {

constexpr char kMagic[8] = {'W', 'N', 'W', 'M', 'O', 'D', 'E', 'L'};
constexpr std::uint32_t kFormatVersion = 4;
constexpr std::size_t kHeaderBytes = sizeof kMagic + 4 * 4 + 8 + 8;
constexpr std::size_t kChecksumBytes = 8;
constexpr std::size_t kMaxSiteName = 4096;
constexpr std::size_t kMaxSampleText = kSampleBytes + 8;

static_assert(std::endian::native == std::endian::little, "model files are little-endian");

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

// Sorts `entries` (unique keys) by key. Keys are hashes, spread evenly:
// a counting pass on their top 16 bits deals them into 65,536 ranges of a
// few keys each, in order, and std::sort orders each range. Sorting a
// large site's list whole was an eighth of `learn` on plain text.
void sort_by_key(std::vector<CountTable::Slot>& entries, std::vector<CountTable::Slot>& scratch) {
  auto by_key = [](const CountTable::Slot& a, const CountTable::Slot& b) { return a.key < b.key; };
  constexpr unsigned kTopBits = 16;
  constexpr std::size_t kRanges = std::size_t{1} << kTopBits;
  if (entries.size() < kRanges / 8) {
    std::sort(entries.begin(), entries.end(), by_key);
    return;
  }
  auto range_of = [](const CountTable::Slot& s) { return static_cast<std::size_t>(s.key >> (64 - kTopBits)); };
  std::vector<std::size_t> next(kRanges + 1, 0);  // next[r]: where range r's next entry goes
  for (const CountTable::Slot& s : entries) ++next[range_of(s) + 1];
  for (std::size_t r = 1; r <= kRanges; ++r) next[r] += next[r - 1];
  const std::vector<std::size_t> start = next;
  scratch.resize(entries.size());
  for (const CountTable::Slot& s : entries) scratch[next[range_of(s)]++] = s;
  for (std::size_t r = 0; r < kRanges; ++r) {
    std::sort(scratch.begin() + static_cast<std::ptrdiff_t>(start[r]),
              scratch.begin() + static_cast<std::ptrdiff_t>(start[r + 1]), by_key);
  }
  entries.swap(scratch);
}

// A count table as a sorted list: (u64 count) then (u64 key, u32 count) each.
void put_table(std::string& out, const CountTable& table, std::vector<CountTable::Slot>& entries,
               std::vector<CountTable::Slot>& scratch) {
  entries.clear();
  table.for_each([&](const CountTable::Slot& s) { entries.push_back(s); });
  sort_by_key(entries, scratch);
  put<std::uint64_t>(out, entries.size());
  for (const CountTable::Slot& s : entries) {
    put<std::uint64_t>(out, s.key);
    put<std::uint32_t>(out, s.count);
  }
}

// Reads `entry_count` (key, count) entries, written in key order, into
// `table`. The caller has checked entry_count against the bytes left;
// every entry must be in order, counted on 1 to `pages` pages and kept by
// the site's sampling level. `what` names the list in the error ("entry",
// "container entry"). The table is sized for the list first (a count from
// a corrupt file is still bounded by the file's size), and the entries
// come in batches as large as the reader gives at once, each checked whole
// and then added in one go, the buckets of later entries fetched ahead.
template <typename In>
bool get_counts(In& in, std::uint64_t entry_count, std::uint32_t pages, std::uint32_t level,
                const std::string& site, const char* what, CountTable& table, std::string& error) {
  constexpr std::size_t kEntryBytes = 12;
  std::uint64_t previous_key = 0;
  const std::uint64_t batch = std::max<std::size_t>(in.max_take() / kEntryBytes, 1);
  table.reserve(static_cast<std::size_t>(entry_count));
  for (std::uint64_t done = 0; done < entry_count;) {
    const std::size_t n = static_cast<std::size_t>(std::min(batch, entry_count - done));
    const char* list = in.take(n * kEntryBytes);
    if (list == nullptr) {
      error = "model file site '" + site + "' holds a truncated " + what + " list";
      return false;
    }
    auto slot_at = [list](std::size_t i) {
      CountTable::Slot s;
      std::memcpy(&s.key, list + i * kEntryBytes, 8);
      std::memcpy(&s.count, list + i * kEntryBytes + 8, 4);
      return s;
    };
    for (std::size_t e = 0; e < n; ++e) {
      const CountTable::Slot s = slot_at(e);
      if (s.key <= previous_key || s.count == 0 || s.count > pages || !survives(s.key, level)) {
        error = "model file site '" + site + "' holds a malformed " + what;
        return false;
      }
      previous_key = s.key;
    }
    table.add_each_slot(n, slot_at);
    done += n;
  }
  return true;
}

// The exact size of serialize_model()'s output: the string is allocated
// once rather than doubled through every smaller size on the way to a
// model of a hundred MB, each step fresh memory the kernel zeroes. (A
// wrong figure would cost a reallocation, not a wrong file.)
std::size_t serialized_size(const SiteModel::Impl& model) {
  std::size_t bytes = kHeaderBytes + kChecksumBytes;
  for (const auto& [name, table] : model.sites) {
    bytes += 4 + name.size() + 4 + 4 + 8;
    bytes += 8 + table.counts.size() * 12;
    bytes += 8;
    for (const auto& [hash, text] : table.samples) bytes += 8 + 4 + text.size();
    bytes += 8 + table.containers.size() * 12;
  }
  return bytes;
}

}  // namespace

std::string serialize_model(const SiteModel::Impl& model) {
  std::string out;
  out.reserve(serialized_size(model));
  out.append(kMagic, sizeof kMagic);
  put<std::uint32_t>(out, kFormatVersion);
  put<std::uint32_t>(out, model.params.shingle_words);
  put<std::uint32_t>(out, model.params.winnow_window);
  put<std::uint32_t>(out, 0);
  put<std::uint64_t>(out, model.budget_bytes);
  put<std::uint64_t>(out, model.sites.size());
  std::vector<CountTable::Slot> entries, scratch;
  std::vector<std::pair<std::uint64_t, const std::string*>> samples;
  for (const auto& [name, table] : model.sites) {
    put<std::uint32_t>(out, static_cast<std::uint32_t>(name.size()));
    out.append(name);
    put<std::uint32_t>(out, table.pages);
    put<std::uint32_t>(out, table.level);
    put<std::uint64_t>(out, table.demand);
    put_table(out, table.counts, entries, scratch);
    samples.clear();
    for (const auto& [hash, text] : table.samples) samples.emplace_back(hash, &text);
    std::sort(samples.begin(), samples.end());
    put<std::uint64_t>(out, samples.size());
    for (const auto& [hash, text] : samples) {
      put<std::uint64_t>(out, hash);
      put<std::uint32_t>(out, static_cast<std::uint32_t>(text->size()));
      out.append(*text);
    }
    put_table(out, table.containers, entries, scratch);
  }
  put<std::uint64_t>(out, XXH3_64bits(out.data(), out.size()));
  return out;
}

namespace {

// The first bytes of a model file, which say whether it is one at all and
// of which version, and its size. The version is judged before the
// checksum: a file from another version deserves "re-learn it", not
// "corrupt".
bool check_head(std::string_view head, std::uint64_t size, std::string& error) {
  if (head.size() < sizeof kMagic || std::memcmp(head.data(), kMagic, sizeof kMagic) != 0) {
    error = size == 0 ? "empty file, not a winnow model" : "not a winnow model file (bad magic)";
    return false;
  }
  if (size < kHeaderBytes + kChecksumBytes) {
    error = "model file is truncated (" + std::to_string(size) + " bytes)";
    return false;
  }
  std::uint32_t version = 0;
  std::memcpy(&version, head.data() + sizeof kMagic, 4);
  if (version != kFormatVersion) {
    error = "unsupported model format version " + std::to_string(version) + " (this winnow reads version " +
            std::to_string(kFormatVersion) + "; learn the model again)";
    return false;
  }
  return true;
}

// Empties `model` before a load, or after one that failed, keeping only
// whether it keeps block texts.
void clear_for_load(SiteModel::Impl& model) {
  const bool keep_samples = model.keep_samples;
  model.clear();
  model.keep_samples = keep_samples;
}

constexpr char kChecksumMismatch[] = "model file is corrupt or truncated (checksum mismatch)";

// Everything after the magic and version, up to the checksum. A valid
// checksum does not prove a sane file (it may have been written by
// something else); every invariant is checked so nothing later can trip.
template <typename In>
bool parse_body(In& in, SiteModel::Impl& model, std::string& error) {
  std::uint32_t reserved = 0;
  std::uint64_t site_count = 0;
  if (!in.get(model.params.shingle_words) || !in.get(model.params.winnow_window) || !in.get(reserved) ||
      !in.get(model.budget_bytes) || !in.get(site_count)) {
    error = "model file header is truncated";
    return false;
  }
  if (reserved != 0 || model.params.shingle_words == 0 || model.params.winnow_window == 0) {
    error = "model file header is malformed";
    return false;
  }
  model.params_set = true;
  std::string previous_name;
  for (std::uint64_t s = 0; s < site_count; ++s) {
    std::uint32_t name_size = 0, pages = 0, level = 0;
    std::uint64_t demand = 0, entry_count = 0, sample_count = 0;
    std::string name;
    const std::string where = "model file site record " + std::to_string(s);
    if (!in.get(name_size) || name_size > kMaxSiteName || !in.bytes(name_size, name) || !in.get(pages) ||
        !in.get(level) || !in.get(demand) || !in.get(entry_count)) {
      error = where + " is truncated or malformed";
      return false;
    }
    if ((s > 0 && name <= previous_name) || level > kMaxLevel || entry_count > in.remaining() / 12) {
      error = where + " ('" + name + "') is malformed";
      return false;
    }
    previous_name = name;
    SiteTable& table = model.sites.emplace(name, SiteTable{}).first->second;
    table.pages = pages;
    table.level = level;
    table.demand = demand;
    if (!get_counts(in, entry_count, pages, level, name, "entry", table.counts, error)) return false;
    if (!in.get(sample_count) || sample_count > in.remaining() / 12) {
      error = "model file sample list of site '" + name + "' is malformed";
      return false;
    }
    // A model that keeps no block texts checks them and stores none.
    if (model.keep_samples) table.samples.reserve(static_cast<std::size_t>(sample_count));  // not a rehash per doubling
    std::uint64_t previous_hash = 0;
    for (std::uint64_t e = 0; e < sample_count; ++e) {
      std::uint64_t hash = 0;
      std::uint32_t size = 0;
      std::string text;
      if (!in.get(hash) || !in.get(size) || size > kMaxSampleText ||
          !(model.keep_samples ? in.bytes(size, text) : in.take(size) != nullptr)) {
        error = "model file sample of site '" + name + "' is truncated or malformed";
        return false;
      }
      if ((e > 0 && hash <= previous_hash) || hash == 0 || !survives(hash, level)) {
        error = "model file site '" + name + "' holds a malformed sample";
        return false;
      }
      previous_hash = hash;
      if (model.keep_samples) table.samples.emplace(hash, std::move(text));
    }
    std::uint64_t container_count = 0;
    if (!in.get(container_count) || container_count > in.remaining() / 12) {
      error = "model file container list of site '" + name + "' is malformed";
      return false;
    }
    if (!get_counts(in, container_count, pages, level, name, "container entry", table.containers, error))
      return false;
  }
  if (in.remaining() != 0) {
    error = "model file has trailing bytes";
    return false;
  }
  // A file saved by winnow already obeys its budget, its sampling levels
  // included; one that does not was altered, and enforcing the budget now
  // would silently drop counts, or raise a level the file then no longer
  // shows (a level too low for the budget, though nothing it keeps is over).
  std::uint64_t entries_before = 0, entries_after = 0;
  std::vector<std::uint32_t> levels_before;
  for (const auto& [name, table] : model.sites) {
    entries_before += table.counts.size() + table.containers.size() + table.samples.size();
    levels_before.push_back(table.level);
  }
  model.rebalance();
  std::size_t site = 0;
  bool levels_kept = true;
  for (const auto& [name, table] : model.sites) {
    entries_after += table.counts.size() + table.containers.size() + table.samples.size();
    levels_kept = levels_kept && table.level == levels_before[site++];
  }
  if (entries_after != entries_before || !levels_kept) {
    error = "model file holds more than its own budget allows";
    return false;
  }
  return true;
}

}  // namespace

bool parse_model(std::string_view data, SiteModel::Impl& model, std::string& error) {
  clear_for_load(model);
  if (!check_head(data.substr(0, kHeaderBytes), data.size(), error)) return false;
  std::uint64_t stored;
  std::memcpy(&stored, data.data() + data.size() - kChecksumBytes, kChecksumBytes);
  if (XXH3_64bits(data.data(), data.size() - kChecksumBytes) != stored) {
    error = kChecksumMismatch;
    return false;
  }
  MemoryModelReader in(data.substr(sizeof kMagic + 4, data.size() - sizeof kMagic - 4 - kChecksumBytes));
  return parse_body(in, model, error);
}

bool parse_model_file(int fd, std::uint64_t size, SiteModel::Impl& model, std::string& error, std::size_t chunk) {
  clear_for_load(model);
  char head[kHeaderBytes] = {};
  const ssize_t got = ::pread(fd, head, sizeof head, 0);
  if (got < 0) {
    error = std::string("cannot read model file: ") + std::strerror(errno);
    return false;
  }
  if (!check_head(std::string_view(head, static_cast<std::size_t>(got)), size, error)) return false;
  // The bytes are hashed as they are read, so the checksum is known only
  // at the end: a file that fails a structural check is read to its end
  // all the same, and a checksum that does not match is the error then,
  // as parse_model() would say.
  FileModelReader in(fd, size - kChecksumBytes, chunk);
  in.take(sizeof kMagic + 4);
  std::string structural;
  const bool parsed = parse_body(in, model, structural);
  std::uint64_t stored = 0;
  const bool read = in.drain() && ::pread(fd, &stored, sizeof stored, static_cast<off_t>(size - kChecksumBytes)) ==
                                      static_cast<ssize_t>(sizeof stored);
  if (!read) {
    error = in.read_error().empty() ? "model file is truncated (it shrank while being read)"
                                    : "cannot read model file: " + in.read_error();
  } else if (in.hash() != stored) {
    error = kChecksumMismatch;
  } else if (!parsed) {
    error = std::move(structural);
  } else {
    return true;
  }
  clear_for_load(model);
  return false;
}

bool SiteModel::save(const std::string& path, std::string* error) const {
  if (!impl_->keep_samples) {
    if (error) *error = "cannot save " + path + ": the model keeps no block texts";
    return false;
  }
  std::string bytes = serialize_model(*impl_);
  // Written to a temporary name and renamed, so readers never see half a model.
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (out) out.flush();
    if (!out) {
      if (error) *error = "cannot write " + temp + ": " + std::strerror(errno);
      std::remove(temp.c_str());
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    if (error) *error = "cannot rename " + temp + " to " + path + ": " + ec.message();
    std::remove(temp.c_str());
    return false;
  }
  return true;
}

namespace {

// A regular model file is parsed as it is read, this many bytes at a time.
constexpr std::size_t kReadChunk = 1 << 20;

// Reads what is left of `fd` (a pipe, say: anything but a regular file)
// into `out`, growing the room as bytes come.
bool read_rest(int fd, std::string& out, std::string& error) {
  std::size_t room = 1 << 16, have = 0;
  for (;;) {
    if (have == room) room *= 2;
    io::resize_for_overwrite(out, room);
    const ssize_t got = ::read(fd, out.data() + have, room - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = std::string("cannot read model file: ") + std::strerror(errno);
      return false;
    }
    if (got == 0) break;
    have += static_cast<std::size_t>(got);
  }
  out.resize(have);
  return true;
}

}  // namespace

bool SiteModel::load(const std::string& path, std::string* error) {
  clear_for_load(*impl_);
  std::string message;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = "cannot open model file " + path + ": " + std::strerror(errno);
    return false;
  }
  struct stat st{};
  bool ok = false;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    message = "is a directory, not a model file";
  } else if (S_ISREG(st.st_mode)) {
    ok = parse_model_file(fd, static_cast<std::uint64_t>(st.st_size), *impl_, message, kReadChunk);
  } else {
    std::string bytes;
    ok = read_rest(fd, bytes, message) && parse_model(bytes, *impl_, message);
  }
  ::close(fd);
  if (!ok) {
    if (error) *error = path + ": " + message;
    clear_for_load(*impl_);
  }
  return ok;
}

}  // namespace winnow

namespace winnow {

bool peek_model_budget(const std::string& path, std::uint64_t& budget) {
  std::ifstream in(path, std::ios::binary);
  char header[kHeaderBytes];
  if (!in.read(header, sizeof header)) return false;
  std::uint32_t version = 0;
  std::memcpy(&version, header + sizeof kMagic, 4);
  if (std::memcmp(header, kMagic, sizeof kMagic) != 0 || version != kFormatVersion) return false;
  std::memcpy(&budget, header + sizeof kMagic + 16, 8);
  return true;
}

}  // namespace winnow
