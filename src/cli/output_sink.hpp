// Where cleaned pages go: stdout in input order, or a mirrored directory
// tree whose files are written atomically (temporary file, then rename).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "io/record_reader.hpp"

namespace winnow::cli {

// Gives stdout a buffer of its own, fully buffered, unless stdout is a
// terminal (left line-buffered, for whoever reads it). Call before any
// output. stdio sizes stdout's buffer from st_blksize: 4 KiB for a pipe,
// a file or /dev/null, less than one output record, so each record went
// out in a write() of its own.
void buffer_stdout();

class StdoutSink {
 public:
  // False once stdout is closed (EPIPE): the run should end quietly.
  bool write(std::string_view data);
  bool flush();
};

class MirrorSink {
 public:
  // Says which input was written under another name than its own, and why.
  using Note = std::function<void(std::string_view source, std::string_view message)>;
  // `roots` are the input paths as given, to compute relative output paths.
  MirrorSink(std::string directory, std::vector<std::string> roots, std::string extension, Note note = {});
  ~MirrorSink();
  // Appends `data` to the output file of `record.source`; records of one
  // source are consecutive, so a source's file is complete when the next
  // source starts. False with `error` set if the file cannot be written.
  //
  // Each source gets a file of its own. Its path is the source's relative
  // path with the extension replaced; when an earlier source of the run
  // has that path (story.html and story.htm, page.html beside page.txt, one
  // name under two input directories), the source's own extension is kept
  // before the new one (story.htm.txt), and failing that a number is added
  // (story~2.txt), with a note. Inputs come in a fixed order, so the names
  // do too. Before, the later file replaced the earlier: pages lost without
  // a word.
  bool write(const io::Record& record, std::string_view data, std::string& error);
  bool finish(std::string& error);

 private:
  std::string output_path(const std::string& source) const;
  // output_path(source), or the first free name after it, now taken.
  std::string claim_path(const std::string& source);
  std::string directory_;
  std::vector<std::string> roots_;
  std::string extension_;
  Note note_;
  // Hashes of the paths written in this run (a path's 8 bytes, not its
  // text, for runs over millions of files).
  std::unordered_set<std::uint64_t> taken_;
  std::string current_source_, current_path_, current_temp_;
  std::FILE* current_ = nullptr;
};

}  // namespace winnow::cli
