// Decoding a case from JSON with simdjson's on-demand parser. Numbers are read
// from their text, never through double; every error names its JSON pointer.
#include <algorithm>
#include <vector>

#include "api/internal/session_state.h"
#include "base/characters.h"
#include "base/codes_cases.h"
#include "base/suggest.h"

namespace decree {
namespace {

using K = Type::Kind;
namespace od = simdjson::ondemand;

od::json_type type_of(od::value& v) { return v.type().value(); }

// A refused case: the field (JSON pointer), why, and where in the text (a
// pointer into the parse buffer, or null).
struct Failure {
  Failure(std::string ptr, Message m, const char* where, std::string hint = {})
      : pointer(std::move(ptr)), message(std::move(m)), at(where), suggestion(std::move(hint)) {}
  std::string pointer;
  Message message;
  const char* at = nullptr;
  std::string suggestion;  // did you mean …
};

// Where a value starts in the buffer (for an error's line and column).
const char* start_of(od::value& v) { return v.raw_json_token().data(); }
// Where a field's key starts (its opening quote).
template <class Field>
const char* key_start(Field& f) {
  od::raw_json_string key = f.key();
  return key.raw() - 1;
}

class Decoder {
 public:
  Decoder(SessionState& s) : s_(s), prog_(*s.eval.program().checked) {}

