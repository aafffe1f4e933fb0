#include "serve/watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

namespace decree::serve {
namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                             IN_DELETE_SELF | IN_MOVE_SELF;

}  // namespace

RulesWatcher::RulesWatcher(const std::vector<std::string>& dirs, std::function<void()> changed,
                           std::chrono::milliseconds quiet)
    : changed_(std::move(changed)), quiet_(quiet) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  for (const auto& d : dirs) {
    const int wd = inotify_add_watch(fd_, d.c_str(), kEvents);
    if (wd < 0) {
      error_ = "cannot watch " + d + ": " + std::strerror(errno);
      close(fd_);
      fd_ = -1;
      return;
    }
    dirs_[wd] = d;
  }
  // The version directories one level down (each rule set directory holds
  // its versions' directories), watched now and as they are created.
  for (const auto& d : dirs) add_tree(d);
  thread_ = std::thread([this] { loop(); });
}

RulesWatcher::~RulesWatcher() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

void RulesWatcher::add_tree(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.is_directory(ec)) {
      const int wd = inotify_add_watch(fd_, e.path().c_str(), kEvents);
      if (wd >= 0) dirs_[wd] = e.path().string();
    }
}

void RulesWatcher::loop() {
  alignas(inotify_event) char buf[16 * 1024];
  bool pending = false;
  auto last = std::chrono::steady_clock::now();
  while (!stopping_) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, 100);  // wakes to see stopping_ and the quiet time
    if (ready > 0) {
      for (ssize_t n; (n = read(fd_, buf, sizeof buf)) > 0;) {
        for (char* at = buf; at < buf + n;) {
          const auto* e = reinterpret_cast<const inotify_event*>(at);
          // A new version directory: watch it too.
          if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO)) && e->len > 0) {
            auto parent = dirs_.find(e->wd);
            if (parent != dirs_.end()) {
              const std::string path = parent->second + "/" + e->name;
              const int wd = inotify_add_watch(fd_, path.c_str(), kEvents);
              if (wd >= 0) dirs_[wd] = path;
            }
          }
          at += sizeof(inotify_event) + e->len;
        }
        pending = true;
        last = std::chrono::steady_clock::now();
      }
    }
    if (pending && std::chrono::steady_clock::now() - last >= quiet_) {
      pending = false;
      changed_();
    }
  }
}

}  // namespace decree::serve
