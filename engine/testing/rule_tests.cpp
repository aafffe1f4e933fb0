// Reading and running YAML rule tests. Every mistake in a test file, and
// every failing test, is a diagnostic at its place in the file (a Span into
// the file's text), in the catalogue (base/messages_testing.def).
//  - The text is checked for tabs and full-width punctuation first
//    (base/yaml_lint.h): yaml-cpp reports them as something else, often on
//    another line.
//  - A test with a mistake is not run; the other tests of the file still are.
//  - A failing output is reported at its expected value, an unexpected or
//    missing error at the test's `error:` value, a case that does not
//    evaluate at its `input:`.
#include "testing/rule_tests.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "api/yaml_json.h"
#include "base/codes_cases.h"
#include "base/codes_testing.h"
#include "base/codes_yaml.h"
#include "base/suggest.h"
#include "base/yaml_errors.h"
#include "base/yaml_lint.h"
#include "params/internal/reader.h"

namespace decree {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxFileBytes = 16u << 20;  // test files are small

const std::vector<std::string> kKeys = {"name",  "ruleset", "version", "as_of",  "params",
                                        "basis", "facts",   "input",   "output", "error"};

// One key of a test's mapping, in file order.
struct Field {
  std::string key;
  YAML::Node value;
  Span key_span;
};

// Reads the tests of one file; spans through the parameter reader's helpers
// (yaml-cpp marks made 1-based, in code points).
class TestFileReader {
 public:
  TestFileReader(const SourceRef& source, Diagnostics& diags)
      : source_(source), spans_(source.get(), scratch_), diags_(diags) {}

  std::vector<RuleTest> read() {
    std::vector<RuleTest> tests;
    auto lint = lint_yaml(*source_);
    if (!lint.empty()) {
      for (auto& d : lint) diags_.add(std::move(d));
      return tests;
    }
    YAML::Node doc;
    try {
      doc = YAML::Load(source_->text());
    } catch (const YAML::DeepRecursion& e) {  // yaml-cpp calls it "bad file"
      diags_.error(spans_.span_at(e.mark, 1),
                   {msg::yaml_syntax, {yaml_error_detail("nesting too deep")}});
      return tests;
    } catch (const YAML::Exception& e) {
      diags_.error(spans_.span_at(e.mark, 1), {msg::yaml_syntax, {yaml_error_detail(e.msg)}});
      return tests;
    }
    if (!doc.IsSequence()) {
      Span at = doc.IsNull() ? Span{source_.get(), 1, 1, 1, 1} : spans_.span_of(doc);
      diags_.error(at, {msg::test_not_list, {}});
      return tests;
    }
    unsigned index = 0;
    for (const auto& node : doc) {
      ++index;
      if (!node.IsMap()) {
        diags_.error(spans_.span_of(node), {msg::test_not_mapping, {}});
        continue;
      }
      if (auto t = test(node, index)) tests.push_back(std::move(*t));
    }
    return tests;
  }

