// Reads the schema.org article a page declares in JSON-LD: its name,
// headline, author and publication date. Tolerant: malformed JSON, other
// vocabularies and non-article types yield an empty result, never an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct JsonLdArticle {
  bool found = false;   // an article-typed schema.org object was read
  std::string name;
  std::string headline;
  std::string author;   // author names joined with ", "
  std::string date_published;
};

// Reads one <script type="application/ld+json"> text: a top-level object,
// an array of objects, or an object with an "@graph" array. Returns the
// first object whose @type is an article type. Nesting deeper than a small
// limit is not read.
JsonLdArticle read_json_ld(std::string_view json);

// Appends the texts one JSON-LD script declares as the page's own content:
// an article's articleBody, a recipe's ingredients (recipeIngredient, or
// the older "ingredients") and its instructions (strings, HowToStep texts,
// HowToSection lists). They may hold markup and character references, as
// publishers write them. Stops once `out` holds `max_bytes` in all.
void read_declared_texts(std::string_view json, std::vector<std::string>& out, std::size_t max_bytes);

// Share of b's word tokens also found in a, measured in characters of the
// joined tokens (1: every token of b occurs in a). Lower-cased ASCII;
// other bytes compare as they are.
double text_similarity(std::string_view a, std::string_view b);

}  // namespace winnow
