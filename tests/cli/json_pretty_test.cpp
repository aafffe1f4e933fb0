#include "base/json_pretty.h"

#include <gtest/gtest.h>

namespace decree::cli {
namespace {

TEST(PrettyJson, IndentsObjectsAndArrays) {
  EXPECT_EQ(pretty_json(R"({"a":"1.00","b":[1,2],"c":{"d":true}})"),
            "{\n"
            "  \"a\": \"1.00\",\n"
            "  \"b\": [\n"
            "    1,\n"
            "    2\n"
            "  ],\n"
            "  \"c\": {\n"
            "    \"d\": true\n"
            "  }\n"
            "}\n");
}

TEST(PrettyJson, KeepsEmptyContainersOnOneLine) {
  EXPECT_EQ(pretty_json(R"({"a":[],"b":{ }})"), "{\n  \"a\": [],\n  \"b\": {}\n}\n");
}

TEST(PrettyJson, CopiesStringsAndNumbersByteForByte) {
  // Punctuation and escapes inside strings are not structure; numbers keep their digits.
  EXPECT_EQ(pretty_json(R"({"s":"a,b:{c}[d] \"q\" \\","n":12345678901234567890.125})"),
            "{\n  \"s\": \"a,b:{c}[d] \\\"q\\\" \\\\\",\n  \"n\": 12345678901234567890.125\n}\n");
}

TEST(PrettyJson, ReindentsAlreadyPrettyText) {
  EXPECT_EQ(pretty_json("{ \"a\" : 1 ,\n \"b\":2 }"), "{\n  \"a\": 1,\n  \"b\": 2\n}\n");
}

}  // namespace
}  // namespace decree::cli