  void decode(od::value v, const Type& t, Value& out, std::string& ptr) {
    if (t.list) {
      if (type_of(v) != od::json_type::array)
        throw Failure{ptr, {msg::case_expected_list, {}}, start_of(v)};
      ListValue* list = s_.eval.new_list();
      size_t i = 0;
      size_t base = ptr.size();
      for (auto item : v.get_array()) {
        ptr += "/" + std::to_string(i++);
        list->items.emplace_back();
        decode(item.value(), t.element(), list->items.back(), ptr);
        ptr.resize(base);
      }
      out.list = list;
      return;
    }
    switch (t.kind) {
      case K::integer:
      case K::decimal:
      case K::rate:
      case K::money: {
        const char* at = start_of(v);
        std::string_view text;
        od::json_type jt = type_of(v);
        if (jt == od::json_type::number) {
          text = v.raw_json_token();
          while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                                   text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        } else if (jt == od::json_type::string) {
          text = v.get_string();
        } else {
          throw Failure{ptr, {msg::case_expected_number, {prog_.type_arg("type", t)}}, start_of(v)};
        }
        std::optional<Decimal> d;
        try {
          d = Decimal::parse(text);
        } catch (const DecimalError&) {
          throw Failure{ptr, {msg::case_beyond_range, {{"text", std::string(text)}}}, at};
        }
        if (!d && text.find_first_of("eE") != std::string_view::npos && jt == od::json_type::number)
          throw Failure{ptr, {msg::case_exponent, {{"text", std::string(text)}}}, at};
        if (!d)
          throw Failure{ptr,
                        {t.kind == K::integer ? msg::case_not_integer : msg::case_not_decimal,
                         {{"text", std::string(text)}}},
                        at};
        if (t.kind == K::integer && !d->is_integer())
          throw Failure{ptr, {msg::case_not_integer, {{"text", std::string(text)}}}, at};
        if (t.kind == K::money && d->round_places(2, RoundingMode::down) != *d)
          throw Failure{ptr, {msg::case_money_decimals, {{"text", std::string(text)}}}, at};
        out.num = std::move(*d);
        return;
      }
      case K::boolean: {
        if (type_of(v) != od::json_type::boolean)
          throw Failure{ptr, {msg::case_expected_bool, {}}, start_of(v)};
        out.bits = v.get_bool() ? 1 : 0;
        return;
      }
      case K::date: {
        const char* at = start_of(v);
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, {msg::case_expected_date, {}}, at};
        std::string_view text = v.get_string();
        auto d = Date::parse(text);
        if (!d) throw Failure{ptr, {msg::case_not_date, {{"text", std::string(text)}}}, at};
        out.bits = d->days;
        return;
      }
      case K::enumeration: {
        const EnumInfo& en = prog_.enums[t.ref];
        const char* at = start_of(v);
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, {msg::case_expected_enum, {{"values", list_values(en)}}}, at};
        std::string_view text = v.get_string();
        for (size_t i = 0; i < en.values.size(); ++i)
          if (en.values[i] == text) {
            out.bits = static_cast<int64_t>(i);
            return;
          }
        throw Failure{
            ptr,
            {msg::case_not_enum_value,
             {{"text", std::string(text)}, {"enum", en.name}, {"values", list_values(en)}}},
            at};
      }
      case K::text: {
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, {msg::case_expected_string, {}}, start_of(v)};
        std::string_view text = v.get_string();
        if (s_.texts_used == s_.texts.size()) s_.texts.push_back(std::make_unique<std::string>());
        std::string* dst = s_.texts[s_.texts_used++].get();
        dst->assign(text);
        out.text = dst;
        return;
      }
      case K::record: {
        const RecordInfo& rec = prog_.records[t.ref];
        if (type_of(v) != od::json_type::object)
          throw Failure{ptr, {msg::case_expected_record, {{"record", rec.name}}}, start_of(v)};
        const char* record_at = start_of(v);
        RecordValue* r = s_.eval.new_record();
        r->fields.resize(rec.fields.size());
        uint64_t seen = 0;
        size_t base = ptr.size();
        for (auto field : v.get_object()) {
          const char* key_at = key_start(field);  // (unescaped_key() consumes it)
          std::string_view key = field.unescaped_key();
          int f = rec.field_index(std::string(key));
          ptr += "/";
          ptr += key;
          if (f < 0) {
            std::vector<std::string> candidates;
            for (const auto& field_info : rec.fields) candidates.push_back(field_info.name);
            throw Failure{
                ptr,
                {msg::case_record_no_field, {{"record", rec.name}, {"field", std::string(key)}}},
                key_at,
                closest_name(std::string(key), candidates)};
          }
          if (seen & (1ull << f))
            throw Failure{ptr, {msg::case_field_twice, {{"field", std::string(key)}}}, key_at};
          seen |= 1ull << f;
          decode(field.value(), rec.fields[f].type, r->fields[f], ptr);
          ptr.resize(base);
        }
        for (size_t f = 0; f < rec.fields.size(); ++f)
          if (!(seen & (1ull << f)))
            throw Failure{ptr + "/" + rec.fields[f].name,
                          {msg::case_missing_field, {{"field", rec.fields[f].name}}},
                          record_at};
        out.record = r;
        return;
      }
      default:
        throw Failure{ptr, {msg::case_unreadable_type, {}}, start_of(v)};
    }
  }

  static std::string list_values(const EnumInfo& en) {
    std::string s;
    for (size_t i = 0; i < en.values.size(); ++i) s += (i ? ", " : "") + en.values[i];
    return s;
  }

  static Message bound(Code code, const InputInfo& in, std::string value, std::string limit) {
    return {code, {{"input", in.name}, {"value", std::move(value)}, {"bound", std::move(limit)}}};
  }

  void check_bounds(const InputInfo& in, const Value& v, const std::string& ptr, const char* at) {
    if (in.type.list) return;
    if (in.type.is_numeric()) {
      if (in.min && v.num < *in.min)
        throw Failure{ptr, bound(msg::case_below_min, in, v.num.to_string(), in.min->to_string()),
                      at};
      if (in.max && v.num > *in.max)
        throw Failure{ptr, bound(msg::case_above_max, in, v.num.to_string(), in.max->to_string()),
                      at};
    } else if (in.type.kind == K::date) {
      Date d{static_cast<int32_t>(v.bits)};
      if (in.min_date && d < *in.min_date)
        throw Failure{ptr, bound(msg::case_before, in, d.to_string(), in.min_date->to_string()),
                      at};
      if (in.max_date && d > *in.max_date)
        throw Failure{ptr, bound(msg::case_after, in, d.to_string(), in.max_date->to_string()), at};
    }
  }

  void decode_case(od::document& doc) {
    if (doc.type().value() != od::json_type::object)
      throw Failure{"", {msg::case_not_object, {}}, nullptr};
    std::string ptr;
    for (auto field : doc.get_object()) {
      const char* key_at = key_start(field);  // (unescaped_key() consumes it)
      std::string_view key = field.unescaped_key();
      ptr.assign("/");
      ptr += key;
      uint32_t slot = 0;
      for (; slot < prog_.inputs.size(); ++slot)
        if (prog_.inputs[slot].name == key) break;
      if (slot == prog_.inputs.size()) {
        std::string names;
        std::vector<std::string> candidates;
        for (const auto& in : prog_.inputs) {
          names += (names.empty() ? "" : ", ") + in.name;
          candidates.push_back(in.name);
        }
        throw Failure{ptr,
                      {msg::case_unknown_field, {{"field", std::string(key)}, {"inputs", names}}},
                      key_at,
                      closest_name(std::string(key), candidates)};
      }
      if (s_.eval.is_present(slot))
        throw Failure{ptr, {msg::case_field_twice, {{"field", std::string(key)}}}, key_at};
      od::value v = field.value();
      const InputInfo& in = prog_.inputs[slot];
      if (v.is_null()) {
        // null means absent only where absence is declared: an optional input.
        // For a required input or one with a default it is a caller's mistake
        // (a default would silently replace a value the caller meant to give).
        if (in.optional) continue;
        throw Failure{
            ptr,
            {in.decl->default_value ? msg::case_null_has_default : msg::case_null_not_optional,
             {{"input", in.name}}},
            start_of(v)};
      }
      if (in.type.kind == K::text && !in.type.list) {
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, {msg::case_expected_string, {}}, start_of(v)};
        std::string& buf = s_.eval.text_buffer(slot);
        buf.assign(std::string_view(v.get_string()));
        s_.eval.input(slot).text = &buf;
      } else {
        const char* at = start_of(v);
        decode(v, in.type, s_.eval.input(slot), ptr);
        check_bounds(in, s_.eval.input(slot), ptr, at);
      }
      s_.eval.mark_present(slot);
    }
    for (uint32_t slot = 0; slot < prog_.inputs.size(); ++slot) {
      const InputInfo& in = prog_.inputs[slot];
      if (!s_.eval.is_present(slot) && !in.optional && !in.decl->default_value)
        throw Failure{"/" + in.name, {msg::case_missing_field, {{"field", in.name}}}, nullptr};
    }
  }

 private:
  SessionState& s_;
  const CheckedProgram& prog_;
};

}  // namespace

