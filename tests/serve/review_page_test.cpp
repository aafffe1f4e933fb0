// The review page's rendering (serve/review_page.h, serve/line_diff.h,
// serve/review_report.h) without a service: the line diff against known
// inputs and against a brute-force LCS, the side-by-side rows, escaping,
// who is offered the review form, both languages, and that no page holds
// a URL.
#include "serve/review_page.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "serve/line_diff.h"
#include "serve/review_report.h"

namespace decree::serve {
namespace {

using publish::CheckResult;
using publish::Proposal;
using publish::ProposalFile;
using publish::ProposalKind;
using publish::ProposalState;
using K = DiffRow::Kind;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string_view> lines(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

// ---- The line diff.

TEST(LineDiff, SplitsLinesWithOrWithoutTheLastNewline) {
  EXPECT_EQ(split_lines(""), std::vector<std::string_view>{});
  EXPECT_EQ(split_lines("a\nb\n"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(split_lines("a\r\nb"), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(split_lines("\n\n"), (std::vector<std::string_view>{"", ""}));
}

TEST(LineDiff, AChangedLineAnAddedLineAndTheirNumbers) {
  const std::vector<std::string> a = {"ruleset x", "  version 1", "rate 60%", "end"};
  const std::vector<std::string> b = {"ruleset x", "  version 2", "rate 60%", "end", "extra"};
  const auto rows = side_by_side(diff_lines(lines(a), lines(b)), -1);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].kind, K::same);
  EXPECT_EQ(rows[1].kind, K::changed);
  EXPECT_EQ(rows[1].old_no, 2u);
  EXPECT_EQ(rows[1].new_no, 2u);
  EXPECT_EQ(rows[2].kind, K::same);
  EXPECT_EQ(rows[3].kind, K::same);
  EXPECT_EQ(rows[3].old_no, 4u);
  EXPECT_EQ(rows[4].kind, K::added);
  EXPECT_EQ(rows[4].old_no, 0u);
  EXPECT_EQ(rows[4].new_no, 5u);
}

TEST(LineDiff, ARemovedRunLongerThanWhatReplacesIt) {
  const std::vector<std::string> a = {"k", "a1", "a2", "a3", "k2"};
  const std::vector<std::string> b = {"k", "b1", "k2"};
  const auto rows = side_by_side(diff_lines(lines(a), lines(b)), -1);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].kind, K::changed);  // a1 beside b1
  EXPECT_EQ(rows[1].old_no, 2u);
  EXPECT_EQ(rows[1].new_no, 2u);
  EXPECT_EQ(rows[2].kind, K::removed);
  EXPECT_EQ(rows[2].old_no, 3u);
  EXPECT_EQ(rows[3].kind, K::removed);
  EXPECT_EQ(rows[3].old_no, 4u);
  EXPECT_EQ(rows[4].kind, K::same);
  EXPECT_EQ(rows[4].old_no, 5u);
  EXPECT_EQ(rows[4].new_no, 3u);
}

TEST(LineDiff, NewAndRemovedFilesAreAllAddedOrAllRemoved) {
  const std::vector<std::string> text = {"a", "b", "c"};
  for (const auto& r : side_by_side(diff_lines({}, lines(text)), -1)) EXPECT_EQ(r.kind, K::added);
  for (const auto& r : side_by_side(diff_lines(lines(text), {}), -1)) EXPECT_EQ(r.kind, K::removed);
  EXPECT_EQ(diff_lines({}, lines(text)).size(), 3u);
  EXPECT_TRUE(diff_lines({}, {}).empty());
}

// The length of the longest common subsequence, by the textbook table.
size_t lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t[a.size()][b.size()];
}

// Replays a script: the old side from same and removed lines, the new from
// same and added ones, in order.
void replay(const std::vector<LineEdit>& edits, const std::vector<std::string>& a,
            const std::vector<std::string>& b, std::vector<std::string>& old_side,
            std::vector<std::string>& new_side, size_t& same) {
  same = 0;
  for (const auto& e : edits) {
    if (e.kind != LineEdit::Kind::added) old_side.push_back(a.at(e.old_index));
    if (e.kind != LineEdit::Kind::removed) new_side.push_back(b.at(e.new_index));
    if (e.kind == LineEdit::Kind::same) {
      EXPECT_EQ(a.at(e.old_index), b.at(e.new_index));
      ++same;
    }
  }
}

TEST(LineDiff, RandomInputsGiveAShortestCorrectScript) {
  std::mt19937 rng(12);
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> a(rng() % 12), b(rng() % 12);
    for (auto& l : a) l = std::string(1, static_cast<char>('a' + rng() % 3));
    for (auto& l : b) l = std::string(1, static_cast<char>('a' + rng() % 3));
    const auto edits = diff_lines(lines(a), lines(b));
    std::vector<std::string> old_side, new_side;
    size_t same = 0;
    replay(edits, a, b, old_side, new_side, same);
    EXPECT_EQ(old_side, a) << "round " << round;
    EXPECT_EQ(new_side, b) << "round " << round;
    EXPECT_EQ(same, lcs(a, b)) << "round " << round;  // shortest: the most lines kept
  }
}

