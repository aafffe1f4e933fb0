#include "serve/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <csignal>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "base/codes_serve.h"
#include "serve/batch.h"
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

// What the server keeps of each connection, plain or TLS.
class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  // On the connection's strand: a connection waiting for its next request is
  // closed; one that is answering finishes first.
  virtual void close_if_idle() = 0;
  virtual net::any_io_executor executor() = 0;
};

// Stream: beast::tcp_stream, or beast::ssl_stream<beast::tcp_stream> (TLS).
template <class Stream>
class Connection : public ConnectionBase, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  Connection(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}
  Connection(tcp::socket socket, net::ssl::context& tls, Shared& shared)
      : stream_(std::move(socket), tls), shared_(shared) {}
  void start();
  void close_if_idle() override {
    if (!busy_) {
      beast::error_code ec;
      tcp_().socket().shutdown(tcp::socket::shutdown_both, ec);
      tcp_().close();
    }
  }
  net::any_io_executor executor() override { return stream_.get_executor(); }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  beast::tcp_stream& tcp_() { return beast::get_lowest_layer(stream_); }
  void read();
  void on_header(beast::error_code ec);
  void on_read(beast::error_code ec);
  bool refused_read(beast::error_code ec);
  Request request_of(const http::request_parser<http::string_body>::value_type& req) const;
  // A batch: the body read piece by piece into batch_in_, fed to the
  // Batch, its answer lines written as chunks of a chunked response.
  void start_batch();
  void read_batch();
  void read_batch_more();
  void on_batch_read(beast::error_code ec);
  void write_batch(std::string lines);
  void end_batch();
  void end_batch_early();
  void pump_batch();
  void reset_batch();
  void answer(Response r, bool keep_alive);
  void on_write(bool keep_alive, beast::error_code ec);

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::unique_ptr<Batch> batch_;
  std::optional<http::request_parser<http::buffer_body>> batch_parser_;
  http::response<http::empty_body> batch_response_;
  std::optional<http::response_serializer<http::empty_body>> batch_serializer_;
  std::vector<char> batch_in_;
  size_t batch_filled_ = 0;
  std::deque<std::string> batch_pending_;  // answers waiting to be written, in order
  size_t batch_feeds_ = 0;                 // pieces fed whose answers are not back
  bool batch_fed_last_ = false, batch_reading_ = false, batch_writing_ = false;
  bool batch_keep_alive_ = false;
  Shared& shared_;
  bool busy_ = false;
};

struct Shared {
  Shared(const Service& s, ServerOptions o) : service(s), options(std::move(o)) {}
  const Service& service;
  ServerOptions options;
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::vector<std::weak_ptr<ConnectionBase>> connections;
  std::optional<net::ssl::context> tls;  // with options.tls_cert_file
};

template <class Stream>
void Connection<Stream>::start() {
  net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
    if constexpr (kTls) {
      // The TLS handshake within the read timeout, then requests as on plain HTTP.
      self->tcp_().expires_after(self->shared_.options.read_timeout);
      self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
        if (ec) {
          beast::error_code ignored;
          self->tcp_().socket().shutdown(tcp::socket::shutdown_both, ignored);
          return;
        }
        self->read();
      });
    } else {
      self->read();
    }
  });
}

template <class Stream>
void Connection<Stream>::read() {
  busy_ = false;
  if (shared_.stopping) {
    close_if_idle();
    return;
  }
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(shared_.options.max_header_bytes));
  // No body limit while the header is read (a batch has none); the limit
  // of other requests is set once the header says what this one is. (Not
  // boost::none: Boost 1.74's parser then refuses any Content-Length.)
  parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  tcp_().expires_after(shared_.options.read_timeout);
  // The header first: a batch's body is streamed, any other read whole.
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            self->on_header(ec);
                          });
}

