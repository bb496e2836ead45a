// Chrome phrases as data: every rule of every pack in rules/*.rules compiled
// once into two RE2::Sets (rule_pack.cpp says why), matched against short
// blocks.
//
// File format: one rule per line, `name: pattern` (RE2 syntax, matched
// against the block text lower-cased, anywhere unless anchored: a pattern
// is written in lower case, and one with an upper-case letter outside its
// escapes is refused); `#` starts a comment line. Rules are numbered in file order, packs in
// name order; the first matching rule names the reason.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

class RulePack {
 public:
  // The packs built into the library.
  static const RulePack& builtin();

  // Compiles rules from `text`; bad patterns are reported in `errors`
  // ("<pack>:<line>: <message>") and left out.
  void add_pack(std::string_view pack_name, std::string_view text, std::vector<std::string>& errors);
  void compile();

  // The name of the first rule matching `text`, or empty if none does.
  std::string_view match(std::string_view text) const;
  std::size_t size() const { return names_.size(); }

  RulePack();
  ~RulePack();

 private:
  struct Compiled;
  Compiled& pending();  // the set rules are added to, created on first use
  bool ready_ = false;
  std::vector<std::string> names_;
  std::vector<std::string> patterns_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace winnow
