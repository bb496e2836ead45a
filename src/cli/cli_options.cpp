#include "cli/cli_options.hpp"

#include <CLI/CLI.hpp>

#include <thread>

#include "classify/block_model.hpp"

namespace winnow::cli {
namespace {

std::uint64_t parse_size(const std::string& text) {
  std::size_t used = 0;
  double value = std::stod(text, &used);
  std::string unit = text.substr(used);
  double scale = 1;
  if (used == 0 || value < 0) throw std::invalid_argument("not a size: '" + text + "'");
  if (unit == "K" || unit == "k" || unit == "KiB") scale = 1024.0;
  else if (unit == "M" || unit == "MiB") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "GiB") scale = 1024.0 * 1024 * 1024;
  else if (!unit.empty()) throw std::invalid_argument("unknown size unit '" + unit + "'");
  return static_cast<std::uint64_t>(value * scale);
}

}  // namespace

std::optional<CliConfig> parse_command_line(int argc, char** argv, int& exit_code) {
  // `winnow [clean] ...`: clean is the default command.
  std::vector<std::string> args(argv + 1, argv + argc);
  static const std::vector<std::string> kCommands = {"clean", "learn", "merge", "inspect"};
  bool has_command = !args.empty() && std::find(kCommands.begin(), kCommands.end(), args[0]) != kCommands.end();
  bool top_level_flag = !args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "--version");
  if (!has_command && !top_level_flag) args.insert(args.begin(), "clean");

  CliConfig config;
  Options& o = config.batch.options;
  CLI::App app{"winnow: strips boilerplate from web pages and keeps the article.\n"
               "Text repeated across the pages of a site is chrome, whatever HTML it hides in."};
  app.set_version_flag("--version", "winnow " + std::string(kVersion));
  app.require_subcommand(1);
  app.footer("Run 'winnow COMMAND --help' for a command's options. Docs: docs/cli.md");

  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string format = "text", parser = "fast", budget, cache_budget;
  bool no_site_counts = false, no_block_model = false;

  auto add_input_options = [&](CLI::App* cmd) {
    cmd->add_option("inputs", config.batch.inputs, "files, directories (recursive), or - for stdin")
        ->type_name("INPUT...");
    cmd->add_option("-j,--threads", threads, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    cmd->add_option("--site", o.site, "site key for pages with no URL (default: parent directory)");
    cmd->add_option("--parser", parser, "HTML parser: fast or gumbo")->check(CLI::IsMember({"fast", "gumbo"}));
    cmd->add_option("--html-field", config.batch.reader.json_html_field, "JSON Lines field holding HTML");
    cmd->add_option("--text-field", config.batch.reader.json_text_field, "JSON Lines field holding text");
    cmd->add_option("--url-field", config.batch.reader.json_url_field, "JSON Lines field holding the URL");
    cmd->add_option("--id-field", config.batch.reader.json_id_field, "JSON Lines field holding the id");
    cmd->add_option("--max-page-bytes", o.max_page_bytes, "pages larger than this are cut (default 64 MiB)");
    cmd->add_option("--model-budget", budget,
                    "memory budget of the site model, e.g. 1G, 0 for none (default: files 256M, stdin 64M, learn none)");
    cmd->add_option("--min-repeat-pages", o.min_repeat_pages, "repeated chrome: at least this many pages (3)");
    cmd->add_option("--min-repeat-share", o.min_repeat_share, "... and this share of the site's pages (0.15)")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_flag("-q,--quiet", config.quiet, "no notes on stderr, only errors");
  };

  CLI::App* clean = app.add_subcommand("clean", "clean pages (the default command)");
  add_input_options(clean);
  clean->add_option("-o,--output", config.output, "write a mirrored tree of outputs into this directory");
  clean->add_option("--format", format, "text, jsonl, markdown or html")
      ->check(CLI::IsMember({"text", "jsonl", "json", "markdown", "md", "html"}));
  clean->add_flag("--explain", o.explain, "show every block with its label and reason");
  clean->add_option("--model", config.model_path, "clean with this site model (no counting pass)");
  clean->add_flag("--no-site-counts", no_site_counts, "per-page evidence only");
  clean->add_flag("--no-block-model", no_block_model, "the hand rules alone, without the learned block model");
  clean->add_option("--block-model", o.block_model_file, "use this block model file instead of the built-in one");
  clean->add_flag("--dump-block-features", o.dump_block_features,
                  "developer aid: one JSON line per block with its features (training data)");
  clean->add_option("--cache-budget", cache_budget,
                    "memory for pages kept between the two passes, e.g. 256M (default 256M; 0: re-read all)");
  clean->add_option("--window", config.batch.window,
                    "stdin without --model: a page waits until its site has W pages (64)")
      ->check(CLI::Range(1u, 1u << 20));

  CLI::App* learn = app.add_subcommand("learn", "count pages into a site model file");
  add_input_options(learn);
  learn->add_option("-o,--output", config.output, "the model file to write")->required();

  CLI::App* merge = app.add_subcommand("merge", "add several site models into one");
  merge->add_option("models", config.merge_inputs, "model files")->required();
  merge->add_option("-o,--output", config.output, "the model file to write")->required();
  merge->add_option("--model-budget", budget,
                    "memory budget of the merged model, e.g. 256M (default: the inputs' smallest)");

  CLI::App* inspect = app.add_subcommand("inspect", "list a model's sites and their most repeated blocks");
  inspect->add_option("model", config.model_path, "model file")->required();
  inspect->add_option("--site", config.inspect_site, "only this site");
  inspect->add_option("-n,--limit", config.inspect_limit, "blocks per site (20)");

  std::vector<const char*> raw = {argv[0]};
  for (const std::string& a : args) raw.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(raw.size()), const_cast<char**>(raw.data()));
  } catch (const CLI::ParseError& e) {
    // Help and version exit 0; every usage error exits 2, as Unix tools do.
    exit_code = app.exit(e) == 0 ? 0 : 2;
    return std::nullopt;
  }
  if (*learn) config.command = Command::learn;
  if (*merge) config.command = Command::merge;
  if (*inspect) config.command = Command::inspect;

  config.batch.threads = threads;
  if (format == "jsonl" || format == "json") o.format = OutputFormat::jsonl;
  else if (format == "markdown" || format == "md") o.format = OutputFormat::markdown;
  else if (format == "html") o.format = OutputFormat::html;
  o.parser = parser == "gumbo" ? ParserKind::gumbo : ParserKind::fast;
  o.use_site_counts = !no_site_counts;
  o.block_model = !no_block_model;
  if (!o.block_model_file.empty()) {
    BlockModel model;
    std::string error;
    if (!BlockModel::load(o.block_model_file, model, error)) {
      std::fprintf(stderr, "winnow: --block-model: %s\n", error.c_str());
      exit_code = 2;
      return std::nullopt;
    }
  }
  try {
    if (!budget.empty()) config.batch.model_budget_bytes = parse_size(budget);
  } catch (const std::exception&) {
    std::fprintf(stderr, "winnow: --model-budget: not a size: '%s' (examples: 256M, 1G, 500000)\n", budget.c_str());
    exit_code = 2;
    return std::nullopt;
  }
  try {
    if (!cache_budget.empty()) config.batch.cache_budget_bytes = parse_size(cache_budget);
  } catch (const std::exception&) {
    std::fprintf(stderr, "winnow: --cache-budget: not a size: '%s' (examples: 256M, 1G, 0)\n", cache_budget.c_str());
    exit_code = 2;
    return std::nullopt;
  }
  return config;
}

}  // namespace winnow::cli
