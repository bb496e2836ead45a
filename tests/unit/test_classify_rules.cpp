#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

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
  CHECK(rules.match("Foto: Archiv der Stadtwerke Nordhafen, Sammlung Hafenbahn, Abteilung Luftbilder und Pläne") ==
        "photo-credit");  // a long credit without a sentence's end
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

TEST_CASE("rule pack: memberships, attachments, image viewers and server notices") {
  const RulePack& rules = RulePack::builtin();
  CHECK(rules.match("Become a member and read without limits") == "member-appeal");
  CHECK(rules.match("HAZTE SOCIO Y RECIBE LA REVISTA") == "member-appeal");
  CHECK(rules.match("Zapraszamy również do subskrypcji naszego kanału") == "newsletter");
  CHECK(rules.match("Diesen Bericht als PDF herunterladen") == "file-download");
  CHECK(rules.match("Jahresbericht 2023PDF | 1,2 MB | barrierefrei") == "file-download");
  CHECK(rules.match("Die Karte der Wanderwege. Zum Vergrößern anklicken.") == "image-viewer");
  CHECK(rules.match("Click to enlarge") == "image-viewer");
  CHECK(rules.match("Warning: Cannot modify header information in /var/www/site/index.php on line 12") ==
        "server-notice");
  CHECK(rules.match("Spis treści") == "toc-heading");
  CHECK(rules.match("Table of contents:") == "toc-heading");
  CHECK(rules.match("Voir aussi :") == "related-heading");
  CHECK(rules.match("Seite 2 von 3") == "pagination");
  CHECK(rules.match("Page 1 / 4") == "pagination");
  CHECK(rules.match("(Article continues below)") == "continues-below");
  CHECK(rules.match("Angaben ohne Gewähr") == "disclaimer");
  CHECK(rules.match("Informujemy, że korzystamy z plików cookies.") == "cookie-notice");
  CHECK(rules.match("ANZEIGE | Jetzt bestellen und sparen") == "advertisement");
  CHECK(rules.match("Advertising") == "advertisement");
  CHECK(rules.match("Enviá tu comentario") == "comment-prompt");
  CHECK(rules.match("Instagram: @stadtgarten_koeln") == "follow-us");
  CHECK(rules.match("For more election news, follow @cityhallreporter") == "follow-us");
  CHECK(rules.match("Email address:") == "form-label");
  CHECK(rules.match("Name*") == "form-label");
  CHECK(rules.match("Mot de passe") == "form-label");
}

TEST_CASE("rule pack: credits inside a caption") {
  const RulePack& rules = RulePack::builtin();
  CHECK(rules.match("Titelbild: Hafen von Hamburg im Nebel") == "photo-credit");
  CHECK(rules.match("Featured image via Unsplash.") == "photo-credit");
  CHECK(rules.match("Die neue Brücke bei Nacht. (Foto: Stadtwerke)") == "photo-credit");
  CHECK(rules.match("Der Trainer nach dem Spiel. © AFP / ANNA MEIER") == "photo-credit");
  CHECK(rules.match("Blick über das Tal | © Hans Huber/Getty Images") == "photo-credit");
}

TEST_CASE("rule pack: the same words in an article's own sentences") {
  const RulePack& rules = RulePack::builtin();
  // Memberships and PDFs talked about, not offered.
  CHECK(rules.match("She decided to become a nurse after the war.").empty());
  CHECK(rules.match("Der Bericht liegt als PDF vor und umfasst 40 Seiten.").empty());
  CHECK(rules.match("The page count matters: page 12 of the report lists the sources.").empty());
  // A parenthesis with a colon that does not close the block.
  CHECK(rules.match("Die Stadt (Quelle: Rathaus) plant einen Neubau am Hafen.").empty());
  // A table of contents mentioned in a sentence; a heading that only starts alike.
  CHECK(rules.match("Ein Blick in das Inhaltsverzeichnis zeigt neun Kapitel.").empty());
  CHECK(rules.match("Inhaltsverzeichnisse alter Bücher").empty());
  // A warning that is not a server's.
  CHECK(rules.match("Warning: the road is closed until Monday.").empty());
  // A handle in a sentence, and a name that begins a paragraph.
  CHECK(rules.match("The account @cityhall posted the schedule on Monday.").empty());
  CHECK(rules.match("Name changes are common after a merger.").empty());
  // A photo and its maker named in a sentence, not credited.
  CHECK(rules.match("Ein Foto von Maria Schulz aus dem Jahr 1990 zeigt den Platz.").empty());
  CHECK(rules.match("Reuters reported the figures on Monday, citing two officials.").empty());
}

