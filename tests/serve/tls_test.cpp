// decree serve over TLS: a certificate made in the test (a self-signed RSA
// key, OpenSSL), a real server on 127.0.0.1 and an ephemeral port, and a
// client that trusts only that certificate.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdio>
#include <thread>

#include "serve/http_server.h"
#include "tests/serve/temp_dir.h"

namespace decree::serve {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// A self-signed certificate for 127.0.0.1 and its key, as PEM files.
void make_certificate(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  FILE* c = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(c, cert);
  std::fclose(c);
  FILE* k = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(k);
  X509_free(cert);
  EVP_PKEY_free(key);
}

std::unique_ptr<Service> open_service() {
  ServiceConfig config;
  config.rule_dirs = {DECREE_SOURCE_DIR "/fixtures/bench/wi-bench"};
  config.open = true;
  config.no_audit = true;
  Diagnostics diags;
  auto s = Service::load(std::move(config), diags);
  EXPECT_NE(s, nullptr) << render_all(diags);
  return s;
}

TEST(Tls, ServesHttpsWithTheGivenCertificateAndNothingInPlainText) {
  testing::TempDir dir;
  make_certificate(dir.file("cert.pem"), dir.file("key.pem"));
  auto service = open_service();
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.read_timeout = std::chrono::milliseconds(500);
  options.tls_cert_file = dir.file("cert.pem");
  options.tls_key_file = dir.file("key.pem");
  HttpServer server(*service, options);
  std::string error;
  ASSERT_TRUE(server.listen(error)) << error;
  std::thread running([&] { server.run(); });

  net::io_context ioc;
  net::ssl::context client(net::ssl::context::tls_client);
  client.load_verify_file(dir.file("cert.pem"));  // trusts this certificate only
  client.set_verify_mode(net::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, client);
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
  stream.handshake(net::ssl::stream_base::client);
  http::request<http::string_body> req{http::verb::post, "/v1/rulesets/wi_bench/evaluate", 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = R"({"case_id":"S-1","injury_date":"2020-10-20","outcome":"disability","grade":8,)"
               R"("care_level":"partial","wage_avg_12m":"9000.00","terminated":true})";
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200) << res.body();
  EXPECT_NE(res.body().find("\"case_id\":\"S-1\""), std::string::npos);

  // Plain HTTP to the TLS port gets no HTTP answer.
  tcp::socket plain(ioc);
  plain.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server.port()));
  net::write(plain, net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")));
  std::string got;
  char buf[512];
  beast::error_code ec;
  for (size_t n; (n = plain.read_some(net::buffer(buf), ec)) > 0 && !ec;) got.append(buf, n);
  EXPECT_EQ(got.find("HTTP/1.1 200"), std::string::npos) << got;

  server.stop();
  running.join();
}

TEST(Tls, AKeyThatIsNotTheCertificatesIsRefusedAtTheStart) {
  testing::TempDir dir;
  make_certificate(dir.file("cert.pem"), dir.file("key.pem"));
  make_certificate(dir.file("other.pem"), dir.file("other-key.pem"));
  auto service = open_service();
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.tls_cert_file = dir.file("cert.pem");
  options.tls_key_file = dir.file("other-key.pem");
  HttpServer server(*service, options);
  std::string error;
  EXPECT_FALSE(server.listen(error));
  EXPECT_NE(error.find("TLS key"), std::string::npos) << error;
  options.tls_key_file.clear();
  HttpServer half(*service, options);
  EXPECT_FALSE(half.listen(error));
  EXPECT_NE(error.find("both"), std::string::npos) << error;
}

}  // namespace
}  // namespace decree::serve
