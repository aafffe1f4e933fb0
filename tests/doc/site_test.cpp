// decree doc's site (engine/doc/site.h) over the shipped Jilin rules and a
// small rule set written here: which pages there are, what each shows, that
// the same rules give the same bytes, and what write_site refuses.
#include "doc/site.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "api/param_history.h"
#include "api/timeline.h"
#include "base/codes_doc.h"
#include "check/program.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

const std::string kBenefits = DECREE_SOURCE_DIR "/rules/jilin/work-injury-benefits";
const std::string kContributions = DECREE_SOURCE_DIR "/rules/jilin/work-injury-contributions";

std::unique_ptr<const RuleTimeline> load(const std::string& dir) {
  Diagnostics diags;
  auto t = RuleTimeline::load(dir, diags);
  EXPECT_TRUE(t) << dir;
  return t;
}

std::map<std::string, std::string> site_of(const RuleTimeline& t, const std::string& dir) {
  std::map<std::string, std::string> files;
  for (auto& [path, text] : doc::render_site(t, dir)) files[path] = text;
  return files;
}

// As the page shows text (doc::esc): the characters HTML needs escaped.
std::string html(const std::string& text) {
  std::string out;
  for (char c : text) switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  size_t at;
  while ((at = out.find("://")) != std::string::npos) out.replace(at, 3, "&#58;//");
  return out;
}

class JilinSite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    timeline_ = load(kBenefits).release();
    site_ = new std::map<std::string, std::string>(site_of(*timeline_, kBenefits));
  }
  static void TearDownTestSuite() {
    delete site_;
    delete timeline_;
  }
  static const std::string& file(const std::string& path) {
    static const std::string none;
    auto it = site_->find(path);
    EXPECT_NE(it, site_->end()) << path;
    return it == site_->end() ? none : it->second;
  }
  static const RuleTimeline* timeline_;
  static std::map<std::string, std::string>* site_;
};
const RuleTimeline* JilinSite::timeline_ = nullptr;
std::map<std::string, std::string>* JilinSite::site_ = nullptr;

TEST_F(JilinSite, HasAPagePerVersionAndPaymentVersionInBothLanguages) {
  std::set<std::string> expected = {"index.html"};
  for (std::string lang : {"zh", "en"}) {
    expected.insert(lang + "/index.html");
    expected.insert(lang + "/parameters.html");
    for (const auto& v : timeline_->versions())
      expected.insert(lang + "/versions/" + v->version().name + ".html");
    for (const auto& pv : timeline_->payment_versions())
      expected.insert(lang + "/payments/" + pv.name + ".html");
  }
  std::set<std::string> got;
  for (const auto& [path, text] : *site_) got.insert(path);
  EXPECT_EQ(got, expected);
  // The Jilin benefits: two versions by injury date, seven adjustment rounds.
  EXPECT_EQ(timeline_->versions().size(), 2u);
  EXPECT_EQ(timeline_->payment_versions().size(), 7u);
}

TEST_F(JilinSite, EveryOutputHasItsFormulaDocCommentBasisPeriodAndPayer) {
  size_t outputs = 0;
  for (const auto& v : timeline_->versions()) {
    const CheckedProgram& c = v->checked();
    for (std::string lang : {"zh", "en"}) {
      const std::string& page = file(lang + "/versions/" + v->version().name + ".html");
      for (uint32_t r : c.outputs) {
        const RuleInfo& rule = c.rules[r];
        SCOPED_TRACE(lang + " " + v->version().name + " " + rule.name);
        size_t at = page.find("id=\"rule-" + rule.name + "\"");
        ASSERT_NE(at, std::string::npos);
        size_t end = page.find("</section>", at);
        std::string section = page.substr(at, end - at);
        EXPECT_NE(section.find("<pre class=\"formula\">"), std::string::npos);
        EXPECT_NE(section.find(html(rule.decl->doc)), std::string::npos);
        EXPECT_NE(section.find(html(rule.decl->basis)), std::string::npos);
        EXPECT_NE(section.find(html(rule.decl->payer)), std::string::npos);
        EXPECT_NE(section.find(lang == "zh" ? "支付周期" : "Period"), std::string::npos);
        // Where it is written, relative to the rules: never a machine's path.
        bool in_a_version = false;
        for (const auto& w : timeline_->versions())
          in_a_version |= section.find("<dd><code>" + w->version().name + "/") != std::string::npos;
        EXPECT_TRUE(in_a_version);
        ++outputs;
      }
    }
  }
  EXPECT_GT(outputs, 20u);
}

