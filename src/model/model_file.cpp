// The site model file format (docs/model-format.md): little-endian,
//   "WNWMODEL" | u32 version | u32 shingle_words | u32 winnow_window | u32 0
//   u64 site count, then per site (sorted by name):
//     u32 name length | name | u32 pages | u64 entries | entries sorted by key
//     (u64 key, u32 count) | u64 samples | samples sorted by hash
//     (u64 hash, u32 length, bytes)
//   u64 XXH3-64 of every byte before it.
// Entries are written sorted so that equal models give identical files.
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "model/site_model_impl.hpp"

namespace winnow {
namespace {

constexpr char kMagic[8] = {'W', 'N', 'W', 'M', 'O', 'D', 'E', 'L'};
constexpr std::uint32_t kVersion = 1;

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  template <typename T>
  bool get(T& value) {
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool bytes(std::size_t n, std::string& out) {
    if (data_.size() - pos_ < n) return false;
    out.assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::string serialize(const SiteModel::Impl& model) {
  std::string out;
  out.append(kMagic, sizeof kMagic);
  put<std::uint32_t>(out, kVersion);
  put<std::uint32_t>(out, model.params.shingle_words);
  put<std::uint32_t>(out, model.params.winnow_window);
  put<std::uint32_t>(out, 0);
  put<std::uint64_t>(out, model.sites.size());
  std::vector<CountTable::Slot> entries;
  std::vector<std::pair<std::uint64_t, const std::string*>> samples;
  for (const auto& [name, table] : model.sites) {
    put<std::uint32_t>(out, static_cast<std::uint32_t>(name.size()));
    out.append(name);
    put<std::uint32_t>(out, table.pages);
    entries.clear();
    for (const CountTable::Slot& s : table.counts.slots()) {
      if (s.key != 0) entries.push_back(s);
    }
    std::sort(entries.begin(), entries.end(),
              [](const CountTable::Slot& a, const CountTable::Slot& b) { return a.key < b.key; });
    put<std::uint64_t>(out, entries.size());
    for (const CountTable::Slot& s : entries) {
      put<std::uint64_t>(out, s.key);
      put<std::uint32_t>(out, s.count);
    }
    samples.clear();
    for (const auto& [hash, text] : table.samples) samples.emplace_back(hash, &text);
    std::sort(samples.begin(), samples.end());
    put<std::uint64_t>(out, samples.size());
    for (const auto& [hash, text] : samples) {
      put<std::uint64_t>(out, hash);
      put<std::uint32_t>(out, static_cast<std::uint32_t>(text->size()));
      out.append(*text);
    }
  }
  put<std::uint64_t>(out, XXH3_64bits(out.data(), out.size()));
  return out;
}

bool parse(std::string_view data, SiteModel::Impl& model, std::string& error) {
  if (data.size() < sizeof kMagic + 16 + 8 + 8 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) {
    error = "not a winnow model file (bad magic)";
    return false;
  }
  std::uint64_t stored;
  std::memcpy(&stored, data.data() + data.size() - 8, 8);
  if (XXH3_64bits(data.data(), data.size() - 8) != stored) {
    error = "model file is corrupt or truncated (checksum mismatch)";
    return false;
  }
  Reader in(data.substr(sizeof kMagic, data.size() - sizeof kMagic - 8));
  std::uint32_t version = 0, reserved = 0;
  std::uint64_t site_count = 0;
  in.get(version);
  if (version != kVersion) {
    error = "unsupported model version " + std::to_string(version) + " (this winnow reads " +
            std::to_string(kVersion) + ")";
    return false;
  }
  if (!in.get(model.params.shingle_words) || !in.get(model.params.winnow_window) ||
      !in.get(reserved) || !in.get(site_count)) {
    error = "model file header is truncated";
    return false;
  }
  model.params_set = true;
  for (std::uint64_t s = 0; s < site_count; ++s) {
    std::uint32_t name_size = 0, pages = 0;
    std::uint64_t entry_count = 0, sample_count = 0;
    std::string name;
    if (!in.get(name_size) || !in.bytes(name_size, name) || !in.get(pages) || !in.get(entry_count) ||
        entry_count > in.remaining() / 12) {
      error = "model file site record " + std::to_string(s) + " is malformed";
      return false;
    }
    SiteTable& table = model.sites[name];
    table.pages = pages;
    for (std::uint64_t e = 0; e < entry_count; ++e) {
      std::uint64_t key = 0;
      std::uint32_t count = 0;
      in.get(key);
      in.get(count);
      if (key == 0) {
        error = "model file holds a zero fingerprint";
        return false;
      }
      table.counts.add(key, count);
    }
    if (!in.get(sample_count) || sample_count > in.remaining() / 12) {
      error = "model file sample list of site '" + name + "' is malformed";
      return false;
    }
    for (std::uint64_t e = 0; e < sample_count; ++e) {
      std::uint64_t hash;
      std::uint32_t size;
      std::string text;
      if (!in.get(hash) || !in.get(size) || !in.bytes(size, text)) {
        error = "model file sample of site '" + name + "' is truncated";
        return false;
      }
      table.samples.emplace(hash, std::move(text));
    }
  }
  if (in.remaining() != 0) {
    error = "model file has trailing bytes";
    return false;
  }
  return true;
}

}  // namespace

bool SiteModel::save(const std::string& path, std::string* error) const {
  std::string bytes = serialize(*impl_);
  // Written to a temporary name and renamed, so readers never see half a model.
  std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      if (error) *error = "cannot write " + temp;
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    if (error) *error = "cannot rename " + temp + " to " + path + ": " + ec.message();
    return false;
  }
  return true;
}

bool SiteModel::load(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error) *error = "cannot open model file " + path;
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Impl fresh;
  fresh.budget_bytes = impl_->budget_bytes;
  std::string message;
  if (!parse(bytes, fresh, message)) {
    if (error) *error = path + ": " + message;
    *impl_ = Impl{};
    return false;
  }
  *impl_ = std::move(fresh);
  return true;
}

}  // namespace winnow
