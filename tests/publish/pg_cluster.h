// Tests: a throwaway PostgreSQL server of the machine's own binaries
// (/usr/lib/postgresql/*/bin, or $DECREE_PG_BINDIR): initdb into a new
// directory, started on an ephemeral port of 127.0.0.1 only, its socket in
// that directory, trusting local connections; stopped and deleted with the
// object. PostgreSQL refuses to run as root, so as root (here, in CI, in a
// fresh chroot) its programs run as the `postgres` system user, which owns
// the directory.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace decree::publish::testing {

class PgCluster {
 public:
  // Starts a server in a new directory under `parent`. nullptr and `why`
  // if it cannot; `missing` is then true when what is missing is the
  // server's binaries (or, as root, a user to run them as): the test skips.
  static std::unique_ptr<PgCluster> start(const std::filesystem::path& parent, std::string& why,
                                          bool& missing);
  ~PgCluster();  // pg_ctl stop -m fast, then the directory goes
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // A new empty database `name` ([a-z0-9_]); its conninfo, or "" and `error`.
  std::string create_database(const std::string& name, std::string& error);
  // The conninfo of database `name`.
  std::string conninfo(const std::string& name) const;

 private:
  PgCluster() = default;
  bool run(const std::string& program, const std::vector<std::string>& args, std::string& why);

  std::filesystem::path bin_, dir_;
  int port_ = 0;
  bool as_postgres_ = false;  // run the programs as the postgres user
  bool started_ = false;
};

}  // namespace decree::publish::testing
