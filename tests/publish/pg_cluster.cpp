#include "tests/publish/pg_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace decree::publish::testing {
namespace {

namespace fs = std::filesystem;

bool has_server(const fs::path& bin) {
  return fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && fs::exists(bin / "postgres");
}

// $DECREE_PG_BINDIR if set, else the newest /usr/lib/postgresql/N/bin; empty
// if it does not hold the server's programs.
fs::path find_bindir() {
  if (const char* env = std::getenv("DECREE_PG_BINDIR")) return has_server(env) ? env : "";
  fs::path best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const int version = std::atoi(e.path().filename().c_str());
    if (has_server(e.path() / "bin") && version > best_version) {
      best_version = version;
      best = e.path() / "bin";
    }
  }
  return best;
}

// A port of 127.0.0.1 that was free a moment ago (the server may still lose
// it to another program: start() then tries another).
int free_port() {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(s);
  return port;
}

std::string tail_of(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  return s.size() > 2000 ? "…" + s.substr(s.size() - 2000) : s;
}

}  // namespace

std::unique_ptr<PgCluster> PgCluster::start(const fs::path& parent, std::string& why,
                                            bool& missing) {
  missing = false;
  std::unique_ptr<PgCluster> c(new PgCluster());
  c->bin_ = find_bindir();
  if (c->bin_.empty()) {
    missing = true;
    why =
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin "
        "or $DECREE_PG_BINDIR: install Debian's postgresql";
    return nullptr;
  }
  std::random_device random;
  c->dir_ = parent / ("pg-" + std::to_string(getpid()) + "-" + std::to_string(random() % 100000));
  std::error_code ec;
  fs::create_directories(c->dir_, ec);
  if (ec) {
    why = "cannot create " + c->dir_.string() + ": " + ec.message();
    return nullptr;
  }
  if (geteuid() == 0) {
    const passwd* pw = getpwnam("postgres");
    if (!pw) {
      missing = true;
      why = "running as root, and there is no postgres user to run the server as";
      return nullptr;
    }
    c->as_postgres_ = true;
    if (chown(c->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      why = "cannot give " + c->dir_.string() + " to the postgres user";
      return nullptr;
    }
  }
  fs::permissions(c->dir_, fs::perms::owner_all, ec);
  const std::string data = (c->dir_ / "data").string();
  // Trust, because only this machine's loopback and the directory's socket
  // reach it, and it lives for one test binary.
  if (!c->run("initdb",
              {"-D", data, "-U", "decree", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"},
              why))
    return nullptr;
  for (int attempt = 0; attempt < 5; ++attempt) {
    c->port_ = free_port();
    // The last setting of a name in the file wins: each attempt appends.
    std::ofstream(c->dir_ / "data" / "postgresql.conf", std::ios::app)
        << "\nlisten_addresses = '127.0.0.1'\nport = " << c->port_
        << "\nunix_socket_directories = '" << c->dir_.string() << "'\n"
        << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    if (c->run("pg_ctl",
               {"-D", data, "-l", (c->dir_ / "server.log").string(), "-w", "-t", "60", "start"},
               why)) {
      c->started_ = true;
      return c;
    }
  }
  why += "\n" + tail_of(c->dir_ / "server.log");
  return nullptr;
}

PgCluster::~PgCluster() {
  if (started_) {
    std::string ignored;  // the directory goes anyway
    run("pg_ctl", {"-D", (dir_ / "data").string(), "-m", "fast", "-w", "stop"}, ignored);
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PgCluster::conninfo(const std::string& name) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=decree dbname=" + name;
}

std::string PgCluster::create_database(const std::string& name, std::string& error) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      })) {
    error = "not a database name for a test: " + name;
    return "";
  }
  PGconn* conn = PQconnectdb(conninfo("postgres").c_str());
  std::string info;
  if (PQstatus(conn) == CONNECTION_OK) {
    // An identifier cannot be a parameter; the name is checked above.
    PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    if (PQresultStatus(r) == PGRES_COMMAND_OK) info = conninfo(name);
    PQclear(r);
  }
  if (info.empty()) error = PQerrorMessage(conn);
  PQfinish(conn);
  return info;
}

// The program of the server's bin directory, as the postgres user when
// this is root; its output goes to a log in the directory, whose end is
// `why` on failure.
bool PgCluster::run(const std::string& program, const std::vector<std::string>& args,
                    std::string& why) {
  const std::string path = (bin_ / program).string();
  const std::string log = (dir_ / (program + ".log")).string();
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  uid_t uid = 0;
  gid_t gid = 0;
  if (as_postgres_) {
    const passwd* pw = getpwnam("postgres");
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    why = "cannot fork for " + program;
    return false;
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: the test may run
    // threads.
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    const int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, 0);
    close_range(3, ~0U, 0);  // the server keeps none of the test's files open
    if (as_postgres_ && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0))
      _exit(126);
    if (chdir(dir_.c_str()) != 0) _exit(126);
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  why = program + " failed (" +
        (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status)) : "killed") + "):\n" +
        tail_of(log);
  return false;
}

}  // namespace decree::publish::testing