TEST_F(JilinSite, EveryTableHasEveryRow) {
  for (const auto& v : timeline_->versions())
    for (const TableInfo& t : v->checked().tables) {
      const std::string& page = file("en/versions/" + v->version().name + ".html");
      size_t at = page.find("id=\"table-" + t.name + "\"");
      ASSERT_NE(at, std::string::npos) << t.name;
      std::string section = page.substr(at, page.find("</section>", at) - at);
      size_t rows = 0;
      for (size_t p = section.find("<tr>"); p != std::string::npos; p = section.find("<tr>", p + 1))
        ++rows;
      EXPECT_EQ(rows, t.decl->rows.size() + 1) << t.name;  // and the header
    }
}

TEST_F(JilinSite, EveryParameterHasItsHistoryAndItsSources) {
  const std::string& page = file("zh/parameters.html");
  const auto history = parameter_history(*timeline_);
  ASSERT_GT(history.size(), 10u);
  size_t charts = 0;
  for (const auto& h : history) {
    size_t at = page.find("id=\"param-" + h.name + "\"");
    ASSERT_NE(at, std::string::npos) << h.name;
    std::string section = page.substr(at, page.find("</section>", at) - at);
    for (const auto& e : h.entries) {
      EXPECT_NE(section.find("<code>" + html(e.keys) + "</code>"), std::string::npos)
          << h.name << " " << e.keys;
      EXPECT_NE(section.find(html(e.value)), std::string::npos) << h.name << " " << e.keys;
      EXPECT_NE(section.find(html(e.reference)), std::string::npos) << h.name << " " << e.keys;
    }
    if (section.find("<svg") != std::string::npos) ++charts;
  }
  EXPECT_GT(charts, 5u);
}

TEST_F(JilinSite, APaymentVersionShowsEachEntryItSetWithTheValueBefore) {
  const auto history = parameter_history(*timeline_);
  for (const auto& pv : timeline_->payment_versions()) {
    SCOPED_TRACE(pv.name);
    const std::string& page = file("zh/payments/" + pv.name + ".html");
    EXPECT_NE(page.find(html(pv.basis)), std::string::npos);
    EXPECT_NE(page.find(pv.hash), std::string::npos);
    size_t set_here = 0, rows = 0;
    for (const auto& h : history)
      for (const auto& e : h.entries)
        for (size_t i = 0; i < e.changes.size(); ++i)
          if (e.changes[i].version == pv.name) {
            ++set_here;
            if (i > 0) {
              EXPECT_NE(
                  page.find(html(e.changes[i - 1].value) + " (" + e.changes[i - 1].version + ")"),
                  std::string::npos)
                  << h.name << " " << e.keys;
            }
          }
    for (size_t p = page.find("<tr><td><code>"); p != std::string::npos;
         p = page.find("<tr><td><code>", p + 1))
      ++rows;
    EXPECT_EQ(rows, set_here);
    EXPECT_GT(rows, 5u);
    for (const auto& name : pv.changes)
      EXPECT_NE(page.find("<h3 id=\"param-" + name + "\">"), std::string::npos) << name;
    // Each new value with its source (the round's notice).
    EXPECT_EQ(page.find("<td></td></tr>"), std::string::npos);
  }
}

TEST_F(JilinSite, PagesSpeakTheirLanguageAndLinkToTheOther) {
  for (const auto& [path, text] : *site_) {
    if (path == "index.html") continue;
    const bool zh = path.rfind("zh/", 0) == 0;
    SCOPED_TRACE(path);
    EXPECT_NE(text.find(zh ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">"), std::string::npos);
    std::string rest = path.substr(3);
    std::string up;
    for (char c : rest)
      if (c == '/') up += "../";
    EXPECT_NE(text.find("href=\"" + up + "../" + (zh ? "en/" : "zh/") + rest + "\""),
              std::string::npos);
  }
  EXPECT_NE(file("zh/versions/2021-07-01.html").find("<h2 id=\"outputs\">输出项</h2>"),
            std::string::npos);
  EXPECT_NE(file("en/versions/2021-07-01.html").find("<h2 id=\"outputs\">Outputs</h2>"),
            std::string::npos);
}

TEST_F(JilinSite, AVersionPageSaysWhatItChangedAgainstTheOneItExtends) {
  const RuleSet* v = timeline_->find("2021-07-01");
  ASSERT_TRUE(v);
  ASSERT_FALSE(v->version().overrides.empty());
  const std::string& page = file("en/versions/2021-07-01.html");
  size_t at = page.find("<h2 id=\"changes\">");
  ASSERT_NE(at, std::string::npos);
  std::string changes = page.substr(at, page.find("<h2 id=\"outputs\">") - at);
  EXPECT_NE(changes.find("href=\"2011-01-01.html\""), std::string::npos);
  for (const std::string& o : v->version().overrides)
    EXPECT_NE(changes.find(o.substr(o.find(' ') + 1)), std::string::npos) << o;
  for (const auto& c : v->version().param_changes)
    EXPECT_NE(changes.find(c.name), std::string::npos) << c.name;
  EXPECT_NE(file("en/versions/2011-01-01.html").find("it extends none"), std::string::npos);
}

