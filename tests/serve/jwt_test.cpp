// JWT verification (serve/jwt.h): every token is made here, HS256 with
// OpenSSL's HMAC and RS256 with an RSA key generated for the test, so that
// each rule of RFC 7519/7515 is checked against a token that breaks only it.
#include "serve/jwt.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "tests/serve/jwt_sign.h"

namespace decree::serve {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::system_clock;

constexpr int64_t kNow = 1'700'000'000;
const Clock::time_point now{seconds(kNow)};
const std::string kSecret = "an-hs256-secret-of-at-least-32-bytes!";
const std::string kIssuer = "https://idp.example";
const std::string kAudience = "decree";

using testing::base64url;
using testing::hmac_sha256;

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Pkey rsa_key(unsigned bits) {
  Pkey key(EVP_RSA_gen(bits), &EVP_PKEY_free);
  if (!key) throw std::runtime_error("no RSA key");
  return key;
}

// One RSA 2048 key for the whole binary (generating one takes a while).
EVP_PKEY* the_rsa_key() {
  static Pkey key = rsa_key(2048);
  return key.get();
}

std::string public_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PUBKEY(bio.get(), key);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

std::string rsa_sha256(EVP_PKEY* key, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1)
    throw std::runtime_error("cannot sign");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1)
    throw std::runtime_error("cannot sign");
  sig.resize(len);
  return sig;
}

std::string signing_input(std::string_view header, std::string_view claims) {
  return base64url(header) + "." + base64url(claims);
}

std::string hs256(std::string_view header, std::string_view claims,
                  std::string_view secret = kSecret) {
  const std::string input = signing_input(header, claims);
  return input + "." + base64url(hmac_sha256(secret, input));
}

std::string rs256(std::string_view header, std::string_view claims, EVP_PKEY* key = nullptr) {
  const std::string input = signing_input(header, claims);
  return input + "." + base64url(rsa_sha256(key ? key : the_rsa_key(), input));
}

const std::string kHs = R"({"alg":"HS256","typ":"JWT"})";
const std::string kRs = R"({"alg":"RS256","typ":"JWT","kid":"rsa-1"})";

// Claims that pass, with `extra` members added (or replacing by coming
// later: the verifier refuses duplicates, so tests that change a claim
// build the claims themselves).
std::string claims(const std::string& members) { return "{" + members + "}"; }
std::string good_claims(const std::string& extra = "") {
  return claims(R"("sub":"ana","role":"analyst","iss":")" + kIssuer + R"(","aud":")" + kAudience +
                R"(","iat":)" + std::to_string(kNow - 10) +
                ",\"exp\":" + std::to_string(kNow + 600) + extra);
}
std::string claims_with(const std::string& exp_etc) {
  return claims(R"("sub":"ana","role":"analyst","iss":")" + kIssuer + R"(","aud":")" + kAudience +
                "\"," + exp_etc);
}

JwtConfig config() {
  JwtConfig c;
  c.issuer = kIssuer;
  c.audience = kAudience;
  c.hs256.push_back({"", kSecret, ""});
  c.rs256.push_back({"rsa-1", public_pem(the_rsa_key()), ""});
  return c;
}

JwtVerifier verifier(JwtConfig c = config()) {
  std::string error;
  auto v = JwtVerifier::make(std::move(c), error);
  if (!v) throw std::runtime_error("make: " + error);
  return *v;
}

// Refused, for `reason`; the reason quotes neither the token nor the secret.
void expect_refused(const JwtVerifier& v, const std::string& token, const std::string& reason) {
  std::string why;
  auto caller = v.verify(token, why, now);
  EXPECT_FALSE(caller) << "accepted as " << caller->name;
  EXPECT_EQ(why, reason);
  EXPECT_EQ(why.find(kSecret), std::string::npos);
  if (token.size() > 8) {
    EXPECT_EQ(why.find(token.substr(token.size() - 8)), std::string::npos);
  }
}