 private:
  std::optional<RuleTest> test(const YAML::Node& node, unsigned index) {
    RuleTest t;
    t.file = source_->path();
    t.line = static_cast<unsigned>(node.Mark().line + 1);
    t.index = index;
    t.source = source_;
    t.span = spans_.span_of(node);
    errors_ = 0;
    guessed_.clear();
    // The name first: every other message names the test.
    if (node["name"] && node["name"].IsScalar()) t.name = node["name"].Scalar();
    label_ = test_label(t.name, index);
    std::vector<Field> fields = this->fields(node);
    auto find = [&](const char* key) -> const Field* {
      for (const Field& f : fields)
        if (f.key == key) return &f;
      return nullptr;
    };
    // A key missing because it was misspelt (already reported).
    auto misspelt = [&](const char* key) {
      return !find(key) && std::find(guessed_.begin(), guessed_.end(), key) != guessed_.end();
    };
    auto text = [&](const char* key) -> std::string {
      const Field* f = find(key);
      if (!f || f->value.IsNull()) return "";
      if (!f->value.IsScalar()) {
        error(value_span(*f), {msg::test_not_text, {{"key", key}, label_}});
        return "";
      }
      return f->value.Scalar();
    };
    t.name = text("name");
    t.ruleset = text("ruleset");
    t.version = text("version");
    t.basis = text("basis");
    t.facts = text("facts");
    if (t.name.empty() && !misspelt("name")) error(t.span, {msg::test_no_name, {}});
    if (const Field* f = find("ruleset")) t.ruleset_span = value_span(*f);
    if (t.ruleset.empty() && !misspelt("ruleset")) error(t.span, {msg::test_no_ruleset, {label_}});
    if (const Field* f = find("as_of")) {
      t.as_of = Date::parse(text("as_of"));
      if (!t.as_of) error(value_span(*f), {msg::test_bad_as_of, {label_}});
    }
    if (const Field* f = find("params")) read_params(*f, t);
    if (!misspelt("input")) read_input(find("input"), t);
    const Field* output = find("output");
    const Field* expected_error = find("error");
    if (!output && !expected_error) {
      if (!misspelt("output") && !misspelt("error")) error(t.span, {msg::test_no_output, {label_}});
    } else if (output && expected_error) {
      const Field& second =
          output->key_span.line > expected_error->key_span.line ? *output : *expected_error;
      error(second.key_span, {msg::test_output_and_error, {label_}});
    } else if (output) {
      read_output(*output, t);
    } else {
      t.expected_error = text("error");
      t.error_span = value_span(*expected_error);
    }
    if (errors_ > 0) return std::nullopt;
    return t;
  }

  // The keys of a test, each once and each known.
  std::vector<Field> fields(const YAML::Node& node) {
    std::vector<Field> out;
    for (const auto& kv : node) {
      Span at = spans_.span_of(kv.first);
      if (!kv.first.IsScalar()) {
        error(at, {msg::test_key_not_text, {label_}});
        continue;
      }
      Field f{kv.first.Scalar(), kv.second, at};
      auto first =
          std::find_if(out.begin(), out.end(), [&](const Field& o) { return o.key == f.key; });
      if (first != out.end()) {
        error(at, {msg::test_duplicate_key, {{"key", f.key}, label_}})
            .note(first->key_span, {msg::test_first_written_here, {}});
        continue;
      }
      if (std::find(kKeys.begin(), kKeys.end(), f.key) == kKeys.end()) {
        Diagnostic& d = error(at, {msg::test_unknown_key, {{"key", f.key}, label_}});
        std::string guess = closest_name(f.key, kKeys);
        if (!guess.empty()) d.note({}, {msg::did_you_mean, {{"name", guess}}});
        guessed_.push_back(guess);
        d.note({}, {msg::test_allowed_keys, {}});
        continue;
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  void read_params(const Field& f, RuleTest& t) {
    if (!f.value.IsMap()) {
      error(value_span(f), {msg::test_params_not_map, {label_}});
      return;
    }
    for (const auto& kv : f.value) {
      std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (!kv.second.IsScalar()) {
        error(kv.second.IsNull() ? spans_.span_of(kv.first) : spans_.span_of(kv.second),
              {msg::test_param_not_value, {{"name", name}, label_}});
        continue;
      }
      t.params.push_back({name, kv.second.Scalar()});
    }
  }

  void read_input(const Field* f, RuleTest& t) {
    if (!f || !f->value.IsMap()) {
      error(f ? value_span(*f) : t.span, {msg::test_no_input, {label_}});
      return;
    }
    t.input_span = f->key_span;
    if (!yaml_to_json(f->value, t.input_json)) {
      error(value_span(*f), {msg::test_input_too_deep, {label_}});
      return;
    }
    places(f->value, "", t.input_places);
  }

  // The places of the fields below `node` (no deeper than yaml_to_json went).
  void places(const YAML::Node& node, const std::string& pointer,
              std::vector<RuleTest::FieldPlace>& out) const {
    auto add = [&](const std::string& p, Span key, const YAML::Node& value) {
      out.push_back({p, key, value.IsScalar() ? spans_.span_of(value) : Span{}});
      places(value, p, out);
    };
    if (node.IsMap()) {
      for (const auto& kv : node)
        add(pointer + "/" + (kv.first.IsScalar() ? kv.first.Scalar() : ""),
            spans_.span_of(kv.first), kv.second);
    } else if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); ++i)
        add(pointer + "/" + std::to_string(i), spans_.span_of(node[i]), node[i]);
    }
  }

