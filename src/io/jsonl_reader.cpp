#include "io/jsonl_reader.hpp"

#include <simdjson.h>

namespace winnow::io {

namespace {

using simdjson::ondemand::json_type;

// The key as written between its quotes (escapes kept), found from the
// position simdjson reports just after the opening quote.
std::string_view raw_key_text(const char* start, const char* limit) {
  const char* p = start;
  while (p < limit && *p != '"') p += (*p == '\\' && p + 1 < limit) ? 2 : 1;
  return std::string_view(start, static_cast<std::size_t>(p - start));
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}


// Checks that the document holds one object and nothing after it (this
// simdjson version has no document::at_end()), then rewinds for iteration.
bool only_one_object(simdjson::ondemand::document& doc, std::string_view text) {
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return false;
  std::string_view raw;
  if (obj.raw_json().get(raw)) return false;
  const char* end = text.data() + text.size();
  for (const char* p = raw.data() + raw.size(); p < end; ++p)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') return false;
  doc.rewind();
  return true;
}

simdjson::error_code check_scalar(simdjson::ondemand::value& value, json_type type) {
  switch (type) {
    case json_type::string: {
      std::string_view s;
      return value.get_string().get(s);
    }
    case json_type::number: {
      simdjson::ondemand::number n;
      return value.get_number().get(n);
    }
    case json_type::boolean: {
      bool b;
      return value.get_bool().get(b);
    }
    case json_type::null: {
      bool is_null = false;
      auto err = value.is_null().get(is_null);
      return err ? err : (is_null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE);
    }
    default:
      return simdjson::SUCCESS;
  }
}

std::string line_id(const JsonLineContext& context, std::uint64_t line_no) {
  return context.name + "#" + std::to_string(line_no);
}

std::string line_message(const JsonLineContext& context, std::uint64_t line_no, std::string_view message) {
  return "line " + std::to_string(line_no) + " of " + context.name + ": " + std::string(message);
}

// Empties every field of a record but its body and its source (which the
// input set names), keeping the strings' room.
void clear_fields(Record& record) {
  record.id.clear();
  record.url.clear();
  record.charset.clear();
  record.kind = ContentKind::unknown;
  record.fallback_site.clear();
  record.passthrough_json.clear();
  record.rest.close();
  record.json = PendingJson{};
  record.http = PendingHttp{};
}

// Parses line `line_no` of an input into `record`, whose fields it sets
// (all but Record::source). The line's size is its length; its room is
// grown for simdjson, which reads up to SIMDJSON_PADDING bytes past the end.
// False, with `message`, if the line is not a record.
bool parse_line(simdjson::ondemand::parser& parser, std::string& line, const JsonLineContext& context,
                std::uint64_t line_no, Record& record, std::string& message) {
  auto fail = [&](std::string_view why) {
    message.assign(why);
    return false;
  };
  const std::size_t len = line.size();
  line.reserve(len + simdjson::SIMDJSON_PADDING);
  simdjson::padded_string_view view(line.data(), len, line.capacity());
  simdjson::ondemand::document doc;
  if (auto err = parser.iterate(view).get(doc)) return fail(simdjson::error_message(err));
  simdjson::ondemand::json_type top;
  if (auto err = doc.type().get(top)) return fail(simdjson::error_message(err));
  if (top != json_type::object) return fail("not a JSON object");
  if (!only_one_object(doc, std::string_view(line.data(), len)))
    return fail("malformed JSON object or content after it");
  simdjson::ondemand::object obj;
  if (auto err = doc.get_object().get(obj)) return fail(simdjson::error_message(err));

  clear_fields(record);
  record.body.clear();
  bool have_html = false, have_text = false;
  std::string text_body;
  const char* end = line.data() + len;
  for (auto field_result : obj) {
    simdjson::ondemand::field field;
    if (auto err = std::move(field_result).get(field)) return fail(simdjson::error_message(err));
    std::string_view key = raw_key_text(field.key().raw(), end);
    simdjson::ondemand::value value = field.value();
    json_type type;
    if (auto err = value.type().get(type)) return fail(simdjson::error_message(err));
    bool plain_key = key.find('\\') == std::string_view::npos;

    auto get_string = [&](std::string& out, const std::string& what) -> bool {
      std::string_view sv;
      if (value.get_string().get(sv)) {
        message = "field \"" + what + "\" is not a string";
        return false;
      }
      out.assign(sv);
      return true;
    };

    if (plain_key && key == context.html_field && type != json_type::null) {
      if (!get_string(record.body, context.html_field)) return false;
      have_html = true;
    } else if (plain_key && key == context.text_field && type != json_type::null) {
      if (!get_string(text_body, context.text_field)) return false;
      have_text = true;
    } else if (plain_key && key == context.url_field && type == json_type::string) {
      if (!get_string(record.url, context.url_field)) return false;
    } else if (plain_key && key == context.id_field &&
               (type == json_type::string || type == json_type::number)) {
      if (type == json_type::string) {
        if (!get_string(record.id, context.id_field)) return false;
      } else {
        std::string_view tok = trim_right(value.raw_json_token());
        record.id.assign(tok);
      }
    } else {
      std::string_view raw;
      if (type == json_type::object) {
        simdjson::ondemand::object o;
        if (auto err = value.get_object().get(o)) return fail(simdjson::error_message(err));
        if (auto err = o.raw_json().get(raw)) return fail(simdjson::error_message(err));
      } else if (type == json_type::array) {
        simdjson::ondemand::array a;
        if (auto err = value.get_array().get(a)) return fail(simdjson::error_message(err));
        if (auto err = a.raw_json().get(raw)) return fail(simdjson::error_message(err));
      } else {
        // Scalars are checked by reading them, so a malformed literal is
        // reported rather than copied through.
        raw = value.raw_json_token();
        if (auto err = check_scalar(value, type)) return fail(simdjson::error_message(err));
      }
      if (!record.passthrough_json.empty()) record.passthrough_json.push_back(',');
      record.passthrough_json.push_back('"');
      record.passthrough_json.append(key);
      record.passthrough_json.append("\":");
      record.passthrough_json.append(trim_right(raw));
    }
  }
  if (!have_html && !have_text)
    return fail("no \"" + context.html_field + "\" or \"" + context.text_field + "\" field");
  if (have_html) {
    record.kind = ContentKind::html;
  } else {
    record.kind = ContentKind::text;
    record.body = std::move(text_body);
  }
  if (record.id.empty()) record.id = line_id(context, line_no);
  return true;
}

std::shared_ptr<const JsonLineContext> make_context(const StreamInfo& info, const ReaderOptions& options) {
  auto context = std::make_shared<JsonLineContext>();
  context->name = info.name;
  context->html_field = options.json_html_field;
  context->text_field = options.json_text_field;
  context->url_field = options.json_url_field;
  context->id_field = options.json_id_field;
  return context;
}

class JsonlReader final : public RecordReader {
 public:
  JsonlReader(std::unique_ptr<StreamBuffer> in, StreamInfo info, const ReaderOptions& options)
      : in_(std::move(in)), context_(make_context(info, options)), opt_(options) {}

