#include "cli/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>

namespace decree::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Url {
  bool tls = false;
  std::string host, port;
};

bool parse_url(const std::string& server, Url& url, std::string& error) {
  std::string rest;
  if (server.rfind("http://", 0) == 0) {
    rest = server.substr(7);
  } else if (server.rfind("https://", 0) == 0) {
    url.tls = true;
    rest = server.substr(8);
  } else {
    error = "the server is http://HOST:PORT or https://HOST:PORT, not `" + server + "`";
    return false;
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.find('/') != std::string::npos) {
    error = "the server is http://HOST:PORT without a path, not `" + server + "`";
    return false;
  }
  const size_t colon = rest.rfind(':');
  url.host = colon == std::string::npos ? rest : rest.substr(0, colon);
  url.port = colon == std::string::npos ? (url.tls ? "443" : "80") : rest.substr(colon + 1);
  if (url.host.empty() || url.port.empty()) {
    error = "no host or port in `" + server + "`";
    return false;
  }
  return true;
}

template <class Stream>
HttpAnswer exchange(Stream& stream, const Url& url, const HttpTarget& to,
                    const std::string& method, const std::string& target,
                    const std::string& body) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::user_agent, "decree");
  if (!to.token.empty()) req.set(http::field::authorization, "Bearer " + to.token);
  if (!to.lang.empty()) req.set(http::field::accept_language, to.lang);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);  // a proposal with its reports
  http::read(stream, buffer, parser);
  HttpAnswer a;
  a.status = static_cast<int>(parser.get().result_int());
  a.content_type = std::string(parser.get()[http::field::content_type]);
  a.body = std::move(parser.get().body());
  return a;
}

}  // namespace

HttpAnswer http_call(const HttpTarget& to, const std::string& method, const std::string& target,
                     const std::string& body) {
  Url url;
  HttpAnswer failed;
  if (!parse_url(to.server, url, failed.error)) return failed;
  try {
    net::io_context ioc;
    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(url.host, url.port);
    // An assessment over a large corpus takes a while: minutes, not forever.
    const auto timeout = std::chrono::minutes(10);
    if (!url.tls) {
      beast::tcp_stream stream(ioc);
      stream.expires_after(timeout);
      stream.connect(endpoints);
      HttpAnswer a = exchange(stream, url, to, method, target, body);
      beast::error_code ec;
      stream.socket().shutdown(tcp::socket::shutdown_both, ec);
      return a;
    }
    net::ssl::context ctx(net::ssl::context::tls_client);
    if (to.cacert.empty())
      ctx.set_default_verify_paths();
    else
      ctx.load_verify_file(to.cacert);
    ctx.set_verify_mode(net::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str());
    stream.set_verify_callback(net::ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    beast::get_lowest_layer(stream).connect(endpoints);
    stream.handshake(net::ssl::stream_base::client);
    HttpAnswer a = exchange(stream, url, to, method, target, body);
    beast::error_code ec;
    stream.shutdown(ec);
    return a;
  } catch (const std::exception& e) {
    failed.error = "cannot reach " + to.server + ": " + e.what();
    return failed;
  }
}

}  // namespace decree::cli
