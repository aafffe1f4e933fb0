#include "publish/sqlite_registry.h"

#include <sqlite3.h>

#include <functional>
#include <initializer_list>
#include <mutex>
#include <string_view>
#include <variant>

#include "audit/sqlite_chain.h"
#include "publish/registry_rows.h"

namespace decree::publish {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS proposal (
  id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  ruleset TEXT NOT NULL,
  version TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposal_by_ruleset ON proposal(ruleset, state);
CREATE TABLE IF NOT EXISTS publication (
  seq INTEGER PRIMARY KEY,
  ruleset TEXT NOT NULL,
  version TEXT NOT NULL,
  withdrawn INTEGER NOT NULL,
  proposal TEXT NOT NULL,
  rules_hash TEXT NOT NULL,
  time TEXT NOT NULL,
  files TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS publication_by_version ON publication(ruleset, version, seq);
)sql";

// Ids in creation order: the number after the "P", which outgrows six digits.
constexpr const char* kProposalNumber = "CAST(substr(id, 2) AS INTEGER)";

using Value = std::variant<int64_t, std::string_view>;
using Row = std::function<void(sqlite3_stmt*)>;

std::string text_column(sqlite3_stmt* s, int i) {
  const auto* p = sqlite3_column_text(s, i);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string();
}

// One statement with its values bound in order; `row` sees each result row.
bool run(sqlite3* db, const std::string& sql, std::initializer_list<Value> values, const Row& row,
         std::string& error) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    error = std::string("cannot prepare a registry statement: ") + sqlite3_errmsg(db);
    return false;
  }
  int i = 0;
  for (const auto& v : values) {
    ++i;
    if (const auto* n = std::get_if<int64_t>(&v)) {
      sqlite3_bind_int64(s, i, *n);
    } else {
      const auto text = std::get<std::string_view>(v);
      // An empty view may have no data, which would bind NULL, not ''.
      sqlite3_bind_text(s, i, text.data() ? text.data() : "", static_cast<int>(text.size()),
                        SQLITE_TRANSIENT);
    }
  }
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW)
    if (row) row(s);
  if (rc != SQLITE_DONE) error = std::string("registry: ") + sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return rc == SQLITE_DONE;
}

