// Command-line flags -> a validated configuration (the only place raw flag
// values are interpreted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/batch.hpp"

namespace winnow::cli {

enum class Command { clean, learn, merge, inspect };

struct CliConfig {
  Command command = Command::clean;
  BatchConfig batch;
  std::string output;        // -o: clean: a directory (mirrored tree); learn/merge: the model file
  std::string model_path;    // --model (clean) / the model to inspect
  std::string inspect_site;  // inspect --site
  std::size_t inspect_limit = 20;
  std::vector<std::string> merge_inputs;
  bool quiet = false;
};

// Parses argv. On --help/--version prints and returns an exit code in
// `exit_code`; on a usage error prints it to stderr and sets exit_code 2.
std::optional<CliConfig> parse_command_line(int argc, char** argv, int& exit_code);

}  // namespace winnow::cli