std::optional<std::string> find_string_field(std::string_view json, std::string_view field) {
  // One parser and buffer per thread: this runs before a case's version,
  // and so its Session state, is known (or when the case did not decode).
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string buffer;
  buffer.assign(json);
  buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  try {
    od::document doc = parser.iterate(buffer.data(), json.size(), buffer.size());
    for (auto f : doc.get_object()) {
      if (std::string_view(f.unescaped_key()) != field) continue;
      od::value v = f.value();
      if (v.type().value() != od::json_type::string) return std::nullopt;
      return std::string(std::string_view(v.get_string()));
    }
  } catch (const simdjson::simdjson_error&) {
  }
  return std::nullopt;
}

std::optional<Date> find_date_field(std::string_view json, const std::string& field) {
  auto text = find_string_field(json, field);
  return text ? Date::parse(*text) : std::nullopt;
}

// The 1-based line and column (in code points) of `at` in the case's text.
void locate(std::string_view text, const char* at, CaseError& err) {
  if (at == nullptr || at < text.data() || at > text.data() + text.size()) return;
  size_t offset = static_cast<size_t>(at - text.data());
  uint32_t line = 1, col = 1;
  for (size_t i = 0; i < offset; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n')
      ++line, col = 1;
    else if ((c & 0xC0) != 0x80)
      ++col;
  }
  err.line = line;
  err.col = col;
}

// simdjson's error in words a caseworker's integrator reads.
Message json_syntax_message(simdjson::error_code e) {
  switch (e) {
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return {msg::case_json_unclosed, {}};
    case simdjson::UNCLOSED_STRING:
      return {msg::case_json_unclosed_string, {}};
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
    case simdjson::TAPE_ERROR:
      return {msg::case_json_not_a_value, {}};
    case simdjson::NUMBER_ERROR:
      return {msg::case_json_bad_number, {}};
    case simdjson::UTF8_ERROR:
      return {msg::case_json_utf8, {}};
    case simdjson::EMPTY:
      return {msg::case_json_empty, {}};
    default:
      return {msg::case_invalid_json, {{"detail", simdjson::error_message(e)}}};
  }
}

