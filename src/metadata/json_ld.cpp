#include "metadata/json_ld.hpp"

#include "html/char_refs.hpp"

#include <algorithm>
#include <memory>
#include <vector>

namespace winnow {
namespace {

// A parsed JSON value, only as much as article metadata needs.
struct Value {
  enum class Kind { null, scalar, string, array, object } kind = Kind::null;
  std::string text;               // string contents
  // An object's member names, and its values in `items` at the same
  // places; an array's values in `items`. (Two vectors rather than one of
  // pairs: a pair of a Value inside Value needs the type complete, which
  // std::vector alone does not.)
  std::vector<std::string> keys;
  std::vector<Value> items;

  const Value* get(std::string_view key) const {
    if (kind != Kind::object) return nullptr;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return &items[i];
    }
    return nullptr;
  }
};

// Recursive descent bounded by kMaxDepth: a hostile page cannot exhaust
// the stack.
constexpr int kMaxDepth = 24;

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  bool parse(Value& out) { return value(out, 0); }

 private:
  void space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t'))
      ++pos_;
  }

  bool hex4(std::uint32_t& v) {
    if (pos_ + 4 > s_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'b': case 'f': out.push_back(' '); break;
        case 'u': {
          std::uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= s_.size() && s_[pos_] == '\\' && s_[pos_ + 1] == 'u') {
            pos_ += 2;
            std::uint32_t low;
            if (!hex4(low)) return false;
            if (low >= 0xDC00 && low < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            else cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          html::append_utf8(cp, out);
          break;
        }
        default: out.push_back(e); break;  // \" \\ \/ and anything lenient
      }
    }
    return false;
  }

  bool value(Value& out, int depth) {
    if (depth > kMaxDepth) return false;
    space();
    if (pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '"') {
      out.kind = Value::Kind::string;
      return string(out.text);
    }
    if (c == '{') {
      out.kind = Value::Kind::object;
      ++pos_;
      space();
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      while (true) {
        space();
        if (pos_ >= s_.size() || s_[pos_] != '"') return false;
        std::string key;
        if (!string(key)) return false;
        space();
        if (pos_ >= s_.size() || s_[pos_] != ':') return false;
        ++pos_;
        Value v;
        if (!value(v, depth + 1)) return false;
        out.keys.push_back(std::move(key));
        out.items.push_back(std::move(v));
        space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == '}') {
          ++pos_;
          return true;
        }
        return false;
      }
    }
    if (c == '[') {
      out.kind = Value::Kind::array;
      ++pos_;
      space();
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      while (true) {
        Value v;
        if (!value(v, depth + 1)) return false;
        out.items.push_back(std::move(v));
        space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ']') {
          ++pos_;
          return true;
        }
        return false;
      }
    }
    // Numbers, true, false, null: skipped as an opaque scalar.
    out.kind = Value::Kind::scalar;
    std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ',' && s_[pos_] != '}' && s_[pos_] != ']' && s_[pos_] != ' ' &&
           s_[pos_] != '\n' && s_[pos_] != '\r' && s_[pos_] != '\t')
      ++pos_;
    return pos_ > start;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Schema.org's article family (and postings), as Readability.js matches
// them: a type starting with "Article", or naming one of the others.
bool article_type(const Value* type) {
  if (type == nullptr) return false;
  std::string joined;
  if (type->kind == Value::Kind::string) {
    joined = type->text;
  } else if (type->kind == Value::Kind::array) {
    for (const Value& v : type->items) {
      if (v.kind != Value::Kind::string) continue;
      if (!joined.empty()) joined.push_back(',');
      joined += v.text;
    }
  }
  if (joined.starts_with("Article")) return true;
  static constexpr std::string_view kTypes[] = {
      "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
      "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
      "Report", "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting",
      "BlogPosting", "LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference"};
  for (std::string_view t : kTypes) {
    if (joined.find(t) != std::string::npos) return true;
  }
  return false;
}

