#include <doctest/doctest.h>

#include "classify/rule_pack.hpp"

using namespace winnow;

TEST_CASE("rule pack: edge-of-article phrases in several languages") {
  const RulePack& rules = RulePack::builtin();
  CHECK(rules.match("War der Artikel nützlich?") == "rate-article");
  CHECK(rules.match("Was this article helpful?") == "rate-article");
  CHECK(rules.match("Czy ten artykuł był pomocny?") == "rate-article");
  CHECK(rules.match("Rezept drucken") == "print-link");
  CHECK(rules.match("Drukuj") == "print-link");
  CHECK(rules.match("Kommentare schreiben") == "comment-prompt");
  CHECK(rules.match("Laisser un commentaire") == "comment-prompt");
  CHECK(rules.match("Über den Autor") == "author-box");
  CHECK(rules.match("Об авторе") == "author-box");
  CHECK(rules.match("Foto: ATON") == "photo-credit");
  CHECK(rules.match("© Hermann Bredehorst") == "photo-credit");
  CHECK(rules.match("Das könnte Sie auch interessieren:") == "related-heading");
  CHECK(rules.match("Похожие статьи") == "related-heading");
}

TEST_CASE("rule pack: prose that mentions the same words is left alone") {
  const RulePack& rules = RulePack::builtin();
  CHECK(rules.match("Der Fotograf druckte seine Bilder selbst, weil ihm die Farben wichtig waren.").empty());
  CHECK(rules.match("The author wrote about printing presses in the nineteenth century.").empty());
  CHECK(rules.match("Foto: Die Stadt hat im Sommer beschlossen, den Platz neu zu gestalten. Das kostet viel.").empty());
}

// The closing phrases must end where a word ends: a letter of the phrase's
// own scripts (Latin with its accents, Greek, Cyrillic) may not follow.
TEST_CASE("rule pack: a closing phrase ends at a word's end") {
  const RulePack& rules = RulePack::builtin();
  CHECK(rules.match("Kommentieren") == "comment-prompt");
  CHECK(rules.match("Kommentieren (12)") == "comment-prompt");
  CHECK(rules.match("Kommentierende Stimmen aus der Opposition").empty());
  CHECK(rules.match("Comentario sobre la reforma").empty());
  CHECK(rules.match("Оцените статью") == "rate-article");
  CHECK(rules.match("Оцените статью!") == "rate-article");
  CHECK(rules.match("Оцените материалы").empty());
  CHECK(rules.match("Ähnliche Artikel") == "related-heading");
  CHECK(rules.match("Ähnliche Artikelserien").empty());
}
