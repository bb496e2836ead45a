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
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

class RulePack {
  struct Compiled;

 public:
  // How a Matcher's patterns are split into RE2 sets; either names the
  // same rule for every text (rule_pack.cpp says why there are two):
  //   split   the rules with a word boundary (\b) in one set, the others
  //           in another: fewer DFA states, the faster on the short
  //           blocks of HTML pages;
  //   single  one set, which reads each text once: the faster on plain
  //           text, whose blocks are whole paragraphs.
  enum class Layout { split, single };

  // The packs built into the library.
  static const RulePack& builtin();

  // Adds the rules of `text`, each parsed as it is added; bad patterns are
  // reported in `errors` ("<pack>:<line>: <message>") and left out.
  void add_pack(std::string_view pack_name, std::string_view text, std::vector<std::string>& errors);
  // Ends the adding. The sets are compiled for each layout by its first
  // Matcher, so that a process compiles only the layouts it matches with.
  void compile();

  // The name of the first rule matching `text`, or empty if none does.
  // Borrows a Matcher for the call: a thread that matches many blocks
  // holds one of its own instead.
  std::string_view match(std::string_view text) const;
  std::size_t size() const { return names_.size(); }

  // The pack's compiled sets, for one thread at a time. RE2 guards a set's
  // DFA cache with a lock that every match takes, so two threads matching
  // through one set pass that lock's cache line back and forth between
  // their cores: at -j 2 up to 4-5% of the run's time, by the hour
  // (docs/performance.md, "The rule sets, one per thread"). A Matcher holds
  // sets that no other Matcher uses while it lives: idle ones of the pack,
  // or new ones compiled from the pack's patterns (milliseconds). They go
  // back to the pack when the Matcher is destroyed, which must be before
  // the pack is.
  class Matcher {
   public:
    Matcher();  // holds nothing: match() always returns empty
    explicit Matcher(const RulePack& pack, Layout layout = Layout::split);
    Matcher(Matcher&& other) noexcept;
    Matcher& operator=(Matcher&& other) noexcept;
    ~Matcher();

    std::string_view match(std::string_view text) const;
    explicit operator bool() const { return pack_ != nullptr; }

   private:
    void give_back();
    const RulePack* pack_ = nullptr;
    std::unique_ptr<Compiled> sets_;
  };

  RulePack();
  ~RulePack();

 private:
  Compiled& pending();  // the sets rules are added to (split), created on first use
  std::unique_ptr<Compiled> compile_copy(Layout layout) const;
  bool ready_ = false;
  std::vector<std::string> names_;
  std::vector<std::string> patterns_;
  // The split sets the rules are added to: parsed, compiled by the first
  // split Matcher, which then owns them (guarded by idle_mutex_ once ready).
  mutable std::unique_ptr<Compiled> compiled_;
  mutable std::mutex idle_mutex_;
  mutable std::vector<std::unique_ptr<Compiled>> idle_[2];  // per Layout: compiled sets no Matcher holds
};

}  // namespace winnow
