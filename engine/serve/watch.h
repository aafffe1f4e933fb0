// Watching the rule set directories (`decree serve --watch`): a change to a
// file in them or in their version directories (written, created, removed,
// renamed) calls `changed` once the directories have been quiet for a
// moment, so that an editor's save or a copied version is one reload, not
// one per file. Linux inotify; a thread of its own.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace decree::serve {

class RulesWatcher {
 public:
  // false (with `error`) from ok() if a directory cannot be watched.
  RulesWatcher(const std::vector<std::string>& dirs, std::function<void()> changed,
               std::chrono::milliseconds quiet = std::chrono::milliseconds(300));
  ~RulesWatcher();
  RulesWatcher(const RulesWatcher&) = delete;
  RulesWatcher& operator=(const RulesWatcher&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }

 private:
  void add_tree(const std::string& dir);
  void loop();

  int fd_ = -1;
  std::map<int, std::string> dirs_;  // by watch descriptor (a new version directory's parent)
  std::string error_;
  std::function<void()> changed_;
  std::chrono::milliseconds quiet_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace decree::serve