// After simdjson refused the text: a structural mistake found by matching
// brackets, at its place (simdjson reports these at the start, or as "ended
// early"): text after the case's object, a bracket that is never closed, a
// closing bracket of the wrong kind, a string that is never closed, a bad
// escape or a raw control character inside a string. False
// if the brackets are sound (then simdjson's own error stands).
bool structure_problem(std::string_view text, Message& m, const char*& at) {
  std::vector<size_t> open;  // offsets of the unclosed `{` and `[`
  bool done = false;         // the top-level value is complete
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (done) {
      m = {msg::case_trailing_text, {}};
      at = text.data() + i;
      return true;
    }
    if (c == '"') {
      size_t start = i;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        const unsigned char ch = static_cast<unsigned char>(text[i]);
        if (ch == '\n' || ch == '\r') {  // a string ends on its line: this one is not closed
          m = {msg::case_json_unclosed_string, {}};
          at = text.data() + start;
          return true;
        }
        if (ch < 0x20) {  // a raw tab: simdjson gives no place
          m = {msg::case_json_control_character, {{"code_point", code_point_name(ch)}}};
          at = text.data() + i;
          return true;
        }
        if (ch != '\\') continue;
        if (i + 1 < text.size() &&
            std::string_view("\"\\/bfnrtu").find(text[i + 1]) == std::string_view::npos) {
          // The character as typed if it is printable ASCII, else its name.
          const char next = text[i + 1];
          m = {msg::case_json_bad_escape,
               {{"char", next > ' ' && next < 0x7f
                             ? std::string(1, next)
                             : code_point_name(first_code_point(text.substr(i + 1)))}}};
          at = text.data() + i;
          return true;
        }
        ++i;
      }
      if (i >= text.size()) {
        m = {msg::case_json_unclosed_string, {}};
        at = text.data() + start;
        return true;
      }
    } else if (c == '{' || c == '[') {
      open.push_back(i);
    } else if (c == '}' || c == ']') {
      if (open.empty() || text[open.back()] != (c == '}' ? '{' : '[')) {
        m = {msg::case_json_mismatched, {{"close", std::string(1, c)}}};
        at = text.data() + i;
        return true;
      }
      open.pop_back();
    }
    if (open.empty() && (c == '}' || c == ']' || c == '"')) done = true;
  }
  if (!open.empty()) {
    m = {msg::case_json_not_closed, {{"open", std::string(1, text[open.back()])}}};
    at = text.data() + open.back();
    return true;
  }
  return false;
}

bool decode_case_json(SessionState& s, std::string_view json, CaseError& err) {
  s.eval.reset();
  s.texts_used = 0;
  s.evaluated = false;
  s.buffer.assign(json);
  s.buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::string_view text(s.buffer.data(), json.size());
  Decoder d(s);
  od::document doc;
  bool started = false;  // iterate() succeeded: doc may be asked where it stopped
  // Where the parser stopped, for a syntax error's line and column.
  auto stopped_at = [&]() -> const char* {
    if (!started) return nullptr;
    auto where = doc.current_location();
    return where.error() ? nullptr : where.value_unsafe();
  };
  try {
    doc = s.parser.iterate(s.buffer.data(), json.size(), s.buffer.size());
    started = true;
    d.decode_case(doc);
    // current_location() fails only when the whole input was consumed.
    if (const char* rest = stopped_at()) throw Failure{"", {msg::case_trailing_text, {}}, rest};
    return true;
  } catch (const Failure& f) {
    input_error(err, f.pointer, f.message);
    // A field missing from the case: at the case's opening `{`.
    const char* at = f.at;
    if (!at && f.message.code == msg::case_missing_field)
      at = text.data() + std::min(text.size(), text.find_first_not_of(" \t\r\n"));
    locate(text, at, err);
    err.suggestion = f.suggestion;
  } catch (const simdjson::simdjson_error& e) {
    Message m;
    const char* at = nullptr;
    if (structure_problem(text, m, at)) {
      input_error(err, "", m);
      locate(text, at, err);
    } else if (auto bad = find_invalid_utf8(text); bad && e.error() == simdjson::UTF8_ERROR) {
      // simdjson checks the encoding first and stops at the start: the
      // first byte that is not UTF-8 is the place (a file saved in GBK).
      input_error(err, "", json_syntax_message(e.error()));
      locate(text, text.data() + *bad, err);
    } else {
      input_error(err, "", json_syntax_message(e.error()));
      locate(text, stopped_at(), err);
    }
  } catch (const DecimalError& e) {
    input_error(err, "", {msg::case_invalid_json, {{"detail", e.what()}}});
  }
  return false;
}

}  // namespace decree
