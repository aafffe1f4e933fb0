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

// A message's code: msg::<name>. The shared notes are declared here; each
// stage's codes in base/codes_<stage>.h, from its catalogue file
// base/messages_<stage>.def (a new message rebuilds only that stage).
enum class Code : uint16_t {
  none = 0,  // a message not (yet) in the catalogue: its text is used as written
};

// Every code of the catalogue, in order (for tests and listings).
std::vector<Code> all_codes();

struct Message;

// The value of one placeholder: {"table", "months"} fills {table} with
// `months` in every language; {"what", "an expression", "表达式"} with a text
// of each language; {"what", Message{...}} with that message in the language
// printed (a message built from translated parts).
struct MessageArg {
  MessageArg(std::string key, std::string value);
  MessageArg(std::string key, std::string en, std::string zh);
  MessageArg(std::string key, const Message& part);
  MessageArg(const char* key, const char* value)
      : MessageArg(std::string(key), std::string(value)) {}
  std::string name;
  std::string en;
  std::string zh;  // empty: the same as `en`
  const std::string& value(Lang lang) const { return lang == Lang::zh && !zh.empty() ? zh : en; }
};
using MessageArgs = std::vector<MessageArg>;

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

// Called with each code whose template is read (tests/golden.h records the
// codes a golden test prints, to find catalogue entries that no golden
// shows). Not thread-safe; nullptr, the default, turns it off.
using MessageObserver = void (*)(Code);
void set_message_observer(MessageObserver observer);

}  // namespace decree

// The shared notes: msg::did_you_mean, msg::row_is_here …
#define DECREE_STAGE shared
#define DECREE_STAGE_NUMBER 0
#define DECREE_STAGE_FILE "base/messages.def"
#include "base/codes_stage.inc"