  const ReadStats& stats() const override { return stats_; }

  Status next(Record& record, RecordError& error) override {
    for (;;) {
      if (done_) return kEnd;
      bool too_long = false;
      std::size_t max = static_cast<std::size_t>(std::min<std::uint64_t>(opt_.max_record_bytes, SIZE_MAX / 2));
      if (!in_->read_line(line_, max, too_long)) {
        done_ = true;
        if (in_->source_state() == ByteSource::State::broken) {
          ++stats_.failed;
          error.id = line_id(*context_, line_no_ + 1);
          error.message = in_->source_error();
          return kError;
        }
        return kEnd;
      }
      ++line_no_;
      if (too_long) {
        return fail(error, "line longer than the limit of " + std::to_string(opt_.max_record_bytes) +
                               " bytes (max_record_bytes); skipped");
      }
      bool blank = true;
      for (char c : line_)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          blank = false;
          break;
        }
      if (blank) continue;
      // A last line cut short by damaged compression is not a record.
      if (line_.back() != '\n' && in_->source_state() == ByteSource::State::broken) {
        done_ = true;
        return fail(error, in_->source_error());
      }
      if (opt_.defer_json_parse) return defer(record);
      record = Record{};
      if (!parse_line(parser_, line_, *context_, line_no_, record, error_text_)) return fail(error, error_text_);
      ++stats_.records;
      return kRecord;
    }
  }