TEST(LineDiff, BeyondItsBoundItGivesUpButStaysCorrect) {
  std::vector<std::string> a, b;
  for (int i = 0; i < 50; ++i)
    a.push_back("a" + std::to_string(i)), b.push_back("b" + std::to_string(i));
  a.insert(a.begin(), "head"), b.insert(b.begin(), "head");
  const auto edits = diff_lines(lines(a), lines(b), /*max_edits=*/10);
  std::vector<std::string> old_side, new_side;
  size_t same = 0;
  replay(edits, a, b, old_side, new_side, same);
  EXPECT_EQ(old_side, a);
  EXPECT_EQ(new_side, b);
  EXPECT_EQ(same, 1u);  // the common prefix is still found
}

TEST(LineDiff, AFewThousandLinesWithAFewChangesAreQuick) {
  std::vector<std::string> a, b;
  for (int i = 0; i < 5000; ++i) a.push_back("line " + std::to_string(i));
  b = a;
  b[100] = "changed";
  b.erase(b.begin() + 2500);
  b.insert(b.begin() + 4000, "inserted");
  const auto rows = side_by_side(diff_lines(lines(a), lines(b)), 3);
  size_t changed = 0, removed = 0, added = 0;
  for (const auto& r : rows) {
    changed += r.kind == K::changed;
    removed += r.kind == K::removed;
    added += r.kind == K::added;
  }
  EXPECT_EQ(changed, 1u);
  EXPECT_EQ(removed, 1u);
  EXPECT_EQ(added, 1u);
  EXPECT_LT(rows.size(), 40u);  // the rest folded
}

TEST(LineDiff, UnchangedStretchesFoldAroundTheChange) {
  std::vector<std::string> a;
  for (int i = 1; i <= 20; ++i) a.push_back("l" + std::to_string(i));
  std::vector<std::string> b = a;
  b[9] = "changed";  // line 10
  const auto rows = side_by_side(diff_lines(lines(a), lines(b)), 3);
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0].kind, K::skipped);
  EXPECT_EQ(rows[0].skipped, 6u);  // lines 1-6
  EXPECT_EQ(rows[0].old_no, 1u);
  EXPECT_EQ(rows[1].old_no, 7u);
  EXPECT_EQ(rows[4].kind, K::changed);
  EXPECT_EQ(rows[4].old_no, 10u);
  EXPECT_EQ(rows[7].old_no, 13u);
  EXPECT_EQ(rows[8].kind, K::skipped);
  EXPECT_EQ(rows[8].skipped, 7u);  // lines 14-20
  EXPECT_EQ(rows[8].old_no, 14u);
}

// ---- Files side by side.

