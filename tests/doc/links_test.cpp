// A link checker over the sites of both shipped Jilin rule sets: every href
// of every page leads to a page of the site, and its fragment to an id on
// that page; nothing points outside the site; every id is unique on its
// page; the elements that nest are closed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "api/timeline.h"
#include "doc/site.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

struct Checked {
  size_t links = 0, fragments = 0;
  std::vector<std::string> problems;
};

std::set<std::string> ids_of(const std::string& page, const std::string& path,
                             std::vector<std::string>& problems) {
  static const std::regex id(R"re(\sid="([^"]*)")re");
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), id); it != std::sregex_iterator();
       ++it)
    if (!ids.insert((*it)[1].str()).second)
      problems.push_back(path + ": id \"" + (*it)[1].str() + "\" twice");
  return ids;
}

Checked check_links(const std::vector<std::pair<std::string, std::string>>& site) {
  Checked out;
  std::map<std::string, std::set<std::string>> ids;
  for (const auto& [path, text] : site) ids[path] = ids_of(text, path, out.problems);
  static const std::regex ref(R"re(\s(href|src)="([^"]*)")re");
  for (const auto& [path, text] : site) {
    for (auto it = std::sregex_iterator(text.begin(), text.end(), ref);
         it != std::sregex_iterator(); ++it) {
      // As the browser reads the attribute.
      std::string target = (*it)[2].str();
      for (auto [entity, c] : {std::pair{"&#58;", ":"}, {"&amp;", "&"}})
        for (size_t at; (at = target.find(entity)) != std::string::npos;)
          target.replace(at, std::string(entity).size(), c);
      ++out.links;
      if (target.find(':') != std::string::npos || target.empty() || target[0] == '/') {
        out.problems.push_back(path + ": " + target + ": not a link within the site");
        continue;
      }
      const size_t hash = target.find('#');
      std::string file = target.substr(0, hash);
      std::string fragment = hash == std::string::npos ? "" : target.substr(hash + 1);
      std::string resolved =
          file.empty() ? path
                       : (fs::path(path).parent_path() / file).lexically_normal().generic_string();
      auto page = ids.find(resolved);
      if (page == ids.end()) {
        out.problems.push_back(path + ": " + target + ": no page " + resolved);
        continue;
      }
      if (!fragment.empty()) {
        ++out.fragments;
        if (!page->second.count(fragment))
          out.problems.push_back(path + ": " + target + ": no id \"" + fragment + "\" on " +
                                 resolved);
      }
    }
  }
  return out;
}

// Opening and closing tags of the elements a page nests.
std::vector<std::string> unbalanced(const std::vector<std::pair<std::string, std::string>>& site) {
  std::vector<std::string> problems;
  for (const auto& [path, text] : site)
    for (std::string tag : {"section", "table", "tr", "dl", "figure", "svg", "main", "header",
                            "nav", "ul", "pre", "h1", "h2", "h3", "code", "a"}) {
      std::regex open("<" + tag + "[\\s>]"), close("</" + tag + ">");
      auto count = [&](const std::regex& r) {
        return std::distance(std::sregex_iterator(text.begin(), text.end(), r),
                             std::sregex_iterator());
      };
      if (count(open) != count(close)) problems.push_back(path + ": <" + tag + "> not closed");
    }
  return problems;
}

class JilinLinks : public ::testing::TestWithParam<std::string> {};

TEST_P(JilinLinks, EveryLinkLeadsToAPageAndAnId) {
  const std::string dir = DECREE_SOURCE_DIR "/rules/jilin/" + GetParam();
  Diagnostics diags;
  auto timeline = RuleTimeline::load(dir, diags);
  ASSERT_TRUE(timeline) << dir;
  const auto site = doc::render_site(*timeline, dir);
  Checked checked = check_links(site);
  for (const auto& p : checked.problems) ADD_FAILURE() << p;
  // Each page links at least to the index and the other language; the
  // version pages to their rules, tables and parameters.
  EXPECT_GT(checked.links, site.size() * 2);
  EXPECT_GT(checked.fragments, 50u);
  for (const auto& p : unbalanced(site)) ADD_FAILURE() << p;
}

INSTANTIATE_TEST_SUITE_P(Jilin, JilinLinks,
                         ::testing::Values("work-injury-benefits", "work-injury-contributions"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

// The checker itself finds what it is for.
TEST(LinkChecker, FindsAMissingPageAMissingIdAndALinkOutOfTheSite) {
  std::vector<std::pair<std::string, std::string>> site = {
      {"zh/index.html",
       "<a href=\"versions/a.html#rule-x\">a</a><a href=\"versions/b.html\">b</a>"
       "<a href=\"https&#58;//x\">ok</a><a href=\"http://x\">out</a><p id=\"top\"></p>"},
      {"zh/versions/a.html",
       "<section id=\"rule-y\"></section><a href=\"../index.html#top\">up</a>"
       "<a href=\"#rule-z\">z</a>"},
  };
  Checked c = check_links(site);
  EXPECT_EQ(c.links, 6u);
  std::string all;
  for (const auto& p : c.problems) all += p + "\n";
  EXPECT_NE(all.find("no id \"rule-x\" on zh/versions/a.html"), std::string::npos) << all;
  EXPECT_NE(all.find("no page zh/versions/b.html"), std::string::npos) << all;
  EXPECT_NE(all.find("https://x: not a link"), std::string::npos) << all;
  EXPECT_NE(all.find("http://x: not a link"), std::string::npos) << all;
  EXPECT_NE(all.find("no id \"rule-z\" on zh/versions/a.html"), std::string::npos) << all;
  EXPECT_EQ(c.problems.size(), 5u) << all;
  EXPECT_EQ(unbalanced({{"p.html", "<table><tr></table>"}}).size(), 1u);
}

}  // namespace
}  // namespace decree
