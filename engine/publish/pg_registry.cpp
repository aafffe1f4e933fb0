#include "publish/pg_registry.h"

#include <functional>

#include "publish/pg_audit_store.h"
#include "publish/pg_connection.h"
#include "publish/registry_rows.h"

namespace decree::publish {
namespace {

// As in SQLite; text in byte order ("C") so that versions sort alike.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS proposal (
  id TEXT COLLATE "C" PRIMARY KEY,
  revision BIGINT NOT NULL,
  ruleset TEXT COLLATE "C" NOT NULL,
  version TEXT COLLATE "C" NOT NULL,
  state TEXT COLLATE "C" NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS proposal_by_ruleset ON proposal(ruleset, state);
CREATE TABLE IF NOT EXISTS publication (
  seq BIGINT PRIMARY KEY,
  ruleset TEXT COLLATE "C" NOT NULL,
  version TEXT COLLATE "C" NOT NULL,
  withdrawn BOOLEAN NOT NULL,
  proposal TEXT COLLATE "C" NOT NULL,
  rules_hash TEXT COLLATE "C" NOT NULL,
  time TEXT COLLATE "C" NOT NULL,
  files TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS publication_by_version ON publication(ruleset, version, seq);
)sql";

// Ids in creation order: the number after the "P", which outgrows six digits.
constexpr const char* kProposalNumber = "substr(id, 2)::bigint";

// Connections per registry, shared with its audit store: steps wait on the
// chain's lock anyway; the others are for reads and the audit log's writer.
constexpr size_t kConnections = 4;

using Update = Registry::Update;
using Change = std::function<Update(pg::Connection&, std::string&)>;

class PgRegistry final : public Registry {
 public:
  bool open(const std::string& conninfo, std::string& error) {
    pool_ = std::make_shared<pg::Pool>(conninfo, kConnections);
    auto c = pool_->acquire(error);
    if (!c || !detail::create_pg_schema(*c, std::string(detail::kPgAuditSchema) + kSchema, error))
      return false;
    audit_ = detail::pg_audit_store(pool_);
    return true;
  }

