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

class JsonlReader final : public RecordReader {
 public:
  JsonlReader(std::unique_ptr<StreamBuffer> in, StreamInfo info, const ReaderOptions& options)
      : in_(std::move(in)), info_(std::move(info)), opt_(options) {}

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
          error.id = info_.name + "#" + std::to_string(line_no_ + 1);
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
      return parse(record, error);
    }
  }

 private:
  Status fail(RecordError& error, std::string message) {
    ++stats_.failed;
    error.id = info_.name + "#" + std::to_string(line_no_);
    error.message = "line " + std::to_string(line_no_) + " of " + info_.name + ": " + std::move(message);
    return kError;
  }

  Status parse(Record& record, RecordError& error) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end.
    std::size_t len = line_.size();
    line_.reserve(len + simdjson::SIMDJSON_PADDING);
    simdjson::padded_string_view view(line_.data(), len, line_.capacity());
    simdjson::ondemand::document doc;
    if (auto err = parser_.iterate(view).get(doc)) return fail(error, simdjson::error_message(err));
    simdjson::ondemand::json_type top;
    if (auto err = doc.type().get(top)) return fail(error, simdjson::error_message(err));
    if (top != json_type::object) return fail(error, "not a JSON object");
    if (!only_one_object(doc, std::string_view(line_.data(), len)))
      return fail(error, "malformed JSON object or content after it");
    simdjson::ondemand::object obj;
    if (auto err = doc.get_object().get(obj)) return fail(error, simdjson::error_message(err));

    record = Record{};
    bool have_html = false, have_text = false;
    std::string text_body;
    const char* end = line_.data() + len;
    for (auto field_result : obj) {
      simdjson::ondemand::field field;
      if (auto err = std::move(field_result).get(field)) return fail(error, simdjson::error_message(err));
      std::string_view key = raw_key_text(field.key().raw(), end);
      simdjson::ondemand::value value = field.value();
      json_type type;
      if (auto err = value.type().get(type)) return fail(error, simdjson::error_message(err));
      bool plain_key = key.find('\\') == std::string_view::npos;

      auto get_string = [&](std::string& out, const char* what) -> bool {
        std::string_view sv;
        if (value.get_string().get(sv)) {
          error_text_ = std::string("field \"") + what + "\" is not a string";
          return false;
        }
        out.assign(sv);
        return true;
      };

      if (plain_key && key == opt_.json_html_field && type != json_type::null) {
        if (!get_string(record.body, opt_.json_html_field.c_str())) return fail(error, error_text_);
        have_html = true;
      } else if (plain_key && key == opt_.json_text_field && type != json_type::null) {
        if (!get_string(text_body, opt_.json_text_field.c_str())) return fail(error, error_text_);
        have_text = true;
      } else if (plain_key && key == opt_.json_url_field && type == json_type::string) {
        if (!get_string(record.url, opt_.json_url_field.c_str())) return fail(error, error_text_);
      } else if (plain_key && key == opt_.json_id_field &&
                 (type == json_type::string || type == json_type::number)) {
        if (type == json_type::string) {
          if (!get_string(record.id, opt_.json_id_field.c_str())) return fail(error, error_text_);
        } else {
          std::string_view tok = trim_right(value.raw_json_token());
          record.id.assign(tok);
        }
      } else {
        std::string_view raw;
        if (type == json_type::object) {
          simdjson::ondemand::object o;
          if (auto err = value.get_object().get(o)) return fail(error, simdjson::error_message(err));
          if (auto err = o.raw_json().get(raw)) return fail(error, simdjson::error_message(err));
        } else if (type == json_type::array) {
          simdjson::ondemand::array a;
          if (auto err = value.get_array().get(a)) return fail(error, simdjson::error_message(err));
          if (auto err = a.raw_json().get(raw)) return fail(error, simdjson::error_message(err));
        } else {
          // Scalars are checked by reading them, so a malformed literal is
          // reported rather than copied through.
          raw = value.raw_json_token();
          if (auto err = check_scalar(value, type)) return fail(error, simdjson::error_message(err));
        }
        if (!record.passthrough_json.empty()) record.passthrough_json.push_back(',');
        record.passthrough_json.push_back('"');
        record.passthrough_json.append(key);
        record.passthrough_json.append("\":");
        record.passthrough_json.append(trim_right(raw));
      }
    }
    if (!have_html && !have_text)
      return fail(error, "no \"" + opt_.json_html_field + "\" or \"" + opt_.json_text_field + "\" field");
    if (have_html) {
      record.kind = ContentKind::html;
    } else {
      record.kind = ContentKind::text;
      record.body = std::move(text_body);
    }
    if (record.id.empty()) record.id = info_.name + "#" + std::to_string(line_no_);
    ++stats_.records;
    return kRecord;
  }

  static simdjson::error_code check_scalar(simdjson::ondemand::value& value, json_type type) {
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

  std::unique_ptr<StreamBuffer> in_;
  StreamInfo info_;
  ReaderOptions opt_;
  ReadStats stats_;
  simdjson::ondemand::parser parser_;
  std::string line_;
  std::string error_text_;
  std::uint64_t line_no_ = 0;
  bool done_ = false;
};

}  // namespace

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
