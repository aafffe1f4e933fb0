#include "serve/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <mutex>
#include <thread>
#include <vector>

#include "serve/problem.h"

namespace decree::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Accept-Language: zh… → 中文, else English.
Lang lang_of(beast::string_view accept_language) {
  return accept_language.substr(0, 2) == "zh" ? Lang::zh : Lang::en;
}

struct Shared;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}
  void start();
  // On the connection's strand: a connection waiting for its next request is
  // closed; one that is answering finishes first.
  void close_if_idle() {
    if (!busy_) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.close();
    }
  }
  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  void read();
  void on_read(beast::error_code ec);
  void answer(http::status status, std::string content_type, std::string body, bool keep_alive,
              const std::string& allow = {}, bool challenge = false);
  void on_write(bool keep_alive, beast::error_code ec);

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  Shared& shared_;
  bool busy_ = false;
};

struct Shared {
  Shared(const Service& s, ServerOptions o) : service(s), options(std::move(o)) {}
  const Service& service;
  ServerOptions options;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::vector<std::weak_ptr<Connection>> connections;
};

void Connection::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
}

void Connection::read() {
  busy_ = false;
  if (shared_.stopping) {
    close_if_idle();
    return;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
  parser_->body_limit(shared_.options.max_body_bytes);
  stream_.expires_after(shared_.options.read_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Connection::on_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return;
  }
  busy_ = true;
  // A request that cannot be read is answered once, then the connection is
  // closed (its remaining bytes cannot be trusted to start a request).
  if (ec == http::error::body_limit)
    return answer(http::status::payload_too_large, "application/problem+json",
                  problem_json({413, "body_too_large", "Request body too large",
                                "the body is larger than " +
                                    std::to_string(shared_.options.max_body_bytes) + " bytes"}),
                  false);
  if (ec == http::error::header_limit)
    return answer(http::status::request_header_fields_too_large, "application/problem+json",
                  problem_json({431, "header_too_large", "Request header too large",
                                "the header is larger than " +
                                    std::to_string(shared_.options.max_header_bytes) + " bytes"}),
                  false);
  if (ec)
    return answer(http::status::bad_request, "application/problem+json",
                  problem_json({400, "bad_http", "Malformed HTTP request", ec.message()}), false);

  const auto& req = parser_->get();
  Request request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  request.body = req.body();
  request.lang = lang_of(req[http::field::accept_language]);
  request.authorization = std::string(req[http::field::authorization]);
  const bool keep_alive = req.keep_alive();
  // The answer may come from the audit writer's thread once the request's
  // record is stored: it is posted back to this connection's strand, and
  // the tracked executor keeps run() going until it is sent (a graceful
  // stop answers every request in flight).
  auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  auto send = [self = shared_from_this(), keep_alive, work](Response r) {
    net::post(work, [self, keep_alive, r = std::move(r)]() mutable {
      self->answer(static_cast<http::status>(r.status), std::move(r.content_type),
                   std::move(r.body), keep_alive && !self->shared_.stopping, r.allow, r.challenge);
    });
  };
  try {
    shared_.service.handle_async(request, send);
  } catch (const std::exception& e) {
    send(Response{500,
                  "application/problem+json",
                  problem_json({500, "internal", "Internal error", e.what()}),
                  {}});
  }
}

void Connection::answer(http::status status, std::string content_type, std::string body,
                        bool keep_alive, const std::string& allow, bool challenge) {
  response_ = {};
  response_.result(status);
  response_.version(11);
  response_.set(http::field::server, "decree");
  response_.set(http::field::content_type, content_type);
  if (!allow.empty()) response_.set(http::field::allow, allow);
  if (challenge) response_.set(http::field::www_authenticate, "Bearer");
  response_.keep_alive(keep_alive);
  response_.body() = std::move(body);
  response_.prepare_payload();
  stream_.expires_after(shared_.options.write_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                      self->on_write(keep_alive, ec);
                    });
}

void Connection::on_write(bool keep_alive, beast::error_code ec) {
  if (ec || !keep_alive) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    busy_ = false;
    return;
  }
  read();
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Service& service, ServerOptions options)
      : shared(service, std::move(options)),
        ioc(static_cast<int>(std::max(1u, shared.options.threads))),
        acceptor(net::make_strand(ioc)),
        signals(ioc) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec || shared.stopping) return;  // the acceptor was closed: stop accepting
      socket.set_option(tcp::no_delay(true), ec);
      auto c = std::make_shared<Connection>(std::move(socket), shared);
      {
        std::lock_guard<std::mutex> lock(shared.mutex);
        // Forget connections that have ended, so the list stays small.
        std::erase_if(shared.connections, [](const auto& w) { return w.expired(); });
        shared.connections.push_back(c);
      }
      c->start();
      accept();
    });
  }

  void stop() {
    if (shared.stopping.exchange(true)) return;
    net::post(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
    });
    std::lock_guard<std::mutex> lock(shared.mutex);
    for (const auto& w : shared.connections)
      if (auto c = w.lock()) net::post(c->executor(), [c] { c->close_if_idle(); });
  }

  Shared shared;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
};

HttpServer::HttpServer(const Service& service, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(std::string& error) {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->shared.options.address, ec);
  if (ec) {
    error = "bad listen address " + impl_->shared.options.address + ": " + ec.message();
    return false;
  }
  tcp::endpoint endpoint(address, impl_->shared.options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + impl_->shared.options.address + ":" +
            std::to_string(impl_->shared.options.port) + ": " + ec.message();
    return false;
  }
  return true;
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run() {
  if (impl_->shared.options.stop_on_signals) {
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  impl_->accept();
  const unsigned n = std::max(1u, impl_->shared.options.threads);
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
}

void HttpServer::stop() { impl_->stop(); }

}  // namespace decree::serve