std::optional<Caller> accepted(const JwtVerifier& v, const std::string& token,
                               Clock::time_point at = now) {
  std::string why;
  auto caller = v.verify(token, why, at);
  EXPECT_TRUE(caller) << why;
  return caller;
}

TEST(Jwt, AValidHs256TokenNamesItsCallerAndRole) {
  auto caller = accepted(verifier(), hs256(kHs, good_claims()));
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "ana");
  EXPECT_EQ(caller->role, Role::analyst);
}

TEST(Jwt, AValidRs256TokenNamesItsCallerAndRole) {
  const std::string c =
      claims(R"("sub":"batch-system","role":"admin","iss":")" + kIssuer + R"(","aud":")" +
             kAudience + R"(","exp":)" + std::to_string(kNow + 60));
  auto caller = accepted(verifier(), rs256(kRs, c));
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "batch-system");
  EXPECT_EQ(caller->role, Role::admin);
  // Without a kid, each RS256 key is tried.
  caller = accepted(verifier(), rs256(R"({"alg":"RS256"})", c));
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "batch-system");
}

TEST(Jwt, TheClaimsNamesAreConfigurable) {
  JwtConfig c = config();
  c.name_claim = "email";
  c.role_claim = "decree_role";
  const std::string t =
      hs256(kHs, good_claims(R"(,"email":"ana@example.org","decree_role":"auditor")"));
  auto caller = accepted(verifier(c), t);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "ana@example.org");
  EXPECT_EQ(caller->role, Role::auditor);
}

TEST(Jwt, AWrongSignatureIsRefused) {
  auto v = verifier();
  expect_refused(v, hs256(kHs, good_claims(), "another-secret-of-at-least-32-bytes!!"),
                 "the signature does not verify");
  expect_refused(v, rs256(kRs, good_claims(), rsa_key(2048).get()),
                 "the signature does not verify");
  // One changed character of a good signature.
  std::string t = rs256(kRs, good_claims());
  const size_t sig = t.rfind('.') + 1;
  t[sig] = t[sig] == 'A' ? 'B' : 'A';
  expect_refused(v, t, "the signature does not verify");
  // A truncated HMAC.
  const std::string input = signing_input(kHs, good_claims());
  expect_refused(v, input + "." + base64url(hmac_sha256(kSecret, input).substr(0, 16)),
                 "the signature does not verify");
}

TEST(Jwt, ATamperedPayloadIsRefused) {
  auto v = verifier();
  for (const std::string& t : {hs256(kHs, good_claims()), rs256(kRs, good_claims())}) {
    const size_t dot1 = t.find('.'), dot2 = t.rfind('.');
    std::string admin = good_claims();
    admin.replace(admin.find("analyst"), 7, "admin");
    const std::string forged =
        t.substr(0, dot1 + 1) + base64url(admin) + t.substr(dot2);  // the old signature
    expect_refused(v, forged, "the signature does not verify");
  }
}

TEST(Jwt, AnExpiredTokenIsRefusedAfterTheLeeway) {
  auto v = verifier();
  // Leeway 30 s: valid while now < exp + 30.
  auto caller = accepted(v, hs256(kHs, claims_with("\"exp\":" + std::to_string(kNow - 29))));
  EXPECT_TRUE(caller);
  expect_refused(v, hs256(kHs, claims_with("\"exp\":" + std::to_string(kNow - 30))),
                 "the token has expired");
}

TEST(Jwt, ATokenIsRefusedOnceTimeHasPassedItsExpiry) {
  // The same token, accepted now and refused an hour later.
  auto v = verifier();
  const std::string t = hs256(kHs, good_claims());
  EXPECT_TRUE(accepted(v, t));
  std::string why;
  EXPECT_FALSE(v.verify(t, why, now + std::chrono::hours(1)));
  EXPECT_EQ(why, "the token has expired");
}

