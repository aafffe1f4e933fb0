#include "base/messages.h"

#include <cstdlib>
#include <iterator>

namespace decree {
namespace {

struct Entry {
  std::string_view code, en, zh;
};

// The entries of each stage, by stage number (see base/codes_stage.inc).
#define DECREE_MESSAGE(code, en, zh) {#code, en, zh},
constexpr Entry kShared[] = {
#include "base/messages.def"
};
constexpr Entry kYaml[] = {
#include "base/messages_yaml.def"
};
constexpr Entry kTables[] = {
#include "base/messages_tables.def"
};
constexpr Entry kCheck[] = {
#include "base/messages_check.def"
};
constexpr Entry kParams[] = {
#include "base/messages_params.def"
};
constexpr Entry kSyntax[] = {
    {"", "", ""},  // (a stage may be empty)
#include "base/messages_syntax.def"
};
constexpr Entry kCases[] = {
    {"", "", ""},
#include "base/messages_cases.def"
};
constexpr Entry kRuntime[] = {
    {"", "", ""},
#include "base/messages_runtime.def"
};
constexpr Entry kTesting[] = {
    {"", "", ""},
#include "base/messages_testing.def"
};
constexpr Entry kReports[] = {
    {"", "", ""},
#include "base/messages_reports.def"
};
constexpr Entry kVersions[] = {
    {"", "", ""},
#include "base/messages_versions.def"
};
constexpr Entry kServe[] = {
    {"", "", ""},
#include "base/messages_serve.def"
};
constexpr Entry kPublish[] = {
    {"", "", ""},
#include "base/messages_publish.def"
};
constexpr Entry kDoc[] = {
    {"", "", ""},
#include "base/messages_doc.def"
};
#undef DECREE_MESSAGE

struct Stage {
  const Entry* entries;
  size_t size;
};
// `skip`: a leading placeholder entry (an empty array does not compile).
template <size_t N>
constexpr Stage stage(const Entry (&e)[N], size_t skip = 0) {
  return {e + skip, N - skip};
}
// Index = the stage's number in its base/codes_<stage>.h.
constexpr Stage kStages[] = {stage(kShared),     stage(kYaml),       stage(kTables),
                             stage(kCheck),      stage(kParams),     stage(kSyntax, 1),
                             stage(kCases, 1),   stage(kRuntime, 1), stage(kTesting, 1),
                             stage(kReports, 1), stage(kVersions, 1), stage(kServe, 1),
                             stage(kPublish, 1), stage(kDoc, 1)};

const Entry* entry(Code code) {
  auto v = static_cast<size_t>(code);
  size_t s = v >> 10, i = v & 1023;
  if (s >= std::size(kStages) || i == 0 || i > kStages[s].size) return nullptr;
  return &kStages[s].entries[i - 1];
}

}  // namespace

MessageArg::MessageArg(std::string key, std::string value)
    : name(std::move(key)), en(std::move(value)) {}

MessageArg::MessageArg(std::string key, std::string en_text, std::string zh_text)
    : name(std::move(key)), en(std::move(en_text)), zh(std::move(zh_text)) {
  if (zh == en) zh.clear();
}

MessageArg::MessageArg(std::string key, const Message& part)
    : MessageArg(std::move(key), message_text(part, Lang::en), message_text(part, Lang::zh)) {}

std::optional<Lang> parse_lang(std::string_view name) {
  if (name.substr(0, 2) == "zh") return Lang::zh;
  if (name.substr(0, 2) == "en" || name == "C" || name == "POSIX") return Lang::en;
  return std::nullopt;
}

Lang lang_from_environment() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v)
      return std::string_view(v).substr(0, 3) == "zh_" || std::string_view(v) == "zh" ? Lang::zh
                                                                                      : Lang::en;
  }
  return Lang::en;
}

std::vector<Code> all_codes() {
  std::vector<Code> out;
  for (size_t s = 0; s < std::size(kStages); ++s)
    for (size_t i = 1; i <= kStages[s].size; ++i) out.push_back(static_cast<Code>(s << 10 | i));
  return out;
}

std::string_view code_name(Code code) {
  const Entry* e = entry(code);
  return e ? e->code : "";
}

namespace {
MessageObserver observer = nullptr;
}  // namespace

void set_message_observer(MessageObserver o) { observer = o; }

std::string_view message_template(Code code, Lang lang) {
  const Entry* e = entry(code);
  if (!e) return "";
  if (observer) observer(code);
  return lang == Lang::zh ? e->zh : e->en;
}

std::string message_text(const Message& m, Lang lang) {
  std::string_view t = message_template(m.code, lang);
  std::string out;
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '{') {
      size_t end = t.find('}', i);
      if (end != std::string_view::npos) {
        std::string_view name = t.substr(i + 1, end - i - 1);
        const std::string* value = nullptr;
        for (const auto& a : m.args)
          if (a.name == name) value = &a.value(lang);
        if (value) {
          out += *value;
          i = end + 1;
          continue;
        }
      }
    }
    out += t[i++];
  }
  return out;
}

}  // namespace decree
