#include "publish/pg_connection.h"

#include <charconv>

namespace decree::publish::pg {
namespace {

// libpq's messages end with a newline.
std::string message_of(const char* text) {
  std::string m = text ? text : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m.empty() ? "unknown PostgreSQL error" : m;
}

// "CREATE TABLE IF NOT EXISTS" and the like tell the client it skipped:
// nothing for our stderr.
void ignore_notice(void*, const char*) {}

}  // namespace

Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(r_, row, column),
                     static_cast<size_t>(PQgetlength(r_, row, column)));
}

int64_t Result::integer(int row, int column) const {
  const char* p = PQgetvalue(r_, row, column);
  int64_t n = 0;
  std::from_chars(p, p + PQgetlength(r_, row, column), n);
  return n;
}

bool Result::boolean(int row, int column) const { return PQgetvalue(r_, row, column)[0] == 't'; }

Params& Params::add(std::string_view text) {
  values_.emplace_back(text);
  return *this;
}

std::unique_ptr<Connection> Connection::open(const std::string& conninfo, std::string& error) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (!conn) {
    error = "cannot connect to PostgreSQL: out of memory";
    return nullptr;
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    error = "cannot connect to PostgreSQL: " + message_of(PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  // Records and files are UTF-8, whatever the client's locale says.
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    error = "PostgreSQL: cannot use UTF-8: " + message_of(PQerrorMessage(conn));
    PQfinish(conn);
    return nullptr;
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

bool Connection::exec(const std::string& sql, const Params& params, Result* out,
                      std::string& error) {
  std::vector<const char*> values;
  values.reserve(params.values().size());
  for (const auto& v : params.values()) {
    if (v.find('\0') != std::string::npos) {
      error = "a value holds a NUL byte, which PostgreSQL text cannot store";
      return false;
    }
    values.push_back(v.c_str());
  }
  Result r(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                        nullptr, nullptr, 0));
  return check(r, out, error);
}

bool Connection::exec(const std::string& sql, std::string& error) {
  Result r(PQexec(conn_, sql.c_str()));
  return check(r, nullptr, error);
}

bool Connection::check(Result& r, Result* out, std::string& error) {
  const ExecStatusType status = r.status();
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    error = "PostgreSQL: " +
            message_of(r.get() ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_));
    return false;
  }
  if (out) *out = std::move(r);
  return true;
}

bool Connection::transaction(const std::function<bool(std::string& error)>& work,
                             std::string& error) {
  if (!exec("BEGIN ISOLATION LEVEL READ COMMITTED", error)) return false;
  if (!work(error)) {
    rollback_if_open();
    return false;
  }
  if (!exec("COMMIT", error)) {
    rollback_if_open();
    return false;
  }
  return true;
}

bool Connection::healthy() {
  if (PQstatus(conn_) == CONNECTION_OK) return true;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  return PQsetClientEncoding(conn_, "UTF8") == 0;
}

void Connection::rollback_if_open() {
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    std::string ignored;  // a connection that cannot roll back is reset when next taken
    exec("ROLLBACK", ignored);
  }
}

Pool::Lease::~Lease() {
  if (pool_ && c_) pool_->release(std::move(c_));
}

Pool::Lease Pool::acquire(std::string& error) {
  std::unique_lock<std::mutex> lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (!c->healthy()) {
      error = "lost the connection to PostgreSQL and cannot reconnect";
      release(nullptr);
      return Lease(this, nullptr);
    }
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = Connection::open(conninfo_, error);
  if (!c) release(nullptr);
  return Lease(this, std::move(c));
}

// nullptr: a connection that could not be opened or was lost gives its
// place back.
void Pool::release(std::unique_ptr<Connection> c) {
  if (c) c->rollback_if_open();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (c) {
      idle_.push_back(std::move(c));
    } else {
      --open_;
    }
  }
  freed_.notify_one();
}

}  // namespace decree::publish::pg