  void read_output(const Field& f, RuleTest& t) {
    if (!f.value.IsMap()) {
      error(value_span(f), {msg::test_output_not_map, {label_}});
      return;
    }
    for (const auto& kv : f.value) {
      ExpectedOutput e;
      e.name = kv.first.IsScalar() ? kv.first.Scalar() : "";
      e.key = spans_.span_of(kv.first);
      if (!kv.second.IsScalar()) {
        error(kv.second.IsNull() ? e.key : spans_.span_of(kv.second),
              {msg::test_output_not_value, {{"name", e.name}, label_}})
            .note({}, {msg::test_quote_expected, {}});
        continue;
      }
      e.text = kv.second.Scalar();
      e.value = spans_.span_of(kv.second);
      t.expected.push_back(std::move(e));
    }
  }

  Span value_span(const Field& f) const {
    return f.value.IsNull() ? f.key_span : spans_.span_of(f.value);
  }

  Diagnostic& error(Span at, Message m) {
    ++errors_;
    return diags_.error(at, std::move(m));
  }

  SourceRef source_;
  Diagnostics scratch_;  // the span helpers report nothing here
  params_detail::YamlReader spans_;
  Diagnostics& diags_;
  MessageArg label_{"test", ""};
  size_t errors_ = 0;  // of the test being read
  // What the unknown keys of the test being read were probably meant to be:
  // `ouput:` is one mistake, not also a missing output.
  std::vector<std::string> guessed_;
};

std::optional<std::string> read_text(const std::string& path, Diagnostics& diags) {
  std::string text;
  if (int err = read_file(path, kMaxFileBytes, text)) {
    diags.error(Span{}, {msg::test_cannot_read, {{"path", path}, {"reason", std::strerror(err)}}});
    return std::nullopt;
  }
  if (text.size() > kMaxFileBytes) {
    diags.error(Span{}, {msg::test_file_too_large, {{"mib", std::to_string(kMaxFileBytes >> 20)}}});
    return std::nullopt;
  }
  return text;
}

// Where an input error is in the test file: at the field it names (its key
// for a field the rules do not know or one given twice, else its value),
// else at `input:`.
Span input_error_span(const RuleTest& test, const CaseError& err) {
  Span fallback = test.input_span.valid() ? test.input_span : test.span;
  if (err.kind != CaseError::Kind::input || err.pointer.empty()) return fallback;
  for (const auto& place : test.input_places) {
    if (place.pointer != err.pointer) continue;
    bool at_key = err.code == msg::case_unknown_field || err.code == msg::case_record_no_field ||
                  err.code == msg::case_field_twice || !place.value.valid();
    return at_key ? place.key : place.value;
  }
  return fallback;
}

}  // namespace

MessageArg test_label(const std::string& name, unsigned index) {
  if (!name.empty()) return MessageArg{"test", "'" + name + "'", "“" + name + "”"};
  return MessageArg{"test", "#" + std::to_string(index), "第 " + std::to_string(index) + " 项"};
}

std::vector<RuleTest> read_rule_tests(const std::string& path, Diagnostics& diags) {
  auto text = read_text(path, diags);
  if (!text) return {};
  // Diagnostics and tests keep the file alive (SourceFile is shared).
  auto source = std::make_shared<const SourceFile>(path, std::move(*text));
  return TestFileReader(source, diags).read();
}

