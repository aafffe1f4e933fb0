#include "publish/files.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace decree::publish {
namespace {

namespace fs = std::filesystem;

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name.front() == '.';
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string unique_name(const std::string& stem) {
  static unsigned counter = 0;
  return "." + stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

}  // namespace

Scratch::Scratch() {
  std::string pattern = (fs::temp_directory_path() / "decree-proposal-XXXXXX").string();
  if (char* made = ::mkdtemp(pattern.data())) path_ = made;
}

Scratch::~Scratch() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

std::string Scratch::copy_rules(const std::string& rules_dir) {
  const fs::path from = fs::path(rules_dir).lexically_normal();
  std::string name = from.filename().string();
  if (name.empty()) name = from.parent_path().filename().string();
  const fs::path to = fs::path(path_) / "rules" / name;
  fs::create_directories(to);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(from, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    const fs::path target = to / fs::relative(it->path(), from);
    if (it->is_directory())
      fs::create_directories(target, ec);
    else if (it->is_regular_file())
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, ec);
  }
  return to.string();
}

std::string Scratch::write(const std::string& relative, const std::string& content) {
  const fs::path p = fs::path(path_) / relative;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

void write_files(const std::string& dir, const std::vector<ProposalFile>& files) {
  fs::create_directories(dir);
  for (const auto& f : files) {
    const fs::path p = fs::path(dir) / f.path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << f.content;
  }
}

std::vector<ProposalFile> read_files(const std::string& dir) {
  std::vector<ProposalFile> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file())
      out.push_back({fs::relative(it->path(), dir).generic_string(), slurp(it->path())});
  }
  std::sort(out.begin(), out.end(),
            [](const ProposalFile& a, const ProposalFile& b) { return a.path < b.path; });
  return out;
}

bool make_dir_hold(const std::string& rules_dir, const PublishedVersion& v, bool& changed,
                   std::string& error) {
  const fs::path target = fs::path(rules_dir) / v.version;
  std::error_code ec;
  const bool exists = fs::is_directory(target, ec);
  if (v.withdrawn) {
    if (!exists) return true;
    // Renamed away first: the loader skips hidden directories.
    const fs::path away = fs::path(rules_dir) / unique_name("withdrawn-" + v.version);
    fs::rename(target, away, ec);
    if (ec) {
      error = "cannot remove " + target.string() + ": " + ec.message();
      return false;
    }
    fs::remove_all(away, ec);
    changed = true;
    return true;
  }
  std::vector<ProposalFile> want = v.files;
  std::sort(want.begin(), want.end(),
            [](const ProposalFile& a, const ProposalFile& b) { return a.path < b.path; });
  if (exists) {
    const auto have = read_files(target.string());
    const bool same = have.size() == want.size() &&
                      std::equal(have.begin(), have.end(), want.begin(),
                                 [](const ProposalFile& a, const ProposalFile& b) {
                                   return a.path == b.path && a.content == b.content;
                                 });
    if (same) return true;
  }
  const fs::path incoming = fs::path(rules_dir) / unique_name("incoming-" + v.version);
  write_files(incoming.string(), want);
  fs::path old;
  if (exists) {
    old = fs::path(rules_dir) / unique_name("replaced-" + v.version);
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(incoming, ec);
      error = "cannot replace " + target.string() + ": " + ec.message();
      return false;
    }
  }
  fs::rename(incoming, target, ec);
  if (ec) {
    error = "cannot write " + target.string() + ": " + ec.message();
    return false;
  }
  if (!old.empty()) fs::remove_all(old, ec);
  changed = true;
  return true;
}

}  // namespace decree::publish