TEST(SideBySide, MarksEachLineAndNumbersBothSides) {
  const std::string html = side_by_side_html("params.yaml", "a: 1\nb: 2\nc: 3\n",
                                             "a: 1\nb: 5\nc: 3\nd: 4\n", true, true, Lang::en);
  EXPECT_EQ(count(html, "<tr class=\"same\">"), 2u) << html;
  EXPECT_EQ(count(html, "<tr class=\"chg\">"), 1u);
  EXPECT_EQ(count(html, "<tr class=\"add\">"), 1u);
  EXPECT_EQ(count(html, "<tr class=\"del\">"), 0u);
  EXPECT_NE(
      html.find("<td class=\"ln\">2</td><td class=\"mk o\">−</td><td class=\"t o\">b: 2</td>"
                "<td class=\"ln\">2</td><td class=\"mk n\">+</td><td class=\"t n\">b: 5</td>"),
      std::string::npos)
      << html;
  EXPECT_NE(
      html.find("<td class=\"ln\">4</td><td class=\"mk n\">+</td><td class=\"t n\">d: 4</td>"),
      std::string::npos);
  EXPECT_NE(html.find(">changed<"), std::string::npos);
  EXPECT_NE(html.find(">Published<"), std::string::npos);
  EXPECT_NE(html.find(">Proposed<"), std::string::npos);
}

TEST(SideBySide, ANewFileIsAllAddedAndARemovedOneAllRemoved) {
  const std::string added =
      side_by_side_html("rules.decree", "", "x\ny\nz\n", false, true, Lang::en);
  EXPECT_EQ(count(added, "<tr class=\"add\">"), 3u);
  EXPECT_EQ(count(added, "<tr class=\"same\">") + count(added, "class=\"del\""), 0u);
  EXPECT_NE(added.find(">new file<"), std::string::npos);
  const std::string removed =
      side_by_side_html("rules.decree", "x\ny\n", "", true, false, Lang::zh);
  EXPECT_EQ(count(removed, "<tr class=\"del\">"), 2u);
  EXPECT_NE(removed.find(">删除<"), std::string::npos);
  const std::string same = side_by_side_html("a", "x\n", "x\n", true, true, Lang::en);
  EXPECT_EQ(same.find("<table"), std::string::npos);
  EXPECT_NE(same.find(">unchanged<"), std::string::npos);
}

TEST(SideBySide, FileContentsAreEscaped) {
  const std::string html = side_by_side_html("x<y>.decree", "", "<script>alert(1)</script> & 'q'\n",
                                             false, true, Lang::en);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("x<y>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;"),
            std::string::npos);
}

// ---- Pages.

Proposal sample(ProposalState state = ProposalState::proposed, bool passed = true) {
  Proposal p;
  p.id = "P000007";
  p.revision = 1;
  p.ruleset = "jilin.work_injury.benefits";
  p.version = "2025-07-01";
  p.kind = ProposalKind::add;
  p.state = state;
  p.author = "alice";
  p.comment = "2025 round <b>draft</b>";
  p.created_at = "2025-07-02T08:00:00Z";
  p.updated_at = "2025-07-02T08:00:00Z";
  p.files = {{"rules.decree", "ruleset jilin.work_injury.benefits\n  version \"2025-07-01\"\n"},
             {"params.yaml", "# see https://example.gov.cn/notice\nadjustment_in_force: {}\n"}};
  p.tests = {{"round-2025-tests.yaml", "- name: <script>t</script>\n"}};
  p.base_params = {"adjustment_in_force[2025-07-01]=2024"};
  p.as_of = "2025-08-01";
  p.rules_hash = "sha256:aaaa";
  p.content_hash = "sha256:cccc";
  p.assessment.checks = {
      {"check", true, "0 errors, 0 warnings"},
      {"rule_tests", passed, passed ? "4 passed, 0 failed" : "3 passed, 1 failed"},
      {"reference_tests", true, "12 passed, 0 failed"},
      {"impact", true, "20,000 cases, 1,234 changed"}};
  p.assessment.text = "规则测试 / Rule tests: 4 passed\n";
  p.assessment.html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:2em}"
      "h1{font-size:1.6em}.cards,.card b{display:flex}@font-face{src:url(https://x.example/f)}"
      "</style></head><body><h1>Impact</h1><p>see http://x.example</p>"
      "<script>alert(1)</script><div class=\"cards\">Totals 1,234.00</div></body></html>";
  p.events = {
      {"2025-07-02T08:00:00Z", "alice", "author", "propose", "first <i>try</i>", "sha256:cccc"}};
  return p;
}