  bool create(Proposal& proposal, audit::Record& record, std::string& error) override {
    Proposal stored = proposal;
    stored.revision = 1;
    std::vector<audit::Record> records{record};
    const auto done = step(
        records,
        [&](pg::Connection& c, std::string& e) {
          pg::Result last;
          if (!c.exec(std::string("SELECT coalesce(max(") + kProposalNumber + "), 0) FROM proposal",
                      pg::Params(), &last, e))
            return Update::failed;
          stored.id = detail::proposal_id(last.integer(0, 0) + 1);
          records[0].case_id = stored.id;
          return c.exec(
                     "INSERT INTO proposal(id, revision, ruleset, version, state, created_at, "
                     "updated_at, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                     pg::Params()
                         .add(stored.id)
                         .add(stored.revision)
                         .add(stored.ruleset)
                         .add(stored.version)
                         .add(state_name(stored.state))
                         .add(stored.created_at)
                         .add(stored.updated_at)
                         .add(proposal_json(stored, true)),
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
        [&](pg::Connection& c, std::string& e) {
          pg::Result stored;
          if (!c.exec("SELECT revision FROM proposal WHERE id = $1", pg::Params().add(p.id),
                      &stored, e))
            return Update::failed;
          if (!stored.rows()) {
            e = "no proposal " + p.id;
            return Update::failed;
          }
          if (stored.integer(0, 0) != p.revision - 1) {
            e = detail::stale_revision(p.id, stored.integer(0, 0), p.revision);
            return Update::conflict;
          }
          if (published) {
            pg::Result head;
            if (!c.exec("SELECT coalesce(max(seq), 0) FROM publication WHERE ruleset = $1 AND "
                        "version = $2",
                        pg::Params().add(published->ruleset).add(published->version), &head, e))
              return Update::failed;
            if (head.integer(0, 0) != expected_head) {
              e = detail::stale_head(published->ruleset, published->version, head.integer(0, 0),
                                     expected_head);
              return Update::conflict;
            }
          }
          if (!c.exec("UPDATE proposal SET revision = $1, ruleset = $2, version = $3, state = $4, "
                      "created_at = $5, updated_at = $6, body = $7 WHERE id = $8",
                      pg::Params()
                          .add(p.revision)
                          .add(p.ruleset)
                          .add(p.version)
                          .add(state_name(p.state))
                          .add(p.created_at)
                          .add(p.updated_at)
                          .add(proposal_json(p, true))
                          .add(p.id),
                      nullptr, e))
            return Update::failed;
          if (!published) return Update::ok;
          std::string files;
          if (!detail::files_json(published->files, files, e)) return Update::failed;
          // Numbered under the chain's lock, so in the order of the steps.
          return c.exec(
                     "INSERT INTO publication(seq, ruleset, version, withdrawn, proposal, "
                     "rules_hash, time, files) SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, "
                     "$4, $5, $6, $7 FROM publication",
                     pg::Params()
                         .add(published->ruleset)
                         .add(published->version)
                         .add(published->withdrawn)
                         .add(published->proposal)
                         .add(published->rules_hash)
                         .add(published->time)
                         .add(files),
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
    const auto nothing_else = [](pg::Connection&, std::string&) { return Update::ok; };
    if (step(records, nothing_else, error) != Update::ok) return false;
    record = records[0];
    return true;
  }

  bool get(const std::string& id, std::optional<Proposal>& out, std::string& error) override {
    out.reset();
    pg::Result r;
    {
      auto c = pool_->acquire(error);
      if (!c ||
          !c->exec("SELECT body FROM proposal WHERE id = $1", pg::Params().add(id), &r, error))
        return false;
    }
    if (!r.rows()) return true;
    out = parse_proposal_json(r.text(0, 0), error);
    return out.has_value();
  }

  bool list(const ProposalFilter& filter, std::vector<Proposal>& out, std::string& error) override {
    pg::Result r;
    {
      auto c = pool_->acquire(error);
      if (!c ||
          !c->exec(std::string("SELECT body FROM proposal WHERE ($1 = '' OR ruleset = $1) AND "
                               "($2 = '' OR state = $2) ORDER BY ") +
                       kProposalNumber + " DESC LIMIT $3",
                   pg::Params()
                       .add(filter.ruleset)
                       .add(filter.state ? state_name(*filter.state) : std::string_view())
                       .add(filter.limit > 0 ? filter.limit : int64_t{200}),
                   &r, error))
        return false;
    }
    for (int i = 0; i < r.rows(); ++i) {
      auto p = parse_proposal_json(r.text(i, 0), error);
      if (!p) return false;
      out.push_back(p->summary());
    }
    return true;
  }

  bool published(const std::string& ruleset, std::vector<PublishedVersion>& out,
                 std::string& error) override {
    pg::Result r;
    {
      auto c = pool_->acquire(error);
      if (!c || !c->exec("SELECT DISTINCT ON (ruleset, version) seq, ruleset, version, "
                         "withdrawn, proposal, rules_hash, time, files FROM publication "
                         "WHERE ($1 = '' OR ruleset = $1) ORDER BY ruleset, version, seq DESC",
                         pg::Params().add(ruleset), &r, error))
        return false;
    }
    for (int i = 0; i < r.rows(); ++i) {
      PublishedVersion v;
      v.seq = r.integer(i, 0);
      v.ruleset = r.text(i, 1);
      v.version = r.text(i, 2);
      v.withdrawn = r.boolean(i, 3);
      v.proposal = r.text(i, 4);
      v.rules_hash = r.text(i, 5);
      v.time = r.text(i, 6);
      if (!detail::parse_files_json(r.text(i, 7), v.files, error)) return false;
      out.push_back(std::move(v));
    }
    return true;
  }

  audit::Store& audit() override { return *audit_; }

 private:
  // One step: the chain's lock first, which every step and every append of
  // every replica takes, so that what `change` reads (a revision, the next
  // id, the last publication) stays true until the commit; then the change
  // and the records, committed together or not at all.
  Update step(std::vector<audit::Record>& records, const Change& change, std::string& error) {
    auto c = pool_->acquire(error);
    if (!c) return Update::failed;
    Update done = Update::failed;
    const bool committed = c->transaction(
        [&](std::string& e) {
          if (!detail::lock_pg_chain(*c, e)) return false;
          done = change(*c, e);
          if (done == Update::ok && !detail::append_pg_chain(*c, records, e)) done = Update::failed;
          return done == Update::ok;
        },
        error);
    // A commit that failed after the change went well is a failure too.
    if (committed) return Update::ok;
    return done == Update::ok ? Update::failed : done;
  }

  std::shared_ptr<pg::Pool> pool_;
  std::unique_ptr<audit::Store> audit_;
};

}  // namespace

std::unique_ptr<Registry> open_pg_registry(const std::string& conninfo, std::string& error) {
  auto registry = std::make_unique<PgRegistry>();
  if (!registry->open(conninfo, error)) return nullptr;
  return registry;
}

}  // namespace decree::publish
