// The service through a real HTTP server on 127.0.0.1 and an ephemeral port,
// started and stopped by each test: keep-alive, limits, a slow client,
// concurrent callers, a graceful stop. Load is bounded (a few hundred
// requests) and nothing leaves the loopback interface.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "audit/sqlite_store.h"
#include "serve/http_server.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using nlohmann::json;

const std::string kToken = "http-test-token";
const std::string kAnalystToken = "http-analyst-token";
const std::string kAdminToken = "http-admin-token";
const std::string kCase =
    R"({"case_id":"H-1","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
    R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";

// A server of the wi-bench rule set on its own thread.
class Running {
 public:
  explicit Running(ServerOptions options) {
    Diagnostics diags;
    ServiceConfig config;
    config.rule_dirs = {DECREE_SOURCE_DIR "/fixtures/bench/wi-bench"};
    config.tokens.add("intake", token_hash(kToken), Role::caseworker);
    config.tokens.add("statistics", token_hash(kAnalystToken), Role::analyst);
    config.tokens.add("ops", token_hash(kAdminToken), Role::admin);
    config.audit.path = dir_.file("audit.db");
    service_ = Service::load(std::move(config), diags);
    EXPECT_NE(service_, nullptr) << render_all(diags);
    options.address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(*service_, options);
    std::string error;
    EXPECT_TRUE(server_->listen(error)) << error;
    thread_ = std::thread([this] { server_->run(); });
  }
  ~Running() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  uint16_t port() const { return server_->port(); }
  std::string audit_path() const { return dir_.file("audit.db"); }
  std::string evaluate_target() const {
    return "/v1/rulesets/" + service_->rule_sets()[0].timeline->name() + "/evaluate";
  }

 private:
  testing::TempDir dir_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};

// One keep-alive connection of a client.
class Client {
 public:
  explicit Client(uint16_t port) : stream_(ioc_) {
    stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  http::response<http::string_body> send(http::verb verb, const std::string& target,
                                         const std::string& body = "",
                                         const std::string& token = kToken) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set(http::field::authorization, "Bearer " + token);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    http::write(stream_, req);
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    return res;
  }
  beast::tcp_stream& stream() { return stream_; }

 private:
  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

TEST(HttpServer, AnswersSeveralRequestsOnOneKeepAliveConnection) {
  Running server({});
  Client client(server.port());
  auto health = client.send(http::verb::get, "/healthz");
  EXPECT_EQ(health.result_int(), 200);
  EXPECT_TRUE(health.keep_alive());
  auto first = client.send(http::verb::post, server.evaluate_target(), kCase);
  ASSERT_EQ(first.result_int(), 200) << first.body();
  EXPECT_EQ(first[http::field::content_type], "application/json");
  EXPECT_EQ(json::parse(first.body())["case_id"], "H-1");
  auto bad = client.send(http::verb::post, server.evaluate_target(), "{");
  EXPECT_EQ(bad.result_int(), 400);
  EXPECT_EQ(bad[http::field::content_type], "application/problem+json");
  // A bad case does not end the connection.
  auto again = client.send(http::verb::post, server.evaluate_target(), kCase);
  EXPECT_EQ(again.result_int(), 200);
}

TEST(HttpServer, AMissingTokenIs401WithWwwAuthenticate) {
  Running server({});
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
  http::request<http::string_body> req{http::verb::post, server.evaluate_target(), 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = kCase;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 401);
  EXPECT_EQ(res[http::field::www_authenticate], "Bearer");
}

TEST(HttpServer, ABodyOverTheLimitIs413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  Running server(options);
  Client client(server.port());
  auto res = client.send(http::verb::post, server.evaluate_target(), std::string(4096, ' '));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(json::parse(res.body())["code"], "body_too_large");
  EXPECT_FALSE(res.keep_alive());
}

TEST(HttpServer, ASlowClientIsCutOffAtTheReadTimeout) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  Running server(options);
  Client client(server.port());
  // Half a request, then nothing: the server closes the connection.
  net::write(client.stream(), net::buffer(std::string("POST /healthz HTTP/1.1\r\nHost: x\r\n")));
  const auto start = std::chrono::steady_clock::now();
  char byte;
  beast::error_code ec;
  client.stream().socket().read_some(net::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // The server still serves others.
  Client other(server.port());
  EXPECT_EQ(other.send(http::verb::get, "/healthz").result_int(), 200);
}

TEST(HttpServer, ConcurrentCallersEachGetTheirOwnDecision) {
  ServerOptions options;
  options.threads = 2;
  Running server(options);
  constexpr int kClients = 4, kEach = 50;
  std::vector<std::vector<std::string>> ids(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      Client client(server.port());
      for (int i = 0; i < kEach; ++i) {
        auto res = client.send(http::verb::post, server.evaluate_target(), kCase);
        if (res.result_int() != 200) return;
        ids[c].push_back(json::parse(res.body())["decision_id"]);
      }
    });
  for (auto& t : clients) t.join();
  std::set<std::string> unique;
  for (const auto& list : ids) {
    EXPECT_EQ(list.size(), static_cast<size_t>(kEach));
    unique.insert(list.begin(), list.end());
  }
  EXPECT_EQ(unique.size(), static_cast<size_t>(kClients * kEach));
}

