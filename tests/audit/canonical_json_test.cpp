#include "audit/canonical_json.h"

#include <gtest/gtest.h>

namespace decree::audit {
namespace {

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  EXPECT_EQ(canonical_json(R"({ "grade": 5,
      "case_id" : "A-1", "nested": {"b": [1, 2 ], "a": null}})"),
            R"({"case_id":"A-1","grade":5,"nested":{"a":null,"b":[1,2]}})");
}

TEST(CanonicalJson, SameCaseInAnotherOrderHasTheSameText) {
  EXPECT_EQ(canonical_json(R"({"a":"1.10","b":true})"),
            canonical_json("{\n  \"b\": true,\n  \"a\": \"1.10\"\n}\n"));
}

TEST(CanonicalJson, NumbersStayAsWritten) {
  // Never through a double: 0.1 and 12345678901234567890.01 keep every digit.
  EXPECT_EQ(canonical_json(R"({"x": 12345678901234567890.01, "y": 0.10})"),
            R"({"x":12345678901234567890.01,"y":0.10})");
}

TEST(CanonicalJson, EscapesOnlyWhatMustBeEscaped) {
  EXPECT_EQ(canonical_json(R"({"s":"a\u0041\"\\\n\u0001吉林\/"})"),
            "{\"s\":\"aA\\\"\\\\\\n\\u0001吉林/\"}");
}

TEST(CanonicalJson, RefusesWhatIsNotOneJsonValue) {
  EXPECT_FALSE(canonical_json("{\"a\":1"));
  EXPECT_FALSE(canonical_json("{\"a\":1} {}"));
  EXPECT_FALSE(canonical_json("not json"));
  EXPECT_FALSE(canonical_json("5"));
}

}  // namespace
}  // namespace decree::audit
