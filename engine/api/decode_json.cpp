// Decoding a case from JSON with simdjson's on-demand parser. Numbers are read
// from their text, never through double; every error names its JSON pointer.
#include <algorithm>

#include "api/internal/session_state.h"

namespace decree {
namespace {

using K = Type::Kind;
namespace od = simdjson::ondemand;

od::json_type type_of(od::value& v) { return v.type().value(); }

struct Failure {
  std::string pointer;
  std::string message;
};

class Decoder {
 public:
  Decoder(SessionState& s) : s_(s), prog_(*s.eval.program().checked) {}

  void decode(od::value v, const Type& t, Value& out, std::string& ptr) {
    if (t.list) {
      if (type_of(v) != od::json_type::array) throw Failure{ptr, "expected a list (JSON array)"};
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
          throw Failure{ptr, "expected a number (or a decimal string) for " + prog_.type_name(t)};
        }
        std::optional<Decimal> d;
        try {
          d = Decimal::parse(text);
        } catch (const DecimalError&) {
          throw Failure{ptr, "`" + std::string(text) + "` is beyond the range of exact decimals"};
        }
        if (!d) throw Failure{ptr, "`" + std::string(text) + "` is not an exact decimal number"};
        if (t.kind == K::integer && !d->is_integer())
          throw Failure{ptr, "`" + std::string(text) + "` is not an integer"};
        if (t.kind == K::money && d->round_places(2, RoundingMode::down) != *d)
          throw Failure{ptr, "the amount `" + std::string(text) + "` has more than 2 decimals"};
        out.num = std::move(*d);
        return;
      }
      case K::boolean: {
        if (type_of(v) != od::json_type::boolean) throw Failure{ptr, "expected true or false"};
        out.bits = v.get_bool() ? 1 : 0;
        return;
      }
      case K::date: {
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, "expected a date \"YYYY-MM-DD\""};
        std::string_view text = v.get_string();
        auto d = Date::parse(text);
        if (!d) throw Failure{ptr, "`" + std::string(text) + "` is not a date (YYYY-MM-DD)"};
        out.bits = d->days;
        return;
      }
      case K::enumeration: {
        const EnumInfo& en = prog_.enums[t.ref];
        if (type_of(v) != od::json_type::string)
          throw Failure{ptr, "expected one of " + list_values(en)};
        std::string_view text = v.get_string();
        for (size_t i = 0; i < en.values.size(); ++i)
          if (en.values[i] == text) {
            out.bits = static_cast<int64_t>(i);
            return;
          }
        throw Failure{ptr, "`" + std::string(text) + "` is not a " + en.name +
                               ": expected one of " + list_values(en)};
      }
      case K::text: {
        if (type_of(v) != od::json_type::string) throw Failure{ptr, "expected a string"};
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
          throw Failure{ptr, "expected a " + rec.name + " (JSON object)"};
        RecordValue* r = s_.eval.new_record();
        r->fields.resize(rec.fields.size());
        uint64_t seen = 0;
        size_t base = ptr.size();
        for (auto field : v.get_object()) {
          std::string_view key = field.unescaped_key();
          int f = rec.field_index(std::string(key));
          ptr += "/";
          ptr += key;
          if (f < 0)
            throw Failure{ptr, "record " + rec.name + " has no field `" + std::string(key) + "`"};
          if (seen & (1ull << f))
            throw Failure{ptr, "field `" + std::string(key) + "` is given twice"};
          seen |= 1ull << f;
          decode(field.value(), rec.fields[f].type, r->fields[f], ptr);
          ptr.resize(base);
        }
        for (size_t f = 0; f < rec.fields.size(); ++f)
          if (!(seen & (1ull << f)))
            throw Failure{ptr + "/" + rec.fields[f].name,
                          "missing field `" + rec.fields[f].name + "`"};
        out.record = r;
        return;
      }
      default:
        throw Failure{ptr, "this input type cannot be read from JSON"};
    }
  }

  static std::string list_values(const EnumInfo& en) {
    std::string s;
    for (size_t i = 0; i < en.values.size(); ++i) s += (i ? ", " : "") + en.values[i];
    return s;
  }

  void check_bounds(const InputInfo& in, const Value& v, const std::string& ptr) {
    if (in.type.list) return;
    if (in.type.is_numeric()) {
      if (in.min && v.num < *in.min)
        throw Failure{ptr, in.name + " = " + v.num.to_string() + " is below the minimum " +
                               in.min->to_string()};
      if (in.max && v.num > *in.max)
        throw Failure{ptr, in.name + " = " + v.num.to_string() + " is above the maximum " +
                               in.max->to_string()};
    } else if (in.type.kind == K::date) {
      Date d{static_cast<int32_t>(v.bits)};
      if (in.min_date && d < *in.min_date)
        throw Failure{ptr,
                      in.name + " = " + d.to_string() + " is before " + in.min_date->to_string()};
      if (in.max_date && d > *in.max_date)
        throw Failure{ptr,
                      in.name + " = " + d.to_string() + " is after " + in.max_date->to_string()};
    }
  }

  void decode_case(od::document& doc) {
    if (doc.type().value() != od::json_type::object)
      throw Failure{"", "a case must be a JSON object"};
    std::string ptr;
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      ptr.assign("/");
      ptr += key;
      uint32_t slot = 0;
      for (; slot < prog_.inputs.size(); ++slot)
        if (prog_.inputs[slot].name == key) break;
      if (slot == prog_.inputs.size()) {
        std::string names;
        for (const auto& in : prog_.inputs) names += (names.empty() ? "" : ", ") + in.name;
        throw Failure{ptr,
                      "unknown field `" + std::string(key) + "` (the inputs are: " + names + ")"};
      }
      if (s_.eval.is_present(slot))
        throw Failure{ptr, "field `" + std::string(key) + "` is given twice"};
      od::value v = field.value();
      const InputInfo& in = prog_.inputs[slot];
      if (v.is_null()) {
        // null means absent only where absence is declared: an optional input.
        // For a required input or one with a default it is a caller's mistake
        // (a default would silently replace a value the caller meant to give).
        if (in.optional) continue;
        throw Failure{ptr, "`" + in.name + "` is null, but it is not optional: " +
                               (in.decl->default_value
                                    ? "give a value, or leave the field out to use its default"
                                    : "give a value")};
      }
      if (in.type.kind == K::text && !in.type.list) {
        if (type_of(v) != od::json_type::string) throw Failure{ptr, "expected a string"};
        std::string& buf = s_.eval.text_buffer(slot);
        buf.assign(std::string_view(v.get_string()));
        s_.eval.input(slot).text = &buf;
      } else {
        decode(v, in.type, s_.eval.input(slot), ptr);
        check_bounds(in, s_.eval.input(slot), ptr);
      }
      s_.eval.mark_present(slot);
    }
    for (uint32_t slot = 0; slot < prog_.inputs.size(); ++slot) {
      const InputInfo& in = prog_.inputs[slot];
      if (!s_.eval.is_present(slot) && !in.optional && !in.decl->default_value)
        throw Failure{"/" + in.name, "missing field `" + in.name + "`"};
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

bool decode_case_json(SessionState& s, std::string_view json, CaseError& err) {
  s.eval.reset();
  s.texts_used = 0;
  s.evaluated = false;
  s.buffer.assign(json);
  s.buffer.resize(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  Decoder d(s);
  try {
    od::document doc = s.parser.iterate(s.buffer.data(), json.size(), s.buffer.size());
    d.decode_case(doc);
    // current_location() fails only when the whole input was consumed.
    if (!doc.current_location().error())
      throw Failure{"", "unexpected text after the case's JSON object"};
    return true;
  } catch (const Failure& f) {
    err = CaseError{CaseError::Kind::input, f.pointer, f.message, {}, {}};
  } catch (const simdjson::simdjson_error& e) {
    err = CaseError{CaseError::Kind::input, "", std::string("invalid JSON: ") + e.what(), {}, {}};
  } catch (const DecimalError& e) {
    err = CaseError{CaseError::Kind::input, "", e.what(), {}, {}};
  }
  return false;
}

}  // namespace decree
