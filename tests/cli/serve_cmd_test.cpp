// `decree serve` as a process: it prints the port it bound (with port 0),
// answers on 127.0.0.1, and stops gracefully on SIGTERM with exit code 0.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>

#include "run_cli.h"

extern char** environ;

namespace decree::cli::testing {
namespace {

// A raw HTTP/1.1 exchange on 127.0.0.1:port (one request, then close).
std::string http_get(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) < 0) return "";
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

TEST(CliServe, ServesOnTheChosenPortAndStopsOnSigterm) {
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  const std::string rules = source_path("fixtures/bench/wi-bench");
  std::vector<std::string> args = {DECREE_CLI,    "serve",     rules, "--listen",
                                   "127.0.0.1:0", "--threads", "1",   "--no-auth"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, DECREE_CLI, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  // Whatever fails below, the server does not outlive the test.
  struct Reaper {
    pid_t pid;
    bool reaped = false;
    ~Reaper() {
      if (!reaped) kill(pid, SIGKILL), waitpid(pid, nullptr, 0);
    }
  } reaper{pid};
  close(err_pipe[1]);
  FILE* err = fdopen(err_pipe[0], "r");
  char line[512] = {};
  // The warning of --no-auth, then the line with the port.
  std::string first, before;
  std::smatch m;
  const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
  while (fgets(line, sizeof line, err)) {
    first = line;
    if (std::regex_search(first, m, listening)) break;
    before += first;
  }
  ASSERT_FALSE(m.empty()) << before << first;
  EXPECT_NE(before.find("--no-auth: every caller is admin"), std::string::npos) << before;
  const int port = std::stoi(m[1]);
  EXPECT_GT(port, 0);
  const std::string health = http_get(port, "/healthz");
  EXPECT_NE(health.find("200 OK"), std::string::npos) << health;
  EXPECT_NE(health.find("{\"status\":\"ok\"}"), std::string::npos) << health;
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  reaper.reaped = true;
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string rest;
  while (fgets(line, sizeof line, err)) rest += line;
  fclose(err);
  EXPECT_NE(rest.find("decree serve: stopped"), std::string::npos) << rest;
}

}  // namespace
}  // namespace decree::cli::testing