bool exec(sqlite3* db, const std::string& sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return true;
  error = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

class SqliteRegistry final : public Registry {
 public:
  ~SqliteRegistry() override {
    chain_.reset();  // its statements before their connection
    sqlite3_close(write_);
    sqlite3_close(read_);
  }

  bool open(const audit::SqliteOptions& o, std::string& error) {
    // The audit store first: it creates the file, checks that it is an
    // audit store, and sets it up (WAL, its checkpoints).
    audit_ = audit::open_sqlite_store(o, error);
    if (!audit_) return false;
    const int flags = o.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (!connect(o, flags, read_, error)) return false;
    if (o.read_only) return true;
    if (!connect(o, flags, write_, error)) return false;
    // Like the audit store's writer: checkpoints are its checkpointer's
    // job, and the same durability and size limit hold for steps.
    std::string setup = "PRAGMA wal_autocheckpoint=0; PRAGMA synchronous=";
    setup += o.synchronous_full ? "FULL;" : "NORMAL;";
    if (o.max_bytes > 0) {
      const int64_t pages = std::max<int64_t>(1, o.max_bytes / page_size());
      setup += "PRAGMA max_page_count=" + std::to_string(pages) + ";";
    }
    if (!exec(write_, setup, error) || !exec(write_, "BEGIN IMMEDIATE", error)) return false;
    if (!exec(write_, kSchema, error)) {
      sqlite3_exec(write_, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
    if (!exec(write_, "COMMIT", error)) return false;
    chain_ = std::make_unique<audit::detail::SqliteChain>();
    return chain_->prepare(write_, error);
  }

  bool create(Proposal& proposal, audit::Record& record, std::string& error) override {
    Proposal stored = proposal;
    stored.revision = 1;
    std::vector<audit::Record> records{record};
    const auto done = step(
        records,
        [&](std::string& e) {
          int64_t last = 0;
          if (!run(
                  write_,
                  std::string("SELECT coalesce(max(") + kProposalNumber + "), 0) FROM proposal", {},
                  [&](sqlite3_stmt* s) { last = sqlite3_column_int64(s, 0); }, e))
            return Update::failed;
          stored.id = detail::proposal_id(last + 1);
          records[0].case_id = stored.id;
          const std::string body = proposal_json(stored, true);
          return run(write_,
                     "INSERT INTO proposal(id, revision, ruleset, version, state, created_at, "
                     "updated_at, body) VALUES (?,?,?,?,?,?,?,?)",
                     {stored.id, stored.revision, stored.ruleset, stored.version,
                      state_name(stored.state), stored.created_at, stored.updated_at, body},
                     nullptr, e)
                     ? Update::ok
                     : Update::failed;
        },
        error);
    if (done != Update::ok) return false;
    proposal.id = stored.id;
    proposal.revision = stored.revision;
    record = records[0];
    return true;
  }

  Update update(const Proposal& p, audit::Record& record, std::string& error,
                const PublishedVersion* published, int64_t expected_head) override {
    std::vector<audit::Record> records{record};
    const auto done = step(
        records,
        [&](std::string& e) {
          std::optional<int64_t> stored;
          if (!run(
                  write_, "SELECT revision FROM proposal WHERE id = ?", {p.id},
                  [&](sqlite3_stmt* s) { stored = sqlite3_column_int64(s, 0); }, e))
            return Update::failed;
          if (!stored) {
            e = "no proposal " + p.id;
            return Update::failed;
          }
          if (*stored != p.revision - 1) {
            e = detail::stale_revision(p.id, *stored, p.revision);
            return Update::conflict;
          }
          if (published) {
            int64_t head = 0;
            if (!run(
                    write_,
                    "SELECT coalesce(max(seq), 0) FROM publication WHERE ruleset = ? AND "
                    "version = ?",
                    {published->ruleset, published->version},
                    [&](sqlite3_stmt* s) { head = sqlite3_column_int64(s, 0); }, e))
              return Update::failed;
            if (head != expected_head) {
              e = detail::stale_head(published->ruleset, published->version, head, expected_head);
              return Update::conflict;
            }
          }
          const std::string body = proposal_json(p, true);
          if (!run(write_,
                   "UPDATE proposal SET revision = ?, ruleset = ?, version = ?, state = ?, "
                   "created_at = ?, updated_at = ?, body = ? WHERE id = ?",
                   {p.revision, p.ruleset, p.version, state_name(p.state), p.created_at,
                    p.updated_at, body, p.id},
                   nullptr, e))
            return Update::failed;
          if (!published) return Update::ok;
          std::string files;
          if (!detail::files_json(published->files, files, e)) return Update::failed;
          return run(write_,
                     "INSERT INTO publication(ruleset, version, withdrawn, proposal, rules_hash, "
                     "time, files) VALUES (?,?,?,?,?,?,?)",
                     {published->ruleset, published->version, int64_t{published->withdrawn},
                      published->proposal, published->rules_hash, published->time, files},
                     nullptr, e)
                     ? Update::ok
                     : Update::failed;
        },
        error);
    if (done == Update::ok) record = records[0];
    return done;
  }

  bool record_refusal(audit::Record& record, std::string& error) override {
    std::vector<audit::Record> records{record};
    const auto nothing_else = [](std::string&) { return Update::ok; };
    if (step(records, nothing_else, error) != Update::ok) return false;
    record = records[0];
    return true;
  }

  bool get(const std::string& id, std::optional<Proposal>& out, std::string& error) override {
    out.reset();
    std::string body;
    bool found = false;
    {
      std::lock_guard<std::mutex> lock(read_mutex_);
      if (!run(
              read_, "SELECT body FROM proposal WHERE id = ?", {id},
              [&](sqlite3_stmt* s) {
                body = text_column(s, 0);
                found = true;
              },
              error))
        return false;
    }
    if (!found) return true;
    out = parse_proposal_json(body, error);
    return out.has_value();
  }

  bool list(const ProposalFilter& filter, std::vector<Proposal>& out, std::string& error) override {
    std::vector<std::string> bodies;
    {
      std::lock_guard<std::mutex> lock(read_mutex_);
      const std::string_view state = filter.state ? state_name(*filter.state) : std::string_view();
      if (!run(
              read_,
              std::string("SELECT body FROM proposal WHERE (?1 = '' OR ruleset = ?1) AND "
                          "(?2 = '' OR state = ?2) ORDER BY ") +
                  kProposalNumber + " DESC LIMIT ?3",
              {filter.ruleset, state, filter.limit > 0 ? filter.limit : int64_t{200}},
              [&](sqlite3_stmt* s) { bodies.push_back(text_column(s, 0)); }, error))
        return false;
    }
    for (const auto& body : bodies) {
      auto p = parse_proposal_json(body, error);
      if (!p) return false;
      out.push_back(p->summary());
    }
    return true;
  }

  bool published(const std::string& ruleset, std::vector<PublishedVersion>& out,
                 std::string& error) override {
    std::lock_guard<std::mutex> lock(read_mutex_);
    bool ok = true;
    const bool read = run(
        read_,
        "SELECT seq, ruleset, version, withdrawn, proposal, rules_hash, time, files "
        "FROM publication p WHERE (?1 = '' OR ruleset = ?1) AND seq = (SELECT max(seq) FROM "
        "publication q WHERE q.ruleset = p.ruleset AND q.version = p.version) "
        "ORDER BY ruleset, version",
        {ruleset},
        [&](sqlite3_stmt* s) {
          PublishedVersion v;
          v.seq = sqlite3_column_int64(s, 0);
          v.ruleset = text_column(s, 1);
          v.version = text_column(s, 2);
          v.withdrawn = sqlite3_column_int64(s, 3) != 0;
          v.proposal = text_column(s, 4);
          v.rules_hash = text_column(s, 5);
          v.time = text_column(s, 6);
          if (ok && !detail::parse_files_json(text_column(s, 7), v.files, error)) ok = false;
          out.push_back(std::move(v));
        },
        error);
    return read && ok;
  }

  audit::Store& audit() override { return *audit_; }

 private:
  bool connect(const audit::SqliteOptions& o, int flags, sqlite3*& db, std::string& error) {
    if (sqlite3_open_v2(o.path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(db, o.busy_timeout_ms);
      return true;
    }
    error = "cannot open " + o.path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    return false;
  }
  int page_size() {
    int size = 4096;
    std::string ignored;  // the default size will do
    const auto read = [&](sqlite3_stmt* s) { size = sqlite3_column_int(s, 0); };
    run(read_, "PRAGMA page_size", {}, read, ignored);
    return size;
  }

  // One step: `change` and the records' append in one write transaction,
  // which BEGIN IMMEDIATE takes at once, so that what `change` reads (a
  // revision, the next id, the last publication) cannot change before the
  // commit, and the chain continues from the file's last record (the audit
  // store's own appends and other processes wait on the same lock).
  Update step(std::vector<audit::Record>& records,
              const std::function<Update(std::string&)>& change, std::string& error) {
    std::lock_guard<std::mutex> lock(write_mutex_);
    if (!write_) {
      error = "the registry is open read-only";
      return Update::failed;
    }
    if (!exec(write_, "BEGIN IMMEDIATE", error)) return Update::failed;
    Update done = change(error);
    if (done == Update::ok && !chain_->append(records, error)) done = Update::failed;
    if (done == Update::ok && !exec(write_, "COMMIT", error)) done = Update::failed;
    if (done != Update::ok) sqlite3_exec(write_, "ROLLBACK", nullptr, nullptr, nullptr);
    return done;
  }

  std::unique_ptr<audit::Store> audit_;
  sqlite3* read_ = nullptr;
  sqlite3* write_ = nullptr;
  std::unique_ptr<audit::detail::SqliteChain> chain_;
  std::mutex read_mutex_, write_mutex_;
};

}  // namespace

std::unique_ptr<Registry> open_sqlite_registry(const audit::SqliteOptions& options,
                                               std::string& error) {
  auto registry = std::make_unique<SqliteRegistry>();
  if (!registry->open(options, error)) return nullptr;
  return registry;
}

}  // namespace decree::publish
