#include "testing/rule_tests.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "api/yaml_json.h"

namespace decree {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kKeys = {"name",  "ruleset", "version", "as_of",  "params",
                                     "basis", "facts",   "input",   "output", "error"};

std::string where(const std::string& path, const YAML::Mark& m) {
  return path + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
}

}  // namespace

std::vector<RuleTest> read_rule_tests(const std::string& path, Diagnostics& diags) {
  std::vector<RuleTest> tests;
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    diags.error({}, where(path, e.mark) + ": " + e.msg);
    return tests;
  }
  if (!doc.IsSequence()) {
    diags.error({}, path + ": a test file is a YAML list of tests");
    return tests;
  }
  for (const auto& node : doc) {
    RuleTest t;
    t.file = path;
    t.line = static_cast<unsigned>(node.Mark().line + 1);
    std::string at = where(path, node.Mark());
    if (!node.IsMap()) {
      diags.error({}, at + ": a test is a mapping (name, ruleset, input, output…)");
      continue;
    }
    bool ok = true;
    for (const auto& kv : node) {
      std::string key = kv.first.Scalar();
      if (!kKeys.count(key)) {
        diags.error({}, where(path, kv.first.Mark()) + ": unknown key '" + key +
                            "' (allowed: name, ruleset, version, as_of, params, basis, facts, "
                            "input, output, error)");
        ok = false;
      }
    }
    auto text = [&](const char* key) {
      return node[key] && node[key].IsScalar() ? node[key].Scalar() : std::string();
    };
    t.name = text("name");
    t.ruleset = text("ruleset");
    t.version = text("version");
    t.basis = text("basis");
    t.facts = text("facts");
    if (t.name.empty()) diags.error({}, at + ": the test has no name"), ok = false;
    if (t.ruleset.empty())
      diags.error({}, at + ": test '" + t.name + "' names no ruleset"), ok = false;
    if (node["as_of"]) {
      t.as_of = Date::parse(text("as_of"));
      if (!t.as_of)
        diags.error({}, where(path, node["as_of"].Mark()) + ": as_of is not a date"), ok = false;
    }
    if (node["params"]) {
      if (!node["params"].IsMap()) {
        diags.error({},
                    where(path, node["params"].Mark()) + ": params maps parameter names to values");
        ok = false;
      } else {
        for (const auto& kv : node["params"])
          t.params.push_back({kv.first.Scalar(), kv.second.Scalar()});
      }
    }
    if (!node["input"] || !node["input"].IsMap()) {
      diags.error({}, at + ": test '" + t.name + "' has no input mapping");
      ok = false;
    } else {
      if (!yaml_to_json(node["input"], t.input_json)) {
        diags.error({}, at + ": test '" + t.name + "': the input nests too deeply");
        ok = false;
      }
    }
    bool has_output = static_cast<bool>(node["output"]),
         has_error = static_cast<bool>(node["error"]);
    if (has_output == has_error) {
      diags.error({}, at + ": test '" + t.name + "' needs either output or error");
      ok = false;
    }
    if (has_output) {
      if (!node["output"].IsMap()) {
        diags.error({},
                    where(path, node["output"].Mark()) + ": output maps output names to values");
        ok = false;
      } else {
        for (const auto& kv : node["output"])
          t.expected.emplace_back(kv.first.Scalar(),
                                  kv.second.IsScalar() ? kv.second.Scalar() : "");
      }
    }
    if (has_error) t.expected_error = text("error");
    if (ok) tests.push_back(std::move(t));
  }
  return tests;
}

const RuleTimeline* RuleTestRunner::timeline(const RuleTest& test, std::string& error) {
  fs::path path = test.ruleset;
  if (path.is_relative()) path = fs::path(root_) / path;
  std::string key = path.string();
  for (const auto& p : test.params) key += "\n" + p.name + "=" + p.value;
  if (auto it = load_errors_.find(key); it != load_errors_.end()) {
    error = it->second;
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
      error = "the rule set does not load:\n" + render_all(diags);
      load_errors_[key] = error;
      return nullptr;
    }
  }
  return slot.get();
}

RuleTestResult RuleTestRunner::run(const RuleTest& test) {
  RuleTestResult r;
  std::string load_error;
  const RuleTimeline* t = timeline(test, load_error);
  if (!t) {
    r.failures.push_back(load_error);
    return r;
  }
  Session session(*t, SessionOptions{test.version, test.as_of});
  CaseError err;
  EvalOptions options;
  options.as_of = test.as_of;
  options.explain = true;
  bool ok = session.decode_json(test.input_json, err) && session.evaluate(err, options);
  if (ok) {
    r.explanation = session.explain_text();
    r.version = &session.rules();
    session.coverage(r.rules_hit, r.rows_hit);
  }
  if (test.expected_error) {
    if (ok) {
      r.failures.push_back("expected an error containing \"" + *test.expected_error +
                           "\", but it evaluated");
    } else if (err.message.find(*test.expected_error) == std::string::npos) {
      r.failures.push_back("the error \"" + err.message + "\" does not contain \"" +
                           *test.expected_error + "\"");
    }
    r.passed = r.failures.empty();
    return r;
  }
  if (!ok) {
    std::string what = err.pointer.empty() ? err.message : err.pointer + ": " + err.message;
    if (!err.rule.empty()) what += " (in rule " + err.rule + " at " + err.location + ")";
    r.failures.push_back("the case failed: " + what);
    return r;
  }
  const auto& names = session.rules().output_names();
  for (const auto& [name, want] : test.expected) {
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      r.failures.push_back(name + ": no such output in version \"" +
                           session.rules().version().name + "\"");
      continue;
    }
    std::string got = session.output_text(static_cast<size_t>(it - names.begin()));
    if (got != want) r.failures.push_back(name + ": " + got + " differs from expected " + want);
  }
  r.passed = r.failures.empty();
  return r;
}

}  // namespace decree
