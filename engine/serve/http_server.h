// The HTTP/1.1 server of `decree serve`: Boost.Beast on Boost.Asio,
// asynchronous, keep-alive with TCP_NODELAY, limits on header and body size,
// a deadline for reading each request (a slow client cannot hold a
// connection) and for writing its answer, and a graceful stop: no new
// connections, idle ones closed, requests in flight answered.
// Beast stays inside http_server.cpp; requests go to a Service.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "serve/service.h"

namespace decree::serve {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests), see HttpServer::port()
  unsigned threads = 2;  // I/O threads; each evaluates the requests it reads
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 4 * 1024 * 1024;
  // A request must arrive whole within this time of the connection's first
  // byte or of the previous answer; an idle keep-alive connection is closed
  // after it.
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  bool stop_on_signals = false;   // SIGTERM and SIGINT stop the server gracefully
  bool reload_on_sighup = false;  // SIGHUP reloads the rule sets (Service::reload_async)
  // TLS (OpenSSL, TLS 1.2 and later) when both are given: the certificate
  // chain and its private key, PEM files.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HttpServer {
 public:
  HttpServer(const Service& service, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (with TLS: reads the certificate and key first);
  // false with the reason (address in use, a key that does not match …).
  bool listen(std::string& error);
  // The port bound (the one chosen when options.port was 0).
  uint16_t port() const;
  // Serves until stop() (or a signal); returns when every connection is closed.
  void run();
  // Thread-safe: stops accepting, closes idle connections, lets requests in
  // flight finish; run() then returns.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace decree::serve
