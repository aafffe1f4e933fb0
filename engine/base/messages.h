// The message catalogue: every message the tool prints, keyed by a stable
// code, in English and 中文 (engine/base/messages.def). A diagnostic keeps its
// code and the values of the message's placeholders, so that it renders in
// the language chosen where it is printed (`--lang`), and JSON error objects
// carry the code, which does not change with the language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace decree {

enum class Lang : uint8_t { en, zh };

// "zh" or "en" (also "zh_CN.UTF-8", "en_US" …); nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view name);
// The language of the environment: the first of LC_ALL, LC_MESSAGES, LANG
// that is set and not empty; `zh_*` is 中文, anything else English.
Lang lang_from_environment();

enum class Code : uint16_t {
  none,  // a message not (yet) in the catalogue: its text is used as written
#define DECREE_MESSAGE(code, en, zh) code,
#include "base/messages.def"
#undef DECREE_MESSAGE
  count_
};

// The values of a message's placeholders: {"table", "months"} fills {table}.
using MessageArgs = std::vector<std::pair<std::string, std::string>>;

struct Message {
  Code code = Code::none;
  MessageArgs args;
};

// The stable name of a code ("table_overlap"); "" for Code::none.
std::string_view code_name(Code code);
// The template of a code in a language, with its {placeholders}.
std::string_view message_template(Code code, Lang lang);
// The message in a language: its template with the placeholders filled.
std::string message_text(const Message& m, Lang lang);

}  // namespace decree