template <class Stream>
void Connection<Stream>::on_header(beast::error_code ec) {
  if (refused_read(ec)) return;
  const auto& req = parser_->get();
  const auto method = req.method_string();
  const auto target = req.target();
  if (Service::is_batch({method.data(), method.size()}, {target.data(), target.size()}))
    return start_batch();
  if (const auto length = parser_->content_length();
      length && *length > shared_.options.max_body_bytes)
    return refused_read(http::error::body_limit), void();
  parser_->body_limit(shared_.options.max_body_bytes);
  if (req[http::field::expect] == "100-continue") {
    // The client waits for this before it sends the body (curl does for large ones).
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(kContinue),
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->on_read(ec);
                       http::async_read(
                           self->stream_, self->buffer_, *self->parser_,
                           [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
                     });
    return;
  }
  http::async_read(
      stream_, buffer_, *parser_,
      [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

// A connection that ended (true, nothing more to do) or a request that
// cannot be read (true, answered once and then closed: its remaining bytes
// cannot be trusted to start a request); false if the read went well.
template <class Stream>
bool Connection<Stream>::refused_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
      ec == beast::error::timeout || ec == net::error::connection_reset || ec == net::error::eof) {
    beast::error_code ignored;
    tcp_().socket().shutdown(tcp::socket::shutdown_both, ignored);
    return true;
  }
  busy_ = true;
  if (!ec) return false;
  // A request that cannot be read is answered once, then the connection is
  // closed (its remaining bytes cannot be trusted to start a request).
  // The caller's language if its header was read (not for a header too large).
  const Lang lang = parser_ && parser_->is_header_done()
                        ? lang_of(parser_->get()[http::field::accept_language])
                        : Lang::en;
  if (ec == http::error::body_limit)
    answer({413, "application/problem+json",
            problem_json(localized(lang, 413, "body_too_large", msg::serve_title_body_too_large,
                                   {msg::serve_body_too_large,
                                    {{"limit", std::to_string(shared_.options.max_body_bytes)}}}))},
           false);
  else if (ec == http::error::header_limit)
    answer({431, "application/problem+json",
            problem_json(localized(lang, 431, "header_too_large", msg::serve_title_header_too_large,
                                   {msg::serve_header_too_large,
                                    {{"limit", std::to_string(shared_.options.max_header_bytes)}}}))},
           false);
  else
    answer({400, "application/problem+json",
            problem_json({400, "bad_http", message_text({msg::serve_title_bad_http, {}}, lang),
                          ec.message()})},
           false);
  return true;
}

template <class Stream>
Request Connection<Stream>::request_of(
    const http::request_parser<http::string_body>::value_type& req) const {
  Request request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  request.lang = lang_of(req[http::field::accept_language]);
  request.authorization = std::string(req[http::field::authorization]);
  request.cookie = std::string(req[http::field::cookie]);
  request.content_type = std::string(req[http::field::content_type]);
  return request;
}

template <class Stream>
void Connection<Stream>::on_read(beast::error_code ec) {
  if (refused_read(ec)) return;
  const auto& req = parser_->get();
  Request request = request_of(req);
  request.body = req.body();
  const bool keep_alive = req.keep_alive();
  // The answer may come from the audit writer's thread once the request's
  // record is stored: it is posted back to this connection's strand, and
  // the tracked executor keeps run() going until it is sent (a graceful
  // stop answers every request in flight).
  auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  auto send = [self = this->shared_from_this(), keep_alive, work](Response r) {
    net::post(work, [self, keep_alive, r = std::move(r)]() mutable {
      self->answer(std::move(r), keep_alive && !self->shared_.stopping);
    });
  };
  try {
    shared_.service.handle_async(request, send);
  } catch (const std::exception& e) {
    send(Response{
        500,
        "application/problem+json",
        problem_json({500, "internal", message_text({msg::serve_title_internal, {}}, request.lang),
                      e.what()}),
        {}});
  }
}

template <class Stream>
void Connection<Stream>::answer(Response r, bool keep_alive) {
  response_ = {};
  response_.result(static_cast<http::status>(r.status));
  response_.version(11);
  response_.set(http::field::server, "decree");
  response_.set(http::field::content_type, r.content_type);
  if (!r.allow.empty()) response_.set(http::field::allow, r.allow);
  if (r.challenge) response_.set(http::field::www_authenticate, "Bearer");
  for (const auto& [name, value] : r.headers) response_.insert(name, value);
  response_.keep_alive(keep_alive);
  response_.body() = std::move(r.body);
  response_.prepare_payload();
  tcp_().expires_after(shared_.options.write_timeout);
  http::async_write(stream_, response_,
                    [self = this->shared_from_this(), keep_alive](
                        beast::error_code ec, std::size_t) { self->on_write(keep_alive, ec); });
}

template <class Stream>
void Connection<Stream>::on_write(bool keep_alive, beast::error_code ec) {
  if (ec || !keep_alive) {
    beast::error_code ignored;
    tcp_().socket().shutdown(tcp::socket::shutdown_send, ignored);
    busy_ = false;
    return;
  }
  read();
}

template <class Stream>
void Connection<Stream>::start_batch() {
  const Request head = request_of(parser_->get());
  batch_keep_alive_ = parser_->get().keep_alive();
  const bool expect_continue = parser_->get()[http::field::expect] == "100-continue";
  auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  // Refused before its body was read: answered, then the connection closed.
  auto refused = [self = this->shared_from_this(), work](Response r) {
    net::post(work, [self, r = std::move(r)]() mutable {
      self->answer(std::move(r), false);
    });
  };
  batch_ = shared_.service.start_batch(head, refused);
  if (!batch_) return;
  batch_parser_.emplace(std::move(*parser_));
  // Streamed in constant memory: any size.
  batch_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
  batch_in_.resize(256 * 1024);
  batch_response_ = {};
  batch_response_.result(http::status::ok);
  batch_response_.version(11);
  batch_response_.set(http::field::server, "decree");
  batch_response_.set(http::field::content_type, "application/x-ndjson");
  batch_response_.chunked(true);
  batch_response_.keep_alive(batch_keep_alive_);
  batch_serializer_.emplace(batch_response_);
  auto write_header = [self = this->shared_from_this()] {
    self->tcp_().expires_after(self->shared_.options.write_timeout);
    http::async_write_header(self->stream_, *self->batch_serializer_,
                             [self](beast::error_code ec, std::size_t) {
                               if (ec) return self->end_batch_early();
                               self->pump_batch();
                             });
  };
  if (!expect_continue) return write_header();
  static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  net::async_write(
      stream_, net::buffer(kContinue),
      [self = this->shared_from_this(), write_header](beast::error_code ec, std::size_t) {
        if (ec) return self->end_batch_early();
        write_header();
      });
}

template <class Stream>
void Connection<Stream>::read_batch() {
  batch_filled_ = 0;
  read_batch_more();
}

template <class Stream>
void Connection<Stream>::read_batch_more() {
  auto& body = batch_parser_->get().body();
  body.data = batch_in_.data() + batch_filled_;
  body.size = batch_in_.size() - batch_filled_;
  body.more = true;
  // Each piece within the read timeout: a batch may take long, a stalled
  // client may not.
  tcp_().expires_after(shared_.options.read_timeout);
  http::async_read_some(stream_, buffer_, *batch_parser_,
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          self->on_batch_read(ec);
                        });
}