TEST(Jwt, ATokenFromTheFutureIsRefused) {
  auto v = verifier();
  const std::string exp = "\"exp\":" + std::to_string(kNow + 3600);
  expect_refused(v, hs256(kHs, claims_with(exp + ",\"nbf\":" + std::to_string(kNow + 31))),
                 "the token is not valid yet (nbf)");
  EXPECT_TRUE(accepted(v, hs256(kHs, claims_with(exp + ",\"nbf\":" + std::to_string(kNow + 30)))));
  expect_refused(v, hs256(kHs, claims_with(exp + ",\"iat\":" + std::to_string(kNow + 31))),
                 "the token was issued in the future (iat)");
  EXPECT_TRUE(accepted(v, hs256(kHs, claims_with(exp + ",\"iat\":" + std::to_string(kNow + 30)))));
}

TEST(Jwt, ATokenWithoutExpiryIsRefused) {
  auto v = verifier();
  expect_refused(v, hs256(kHs, claims_with("\"iat\":" + std::to_string(kNow))),
                 "the token has no expiry (exp)");
}

TEST(Jwt, NumericDatesAreWholeSecondsNotStringsOrFractions) {
  auto v = verifier();
  const std::string bad = "the token's expiry (exp) is not a whole number of seconds";
  expect_refused(v, hs256(kHs, claims_with("\"exp\":\"" + std::to_string(kNow + 60) + "\"")), bad);
  expect_refused(v, hs256(kHs, claims_with("\"exp\":" + std::to_string(kNow + 60) + ".5")), bad);
  expect_refused(v, hs256(kHs, claims_with("\"exp\":1.8e9")), bad);
  expect_refused(v, hs256(kHs, claims_with("\"exp\":18446744073709551615")), bad);  // uint64
  // Beyond 64 bits, simdjson refuses the whole document.
  expect_refused(v, hs256(kHs, claims_with("\"exp\":99999999999999999999")),
                 "the token's claims are not a JSON object with unique names");
  // The largest int64 does not overflow with the leeway added.
  EXPECT_TRUE(accepted(v, hs256(kHs, claims_with("\"exp\":9223372036854775807"))));
}

