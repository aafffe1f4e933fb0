// Talking to PostgreSQL through libpq, for the registry and its audit store
// (publish/pg_registry.h): statements with their values passed apart from
// the SQL text ($1, $2, … never spliced in), results as text, one
// transaction helper, and a small pool of connections shared by threads.
#pragma once

#include <libpq-fe.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace decree::publish::pg {

// A result's rows, values as PostgreSQL's text ("t"/"f" for booleans).
class Result {
 public:
  Result() = default;
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept;

  ExecStatusType status() const { return PQresultStatus(r_); }  // a fatal error if none
  PGresult* get() const { return r_; }
  int rows() const { return r_ ? PQntuples(r_) : 0; }
  std::string text(int row, int column) const;
  int64_t integer(int row, int column) const;  // 0 if not a number
  bool boolean(int row, int column) const;

 private:
  PGresult* r_ = nullptr;
};

// Parameters in order: $1 is the first. Integers and booleans go as their
// text, which PostgreSQL casts to the column's type.
class Params {
 public:
  Params& add(std::string_view text);
  Params& add(const std::string& text) { return add(std::string_view(text)); }
  Params& add(const char* text) { return add(std::string_view(text)); }  // not as a bool
  Params& add(int64_t n) { return add(std::string_view(std::to_string(n))); }
  Params& add(bool b) { return add(std::string_view(b ? "true" : "false")); }
  const std::vector<std::string>& values() const { return values_; }

 private:
  std::vector<std::string> values_;
};

class Connection {
 public:
  // nullptr and `error` if the server cannot be reached.
  static std::unique_ptr<Connection> open(const std::string& conninfo, std::string& error);
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement; `out` (if given) gets its rows. false with the server's
  // message in `error`. A value holding a NUL byte, which text cannot
  // store, is refused before it is sent.
  bool exec(const std::string& sql, const Params& params, Result* out, std::string& error);
  // Statements without values (schema, BEGIN, COMMIT).
  bool exec(const std::string& sql, std::string& error);

  // Runs `work` in one transaction (READ COMMITTED: each statement sees what
  // was committed before it began, so a statement after a lock sees the
  // previous holder's commit). Commits if `work` returns true, else rolls
  // back; false if either failed, or the commit did.
  bool transaction(const std::function<bool(std::string& error)>& work, std::string& error);

  // The connection works; a lost one is reconnected (true if it then works).
  bool healthy();
  // Ends a transaction left open by a failure.
  void rollback_if_open();

 private:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  bool check(Result& r, Result* out, std::string& error);
  PGconn* conn_ = nullptr;
};

// Up to `size` connections, opened when first needed; a thread takes one
// for a statement or a transaction and gives it back.
class Pool {
 public:
  Pool(std::string conninfo, size_t size) : conninfo_(std::move(conninfo)), size_(size) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    explicit operator bool() const { return c_ != nullptr; }
    Connection* operator->() const { return c_.get(); }
    Connection& operator*() const { return *c_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  // Waits for a free connection; an empty lease and `error` if none can be
  // opened.
  Lease acquire(std::string& error);

 private:
  void release(std::unique_ptr<Connection> c);

  const std::string conninfo_;
  const size_t size_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;  // idle and leased
};

}  // namespace decree::publish::pg