template <class Stream>
void Connection<Stream>::on_batch_read(beast::error_code ec) {
  batch_reading_ = false;
  if (!batch_) return;                          // ended early while the read was in flight
  if (ec == http::error::need_buffer) ec = {};  // batch_in_ is full: feed it
  // The client went away or sent a broken body: the answer cannot be
  // finished (its status is sent already), so the connection ends.
  if (ec) return end_batch_early();
  batch_filled_ = batch_in_.size() - batch_parser_->get().body().size;
  const bool last = batch_parser_->is_done();
  // More is already waiting and there is room: read it first, so that the
  // lines go to the audit log in big groups (one commit each) while a
  // client that pauses still gets the answers to what it sent. (Bytes left
  // in buffer_ are a part the parser could not use yet.)
  beast::error_code ignored;
  if (!last && batch_filled_ < batch_in_.size() && tcp_().socket().available(ignored) > 0) {
    batch_reading_ = true;
    return read_batch_more();
  }
  auto work = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
  ++batch_feeds_;
  batch_fed_last_ = last;
  batch_->feed(std::string_view(batch_in_.data(), batch_filled_), last,
               [self = this->shared_from_this(), work](std::string lines) {
                 net::post(work, [self, lines = std::move(lines)]() mutable {
                   self->write_batch(std::move(lines));
                 });
               });
  // While this piece's records commit, the next piece is read and
  // evaluated: at most kAhead pieces' answers wait, so memory stays bounded.
  pump_batch();
}