const RuleTimeline* RuleTestRunner::timeline(const RuleTest& test, const Diagnostics*& errors) {
  fs::path path = test.ruleset;
  if (path.is_relative()) path = fs::path(root_) / path;
  std::string key = path.string();
  for (const auto& p : test.params) key += "\n" + p.name + "=" + p.value;
  if (auto it = load_errors_.find(key); it != load_errors_.end()) {
    errors = &it->second;
    return nullptr;
  }
  auto& slot = cache_[key];
  if (!slot) {
    Diagnostics diags;
    LoadOptions options{test.params};
    const std::string name = RuleTimeline::name_at(path.string());
    for (const auto& d : drafts_)
      if (!name.empty() && RuleTimeline::name_at(d) == name) options.drafts.push_back(d);
    slot = RuleTimeline::load(path.string(), diags, options);
    if (!slot) {
      cache_.erase(key);
      diags.retain_sources();
      errors = &(load_errors_[key] = std::move(diags));
      return nullptr;
    }
  }
  return slot.get();
}

RuleTestResult RuleTestRunner::run(const RuleTest& test) {
  RuleTestResult r;
  const MessageArg label = test_label(test.name, test.index);
  const Diagnostics* load_errors = nullptr;
  const RuleTimeline* t = timeline(test, load_errors);
  if (!t) {
    r.failures.error(test.ruleset_span.valid() ? test.ruleset_span : test.span,
                     {msg::test_ruleset_does_not_load, {label, {"ruleset", test.ruleset}}});
    if (load_errors) r.failures.append(*load_errors);
    return r;
  }
  Session session(*t, SessionOptions{test.version, test.as_of});
  CaseError err;
  EvalOptions options;
  options.as_of = test.as_of;
  options.explain = true;
  bool ok = session.decode_json(test.input_json, err) && session.evaluate(err, options);
  if (ok) {
    r.explanation = session.explain_text(lang_);
    r.version = &session.rules();
    session.coverage(r.rules_hit, r.rows_hit);
  }
  const Span error_at = test.error_span.valid() ? test.error_span : test.span;
  if (test.expected_error) {
    const std::string& want = *test.expected_error;
    if (ok) {
      r.failures.error(error_at, {msg::test_expected_error_evaluated, {label, {"expected", want}}});
    } else if (err.text(Lang::en).find(want) == std::string::npos &&
               err.text(Lang::zh).find(want) == std::string::npos) {
      // The expected text may be quoted from either language.
      r.failures.error(
          error_at,
          {msg::test_error_differs,
           {label, {"actual", err.text(Lang::en), err.text(Lang::zh)}, {"expected", want}}});
    }
    r.passed = r.failures.empty();
    return r;
  }
  if (!ok) {
    Diagnostic& d =
        r.failures.error(input_error_span(test, err),
                         {msg::test_case_failed,
                          {label, {"error", describe(err, Lang::en), describe(err, Lang::zh)}}});
    if (err.span.valid()) d.note(err.span, {msg::test_rule_failed_here, {}});
    r.failures.retain_sources();
    return r;
  }
  check_outputs(test, session, r);
  r.passed = r.failures.empty();
  return r;
}

void RuleTestRunner::check_outputs(const RuleTest& test, const Session& session,
                                   RuleTestResult& r) const {
  const MessageArg label = test_label(test.name, test.index);
  const auto& names = session.rules().output_names();
  for (const ExpectedOutput& want : test.expected) {
    auto it = std::find(names.begin(), names.end(), want.name);
    if (it == names.end()) {
      const std::string& version = session.rules().version().name;
      Diagnostic& d = r.failures.error(
          want.key.valid() ? want.key : test.span,
          version.empty()
              ? Message{msg::test_no_such_output_in_ruleset,
                        {label, {"name", want.name}, {"ruleset", session.rules().name()}}}
              : Message{msg::test_no_such_output,
                        {label, {"name", want.name}, {"version", version}}});
      std::string guess = closest_name(want.name, names);
      if (!guess.empty()) d.note({}, {msg::did_you_mean, {{"name", guess}}});
      continue;
    }
    std::string got = session.output_text(static_cast<size_t>(it - names.begin()));
    if (got != want.text)
      r.failures.error(want.value.valid() ? want.value : test.span,
                       {msg::test_output_differs,
                        {label, {"name", want.name}, {"actual", got}, {"expected", want.text}}});
  }
}

}  // namespace decree