PageContext as(const std::string& caller, const std::string& role, Lang lang = Lang::en) {
  PageContext c;
  c.lang = lang;
  c.caller = caller;
  c.role = role;
  c.csrf = "csrf-value";
  return c;
}

bool has_form(const std::string& html) {
  return html.find("<form class=\"review\"") != std::string::npos;
}

TEST(ReviewPage, TheFormIsForAReviewerWhoIsNotTheAuthorOfAProposedProposal) {
  const Proposal p = sample();
  const std::string html = review_proposal_html(p, {}, as("bob", "reviewer"));
  ASSERT_TRUE(has_form(html)) << html;
  EXPECT_NE(html.find("action=\"/review/P000007?lang=en\""), std::string::npos);
  EXPECT_NE(html.find("name=\"csrf\" value=\"csrf-value\""), std::string::npos);
  EXPECT_NE(html.find("name=\"content_hash\" value=\"sha256:cccc\""), std::string::npos);
  EXPECT_NE(html.find("name=\"decision\" value=\"approve\">"), std::string::npos);
  EXPECT_NE(html.find("name=\"decision\" value=\"reject\">"), std::string::npos);
  EXPECT_NE(html.find("<textarea id=\"comment\" name=\"comment\""), std::string::npos);
  EXPECT_TRUE(has_form(review_proposal_html(p, {}, as("root", "admin"))));

  // Not the author, not another role, not once it is no longer proposed.
  const std::string own = review_proposal_html(p, {}, as("alice", "reviewer"));
  EXPECT_FALSE(has_form(own));
  EXPECT_NE(own.find("You proposed this"), std::string::npos);
  EXPECT_FALSE(has_form(review_proposal_html(p, {}, as("alice", "admin"))));
  for (const char* role : {"author", "publisher", "auditor", ""})
    EXPECT_FALSE(has_form(review_proposal_html(p, {}, as("carol", role)))) << role;
  for (auto state : {ProposalState::approved, ProposalState::rejected, ProposalState::published})
    EXPECT_FALSE(has_form(review_proposal_html(sample(state), {}, as("bob", "reviewer"))));
  EXPECT_FALSE(has_form(review_proposal_html(p, {}, PageContext{})));
}

TEST(ReviewPage, ApprovalIsDisabledWhenTheAssessmentFailed) {
  const std::string html =
      review_proposal_html(sample(ProposalState::proposed, false), {}, as("bob", "reviewer"));
  ASSERT_TRUE(has_form(html));
  EXPECT_NE(html.find("value=\"approve\" disabled>"), std::string::npos) << html;
  EXPECT_NE(html.find("the assessment did not pass"), std::string::npos);
  EXPECT_NE(html.find("value=\"reject\">"), std::string::npos);  // rejecting still works
  // The text report is open then: the failures are what to read.
  EXPECT_NE(html.find("<details class=\"report-text\" open>"), std::string::npos);
  const std::string fine = review_proposal_html(sample(), {}, as("bob", "reviewer"));
  EXPECT_EQ(fine.find(" disabled>"), std::string::npos);
}

TEST(ReviewPage, ShowsTheChecksTheHistoryTheReportAndTheFiles) {
  Proposal p = sample();
  p.kind = ProposalKind::correct;
  const std::vector<ProposalFile> published = {
      {"rules.decree", "ruleset jilin.work_injury.benefits\n  version \"2025-07-01\"\n"},
      {"params.yaml", "adjustment_in_force: {}\n"},
      {"old.yaml", "gone: 1\n"},
      {"PUBLISHED.yaml", "signature: x\n"}};
  const std::string html = review_proposal_html(p, published, as("bob", "reviewer"));
  for (const char* check : {"check", "rule_tests", "reference_tests", "impact"})
    EXPECT_NE(html.find("data-check=\"" + std::string(check) + "\""), std::string::npos) << check;
  EXPECT_NE(html.find("4 passed, 0 failed"), std::string::npos);
  EXPECT_NE(html.find("Rule tests of the proposal"), std::string::npos);
  EXPECT_NE(html.find("<code>round-2025-tests.yaml</code>"), std::string::npos);
  EXPECT_NE(html.find("Totals 1,234.00"), std::string::npos);  // the report's body
  EXPECT_NE(html.find("href=\"/review/P000007/report?lang=en\""), std::string::npos);
  EXPECT_NE(html.find("data-path=\"params.yaml\""), std::string::npos);
  EXPECT_NE(html.find("data-path=\"old.yaml\""), std::string::npos);
  EXPECT_EQ(html.find("data-path=\"PUBLISHED.yaml\""), std::string::npos);  // not a change
  EXPECT_NE(html.find(">sha256:cccc<"), std::string::npos);
  EXPECT_NE(html.find("adjustment_in_force[2025-07-01]=2024"), std::string::npos);
  EXPECT_NE(html.find(">proposed<"), std::string::npos);  // the event's step
  EXPECT_NE(html.find("<table class=\"sbs\">"), std::string::npos);
}