TEST(HttpServer, StopClosesIdleConnectionsAndRunReturns) {
  Running server({});
  Client idle(server.port());
  EXPECT_EQ(idle.send(http::verb::get, "/healthz").result_int(), 200);
  const auto start = std::chrono::steady_clock::now();
  server.stop();  // joins run(): it returned although a connection was open
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  char byte;
  beast::error_code ec;
  idle.stream().socket().read_some(net::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

std::string batch_case(int i) {
  return R"({"case_id":"B-)" + std::to_string(i) +
         R"(","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
         R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
}

std::vector<json> lines_of(const std::string& body) {
  std::vector<json> out;
  size_t start = 0;
  for (size_t nl; (nl = body.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(json::parse(body.substr(start, nl - start)));
  return out;
}

TEST(HttpServer, ABatchStreamsAnAnswerLinePerCaseInOrderEachWithItsRecord) {
  Running server({});
  std::string body;
  constexpr int kCases = 3000;  // some 500 KB: read and answered in many pieces
  for (int i = 0; i < kCases; ++i)
    body += (i == 1234 ? std::string("{\"grade\":1}") : batch_case(i)) + "\n";
  Client client(server.port());
  const std::string target = "/v1/rulesets/wi_bench/batch";
  auto res = client.send(http::verb::post, target, body, kAnalystToken);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  EXPECT_EQ(res[http::field::content_type], "application/x-ndjson");
  EXPECT_TRUE(res.chunked());
  const auto lines = lines_of(res.body());
  ASSERT_EQ(lines.size(), static_cast<size_t>(kCases));
  std::set<std::string> answered;
  for (int i = 0; i < kCases; ++i) {
    if (i == 1234) {
      EXPECT_EQ(lines[i]["line"], 1235);
      EXPECT_EQ(lines[i]["error"]["kind"], "input");
    } else {
      EXPECT_EQ(lines[i]["case_id"], "B-" + std::to_string(i));
    }
    answered.insert(lines[i]["decision_id"].get<std::string>());
  }
  // The connection is kept: a single case after the batch.
  EXPECT_EQ(client.send(http::verb::post, server.evaluate_target(), kCase).result_int(), 200);
  server.stop();
  audit::SqliteOptions o;
  o.path = server.audit_path();
  o.read_only = true;
  std::string error;
  auto store = audit::open_sqlite_store(o, error);
  ASSERT_TRUE(store) << error;
  audit::Query all;
  all.limit = 100000;
  std::vector<audit::Record> records;
  ASSERT_TRUE(store->query(all, records, error)) << error;
  std::set<std::string> recorded;
  for (const auto& r : records)
    if (r.action == "batch") recorded.insert(r.decision_id);
  EXPECT_EQ(recorded, answered);
}

TEST(HttpServer, ABatchNeedsTheAnalystRoleAndAKnownRuleSet) {
  Running server({});
  {
    Client client(server.port());
    auto res = client.send(http::verb::post, "/v1/rulesets/wi_bench/batch", batch_case(1) + "\n");
    EXPECT_EQ(res.result_int(), 403);  // the caseworker's token
    EXPECT_FALSE(res.keep_alive());    // its body was not read
  }
  Client other(server.port());
  auto missing =
      other.send(http::verb::post, "/v1/rulesets/nope/batch", batch_case(1) + "\n", kAnalystToken);
  EXPECT_EQ(missing.result_int(), 404);
  Client third(server.port());
  auto bad_query = third.send(http::verb::post, "/v1/rulesets/wi_bench/batch?as_of=soon",
                              batch_case(1) + "\n", kAnalystToken);
  EXPECT_EQ(bad_query.result_int(), 400);
}

TEST(HttpServer, ABatchBodySentInChunksIsAnsweredAsItArrives) {
  Running server({});
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
  const std::string head =
      "POST /v1/rulesets/wi_bench/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
      kAnalystToken + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  net::write(socket, net::buffer(head));
  // Two cases, the second split across chunks; then the answers to the
  // first arrive before the body has ended.
  auto chunk = [&](const std::string& data) {
    std::ostringstream size;
    size << std::hex << data.size();
    net::write(socket, net::buffer(size.str() + "\r\n" + data + "\r\n"));
  };
  chunk(batch_case(1) + "\n" + batch_case(2).substr(0, 10));
  std::string got;
  char buf[4096];
  while (got.find("\"case_id\":\"B-1\"") == std::string::npos) {
    beast::error_code ec;
    const size_t n = socket.read_some(net::buffer(buf), ec);
    ASSERT_FALSE(ec) << ec.message() << got;
    got.append(buf, n);
  }
  EXPECT_EQ(got.find("B-2"), std::string::npos);  // not complete yet
  chunk(batch_case(2).substr(10) + "\n");
  net::write(socket, net::buffer(std::string("0\r\n\r\n")));
  while (got.find("\r\n0\r\n\r\n") == std::string::npos) {
    beast::error_code ec;
    const size_t n = socket.read_some(net::buffer(buf), ec);
    ASSERT_FALSE(ec) << ec.message() << got;
    got.append(buf, n);
  }
  EXPECT_NE(got.find("\"case_id\":\"B-2\""), std::string::npos) << got;
}

TEST(HttpServer, CallersDuringReloadsThroughTheAdminRouteAreAllAnswered) {
  ServerOptions options;
  options.threads = 2;
  Running server(options);
  std::atomic<bool> done{false};
  std::atomic<int> answered{0}, failed{0};
  std::mutex seen_mutex;
  std::set<std::string> hashes;
  std::vector<std::thread> callers;
  for (int c = 0; c < 3; ++c)
    callers.emplace_back([&] {
      Client client(server.port());
      for (int i = 0; i < 2000 && !done; ++i) {
        auto res = client.send(http::verb::post, server.evaluate_target(), kCase);
        if (res.result_int() != 200) {
          ++failed;
          continue;
        }
        ++answered;
        std::lock_guard<std::mutex> lock(seen_mutex);
        hashes.insert(json::parse(res.body())["rules_hash"].get<std::string>());
      }
    });
  Client admin(server.port());
  int generation = 1;
  for (int r = 0; r < 5; ++r) {
    auto res = admin.send(http::verb::post, "/v1/admin/reload", "", kAdminToken);
    ASSERT_EQ(res.result_int(), 200) << res.body();
    const json j = json::parse(res.body());
    EXPECT_GT(j["generation"].get<int>(), generation);
    generation = j["generation"].get<int>();
    EXPECT_TRUE(j["refused"].empty());
  }
  done = true;
  for (auto& t : callers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(hashes.size(), 1u);  // the same files: one version throughout
  EXPECT_EQ(json::parse(admin.send(http::verb::get, "/readyz").body())["generation"], generation);
}

}  // namespace
}  // namespace decree::serve
