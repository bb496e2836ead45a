// Section 8: text a page declares as its own in schema.org JSON-LD.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "classify/declared_text.hpp"
#include "metadata/json_ld.hpp"
#include "winnow/winnow.hpp"

using namespace winnow;

namespace {
std::vector<std::string> declared(std::string_view json, std::size_t max_bytes = 1 << 20) {
  std::vector<std::string> out;
  read_declared_texts(json, out, max_bytes);
  return out;
}

std::string reason_of(const CleanResult& r, std::string_view text) {
  for (const BlockResult& b : r.blocks) {
    if (b.text == text) return (b.label == Label::chrome ? "chrome: " : "content: ") + std::string(b.reason);
  }
  return "missing";
}
}  // namespace

TEST_CASE("JSON-LD: article bodies, ingredients and steps in every shape are read") {
  CHECK(declared(R"({"@context":"https://schema.org","@type":"NewsArticle","articleBody":"The body."})") ==
        std::vector<std::string>{"The body."});
  CHECK(declared(R"({"@graph":[{"@type":"WebPage"},{"@type":"Recipe","recipeIngredient":["2 eggs","1 cup flour"],
      "recipeInstructions":[{"@type":"HowToSection","itemListElement":[{"@type":"HowToStep","text":"Beat the eggs."}]},
      {"@type":"HowToStep","text":"Fold in the flour."},"Bake."]}]})") ==
        std::vector<std::string>{"2 eggs", "1 cup flour", "Beat the eggs.", "Fold in the flour.", "Bake."});
  CHECK(declared(R"([{"ingredients":"salt"},{"recipeInstructions":"Stir."}])") ==
        std::vector<std::string>{"salt", "Stir."});
  // Names, descriptions and other strings are not the page's text.
  CHECK(declared(R"({"@type":"Article","headline":"H","description":"D","name":"N"})").empty());
  // Malformed JSON declares nothing; the byte budget caps what is read.
  CHECK(declared(R"({"articleBody":"unterminated)").empty());
  CHECK(declared(R"({"recipeIngredient":["abcdef","ghijkl"]})", 8) == std::vector<std::string>{"abcdef", "gh"});
  // A cut never splits a character: "é" is two bytes.
  CHECK(declared(R"({"recipeIngredient":["abcdef","géhijk"]})", 8) == std::vector<std::string>{"abcdef", "g"});
}

TEST_CASE("declared text: whole texts match by tokens, longer blocks by every window") {
  DeclaredText d;
  const std::vector<std::string> scripts = {
      R"({"@type":"Recipe","recipeIngredient":["250 g Mehl","Salz"],)"
      R"("recipeInstructions":[{"@type":"HowToStep","text":"<p>Mehl und Salz&nbsp;mischen, dann 10 Minuten ruhen lassen.</p>"}]})"};
  REQUIRE(d.read(scripts));
  CHECK(d.declares("250 g Mehl", 10));
  CHECK(d.declares("300 g mehl", 10));  // digits alike, case folded: the same tokens
  CHECK(d.declares("Salz", 4));
  CHECK_FALSE(d.declares("Zucker", 6));
  CHECK(d.declares("Mehl und Salz mischen, dann 10 Minuten", 38));    // a part of a step
  CHECK_FALSE(d.declares("Mehl und Salz mischen, dann kühlen", 34));  // a window is not declared
  CHECK_FALSE(d.declares("mischen dann", 12));                         // short: only whole texts match
  DeclaredText none;
  CHECK_FALSE(none.read(std::vector<std::string>{R"({"@type":"Article","headline":"H"})"}));
  CHECK_FALSE(none.declares("anything at all here, long enough to count", 41));
}

TEST_CASE("a recipe's declared ingredients are content outside the method's container") {
  std::string para = "Stir the butter and the sugar until pale, then add the eggs one at a time and beat well. ";
  std::string html =
      "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Recipe\","
      "\"recipeIngredient\":[\"200 g butter\",\"180 g sugar\",\"4 eggs\"]}</script></head><body>"
      "<nav><a href=/a>Home</a> <a href=/b>Recipes</a></nav>"
      "<div class=sidebar-box><ul><li>200 g butter</li><li>180 g sugar</li><li>4 eggs</li></ul></div>"
      "<div class=method><p>" + para + para + "</p><p>" + para + para + "</p></div>"
      "<div class=sidebar-box><ul><li>Our newest cakes</li></ul></div></body></html>";
  for (bool model : {false, true}) {
    Options o;
    o.block_model = model;
    Cleaner cleaner(o);
    const CleanResult& r = cleaner.clean(PageInput{.id = "p", .body = html}, nullptr);
    CHECK(reason_of(r, "200 g butter").starts_with("content: declared in structured data over: "));
    CHECK(reason_of(r, "4 eggs").starts_with("content: declared in structured data over: "));
    CHECK(reason_of(r, "Our newest cakes").starts_with("chrome: "));
  }
}