bool schema_org_context(const Value& v) {
  const Value* context = v.get("@context");
  if (context == nullptr) return true;  // inside @graph, the context is the parent's
  if (context->kind == Value::Kind::string) return context->text.find("schema.org") != std::string::npos;
  if (context->kind == Value::Kind::object) {
    const Value* vocab = context->get("@vocab");
    return vocab != nullptr && vocab->kind == Value::Kind::string &&
           vocab->text.find("schema.org") != std::string::npos;
  }
  return true;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::string author_names(const Value* author) {
  if (author == nullptr) return {};
  auto name_of = [](const Value& v) -> std::string {
    if (v.kind == Value::Kind::string) return trimmed(v.text);
    const Value* n = v.get("name");
    return n != nullptr && n->kind == Value::Kind::string ? trimmed(n->text) : std::string();
  };
  if (author->kind != Value::Kind::array) return name_of(*author);
  std::string out;
  for (const Value& v : author->items) {
    std::string n = name_of(v);
    if (n.empty()) continue;
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

void fill(const Value& v, JsonLdArticle& out) {
  out.found = true;
  if (const Value* n = v.get("name"); n != nullptr && n->kind == Value::Kind::string) out.name = trimmed(n->text);
  if (const Value* h = v.get("headline"); h != nullptr && h->kind == Value::Kind::string)
    out.headline = trimmed(h->text);
  out.author = author_names(v.get("author"));
  if (const Value* d = v.get("datePublished"); d != nullptr && d->kind == Value::Kind::string)
    out.date_published = trimmed(d->text);
}

bool find_article(const Value& v, JsonLdArticle& out) {
  if (v.kind == Value::Kind::array) {
    for (const Value& item : v.items) {
      if (find_article(item, out)) return true;
    }
    return false;
  }
  if (v.kind != Value::Kind::object || !schema_org_context(v)) return false;
  if (article_type(v.get("@type"))) {
    fill(v, out);
    return true;
  }
  if (const Value* graph = v.get("@graph"); graph != nullptr && graph->kind == Value::Kind::array) {
    for (const Value& item : graph->items) {
      if (item.kind == Value::Kind::object && article_type(item.get("@type"))) {
        fill(item, out);
        return true;
      }
    }
  }
  return false;
}

std::vector<std::string> word_tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char raw : s) {
    unsigned char c = static_cast<unsigned char>(raw);
    bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    if (word) {
      current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::size_t joined_length(const std::vector<std::string>& tokens) {
  std::size_t n = 0;
  for (const std::string& t : tokens) n += t.size();
  return tokens.empty() ? 0 : n + tokens.size() - 1;
}

// Parses one script's JSON; some sites wrap it in a CDATA section or an
// HTML comment.
bool parse_script(std::string_view json, Value& root) {
  while (!json.empty() && (json.front() == ' ' || json.front() == '\n' || json.front() == '\r' || json.front() == '\t'))
    json.remove_prefix(1);
  if (json.starts_with("<![CDATA[")) json.remove_prefix(9);
  else if (json.starts_with("<!--")) json.remove_prefix(4);
  std::size_t start = json.find_first_of("{[");
  if (start == std::string_view::npos) return false;
  Parser parser(json.substr(start));
  return parser.parse(root);
}

class DeclaredTexts {
 public:
  DeclaredTexts(std::vector<std::string>& out, std::size_t max_bytes) : out_(out), left_(max_bytes) {
    for (const std::string& s : out) left_ -= std::min(left_, s.size());
  }

  // The parser bounds the nesting, so this recursion is bounded too.
  void walk(const Value& v) {
    if (v.kind == Value::Kind::array) {
      for (const Value& item : v.items) walk(item);
      return;
    }
    if (v.kind != Value::Kind::object) return;
    for (std::size_t i = 0; i < v.keys.size(); ++i) {
      const std::string& key = v.keys[i];
      const Value& value = v.items[i];
      if (key == "articleBody") {
        if (value.kind == Value::Kind::string) add(value.text);
      } else if (key == "recipeIngredient" || key == "ingredients") {
        strings(value);
      } else if (key == "recipeInstructions") {
        steps(value);
      } else {
        walk(value);
      }
    }
  }

 private:
  void add(const std::string& text) {
    if (text.empty() || left_ == 0) return;
    // Cut at a character's start: the text stays valid UTF-8.
    std::size_t size = std::min(left_, text.size());
    while (size < text.size() && size > 0 && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
    out_.push_back(text.substr(0, size));
    left_ = size == text.size() ? left_ - size : 0;
  }
  void strings(const Value& v) {
    if (v.kind == Value::Kind::string) add(v.text);
    if (v.kind == Value::Kind::array) {
      for (const Value& item : v.items) {
        if (item.kind == Value::Kind::string) add(item.text);
      }
    }
  }
  // A string, HowToStep objects ("text"), HowToSection objects
  // ("itemListElement"), or arrays of them.
  void steps(const Value& v) {
    if (v.kind == Value::Kind::string) {
      add(v.text);
    } else if (v.kind == Value::Kind::array) {
      for (const Value& item : v.items) steps(item);
    } else if (v.kind == Value::Kind::object) {
      if (const Value* t = v.get("text"); t != nullptr && t->kind == Value::Kind::string) add(t->text);
      if (const Value* list = v.get("itemListElement")) steps(*list);
    }
  }

  std::vector<std::string>& out_;
  std::size_t left_;
};

}  // namespace

JsonLdArticle read_json_ld(std::string_view json) {
  JsonLdArticle out;
  Value root;
  if (parse_script(json, root)) find_article(root, out);
  return out;
}

void read_declared_texts(std::string_view json, std::vector<std::string>& out, std::size_t max_bytes) {
  Value root;
  if (parse_script(json, root)) DeclaredTexts(out, max_bytes).walk(root);
}

double text_similarity(std::string_view a, std::string_view b) {
  std::vector<std::string> ta = word_tokens(a), tb = word_tokens(b);
  if (ta.empty() || tb.empty()) return 0.0;
  std::sort(ta.begin(), ta.end());
  std::vector<std::string> unique_b;
  for (const std::string& t : tb) {
    if (!std::binary_search(ta.begin(), ta.end(), t)) unique_b.push_back(t);
  }
  const double distance = static_cast<double>(joined_length(unique_b)) / static_cast<double>(joined_length(tb));
  return 1.0 - distance;
}

}  // namespace winnow