// Reads the next piece if there is room ahead, writes the next answer if
// none is being written, and ends the answer when all is written.
template <class Stream>
void Connection<Stream>::pump_batch() {
  if (!batch_) return;
  constexpr size_t kAhead = 2;
  if (!batch_reading_ && !batch_fed_last_ && batch_feeds_ + batch_pending_.size() < kAhead) {
    batch_reading_ = true;
    read_batch();
  }
  if (batch_writing_) return;
  if (batch_pending_.empty()) {
    if (batch_fed_last_ && batch_feeds_ == 0) end_batch();
    return;
  }
  batch_writing_ = true;
  tcp_().expires_after(shared_.options.write_timeout);
  net::async_write(stream_, http::make_chunk(net::buffer(batch_pending_.front())),
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                     self->batch_writing_ = false;
                     if (!self->batch_) return;
                     if (ec) return self->end_batch_early();
                     self->batch_pending_.pop_front();
                     self->pump_batch();
                   });
}

template <class Stream>
void Connection<Stream>::write_batch(std::string lines) {
  if (!batch_) return;  // ended early: the answers have nowhere to go
  --batch_feeds_;
  if (!lines.empty()) batch_pending_.push_back(std::move(lines));
  pump_batch();
}

template <class Stream>
void Connection<Stream>::end_batch() {
  batch_writing_ = true;
  tcp_().expires_after(shared_.options.write_timeout);
  net::async_write(stream_, http::make_chunk_last(),
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                     self->batch_writing_ = false;
                     self->reset_batch();
                     self->on_write(self->batch_keep_alive_ && !self->shared_.stopping, ec);
                   });
}

template <class Stream>
void Connection<Stream>::reset_batch() {
  batch_.reset();
  batch_parser_.reset();
  batch_serializer_.reset();
  batch_pending_.clear();
  batch_feeds_ = 0;
  batch_fed_last_ = false;
}

template <class Stream>
void Connection<Stream>::end_batch_early() {
  reset_batch();
  beast::error_code ignored;
  tcp_().socket().shutdown(tcp::socket::shutdown_both, ignored);
  busy_ = false;
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Service& service, ServerOptions options)
      : shared(service, std::move(options)),
        ioc(static_cast<int>(std::max(1u, shared.options.threads))),
        acceptor(net::make_strand(ioc)),
        signals(ioc),
        hangups(ioc) {}

  void await_hangup() {
    hangups.async_wait([this](beast::error_code ec, int) {
      if (ec) return;
      shared.service.reload_async([](auto) {});  // Service::reload logs what it did
      await_hangup();
    });
  }

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec || shared.stopping) return;  // the acceptor was closed: stop accepting
      socket.set_option(tcp::no_delay(true), ec);
      std::shared_ptr<ConnectionBase> c;
      if (shared.tls) {
        auto tls = std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
            std::move(socket), *shared.tls, shared);
        tls->start();
        c = tls;
      } else {
        auto plain = std::make_shared<Connection<beast::tcp_stream>>(std::move(socket), shared);
        plain->start();
        c = plain;
      }
      {
        std::lock_guard<std::mutex> lock(shared.mutex);
        // Forget connections that have ended, so the list stays small.
        std::erase_if(shared.connections, [](const auto& w) { return w.expired(); });
        shared.connections.push_back(c);
      }
      accept();
    });
  }

  void stop() {
    if (shared.stopping.exchange(true)) return;
    net::post(acceptor.get_executor(), [this] {
      beast::error_code ec;
      acceptor.close(ec);
      signals.cancel(ec);
      hangups.cancel(ec);
    });
    std::lock_guard<std::mutex> lock(shared.mutex);
    for (const auto& w : shared.connections)
      if (auto c = w.lock()) net::post(c->executor(), [c] { c->close_if_idle(); });
  }

  Shared shared;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::signal_set hangups;
};

HttpServer::HttpServer(const Service& service, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(std::string& error) {
  beast::error_code ec;
  const auto& o = impl_->shared.options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
      error = "TLS needs both a certificate and its key";
      return false;
    }
    auto& tls = impl_->shared.tls.emplace(net::ssl::context::tls_server);
    tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                    net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                    net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
    tls.use_certificate_chain_file(o.tls_cert_file, ec);
    if (ec) {
      error = "TLS certificate " + o.tls_cert_file + ": " + ec.message();
      impl_->shared.tls.reset();
      return false;
    }
    tls.use_private_key_file(o.tls_key_file, net::ssl::context::pem, ec);
    if (ec) {
      error = "TLS key " + o.tls_key_file + ": " + ec.message();
      impl_->shared.tls.reset();
      return false;
    }
  }
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
  if (impl_->shared.options.reload_on_sighup) {
    impl_->hangups.add(SIGHUP);
    impl_->await_hangup();
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
