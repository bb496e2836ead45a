// Where cleaned pages go: stdout in input order, or a mirrored directory
// tree whose files are written atomically (temporary file, then rename).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
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
  // `roots` are the input paths as given, to compute relative output paths.
  MirrorSink(std::string directory, std::vector<std::string> roots, std::string extension);
  ~MirrorSink();
  // Appends `data` to the output file of `record.source`; records of one
  // source are consecutive, so a source's file is complete when the next
  // source starts. False with `error` set if the file cannot be written.
  bool write(const io::Record& record, std::string_view data, std::string& error);
  bool finish(std::string& error);

 private:
  std::string output_path(const std::string& source) const;
  std::string directory_;
  std::vector<std::string> roots_;
  std::string extension_;
  std::string current_source_, current_path_, current_temp_;
  std::FILE* current_ = nullptr;
};

}  // namespace winnow::cli
