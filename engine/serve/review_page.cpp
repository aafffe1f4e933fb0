#include "serve/review_page.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include "base/markup.h"
#include "serve/line_diff.h"
#include "serve/review_report.h"

namespace decree::serve {
namespace {

using publish::Proposal;
using publish::ProposalFile;
using publish::ProposalState;

// The page's words. Kept here rather than in the message catalogue: they
// are labels of one page, not messages that diagnostics or answers carry.
struct Label {
  const char* key;
  const char* en;
  const char* zh;
};

constexpr Label kLabels[] = {
    {"title", "Rule version review", "规则版本审核"},
    {"proposals", "Proposals", "提案列表"},
    {"state.proposed", "Waiting for review", "待审核"},
    {"state.approved", "Approved, waiting for publication", "已批准，待发布"},
    {"state.rejected", "Rejected", "已驳回"},
    {"state.published", "Published", "已发布"},
    {"none", "None.", "无。"},
    {"id", "Proposal", "提案"},
    {"ruleset", "Rule set", "规则集"},
    {"version", "Version", "版本"},
    {"kind", "Kind", "类型"},
    {"kind.add", "new version", "新版本"},
    {"kind.correct", "correction", "更正"},
    {"kind.withdraw", "withdrawal", "撤回"},
    {"author", "Author", "起草人"},
    {"reviewer", "Reviewer", "审核人"},
    {"publisher", "Publisher", "发布人"},
    {"created", "Proposed", "提交时间"},
    {"updated", "Updated", "更新时间"},
    {"reviewed", "Reviewed", "审核时间"},
    {"published", "Published", "发布时间"},
    {"assessment", "Assessment", "评估"},
    {"passed", "passed", "通过"},
    {"failed", "failed", "未通过"},
    {"not_assessed", "not assessed", "未评估"},
    {"signed_in_as", "Signed in as", "当前用户"},
    {"sign_out", "Sign out", "退出登录"},
    {"sign_in", "Sign in", "登录"},
    {"token", "Access token", "访问令牌"},
    {"sign_in_help",
     "Enter the access token (bearer token) you were given. The page keeps it in a cookie "
     "sent only to /review, and forgets it when you sign out.",
     "请输入分配给您的访问令牌（Bearer token）。本页面将其保存在仅发送给 /review 的 Cookie "
     "中，退出登录时删除。"},
    {"bad_token", "This token is not valid here.", "该令牌无效。"},
    {"forbidden", "Your role may not read proposals.", "您的角色无权查看提案。"},
    {"signed_out", "You are signed out.", "您已退出登录。"},
    {"all_proposals", "All proposals", "全部提案"},
    {"history", "Who did what", "办理经过"},
    {"time", "Time", "时间"},
    {"who", "Who", "人员"},
    {"role", "Role", "角色"},
    {"step", "Step", "步骤"},
    {"comment", "Comment", "意见"},
    {"content_hash", "Content hash", "内容哈希"},
    {"rules_hash", "Rules hash", "规则哈希"},
    {"base_hash", "Assessed against the published rule set", "评估所依据的已发布规则集"},
    {"approved_hash", "Approved content", "批准时的内容"},
    {"action.propose", "proposed", "提交"},
    {"action.amend", "amended", "修改"},
    {"action.approve", "approved", "批准"},
    {"action.reject", "rejected", "驳回"},
    {"action.publish", "published", "发布"},
    {"action.withdraw", "withdrew", "撤回"},
    {"checks", "Checks", "检查结果"},
    {"check", "Check", "检查项"},
    {"check.check", "Rule check", "规则检查"},
    {"check.rule_tests", "Rule tests of the proposal", "提案的规则测试"},
    {"check.reference_tests", "Reference tests of the rule set", "规则集的参考测试"},
    {"check.impact", "Impact on the fund", "基金影响评估"},
    {"result", "Result", "结果"},
    {"summary", "Summary", "摘要"},
    {"rule_tests", "Rule tests", "规则测试"},
    {"no_tests", "The proposal has no rule tests.", "提案没有规则测试。"},
    {"report_text", "The assessment as text (checks and test failures)",
     "文本格式的评估（检查与测试失败）"},
    {"impact", "Impact report", "影响评估报告"},
    {"open_report", "The report on a page of its own", "在单独页面打开报告"},
    {"no_report", "There is no impact report.", "没有影响评估报告。"},
    {"files", "Changes to the rule and parameter files", "规则与参数文件的变更"},
    {"no_files", "No files.", "没有文件。"},
    {"old_side", "Published", "已发布版本"},
    {"new_side", "Proposed", "提案版本"},
    {"file_new", "new file", "新文件"},
    {"file_removed", "removed", "删除"},
    {"file_changed", "changed", "有改动"},
    {"file_same", "unchanged", "未改动"},
    {"lines_same", "{n} unchanged lines", "{n} 行未改动"},
    {"baseline", "Baseline of the assessment", "评估基线"},
    {"as_of", "Payment date", "支付日期"},
    {"author_comment", "The author's note", "起草说明"},
    {"review_comment", "Review comment", "审核意见"},
    {"your_review", "Your review", "审核"},
    {"to_review", "Go to the review form", "前往审核表单"},
    {"approve", "Approve", "批准"},
    {"reject", "Reject", "驳回"},
    {"approve_blocked",
     "Approval is not possible: the assessment did not pass. You may reject the proposal.",
     "评估未通过，不能批准；可以驳回。"},
    {"own_proposal", "You proposed this: another reviewer must review it.",
     "这是您提交的提案，须由另一位审核人审核。"},
    {"only_reviewers", "Only a reviewer may approve or reject a proposal.",
     "只有审核人可以批准或驳回提案。"},
    {"not_waiting", "This proposal is not waiting for review.", "该提案不在待审核状态。"},
    {"done.approved", "You approved the proposal.", "您已批准该提案。"},
    {"done.rejected", "You rejected the proposal.", "您已驳回该提案。"},
    {"not_found", "Not found", "未找到"},
    {"no_proposal", "There is no such proposal.", "没有这个提案。"},
    {"no_page", "There is no such page.", "没有这个页面。"},
    {"bad_method", "This page does not take that kind of request.", "该页面不接受这种请求方法。"},
    {"not_configured", "Publishing is not configured on this service.", "本服务未配置发布流程。"},
    {"bad_form", "The form has expired or did not come from this page: open the proposal again.",
     "表单已失效或并非来自本页面，请重新打开提案。"},
    {"bad_decision", "Choose approve or reject.", "请选择批准或驳回。"},
    {"refused", "Refused", "未能办理"},
    {"role.caseworker", "caseworker", "经办"},
    {"role.analyst", "analyst", "分析员"},
    {"role.auditor", "auditor", "审计员"},
    {"role.admin", "administrator", "管理员"},
    {"role.author", "author", "起草人"},
    {"role.reviewer", "reviewer", "审核人"},
    {"role.publisher", "publisher", "发布人"},
};

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string mark = "{" + key + "}";
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
    text.replace(at, mark.size(), value), at += value.size();
  return text;
}

// Escaped for text and attributes alike; "://" as "&#58;//" so that no
// page holds a URL, whatever the files quote (base/markup.h).
std::string esc(const std::string& s) { return xml_escape(s, /*hide_urls=*/true); }
std::string esc(std::string_view s) { return esc(std::string(s)); }

std::string L(const char* key, Lang lang) { return esc(review_label(key, lang)); }

// A path segment of a link: ids are "P" and digits, but nothing else may
// break out of the URL either.
std::string url_part(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += {'%', hex[c >> 4], hex[c & 15]};
  return out;
}

const char* lang_code(Lang lang) { return lang == Lang::zh ? "zh" : "en"; }
std::string with_lang(const std::string& path, Lang lang) {
  return path + "?lang=" + lang_code(lang);
}

const char* kStyle = R"(
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
 "WenQuanYi Micro Hei","Helvetica Neue",Arial,sans-serif;margin:0;color:#1f2933;line-height:1.45;
 background:#fff}
header.top{display:flex;flex-wrap:wrap;gap:1em;align-items:center;padding:.6em 1.5em;
 background:#243b53;color:#fff}header.top a{color:#fff}header.top .brand{font-weight:bold}
header.top .grow{flex:1}header.top form{display:inline;margin:0}
header.top button{font:inherit;background:none;border:1px solid #9fb3c8;color:#fff;
 border-radius:4px;padding:.1em .6em;cursor:pointer}
main{max-width:1400px;margin:1.5em auto;padding:0 1.5em}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid
 #d9e2ec;padding-bottom:.2em}h3{font-size:1em;margin:1.2em 0 .4em}
table{border-collapse:collapse;margin:.5em 0 1em;font-size:.92em}
th,td{border:1px solid #d9e2ec;padding:.3em .6em;vertical-align:top;text-align:left}
th{background:#f0f4f8}
code,.hash{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
.hash{overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:3px;padding:0 .45em;font-size:.85em;
 background:#e4e7eb;white-space:nowrap}
.badge.pass,.badge.approved,.badge.published{background:#c6f7e2;color:#014d40}
.badge.fail,.badge.rejected{background:#ffbdbd;color:#610404}
.badge.proposed{background:#fce588;color:#513c06}
.banner{padding:.7em 1em;border-radius:6px;margin:1em 0;background:#e3f8ff;
 border:1px solid #81defd}.banner.error{background:#ffe3e3;border-color:#ff9b9b}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.5em 0}
dl.meta dt{color:#52606d}dl.meta dd{margin:0}
.muted{color:#52606d}
pre{background:#f0f4f8;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;
 font-size:.88em}
table.sbs{width:100%;table-layout:fixed;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;
 font-size:.82em}
table.sbs th{font-family:inherit}table.sbs col.ln{width:3.6em}table.sbs col.mk{width:1.6em}
table.sbs td{border:none;border-left:1px solid #d9e2ec;padding:0 .4em}
table.sbs td.ln{color:#829ab1;text-align:right;user-select:none}
table.sbs td.mk{text-align:center;font-weight:bold}
table.sbs td.t{white-space:pre-wrap;overflow-wrap:anywhere}
tr.del td.o,tr.chg td.o{background:#ffe3e3}tr.add td.n,tr.chg td.n{background:#e3fcec}
tr.del td.mk.o,tr.chg td.mk.o{color:#a61b1b}tr.add td.mk.n,tr.chg td.mk.n{color:#0e7c3a}
tr.skip td{background:#f0f4f8;color:#52606d;text-align:center;font-style:italic}
td.e{background:#fafbfc}
section.report{border:1px solid #d9e2ec;border-radius:6px;padding:0 1em;margin:.5em 0;
 overflow-x:auto}
form.review{border:2px solid #243b53;border-radius:6px;padding:1em;max-width:50em}
form.review textarea{width:100%;min-height:6em;font:inherit}
form.review button,form.signin button{font:inherit;padding:.3em 1.2em;margin:.5em .5em 0 0;
 border-radius:4px;border:1px solid #243b53;cursor:pointer}
button.approve{background:#0e7c3a;color:#fff;border-color:#0e7c3a}
button.reject{background:#a61b1b;color:#fff;border-color:#a61b1b}
button[disabled]{background:#e4e7eb;color:#829ab1;border-color:#cbd2d9;cursor:not-allowed}
form.signin{max-width:32em}form.signin input{width:100%;font:inherit;padding:.3em}
)";

std::string named(const std::string& prefix, const std::string& name, Lang lang);

// The page around a body: header with the language switch and the caller.
// `self`: this page's path, for the language links.
std::string page(const PageContext& ctx, const std::string& title, const std::string& self,
                 const std::string& body) {
  const Lang lang = ctx.lang;
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += lang == Lang::zh ? "zh-CN" : "en";
  out +=
      "\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n<title>" +
      esc(title) + " · Decree</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header class=\"top\"><span class=\"brand\">Decree · " + L("title", lang) + "</span>";
  if (!ctx.caller.empty())
    out += "<a href=\"" + with_lang("/review", lang) + "\">" + L("all_proposals", lang) + "</a>";
  out += "<span class=\"grow\"></span>";
  // Each language in its own words, whichever the page is in.
  out += "<a href=\"" + esc(self) + "?lang=zh\" hreflang=\"zh\" lang=\"zh-CN\">中文</a>";
  out += "<a href=\"" + esc(self) + "?lang=en\" hreflang=\"en\" lang=\"en\">English</a>";
  if (!ctx.caller.empty())
    out += "<span>" + L("signed_in_as", lang) + " <b class=\"caller\">" + esc(ctx.caller) +
           "</b> (" + named("role.", ctx.role, lang) + ")</span><form method=\"post\" action=\"" +
           with_lang("/review/sign-out", lang) + "\"><button type=\"submit\">" +
           L("sign_out", lang) + "</button></form>";
  out += "</header>\n<main>\n";
  if (!ctx.message.empty())
    out += std::string("<div class=\"banner") + (ctx.message_is_error ? " error" : "") +
           "\" role=\"" + (ctx.message_is_error ? "alert" : "status") + "\">" + esc(ctx.message) +
           "</div>\n";
  out += body;
  out += "</main>\n</body>\n</html>\n";
  return out;
}

std::string state_badge(ProposalState state, Lang lang) {
  const std::string name(publish::state_name(state));
  return "<span class=\"badge " + name + "\">" + L(("state." + name).c_str(), lang) + "</span>";
}

std::string kind_text(const Proposal& p, Lang lang) {
  return L(("kind." + std::string(publish::kind_name(p.kind))).c_str(), lang);
}

std::string assessment_badge(const Proposal& p, Lang lang) {
  if (p.assessment.checks.empty())
    return "<span class=\"badge\">" + L("not_assessed", lang) + "</span>";
  const bool ok = p.assessment.passed();
  return std::string("<span class=\"badge ") + (ok ? "pass" : "fail") + "\">" +
         L(ok ? "passed" : "failed", lang) + "</span>";
}

std::string proposal_link(const Proposal& p, Lang lang) {
  return "<a href=\"" + esc(with_lang("/review/" + url_part(p.id), lang)) + "\">" + esc(p.id) +
         "</a>";
}

// A label whose key is built from a name the engine gave ("check.rule_tests",
// "action.approve"): the name itself when the table has no such key.
std::string named(const std::string& prefix, const std::string& name, Lang lang) {
  const std::string key = prefix + name;
  const std::string text = review_label(key.c_str(), lang);
  return esc(text == key ? name : text);
}

std::string files_section(const Proposal& p, const std::vector<ProposalFile>& published,
                          Lang lang) {
  // Both sides by path. PUBLISHED.yaml is the publication record, written
  // when a version is published: never part of what a proposal changes.
  std::map<std::string, std::pair<const ProposalFile*, const ProposalFile*>> by_path;
  for (const auto& f : published)
    if (f.path != "PUBLISHED.yaml") by_path[f.path].first = &f;
  for (const auto& f : p.files) by_path[f.path].second = &f;
  std::string out = "<h2 id=\"files\">" + L("files", lang) + "</h2>\n";
  if (by_path.empty()) return out + "<p class=\"muted\">" + L("no_files", lang) + "</p>\n";
  for (const auto& [path, sides] : by_path) {
    const auto& [old_file, new_file] = sides;
    out += side_by_side_html(path, old_file ? old_file->content : "",
                             new_file ? new_file->content : "", old_file != nullptr,
                             new_file != nullptr, lang);
  }
  return out;
}

std::string checks_section(const Proposal& p, Lang lang) {
  std::string out =
      "<h2 id=\"checks\">" + L("checks", lang) + " " + assessment_badge(p, lang) + "</h2>\n";
  if (p.assessment.checks.empty())
    return out + "<p class=\"muted\">" + L("not_assessed", lang) + "</p>\n";
  out += "<table class=\"checks\">\n<tr><th>" + L("check", lang) + "</th><th>" + L("result", lang) +
         "</th><th>" + L("summary", lang) + "</th></tr>\n";
  for (const auto& c : p.assessment.checks)
    out += "<tr data-check=\"" + esc(c.name) + "\"><td>" + named("check.", c.name, lang) +
           "</td><td><span class=\"badge " + (c.passed ? "pass" : "fail") + "\">" +
           L(c.passed ? "passed" : "failed", lang) + "</span></td><td>" + esc(c.summary) +
           "</td></tr>\n";
  return out + "</table>\n";
}

std::string tests_section(const Proposal& p, Lang lang) {
  std::string out = "<h2 id=\"tests\">" + L("rule_tests", lang) + "</h2>\n";
  if (p.tests.empty()) out += "<p class=\"muted\">" + L("no_tests", lang) + "</p>\n";
  for (const auto& t : p.tests)
    out += "<details class=\"test-file\"><summary><code>" + esc(t.path) + "</code></summary><pre>" +
           esc(t.content) + "</pre></details>\n";
  if (!p.assessment.text.empty())
    // Open when something failed: the failures are what the reviewer needs.
    out += std::string("<details class=\"report-text\"") + (p.assessment.passed() ? "" : " open") +
           "><summary>" + L("report_text", lang) + "</summary><pre>" + esc(p.assessment.text) +
           "</pre></details>\n";
  return out;
}

std::string impact_section(const Proposal& p, Lang lang) {
  std::string out = "<h2 id=\"impact\">" + L("impact", lang) + "</h2>\n";
  if (p.assessment.html.empty())
    return out + "<p class=\"muted\">" + L("no_report", lang) + "</p>\n";
  out += "<p><a href=\"" + esc(with_lang("/review/" + url_part(p.id) + "/report", lang)) + "\">" +
         L("open_report", lang) + "</a></p>\n";
  out += "<section class=\"report\">\n" + embedded_report(p.assessment.html, "section.report") +
         "\n</section>\n";
  return out;
}

std::string history_section(const Proposal& p, Lang lang) {
  std::string out = "<h2 id=\"history\">" + L("history", lang) + "</h2>\n";
  out += "<table class=\"events\">\n<tr><th>" + L("time", lang) + "</th><th>" + L("who", lang) +
         "</th><th>" + L("role", lang) + "</th><th>" + L("step", lang) + "</th><th>" +
         L("comment", lang) + "</th><th>" + L("content_hash", lang) + "</th></tr>\n";
  for (const auto& e : p.events)
    out += "<tr><td>" + esc(e.time) + "</td><td>" + esc(e.who) + "</td><td>" +
           named("role.", e.role, lang) + "</td><td>" + named("action.", e.action, lang) +
           "</td><td>" + esc(e.comment) + "</td><td class=\"hash\">" + esc(e.content_hash) +
           "</td></tr>\n";
  return out + "</table>\n";
}

std::string meta_row(const char* key, const std::string& value_html, Lang lang) {
  return "<dt>" + L(key, lang) + "</dt><dd>" + value_html + "</dd>\n";
}

std::string review_form(const Proposal& p, const PageContext& ctx) {
  const Lang lang = ctx.lang;
  const bool can_approve = p.assessment.passed();
  std::string out = "<h2 id=\"review\">" + L("your_review", lang) + "</h2>\n";
  out += "<form class=\"review\" method=\"post\" accept-charset=\"utf-8\" action=\"" +
         esc(with_lang("/review/" + url_part(p.id), lang)) + "\">\n";
  out += "<input type=\"hidden\" name=\"content_hash\" value=\"" + esc(p.content_hash) + "\">\n";
  out += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.csrf) + "\">\n";
  out += "<label for=\"comment\">" + L("comment", lang) + "</label>\n";
  out += "<textarea id=\"comment\" name=\"comment\" maxlength=\"4000\"></textarea>\n";
  if (!can_approve)
    out +=
        "<p class=\"banner error\" id=\"approve-blocked\">" + L("approve_blocked", lang) + "</p>\n";
  out += "<button type=\"submit\" class=\"approve\" name=\"decision\" value=\"approve\"" +
         std::string(can_approve ? "" : " disabled") + ">" + L("approve", lang) + "</button>";
  out += "<button type=\"submit\" class=\"reject\" name=\"decision\" value=\"reject\">" +
         L("reject", lang) + "</button>\n</form>\n";
  return out;
}

// Why there is no form, for whoever looks at a proposal still waiting.
std::string no_form_note(const Proposal& p, const PageContext& ctx) {
  if (p.state != ProposalState::proposed) return {};
  const char* why = ctx.role != "reviewer" && ctx.role != "admin" ? "only_reviewers"
                    : ctx.caller == p.author                      ? "own_proposal"
                                                                  : nullptr;
  if (!why) return {};
  return "<p class=\"muted\" id=\"no-review\">" + L(why, ctx.lang) + "</p>\n";
}

}  // namespace

std::string review_label(const char* key, Lang lang) {
  for (const Label& l : kLabels)
    if (std::string_view(l.key) == key) return lang == Lang::zh ? l.zh : l.en;
  return key;
}

bool may_review_here(const Proposal& p, const PageContext& ctx) {
  return (ctx.role == "reviewer" || ctx.role == "admin") && !ctx.caller.empty() &&
         ctx.caller != p.author && p.state == ProposalState::proposed;
}

std::string side_by_side_html(const std::string& path, const std::string& old_text,
                              const std::string& new_text, bool old_exists, bool new_exists,
                              Lang lang) {
  const auto a = old_exists ? split_lines(old_text) : std::vector<std::string_view>{};
  const auto b = new_exists ? split_lines(new_text) : std::vector<std::string_view>{};
  const bool same = old_exists && new_exists && old_text == new_text;
  const char* status = !old_exists   ? "file_new"
                       : !new_exists ? "file_removed"
                       : same        ? "file_same"
                                     : "file_changed";
  std::string out = "<div class=\"file\" data-path=\"" + esc(path) + "\">\n<h3><code>" + esc(path) +
                    "</code> <span class=\"badge\">" + L(status, lang) + "</span></h3>\n";
  if (same) return out + "</div>\n";
  // A file on one side only is shown whole; a changed one folds what did
  // not change, a few lines around each change kept.
  const auto rows = side_by_side(diff_lines(a, b), old_exists && new_exists ? 3 : -1);
  out +=
      "<table class=\"sbs\"><colgroup><col class=\"ln\"><col class=\"mk\"><col>"
      "<col class=\"ln\"><col class=\"mk\"><col></colgroup>\n<thead><tr><th colspan=\"3\">" +
      L("old_side", lang) + "</th><th colspan=\"3\">" + L("new_side", lang) +
      "</th></tr></thead>\n<tbody>\n";
  auto cell = [&](const char* side, size_t no, const std::vector<std::string_view>& lines,
                  const char* mark) {
    if (no == 0)
      return std::string("<td class=\"ln e\"></td><td class=\"mk e\"></td><td class=\"t e\"></td>");
    return std::string("<td class=\"ln\">") + std::to_string(no) + "</td><td class=\"mk " + side +
           "\">" + mark + "</td><td class=\"t " + side + "\">" + esc(lines[no - 1]) + "</td>";
  };
  using K = DiffRow::Kind;
  for (const DiffRow& r : rows) {
    switch (r.kind) {
      case K::skipped:
        out += "<tr class=\"skip\"><td colspan=\"6\">⋯ " +
               esc(fill(review_label("lines_same", lang), "n", std::to_string(r.skipped))) +
               " ⋯</td></tr>\n";
        break;
      case K::same:
        out += "<tr class=\"same\">" + cell("o", r.old_no, a, "") + cell("n", r.new_no, b, "") +
               "</tr>\n";
        break;
      case K::removed:
        out += "<tr class=\"del\">" + cell("o", r.old_no, a, "−") + cell("n", 0, b, "") + "</tr>\n";
        break;
      case K::added:
        out += "<tr class=\"add\">" + cell("o", 0, a, "") + cell("n", r.new_no, b, "+") + "</tr>\n";
        break;
      case K::changed:
        out += "<tr class=\"chg\">" + cell("o", r.old_no, a, "−") + cell("n", r.new_no, b, "+") +
               "</tr>\n";
        break;
    }
  }
  return out + "</tbody></table>\n</div>\n";
}

std::string review_list_html(const std::vector<Proposal>& proposals, const PageContext& ctx) {
  const Lang lang = ctx.lang;
  std::string body = "<h1>" + L("proposals", lang) + "</h1>\n";
  for (ProposalState state : {ProposalState::proposed, ProposalState::approved,
                              ProposalState::rejected, ProposalState::published}) {
    std::vector<const Proposal*> in_state;
    for (const auto& p : proposals)
      if (p.state == state) in_state.push_back(&p);
    const std::string name(publish::state_name(state));
    body += "<section class=\"state\" id=\"" + name + "\">\n<h2>" +
            L(("state." + name).c_str(), lang) + " <span class=\"muted\">(" +
            std::to_string(in_state.size()) + ")</span></h2>\n";
    if (in_state.empty()) {
      body += "<p class=\"muted\">" + L("none", lang) + "</p>\n</section>\n";
      continue;
    }
    body += "<table class=\"proposals\">\n<tr><th>" + L("id", lang) + "</th><th>" +
            L("ruleset", lang) + "</th><th>" + L("version", lang) + "</th><th>" + L("kind", lang) +
            "</th><th>" + L("author", lang) + "</th><th>" + L("reviewer", lang) + "</th><th>" +
            L("created", lang) + "</th><th>" + L("updated", lang) + "</th><th>" +
            L("assessment", lang) + "</th></tr>\n";
    for (const Proposal* p : in_state)
      body += "<tr data-id=\"" + esc(p->id) + "\"><td>" + proposal_link(*p, lang) + "</td><td>" +
              esc(p->ruleset) + "</td><td>" + esc(p->version) + "</td><td>" + kind_text(*p, lang) +
              "</td><td>" + esc(p->author) + "</td><td>" + esc(p->reviewer) + "</td><td>" +
              esc(p->created_at) + "</td><td>" + esc(p->updated_at) + "</td><td>" +
              assessment_badge(*p, lang) + "</td></tr>\n";
    body += "</table>\n</section>\n";
  }
  return page(ctx, review_label("proposals", lang), "/review", body);
}

std::string review_proposal_html(const Proposal& p, const std::vector<ProposalFile>& published,
                                 const PageContext& ctx) {
  const Lang lang = ctx.lang;
  const bool form = may_review_here(p, ctx);
  std::string body = "<h1>" + L("id", lang) + " <span class=\"id\">" + esc(p.id) + "</span> " +
                     state_badge(p.state, lang) + "</h1>\n";
  body += "<p><code>" + esc(p.ruleset) + "</code> · " + L("version", lang) + " <b>" +
          esc(p.version) + "</b> · " + kind_text(p, lang) + "</p>\n";
  if (form)
    body += "<p><a href=\"#review\">" + L("to_review", lang) + "</a></p>\n";
  else
    body += no_form_note(p, ctx);
  body += "<dl class=\"meta\">\n";
  body += meta_row("author", esc(p.author), lang);
  if (!p.comment.empty()) body += meta_row("author_comment", esc(p.comment), lang);
  body += meta_row("created", esc(p.created_at), lang);
  body += meta_row("updated", esc(p.updated_at), lang);
  if (!p.reviewer.empty()) {
    body += meta_row("reviewer", esc(p.reviewer), lang);
    body += meta_row("reviewed", esc(p.reviewed_at), lang);
    if (!p.review_comment.empty()) body += meta_row("review_comment", esc(p.review_comment), lang);
  }
  if (!p.publisher.empty()) {
    body += meta_row("publisher", esc(p.publisher), lang);
    body += meta_row("published", esc(p.published_at), lang);
  }
  std::string baseline;
  for (const auto& b : p.base_params) baseline += "<code>" + esc(b) + "</code> ";
  if (!baseline.empty()) body += meta_row("baseline", baseline, lang);
  if (!p.as_of.empty()) body += meta_row("as_of", esc(p.as_of), lang);
  body +=
      meta_row("content_hash",
               "<span class=\"hash\" id=\"content-hash\">" + esc(p.content_hash) + "</span>", lang);
  body += meta_row("rules_hash", "<span class=\"hash\">" + esc(p.rules_hash) + "</span>", lang);
  if (!p.base_hash.empty())
    body += meta_row("base_hash", "<span class=\"hash\">" + esc(p.base_hash) + "</span>", lang);
  if (!p.approved_hash.empty())
    body +=
        meta_row("approved_hash", "<span class=\"hash\">" + esc(p.approved_hash) + "</span>", lang);
  body += "</dl>\n";
  body += history_section(p, lang);
  body += checks_section(p, lang);
  body += tests_section(p, lang);
  body += impact_section(p, lang);
  body += files_section(p, published, lang);
  if (form) body += review_form(p, ctx);
  return page(ctx, review_label("id", lang) + " " + p.id, "/review/" + url_part(p.id), body);
}

std::string sign_in_html(const PageContext& ctx, const std::string& next) {
  const Lang lang = ctx.lang;
  std::string body = "<h1>" + L("sign_in", lang) + "</h1>\n";
  body += "<form class=\"signin\" method=\"post\" accept-charset=\"utf-8\" action=\"" +
          with_lang("/review/sign-in", lang) + "\">\n<p>" + L("sign_in_help", lang) +
          "</p>\n<label for=\"token\">" + L("token", lang) + "</label>\n" +
          "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required>\n" +
          "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">\n" +
          "<button type=\"submit\">" + L("sign_in", lang) + "</button>\n</form>\n";
  return page(ctx, review_label("sign_in", lang), "/review", body);
}

std::string notice_html(const PageContext& ctx, const std::string& title, const std::string& text) {
  std::string body = "<h1>" + esc(title) + "</h1>\n<p>" + esc(text) + "</p>\n";
  if (!ctx.caller.empty())
    body += "<p><a href=\"" + with_lang("/review", ctx.lang) + "\">" +
            L("all_proposals", ctx.lang) + "</a></p>\n";
  return page(ctx, title, "/review", body);
}

}  // namespace decree::serve
