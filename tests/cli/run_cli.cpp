#include "run_cli.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace decree::cli::testing {

std::string source_path(const std::string& relative) {
  return std::string(DECREE_SOURCE_DIR) + "/" + relative;
}

std::string temp_path(const std::string& name) {
  static std::atomic<unsigned> counter{0};
  return ::testing::TempDir() + "decree_cli_" + std::to_string(getpid()) + "_" +
         std::to_string(counter++) + "_" + name;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text,
                  const std::vector<std::string>& env) {
  std::string in_path = temp_path("stdin"), out_path = temp_path("stdout"),
              err_path = temp_path("stderr");
  write_file(in_path, stdin_text);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<std::string> argv_strings{DECREE_CLI};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The child's messages do not depend on the locale of whoever runs the
  // tests (a Chinese LANG would print 中文): English unless `env` says
  // otherwise (or the command asks with --lang).
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string_view var(*e);
    if (var.rfind("LC_ALL=", 0) == 0 || var.rfind("LC_MESSAGES=", 0) == 0 ||
        var.rfind("LANG=", 0) == 0)
      continue;
    env_strings.emplace_back(var);
  }
  // (getenv finds the first of a name: the caller's come first.)
  env_strings.insert(env_strings.begin(), env.begin(), env.end());
  env_strings.push_back("LANG=C.UTF-8");
  std::vector<char*> child_env;
  for (std::string& e : env_strings) child_env.push_back(e.data());
  child_env.push_back(nullptr);

  pid_t pid;
  int rc = posix_spawn(&pid, DECREE_CLI, &actions, nullptr, argv.data(), child_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("cannot run " DECREE_CLI ": ") + strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }

  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  unlink(in_path.c_str());
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return result;
}

}  // namespace decree::cli::testing