// Patterns are matched against the block's text lower-cased, so a pack is
// written in lower case; an upper-case letter would never match and is
// refused. Escapes that name classes or code points are not letters.
TEST_CASE("rule pack: upper and lower case alike, patterns in lower case") {
  RulePack pack;
  std::vector<std::string> errors;
  pack.add_pack("test",
                "f: ^(ⱥ)+!$\na: über uns\nb: Contact\nc: \\bstraße\\B\nd: [^a-z\\x{C0}-\\x{D6}\\p{Lu}]$\n"
                "e: \\PLend\\x2E\\x2ex\n",
                errors);
  pack.compile();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "test:3: an upper-case letter: patterns are matched against lower-cased text");
  CHECK(pack.size() == 5);
  // Upper-case letters before, across and after the 16-byte steps of the
  // ASCII path; and a letter whose lower case is a byte longer (Ⱥ, two
  // bytes, to ⱥ, three), many times over.
  for (std::size_t lead = 0; lead < 20; ++lead) {
    CAPTURE(lead);
    CHECK(pack.match(std::string(lead, 'X') + "ÜBER UNS") == "a");
  }
  std::string grows;
  for (int i = 0; i < 40; ++i) grows += "Ⱥ";
  CHECK(pack.match(grows + "!") == "f");
  CHECK(pack.match("ÜBER UNS") == "a");
  CHECK(pack.match("Über uns") == "a");
  CHECK(pack.match("STRASSE").empty());  // lower-casing is one code point for one
  CHECK(pack.match("STRAẞEN") == "c");
  CHECK(pack.match("1END..X") == "e");
  CHECK(pack.match("Contact").empty());
  // The built-in pack, in any case.
  CHECK(RulePack::builtin().match("WAS THIS ARTICLE HELPFUL?") == "rate-article");
  CHECK(RulePack::builtin().match("ОЦЕНИТЕ СТАТЬЮ") == "rate-article");
}

// Each thread matches through sets of its own (RulePack::Matcher): sets
// compiled again from the pack's patterns name the same rules, from any
// number of threads at once, and sets given back are used again.
TEST_CASE("rule pack: matchers, one per thread, agree with the pack") {
  RulePack pack;
  std::vector<std::string> errors;
  pack.add_pack("test", "plain: subscribe now\nbounded: \\bcookies?\\b\nlater: all rights reserved\nboth: \\bads\\b\n",
                errors);
  REQUIRE(errors.empty());
  CHECK(RulePack::Matcher().match("subscribe now").empty());  // a matcher of no pack
  pack.compile();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Subscribe now for 1 euro", "plain"},  {"We use COOKIES here", "bounded"}, {"Cookiesandcream", ""},
      {"All rights reserved. Subscribe now", "plain"}, {"No ads, all rights reserved", "later"},
      {"Reading about the roads", ""},        {"", ""}};
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {  // the first may take the pack's own sets; the others compile theirs
    threads.emplace_back([&, t] {
      // Two threads lay the sets out for HTML, two for plain text.
      const RulePack::Matcher matcher(pack, t % 2 ? RulePack::Layout::single : RulePack::Layout::split);
      for (int round = 0; round < 200; ++round)
        for (const auto& [text, rule] : cases) wrong[static_cast<std::size_t>(t)] += matcher.match(text) != rule;
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(wrong == std::vector<int>(4, 0));
  // The sets are given back: a matcher after them, and the pack itself, agree.
  RulePack::Matcher again(pack);
  for (const auto& [text, rule] : cases) {
    CAPTURE(text);
    CHECK(again.match(text) == rule);
    CHECK(pack.match(text) == rule);
  }
  RulePack::Matcher moved = std::move(again);
  CHECK(moved.match("subscribe now") == "plain");
}

// The built-in pack laid out in one set names the same rule as in two, for
// phrases of both kinds of rule (with a word boundary and without) and for
// prose that matches none.
TEST_CASE("rule pack: one set and two name the same rule") {
  const RulePack::Matcher split(RulePack::builtin(), RulePack::Layout::split);
  const RulePack::Matcher single(RulePack::builtin(), RulePack::Layout::single);
  const std::vector<std::string> texts = {
      "Subscribe to our newsletter for the latest updates",
      "This website uses cookies to improve your experience. Accept all",
      "© 2024 Harbor Times. All rights reserved.",
      "Share this article",
      "Read more »",
      "Follow us on Twitter",
      "Download the app for free",
      "Your support helps us to tell the story",
      "Wir verwenden Cookies, um Inhalte zu personalisieren",
      "Читайте также",
      "The council met on Tuesday to discuss the harbour budget for next year.",
      "Advertisement",
      "",
  };
  int matched = 0;
  for (const std::string& text : texts) {
    CAPTURE(text);
    const std::string_view rule = split.match(text);
    CHECK(single.match(text) == rule);
    matched += !rule.empty();
  }
  CHECK(matched >= 10);
}