 private:
  Status fail(RecordError& error, std::string_view message) {
    ++stats_.failed;
    error.id = line_id(*context_, line_no_);
    error.message = line_message(*context_, line_no_, message);
    return kError;
  }

  // Hands the line out in the record's body; the record's old body room
  // becomes the room for the next line.
  Status defer(Record& record) {
    record.body.swap(line_);
    clear_fields(record);
    record.id = line_id(*context_, line_no_);
    record.json = PendingJson{context_, line_no_};
    ++stats_.records;
    return kRecord;
  }

  std::unique_ptr<StreamBuffer> in_;
  std::shared_ptr<const JsonLineContext> context_;
  ReaderOptions opt_;
  ReadStats stats_;
  simdjson::ondemand::parser parser_;
  std::string line_;
  std::string error_text_;
  std::uint64_t line_no_ = 0;
  bool done_ = false;
};

}  // namespace

namespace {
constexpr std::size_t kKeptRoom = 256u << 10;        // a line's room a thread keeps between lines
constexpr std::size_t kKeptParserRoom = 4u << 20;    // the longest line a thread's parser stays sized for
}  // namespace

bool parse_pending_json(Record& record, RecordError& error) {
  // Each thread parses with a parser and line room of its own.
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string line;
  thread_local std::string message;
  const std::shared_ptr<const JsonLineContext> context = std::move(record.json.context);
  const std::uint64_t line_no = record.json.line;
  record.json = PendingJson{};
  line.swap(record.body);
  const bool parsed = parse_line(parser, line, *context, line_no, record, message);
  // The room of a line far longer than most is given back, as the pools'
  // items give back theirs: a thread keeps it for the whole run otherwise.
  if (line.capacity() > kKeptRoom) std::string().swap(line);
  if (parser.capacity() > kKeptParserRoom) parser = simdjson::ondemand::parser{};
  if (parsed) return true;
  record.body.clear();
  error.id = line_id(*context, line_no);
  error.message = line_message(*context, line_no, message);
  return false;
}

std::unique_ptr<RecordReader> make_jsonl_reader(std::unique_ptr<StreamBuffer> in, StreamInfo info,
                                                const ReaderOptions& options) {
  return std::make_unique<JsonlReader>(std::move(in), std::move(info), options);
}

bool is_json_object_line(std::string_view line) {
  simdjson::padded_string padded(line);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return false;
  if (!only_one_object(doc, std::string_view(padded.data(), padded.size()))) return false;
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return false;
  // Walk every member so a malformed tail is noticed.
  for (auto field : obj) {
    simdjson::ondemand::raw_json_string key;
    if (field.key().get(key)) return false;
    simdjson::ondemand::value v = field.value();
    simdjson::ondemand::json_type t;
    if (v.type().get(t)) return false;
    if (t == simdjson::ondemand::json_type::object) {
      simdjson::ondemand::object o;
      if (v.get_object().get(o) || o.raw_json().error()) return false;
    } else if (t == simdjson::ondemand::json_type::array) {
      simdjson::ondemand::array a;
      if (v.get_array().get(a) || a.raw_json().error()) return false;
    }
  }
  return true;
}

}  // namespace winnow::io
