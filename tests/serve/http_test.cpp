// The service through a real HTTP server on 127.0.0.1 and an ephemeral port,
// started and stopped by each test: keep-alive, limits, a slow client,
// concurrent callers, a graceful stop. Load is bounded (a few hundred
// requests) and nothing leaves the loopback interface.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

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
                                         const std::string& body = "") {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set(http::field::authorization, "Bearer " + kToken);
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

}  // namespace
}  // namespace decree::serve
