// The workflow's file work: a scratch copy of a rules directory to assess a
// change in, and bringing a rules directory in line with a publication
// (written beside it, then renamed in, so that a service reloading at that
// moment sees the old version or the new one, never half of one).
#pragma once

#include <string>
#include <vector>

#include "publish/proposal.h"
#include "publish/registry.h"

namespace decree::publish {

// A temporary directory, removed with everything in it when destroyed.
class Scratch {
 public:
  Scratch();
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const std::string& path() const { return path_; }
  // A copy of a rules directory (its visible files) inside; its path, which
  // keeps the directory's own name.
  std::string copy_rules(const std::string& rules_dir);
  // Writes a file at `relative` inside; its path.
  std::string write(const std::string& relative, const std::string& content);

 private:
  std::string path_;
};

// Writes `files` into `dir` (created), replacing what is there.
void write_files(const std::string& dir, const std::vector<ProposalFile>& files);

// The files of a version directory as they are (hidden files left out).
std::vector<ProposalFile> read_files(const std::string& dir);

// Makes `rules_dir`/VERSION hold the publication: its files exactly, or no
// directory when withdrawn. `changed` is set when something was written.
bool make_dir_hold(const std::string& rules_dir, const PublishedVersion& published, bool& changed,
                   std::string& error);

}  // namespace decree::publish