TEST_F(JilinSite, TheSameRulesGiveTheSameBytesFromAnyPath) {
  // Rendered again, and from a path spelled differently: the same files,
  // and none names the machine's directories.
  EXPECT_EQ(site_of(*timeline_, kBenefits), *site_);
  const std::string spelled = DECREE_SOURCE_DIR "/rules/jilin/../jilin/work-injury-benefits/";
  auto other = load(spelled);
  ASSERT_TRUE(other);
  EXPECT_EQ(site_of(*other, spelled), *site_);
  for (const auto& [path, text] : *site_) {
    EXPECT_EQ(text.find(DECREE_SOURCE_DIR), std::string::npos) << path;
    EXPECT_EQ(text.find("<script"), std::string::npos) << path;
  }
}

TEST(DocSite, TheContributionRulesRenderTheirRatesTable) {
  auto t = load(kContributions);
  ASSERT_TRUE(t);
  auto site = site_of(*t, kContributions);
  size_t tables = 0;
  for (const auto& v : t->versions()) {
    const std::string& page = site["zh/versions/" + v->version().name + ".html"];
    ASSERT_FALSE(page.empty()) << v->version().name;
    for (const TableInfo& table : v->checked().tables) {
      EXPECT_NE(page.find("id=\"table-" + table.name + "\""), std::string::npos) << table.name;
      ++tables;
    }
  }
  EXPECT_GT(tables, 0u);
}

// A rule set written here: what a page does with text that HTML would read.
class SmallRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("decree-doc-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "rules");
    std::ofstream(dir_ / "rules" / "rules.decree")
        << "ruleset doc_test\n  basis \"Rules <b>&</b> 'law' https://example.invalid\"\n\n"
           "input {\n  amount: money in 0..\n}\n\n"
           "/// Twice the <amount> & more: 两倍\n"
           "output doubled: money = amount * 2\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SmallRules, TextIsEscapedAndNoURLAppears) {
  auto t = load((dir_ / "rules").string());
  ASSERT_TRUE(t);
  auto site = site_of(*t, (dir_ / "rules").string());
  std::string page;
  for (const auto& [path, text] : site)
    if (path.rfind("en/versions/", 0) == 0) page = text;
  ASSERT_FALSE(page.empty());
  EXPECT_NE(page.find("Twice the &lt;amount&gt; &amp; more: 两倍"), std::string::npos);
  EXPECT_EQ(page.find("<amount>"), std::string::npos);
  for (const auto& [path, text] : site) {
    EXPECT_EQ(text.find("://"), std::string::npos) << path;
    EXPECT_EQ(text.find("<b>&</b>"), std::string::npos) << path;
  }
  EXPECT_NE(site["en/index.html"].find("Rules &lt;b&gt;&amp;&lt;/b&gt; &#39;law&#39; https&#58;//"),
            std::string::npos);
}

TEST_F(SmallRules, WritesASiteRewritesItAndRefusesAnyOtherDirectory) {
  auto t = load((dir_ / "rules").string());
  ASSERT_TRUE(t);
  const fs::path out = dir_ / "site";
  Message error;
  ASSERT_TRUE(doc::write_site(*t, (dir_ / "rules").string(), out.string(), error));
  const auto files = doc::render_site(*t, (dir_ / "rules").string());
  for (const auto& [path, text] : files) {
    std::ifstream in(out / path, std::ios::binary);
    std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written, text) << path;
  }
  // Rewritten: a page left from an older run goes, the site stays a site.
  std::ofstream(out / "zh" / "versions" / "stale.html") << "old";
  ASSERT_TRUE(doc::write_site(*t, (dir_ / "rules").string(), out.string(), error));
  EXPECT_FALSE(fs::exists(out / "zh" / "versions" / "stale.html"));
  EXPECT_TRUE(fs::exists(out / "zh" / "index.html"));

  // A directory with something else in it: refused, and left as it was.
  const fs::path other = dir_ / "other";
  fs::create_directories(other);
  std::ofstream(other / "notes.txt") << "mine";
  EXPECT_FALSE(doc::write_site(*t, (dir_ / "rules").string(), other.string(), error));
  EXPECT_EQ(error.code, msg::doc_out_not_site);
  EXPECT_FALSE(fs::exists(other / "zh"));
  EXPECT_TRUE(fs::exists(other / "notes.txt"));

  // Below a file: cannot be created, and the error names where.
  std::ofstream(dir_ / "a-file") << "x";
  EXPECT_FALSE(
      doc::write_site(*t, (dir_ / "rules").string(), (dir_ / "a-file" / "site").string(), error));
  EXPECT_EQ(error.code, msg::doc_cannot_write);
  EXPECT_NE(message_text(error, Lang::en).find("a-file"), std::string::npos);
}

}  // namespace
}  // namespace decree
