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
#include <set>
#include <string>
#include <thread>

#include "run_cli.h"

extern char** environ;

namespace decree::cli::testing {
namespace {

// A TCP connection to 127.0.0.1:port, or -1.
int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// A raw HTTP/1.1 exchange on 127.0.0.1:port (one request, then close).
std::string http_get(int port, const std::string& path) {
  const int fd = connect_loopback(port);
  if (fd < 0) return "";
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) < 0) return "";
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

// `decree serve` started with `args`, its stderr read up to the line with the
// port; killed at the end of the test whatever happens.
class Served {
 public:
  explicit Served(std::vector<std::string> args) {
    int err_pipe[2];
    if (pipe(err_pipe) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    args.insert(args.begin(), {DECREE_CLI, "serve"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, DECREE_CLI, &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    close(err_pipe[1]);
    err_ = fdopen(err_pipe[0], "r");
    const std::regex listening("listening on 127\\.0\\.0\\.1:([0-9]+)");
    char line[512] = {};
    std::smatch m;
    while (pid_ && fgets(line, sizeof line, err_)) {
      const std::string text = line;
      if (std::regex_search(text, m, listening)) {
        port_ = std::stoi(m[1]);
        break;
      }
      before_ += text;
    }
  }
  ~Served() {
    if (pid_ && !reaped_) kill(pid_, SIGKILL), waitpid(pid_, nullptr, 0);
    if (err_) fclose(err_);
  }
  int port() const { return port_; }
  const std::string& before() const { return before_; }
  // Sends `signal` and waits: the exit status, and the rest of stderr.
  int stop(int signal, std::string& rest) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    char line[512];
    while (fgets(line, sizeof line, err_)) rest += line;
    return status;
  }

 private:
  pid_t pid_ = 0;
  bool reaped_ = false;
  FILE* err_ = nullptr;
  int port_ = 0;
  std::string before_;
};

TEST(CliServe, ServesOnTheChosenPortAndStopsOnSigterm) {
  const std::string audit = temp_path("sigterm-audit.db");
  Served server({source_path("fixtures/bench/wi-bench"), "--listen", "127.0.0.1:0", "--threads",
                 "1", "--no-auth", "--audit", audit});
  ASSERT_GT(server.port(), 0) << server.before();
  EXPECT_NE(server.before().find("--no-auth: every caller is admin"), std::string::npos)
      << server.before();
  const std::string health = http_get(server.port(), "/healthz");
  EXPECT_NE(health.find("200 OK"), std::string::npos) << health;
  EXPECT_NE(health.find("{\"status\":\"ok\"}"), std::string::npos) << health;
  std::string rest;
  const int status = server.stop(SIGTERM, rest);
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(rest.find("decree serve: stopped"), std::string::npos) << rest;
  EXPECT_NE(rest.find("audit head: record 0"), std::string::npos) << rest;  // nothing evaluated
}

// One keep-alive connection sending evaluations; the decision ids of the
// answers it got.
std::vector<std::string> evaluate_until_error(int port, const std::string& target,
                                              const std::string& body, int at_most) {
  std::vector<std::string> ids;
  const int fd = connect_loopback(port);
  if (fd < 0) return ids;
  const std::string req = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::regex id("\"decision_id\":\"([0-9a-f-]{36})\"");
  std::string buffer;
  char chunk[8192];
  for (int i = 0; i < at_most; ++i) {
    if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) break;
    // Headers, then exactly Content-Length bytes of body.
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) goto done;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    {
      const size_t cl = buffer.find("Content-Length: ");
      if (cl == std::string::npos || cl > end) break;
      const size_t length = std::stoul(buffer.substr(cl + 16));
      while (buffer.size() < end + 4 + length) {
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) goto done;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      const std::string answer = buffer.substr(0, end + 4 + length);
      buffer.erase(0, end + 4 + length);
      std::smatch m;
      if (answer.rfind("HTTP/1.1 200", 0) == 0 && std::regex_search(answer, m, id))
        ids.push_back(m[1]);
    }
  }
done:
  close(fd);
  return ids;
}

TEST(CliServe, KilledUnderLoadItsAuditLogIsIntactAndHoldsEveryAnsweredDecision) {
  const std::string audit = temp_path("kill9-audit.db");
  Served server({source_path("fixtures/bench/wi-bench"), "--listen", "127.0.0.1:0", "--threads",
                 "2", "--no-auth", "--audit", audit});
  ASSERT_GT(server.port(), 0) << server.before();
  const std::string body =
      R"({"case_id":"K-9","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
      R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
  // Four callers, at most 2,000 requests each; killed while they send.
  constexpr int kCallers = 4;
  std::vector<std::vector<std::string>> answered(kCallers);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&, c] {
      answered[c] =
          evaluate_until_error(server.port(), "/v1/rulesets/wi_bench/evaluate", body, 2000);
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string rest;
  const int status = server.stop(SIGKILL, rest);
  for (auto& t : callers) t.join();
  EXPECT_TRUE(WIFSIGNALED(status));
  size_t total = 0;
  for (const auto& ids : answered) total += ids.size();
  ASSERT_GT(total, 0u) << "no answer before the kill";

  CliResult verify = run_cli({"audit", "verify", audit});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("chain intact"), std::string::npos) << verify.out;
  CliResult all = run_cli({"audit", "query", audit, "--limit", "1000000"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  std::set<std::string> recorded;
  const std::regex id("\"decision_id\":\"([0-9a-f-]{36})\"");
  for (const auto& line : split_lines(all.out)) {
    std::smatch m;
    if (std::regex_search(line, m, id)) recorded.insert(m[1]);
  }
  // Every answer the callers got has its record (an answer waits for it).
  for (const auto& ids : answered)
    for (const auto& d : ids) EXPECT_TRUE(recorded.count(d)) << d << " answered, not recorded";
  EXPECT_GE(recorded.size(), total);
  // And a query finds one by its decision id.
  CliResult one = run_cli({"audit", "query", audit, "--decision-id",
                           answered[0].empty() ? *recorded.begin() : answered[0][0]});
  EXPECT_EQ(split_lines(one.out).size(), 1u) << one.out;
  EXPECT_NE(one.out.find("\"outcome\":\"ok\""), std::string::npos) << one.out;
}

}  // namespace
}  // namespace decree::cli::testing
