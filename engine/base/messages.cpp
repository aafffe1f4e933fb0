#include "base/messages.h"

#include <cstdlib>

namespace decree {
namespace {

struct Entry {
  std::string_view code, en, zh;
};

constexpr Entry kEntries[] = {
    {"", "", ""},
#define DECREE_MESSAGE(code, en, zh) {#code, en, zh},
#include "base/messages.def"
#undef DECREE_MESSAGE
};
static_assert(sizeof(kEntries) / sizeof(kEntries[0]) == static_cast<size_t>(Code::count_));

}  // namespace

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

std::string_view code_name(Code code) {
  return code < Code::count_ ? kEntries[static_cast<size_t>(code)].code : "";
}

std::string_view message_template(Code code, Lang lang) {
  if (code >= Code::count_) return "";
  const Entry& e = kEntries[static_cast<size_t>(code)];
  return lang == Lang::zh ? e.zh : e.en;
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
        for (const auto& [k, v] : m.args)
          if (k == name) value = &v;
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