TEST(Jwt, TheIssuerMustBeTheConfiguredOne) {
  auto v = verifier();
  const std::string rest =
      R"("sub":"ana","role":"analyst","aud":"decree","exp":)" + std::to_string(kNow + 60);
  expect_refused(v, hs256(kHs, claims(R"("iss":"https://evil.example",)" + rest)),
                 "the token's issuer (iss) is not accepted");
  expect_refused(v, hs256(kHs, claims(rest)), "the token's issuer (iss) is not accepted");
  // Not checked when none is configured.
  JwtConfig c = config();
  c.issuer.clear();
  EXPECT_TRUE(accepted(verifier(c), hs256(kHs, claims(R"("iss":"https://evil.example",)" + rest))));
}

TEST(Jwt, TheAudienceMustIncludeTheConfiguredOne) {
  auto v = verifier();
  const std::string rest = R"("sub":"ana","role":"analyst","iss":")" + kIssuer + R"(","exp":)" +
                           std::to_string(kNow + 60);
  const std::string not_ours = "the token is not meant for this service (aud)";
  expect_refused(v, hs256(kHs, claims(R"("aud":"payroll",)" + rest)), not_ours);
  expect_refused(v, hs256(kHs, claims(R"("aud":["payroll","ledger"],)" + rest)), not_ours);
  expect_refused(v, hs256(kHs, claims(R"("aud":[],)" + rest)), not_ours);
  expect_refused(v, hs256(kHs, claims(rest)), "the token has no audience (aud)");
  expect_refused(v, hs256(kHs, claims(R"("aud":["decree",7],)" + rest)),
                 "the token's audience (aud) is not a string or strings");
  EXPECT_TRUE(accepted(v, hs256(kHs, claims(R"("aud":["payroll","decree"],)" + rest))));
  EXPECT_TRUE(accepted(v, hs256(kHs, claims(R"("aud":["decree","payroll"],)" + rest))));
  // With no audience configured, a token that names one is refused (RFC
  // 7519 §4.1.3), one that names none is accepted.
  JwtConfig c = config();
  c.audience.clear();
  auto open = verifier(c);
  expect_refused(open, hs256(kHs, claims(R"("aud":"decree",)" + rest)), not_ours);
  EXPECT_TRUE(accepted(open, hs256(kHs, claims(rest))));
}

TEST(Jwt, AlgNoneIsRefused) {
  auto v = verifier();
  const std::string unsigned_token = signing_input(R"({"alg":"none"})", good_claims()) + ".";
  expect_refused(v, unsigned_token, "unsigned tokens (alg none) are not accepted");
  // Even with a signature that would verify as HS256.
  const std::string input = signing_input(R"({"alg":"none"})", good_claims());
  expect_refused(v, input + "." + base64url(hmac_sha256(kSecret, input)),
                 "unsigned tokens (alg none) are not accepted");
  expect_refused(v, signing_input(R"({"alg":"NONE"})", good_claims()) + ".",
                 "the token's algorithm is not accepted");
  expect_refused(v, hs256(R"({"alg":"HS512"})", good_claims()),
                 "the token's algorithm is not accepted");
  expect_refused(v, hs256(R"({"typ":"JWT"})", good_claims()),
                 "the token's header has no algorithm (alg)");
}

TEST(Jwt, AnRs256KeyNeverChecksAnHs256TokenNorTheReverse) {
  const std::string pem = public_pem(the_rsa_key());
  // The classic confusion: the RSA public key's PEM used as an HMAC secret.
  JwtConfig rsa_only = config();
  rsa_only.hs256.clear();
  auto v = verifier(rsa_only);
  expect_refused(v, hs256(kHs, good_claims(), pem), "the token's algorithm is not accepted");
  expect_refused(v, hs256(R"({"alg":"HS256","kid":"rsa-1"})", good_claims(), pem),
                 "the token's algorithm does not match its key");
  // With an HS256 secret configured too, the PEM still is not one.
  auto both = verifier();
  expect_refused(both, hs256(kHs, good_claims(), pem), "the signature does not verify");
  expect_refused(both, hs256(R"({"alg":"HS256","kid":"rsa-1"})", good_claims(), pem),
                 "the token's algorithm does not match its key");
  // The reverse: an RS256 token whose kid names an HS256 key.
  JwtConfig c = config();
  c.hs256[0].kid = "shared-1";
  expect_refused(verifier(c), rs256(R"({"alg":"RS256","kid":"shared-1"})", good_claims()),
                 "the token's algorithm does not match its key");
  // And a token whose only key is an HS256 one.
  JwtConfig hs_only = config();
  hs_only.rs256.clear();
  expect_refused(verifier(hs_only), rs256(R"({"alg":"RS256"})", good_claims()),
                 "the token's algorithm is not accepted");
}

TEST(Jwt, TheKidPicksTheKey) {
  JwtConfig c = config();
  c.hs256[0].kid = "old";
  c.hs256.push_back({"new", "the-new-hs256-secret-of-32-bytes-or-more", ""});
  auto v = verifier(c);
  EXPECT_TRUE(accepted(v, hs256(R"({"alg":"HS256","kid":"new"})", good_claims(),
                                "the-new-hs256-secret-of-32-bytes-or-more")));
  // The right secret under the wrong kid.
  expect_refused(v,
                 hs256(R"({"alg":"HS256","kid":"old"})", good_claims(),
                       "the-new-hs256-secret-of-32-bytes-or-more"),
                 "the signature does not verify");
  // Without a kid, every HS256 secret is tried.
  EXPECT_TRUE(accepted(v, hs256(kHs, good_claims(), "the-new-hs256-secret-of-32-bytes-or-more")));
  expect_refused(v, hs256(R"({"alg":"HS256","kid":"older"})", good_claims()),
                 "the token's key id (kid) is unknown");
  expect_refused(v, rs256(R"({"alg":"RS256","kid":"rsa-2"})", good_claims()),
                 "the token's key id (kid) is unknown");
  expect_refused(v, hs256(R"({"alg":"HS256","kid":7})", good_claims()),
                 "the token's key id (kid) is not a string");
}

TEST(Jwt, BadBase64urlIsRefused) {
  auto v = verifier();
  const std::string t = hs256(kHs, good_claims());
  const std::string bad = "the token is not valid base64url";
  const size_t dot1 = t.find('.');
  std::string plus = t;
  plus[dot1 + 3] = '+';  // base64, not base64url
  expect_refused(v, plus, bad);
  std::string slash = t;
  slash[2] = '/';
  expect_refused(v, slash, bad);
  expect_refused(v, t + "=", bad);  // padding
  expect_refused(v, t.substr(0, dot1) + "=" + t.substr(dot1), bad);
  expect_refused(v, t.substr(0, dot1) + "A" + t.substr(dot1), bad);  // a length of 4n+1
  std::string space = t;
  space[dot1 + 1] = ' ';
  expect_refused(v, space, bad);
  // RFC 4648 §3.5: "QQ" is "A"; "QR" has a leftover bit set.
  expect_refused(v, "QR." + t.substr(dot1 + 1), bad);
  // Not three parts.
  expect_refused(v, t.substr(0, t.rfind('.')), "the token is not a signed JWT in compact form");
  expect_refused(v, t + ".e30.e30", "the token is not a signed JWT in compact form");
  expect_refused(v, "", "the token is not a signed JWT in compact form");
}

TEST(Jwt, TheRoleMustBeOneOfTheFour) {
  auto v = verifier();
  const std::string rest =
      R"("sub":"ana","iss":")" + kIssuer + R"(","aud":"decree","exp":)" + std::to_string(kNow + 60);
  const std::string unknown = "the token's role is not one of caseworker, analyst, auditor, admin";
  expect_refused(v, hs256(kHs, claims(R"("role":"root",)" + rest)), unknown);
  expect_refused(v, hs256(kHs, claims(R"("role":"Admin",)" + rest)), unknown);
  expect_refused(v, hs256(kHs, claims(R"("role":["admin"],)" + rest)), unknown);
  expect_refused(v, hs256(kHs, claims(rest)), "the token has no role (claim \"role\")");
  auto caller = accepted(v, hs256(kHs, claims(R"("role":"caseworker",)" + rest)));
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->role, Role::caseworker);
}

TEST(Jwt, TheNameMustBeANonEmptyString) {
  auto v = verifier();
  const std::string rest = R"("role":"analyst","iss":")" + kIssuer + R"(","aud":"decree","exp":)" +
                           std::to_string(kNow + 60);
  const std::string no_name = "the token has no caller name (claim \"sub\")";
  expect_refused(v, hs256(kHs, claims(rest)), no_name);
  expect_refused(v, hs256(kHs, claims(R"("sub":"",)" + rest)), no_name);
  expect_refused(v, hs256(kHs, claims(R"("sub":42,)" + rest)), no_name);
  expect_refused(v, hs256(kHs, claims(R"("sub":"ana\nadmin",)" + rest)), no_name);
}

TEST(Jwt, AnOversizedTokenIsRefusedBeforeAnythingElse) {
  auto v = verifier();
  // The same claims with a padding member: a token just under the limit
  // verifies, one just over does not, although its signature is good.
  auto padded = [&](size_t n) {
    return hs256(kHs, good_claims(R"(,"pad":")" + std::string(n, 'x') + "\""));
  };
  size_t n = 5000;
  while (padded(n + 1).size() <= JwtVerifier::kMaxTokenBytes) ++n;
  ASSERT_EQ(padded(n).size() <= JwtVerifier::kMaxTokenBytes, true);
  EXPECT_TRUE(accepted(v, padded(n)));
  size_t m = n + 1;
  ASSERT_GT(padded(m).size(), JwtVerifier::kMaxTokenBytes);
  expect_refused(v, padded(m), "the token is too long");
  expect_refused(v, std::string(1 << 20, 'A'), "the token is too long");
}

TEST(Jwt, DuplicateNamesAndCriticalExtensionsAreRefused) {
  auto v = verifier();
  expect_refused(v, hs256(R"({"alg":"HS256","alg":"HS256"})", good_claims()),
                 "the token's header is not a JSON object with unique names");
  expect_refused(v, hs256(kHs, good_claims(R"(,"role":"admin")")),
                 "the token's claims are not a JSON object with unique names");
  expect_refused(v, hs256(R"(["HS256"])", good_claims()),
                 "the token's header is not a JSON object with unique names");
  expect_refused(v, hs256(kHs, "[1]"),
                 "the token's claims are not a JSON object with unique names");
  expect_refused(v, hs256(kHs, good_claims() + "x"),
                 "the token's claims are not a JSON object with unique names");
  expect_refused(v, hs256(R"({"alg":"HS256","crit":["exp"],"exp":1})", good_claims()),
                 "the token requires header extensions (crit) that are not supported");
  expect_refused(v, hs256(R"({"alg":"HS256","cty":"JWT"})", good_claims()),
                 "nested tokens (cty JWT) are not accepted");
}

TEST(Jwt, MakeNamesTheKeyThatIsUnfit) {
  std::string error;
  JwtConfig c = config();
  c.rs256.push_back(
      {"broken", "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n", ""});
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("RS256 key 2 (kid \"broken\")"), std::string::npos) << error;
  EXPECT_NE(error.find("does not parse"), std::string::npos) << error;

  c = config();
  c.rs256[0].pem = "hello";
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("RS256 key 1 (kid \"rsa-1\"): the PEM does not parse"), std::string::npos)
      << error;

  c = config();
  c.rs256[0].pem = public_pem(rsa_key(1024).get());
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("fewer than 2048"), std::string::npos) << error;

  c = config();
  Pkey ec(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  ASSERT_TRUE(ec);
  c.rs256[0].pem = public_pem(ec.get());
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("RS256 key 1 (kid \"rsa-1\"): the public key is not an RSA key"),
            std::string::npos)
      << error;

  c = config();
  c.hs256[0].secret = "tiny-secret";
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("HS256 key 1: the secret is shorter than 32 bytes"), std::string::npos)
      << error;
  EXPECT_EQ(error.find("tiny-secret"), std::string::npos) << error;

  c = config();
  c.hs256[0].kid = "rsa-1";
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("same kid"), std::string::npos) << error;

  c = config();
  c.hs256[0].secret_file = "/nonexistent/secret";
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("both inline and as a file"), std::string::npos) << error;

  c = config();
  c.hs256[0].secret.clear();
  c.hs256[0].secret_file = "/nonexistent/secret";
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("cannot read /nonexistent/secret"), std::string::npos) << error;

  EXPECT_FALSE(JwtVerifier::make(JwtConfig{}, error));
  EXPECT_NE(error.find("no JWT keys"), std::string::npos) << error;

  c = config();
  c.leeway = seconds(-1);
  EXPECT_FALSE(JwtVerifier::make(c, error));
  EXPECT_NE(error.find("leeway"), std::string::npos) << error;
}

TEST(Jwt, KeysReadFromFilesLoseTheirFinalLineBreak) {
  const std::string secret_path = DECREE_BINARY_DIR "/tests/jwt_test_secret";
  const std::string pem_path = DECREE_BINARY_DIR "/tests/jwt_test_key.pem";
  std::ofstream(secret_path, std::ios::binary) << kSecret << "\n";
  std::ofstream(pem_path, std::ios::binary) << public_pem(the_rsa_key());
  JwtConfig c = config();
  c.hs256[0] = {"", "", secret_path};
  c.rs256[0] = {"rsa-1", "", pem_path};
  auto v = verifier(c);
  EXPECT_TRUE(accepted(v, hs256(kHs, good_claims())));
  EXPECT_TRUE(accepted(v, rs256(kRs, good_claims())));
}

}  // namespace
}  // namespace decree::serve
