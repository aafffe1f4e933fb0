// The message catalogue: every code in both languages, with the same
// placeholders, and the language chosen from --lang or the environment.
#include "base/messages.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <set>
#include <string>

#include "base/codes_tables.h"
#include "base/diagnostics.h"

namespace decree {
namespace {

std::set<std::string> placeholders(std::string_view t) {
  std::set<std::string> out;
  for (size_t i = t.find('{'); i != std::string_view::npos; i = t.find('{', i + 1)) {
    size_t end = t.find('}', i);
    if (end == std::string_view::npos) break;
    out.insert(std::string(t.substr(i + 1, end - i - 1)));
  }
  return out;
}

bool has_chinese(std::string_view t) {
  for (unsigned char c : t)
    if (c >= 0xE4 && c <= 0xE9) return true;  // lead bytes of U+4000..U+9FFF
  return false;
}

TEST(Messages, EveryCodeHasBothLanguagesWithTheSamePlaceholders) {
  std::set<std::string> names;
  for (Code code : all_codes()) {
    std::string name(code_name(code));
    SCOPED_TRACE(name);
    EXPECT_TRUE(names.insert(name).second) << "two codes named " << name;
    std::string_view en = message_template(code, Lang::en), zh = message_template(code, Lang::zh);
    EXPECT_FALSE(en.empty());
    EXPECT_FALSE(zh.empty());
    EXPECT_TRUE(has_chinese(zh)) << zh;
    EXPECT_FALSE(has_chinese(en)) << en;
    auto in_en = placeholders(en), in_zh = placeholders(zh);
    in_en.erase("s");  // an English plural ending
    EXPECT_EQ(in_en, in_zh);
  }
  EXPECT_GT(names.size(), 20u);
  EXPECT_EQ(code_name(Code::none), "");
  EXPECT_EQ(code_name(static_cast<Code>(9999)), "") << "a number that is no code";
}

TEST(Messages, TextFillsThePlaceholdersInEitherLanguage) {
  Message m{msg::table_rows_overlap, {{"a", "1"}, {"b", "3"}, {"table", "months"}}};
  EXPECT_EQ(message_text(m, Lang::en), "rows 1 and 3 of unique table `months` overlap");
  EXPECT_EQ(message_text(m, Lang::zh), "唯一命中（unique）表 `months` 的第 1 行和第 3 行有重叠");
  // The plural ending is English only.
  Message keys{msg::table_row_keys, {{"n", "1"}, {"s", ""}, {"keys", "2"}}};
  EXPECT_EQ(message_text(keys, Lang::en), "this row has 1 key pattern, the table has 2 keys");
  EXPECT_EQ(message_text(keys, Lang::zh), "这一行有 1 个键条件，而这张表有 2 个键");
  EXPECT_EQ(code_name(msg::table_rows_overlap), "table_rows_overlap");
}

TEST(Messages, ADiagnosticRendersInTheLanguageAskedFor) {
  Diagnostics diags;
  diags.error({}, {msg::table_range_empty, {}}).note({}, {msg::did_you_mean, {{"name", "x"}}});
  diags.error({}, "not in the catalogue yet");
  EXPECT_EQ(render_all(diags),
            "error: this range is empty\nnote: did you mean `x`?\n"
            "error: not in the catalogue yet\n");
  EXPECT_EQ(render_all(diags, false, Lang::zh),
            "error: 这个区间是空的\nnote: 是不是 `x`？\nerror: not in the catalogue yet\n");
  EXPECT_EQ(diags.items()[0].code, msg::table_range_empty);
}

TEST(Messages, TheLanguageComesFromTheEnvironmentInPosixOrder) {
  EXPECT_EQ(parse_lang("zh"), Lang::zh);
  EXPECT_EQ(parse_lang("zh_CN.UTF-8"), Lang::zh);
  EXPECT_EQ(parse_lang("en"), Lang::en);
  EXPECT_EQ(parse_lang("fr"), std::nullopt);
  ::setenv("LC_ALL", "", 1);
  ::setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
  ::setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(lang_from_environment(), Lang::zh);
  ::setenv("LC_ALL", "C.UTF-8", 1);
  EXPECT_EQ(lang_from_environment(), Lang::en);
  ::unsetenv("LC_ALL");
  ::unsetenv("LC_MESSAGES");
  ::setenv("LANG", "zh_TW.UTF-8", 1);
  EXPECT_EQ(lang_from_environment(), Lang::zh);
  ::unsetenv("LANG");
  EXPECT_EQ(lang_from_environment(), Lang::en);
}

}  // namespace
}  // namespace decree
