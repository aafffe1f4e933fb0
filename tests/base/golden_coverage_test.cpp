// Every message of the catalogue is shown by a golden test, in English and
// 中文, or is listed with its reason in tests/lang/not-in-goldens.txt.
//
// The golden tests (tests/golden.h: golden::matches) write the codes they
// showed to DECREE_BINARY_DIR/golden-codes/<test>.codes; ctest runs them first
// (fixture golden_codes). golden::matches also fails when a 中文 golden is
// missing, so a code seen here is shown in both languages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "base/messages.h"

namespace decree {
namespace {

namespace fs = std::filesystem;

// code → the golden test that showed it first (by file name order).
std::map<std::string, std::string> codes_in_goldens() {
  std::map<std::string, std::string> seen;
  const fs::path dir = fs::path(DECREE_BINARY_DIR) / "golden-codes";
  if (!fs::exists(dir)) return seen;
  std::set<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".codes") files.insert(e.path());
  for (const auto& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) seen.emplace(line, f.stem().string());
  }
  return seen;
}

struct Listed {
  std::string reason;
  int line = 0;
};

// tests/lang/not-in-goldens.txt: `code  reason` per line; # starts a comment.
std::map<std::string, Listed> listed_codes(std::vector<std::string>& problems) {
  std::map<std::string, Listed> listed;
  const std::string path = DECREE_SOURCE_DIR "/tests/lang/not-in-goldens.txt";
  std::ifstream in(path);
  if (!in) problems.push_back("cannot read " + path);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string code, reason;
    words >> code;
    std::getline(words >> std::ws, reason);
    const std::string where = "not-in-goldens.txt:" + std::to_string(number) + ": ";
    if (reason.empty()) problems.push_back(where + code + " has no reason");
    if (!listed.emplace(code, Listed{reason, number}).second)
      problems.push_back(where + code + " is listed twice");
  }
  return listed;
}

TEST(GoldenCoverage, EveryCodeHasAGoldenOrAReason) {
  const auto seen = codes_in_goldens();
  ASSERT_GT(seen.size(), 100u) << "no golden test recorded its codes in " DECREE_BINARY_DIR
                                  "/golden-codes (run through ctest: fixture golden_codes)";
  std::vector<std::string> problems;
  const auto listed = listed_codes(problems);
  std::set<std::string> known;
  for (Code c : all_codes()) {
    const std::string name(code_name(c));
    known.insert(name);
    const bool shown = seen.count(name) > 0;
    const auto entry = listed.find(name);
    if (!shown && entry == listed.end())
      problems.push_back(name + ": no golden shows it; add one, or list it with its reason");
    if (shown && entry != listed.end())
      problems.push_back("not-in-goldens.txt:" + std::to_string(entry->second.line) + ": " + name +
                         " is shown by " + seen.at(name) + ": remove it from the list");
  }
  for (const auto& [name, entry] : listed)
    if (!known.count(name))
      problems.push_back("not-in-goldens.txt:" + std::to_string(entry.line) + ": " + name +
                         " is not a code of the catalogue");
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems:\n" << all;
}

}  // namespace
}  // namespace decree
