#include "cli/output_sink.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace winnow::cli {

namespace fs = std::filesystem;

void buffer_stdout() {
  if (isatty(STDOUT_FILENO)) return;
  // Static: stdio flushes stdout at exit, after every destructor has run.
  // glibc ignores the size asked for unless given the buffer itself.
  static char buffer[256u << 10];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

bool StdoutSink::write(std::string_view data) {
  if (data.empty()) return true;
  return std::fwrite(data.data(), 1, data.size(), stdout) == data.size();
}

bool StdoutSink::flush() { return std::fflush(stdout) == 0; }

MirrorSink::MirrorSink(std::string directory, std::vector<std::string> roots, std::string extension, Note note)
    : directory_(std::move(directory)),
      roots_(std::move(roots)),
      extension_(std::move(extension)),
      note_(std::move(note)) {}

MirrorSink::~MirrorSink() {
  if (current_) {
    std::fclose(current_);
    std::remove(current_temp_.c_str());
  }
}

std::string MirrorSink::output_path(const std::string& source) const {
  fs::path src(source);
  fs::path relative = src.filename();
  if (source == "-") relative = "stdin";
  // Within a directory given on the command line, keep the sub-path.
  for (const std::string& root : roots_) {
    std::error_code ec;
    if (root == "-" || !fs::is_directory(root, ec)) continue;
    fs::path rel = src.lexically_relative(root);
    if (!rel.empty() && *rel.begin() != "..") {
      relative = rel;
      break;
    }
  }
  fs::path out = fs::path(directory_) / relative;
  out.replace_extension(extension_);
  return out.string();
}

std::string MirrorSink::claim_path(const std::string& source) {
  const std::string wanted = output_path(source);
  const auto take = [&](const std::string& path) { return taken_.insert(std::hash<std::string>{}(path)).second; };
  if (take(wanted)) return wanted;
  // The source's own extension kept: story.htm -> story.htm.txt.
  fs::path kept(wanted);
  kept.replace_extension(fs::path(source).extension().string() + extension_);
  std::string path = kept.string();
  for (unsigned n = 2; !take(path); ++n) {
    fs::path numbered(wanted);
    numbered.replace_filename(numbered.stem().string() + "~" + std::to_string(n) + extension_);
    path = numbered.string();
  }
  if (note_) note_(source, "written to " + path + ": " + wanted + " is an earlier input's output");
  return path;
}

bool MirrorSink::write(const io::Record& record, std::string_view data, std::string& error) {
  const std::string& source = record.source.empty() ? record.id : record.source;
  if (!current_ || source != current_source_) {
    if (!finish(error)) return false;
    current_source_ = source;
    current_path_ = claim_path(source);
    current_temp_ = current_path_ + ".winnow-tmp";
    std::error_code ec;
    fs::create_directories(fs::path(current_path_).parent_path(), ec);
    current_ = std::fopen(current_temp_.c_str(), "wb");
    if (!current_) {
      error = "cannot write " + current_temp_ + ": " + std::strerror(errno);
      return false;
    }
  }
  if (std::fwrite(data.data(), 1, data.size(), current_) != data.size()) {
    error = "cannot write " + current_temp_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool MirrorSink::finish(std::string& error) {
  if (!current_) return true;
  bool ok = std::fclose(current_) == 0;
  current_ = nullptr;
  if (!ok || std::rename(current_temp_.c_str(), current_path_.c_str()) != 0) {
    error = "cannot write " + current_path_ + ": " + std::strerror(errno);
    std::remove(current_temp_.c_str());
    return false;
  }
  return true;
}

}  // namespace winnow::cli