TEST(ReviewPage, EverythingIsEscapedAndTheReportLosesItsScripts) {
  Proposal p = sample();
  p.review_comment = "<script>alert('r')</script>";
  p.reviewer = "dave<img>";
  const std::string html = review_proposal_html(p, {}, as("bob<b>", "reviewer"));
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<i>try"), std::string::npos);
  EXPECT_EQ(html.find("<b>draft"), std::string::npos);
  EXPECT_EQ(html.find("bob<b>"), std::string::npos);
  EXPECT_NE(html.find("first &lt;i&gt;try&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;r&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("- name: &lt;script&gt;t&lt;/script&gt;"), std::string::npos);
}

TEST(ReviewPage, LabelsInChineseAndEnglish) {
  const Proposal p = sample();
  const std::string zh = review_proposal_html(p, {}, as("bob", "reviewer", Lang::zh));
  EXPECT_NE(zh.find("<html lang=\"zh-CN\">"), std::string::npos);
  for (const char* word : {"待审核", "批准", "驳回", "规则与参数文件的变更", "检查结果",
                           "影响评估报告", "通过", "办理经过", "审核人"})
    EXPECT_NE(zh.find(word), std::string::npos) << word;
  EXPECT_EQ(zh.find("Waiting for review"), std::string::npos);
  const std::string en = review_proposal_html(p, {}, as("bob", "reviewer", Lang::en));
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
  for (const char* word : {"Waiting for review", "Approve", "Reject", "Checks", "Impact report",
                           "Who did what", "passed"})
    EXPECT_NE(en.find(word), std::string::npos) << word;
  EXPECT_EQ(en.find("待审核"), std::string::npos);
  // Both pages offer both languages, each in its own words.
  for (const auto* html : {&zh, &en}) {
    EXPECT_NE(html->find("?lang=zh\" hreflang=\"zh\" lang=\"zh-CN\">中文</a>"), std::string::npos);
    EXPECT_NE(html->find("?lang=en\" hreflang=\"en\" lang=\"en\">English</a>"), std::string::npos);
  }
  const std::string list = review_list_html({p}, as("bob", "reviewer", Lang::zh));
  for (const char* word : {"提案列表", "待审核", "已批准，待发布", "已驳回", "已发布", "起草人"})
    EXPECT_NE(list.find(word), std::string::npos) << word;
  EXPECT_NE(sign_in_html(as("", "", Lang::zh), "/review").find("访问令牌"), std::string::npos);
  EXPECT_NE(sign_in_html(as("", "", Lang::en), "/review").find("Access token"), std::string::npos);
}

TEST(ReviewPage, TheListGroupsByStateInOrder) {
  std::vector<Proposal> all = {sample(ProposalState::published), sample(ProposalState::proposed),
                               sample(ProposalState::proposed, false),
                               sample(ProposalState::rejected)};
  all[0].id = "P000001", all[1].id = "P000002", all[2].id = "P000003", all[3].id = "P000004";
  all[0].reviewer = "bob";
  all[3].assessment.checks.clear();
  const std::string html = review_list_html(all, as("bob", "reviewer"));
  const size_t proposed = html.find("<section class=\"state\" id=\"proposed\">");
  const size_t approved = html.find("<section class=\"state\" id=\"approved\">");
  const size_t rejected = html.find("<section class=\"state\" id=\"rejected\">");
  const size_t published = html.find("<section class=\"state\" id=\"published\">");
  ASSERT_NE(proposed, std::string::npos);
  EXPECT_LT(proposed, approved);
  EXPECT_LT(approved, rejected);
  EXPECT_LT(rejected, published);
  ASSERT_NE(published, std::string::npos);
  auto at = [&](const char* id) { return html.find("data-id=\"" + std::string(id) + "\""); };
  EXPECT_GT(at("P000002"), proposed);
  EXPECT_LT(at("P000002"), approved);
  EXPECT_LT(at("P000003"), approved);
  EXPECT_GT(at("P000004"), rejected);
  EXPECT_GT(at("P000001"), published);
  EXPECT_NE(html.find("<a href=\"/review/P000002?lang=en\">P000002</a>"), std::string::npos);
  EXPECT_EQ(count(html, "<span class=\"badge pass\">passed</span>"), 2u);
  EXPECT_EQ(count(html, "<span class=\"badge fail\">failed</span>"), 1u);
  EXPECT_EQ(count(html, "not assessed"), 1u);
  EXPECT_NE(html.find("(0)"), std::string::npos);  // no approved ones
  EXPECT_NE(html.find("2025-07-02T08:00:00Z"), std::string::npos);
}

TEST(ReviewPage, BannersAndTheSignedInCaller) {
  PageContext c = as("bob", "reviewer");
  c.message = "refused: <because>";
  c.message_is_error = true;
  const std::string html = review_list_html({}, c);
  EXPECT_NE(html.find("<div class=\"banner error\" role=\"alert\">refused: &lt;because&gt;</div>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<b class=\"caller\">bob</b> (reviewer)"), std::string::npos);
  EXPECT_NE(html.find("action=\"/review/sign-out?lang=en\""), std::string::npos);
  const std::string signin = sign_in_html(PageContext{}, "/review/P1\"><x");
  EXPECT_NE(signin.find("action=\"/review/sign-in?lang=en\""), std::string::npos);
  EXPECT_NE(signin.find("type=\"password\" id=\"token\" name=\"token\""), std::string::npos);
  EXPECT_EQ(signin.find("\"><x"), std::string::npos);
  EXPECT_EQ(signin.find("sign-out"), std::string::npos);  // nobody to sign out
}

TEST(ReviewPage, NoPageHoldsAUrlOrAScript) {
  Proposal p = sample();
  p.review_comment = "as in https://example.org/x";
  p.events[0].comment = "http://example.org";
  const std::vector<std::string> pages = {
      review_proposal_html(p, {{"params.yaml", "ref: https://old.example\n"}},
                           as("bob", "reviewer")),
      review_proposal_html(p, {}, as("bob", "reviewer", Lang::zh)),
      review_list_html({p, sample(ProposalState::published)}, as("bob", "reviewer")),
      sign_in_html(PageContext{}, "/review"),
      notice_html(PageContext{}, "Not found", "see https://x"),
  };
  for (const auto& html : pages) {
    EXPECT_EQ(html.find("http://"), std::string::npos) << html;
    EXPECT_EQ(html.find("https://"), std::string::npos) << html;
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  }
}

// ---- The report inside the page.

TEST(ReviewReport, StylesAreScopedAndAtRulesDropped) {
  EXPECT_EQ(scope_css("body{margin:0}h1,h2 b{x:y}/* c */@media print{p{a:b}}.k{z:1}", ".r"),
            ".r{margin:0}\n.r h1,.r h2 b{x:y}\n.r .k{z:1}\n");
  const std::string html = embedded_report(sample().assessment.html, "section.report");
  EXPECT_NE(html.find("section.report{margin:2em}"), std::string::npos) << html;
  EXPECT_NE(html.find("section.report .cards,section.report .card b{display:flex}"),
            std::string::npos);
  EXPECT_EQ(html.find("font-face"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<head"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_NE(html.find("<h1>Impact</h1>"), std::string::npos);
  EXPECT_NE(html.find("http&#58;//x.example"), std::string::npos);
  // A fragment without <body> is taken whole.
  EXPECT_EQ(embedded_report("<p>x</p>", ".r"), "<p>x</p>");
}

}  // namespace
}  // namespace decree::serve
