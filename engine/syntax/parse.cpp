// The only file that sees ANTLR: it runs the generated lexer and parser under
// guards (input size, nesting depth, error count), reports syntax errors
// through Diagnostics, and turns the parse tree into ast::Module at once.
#include "syntax/parse.h"

#include <antlr4-runtime.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "DecreeLexer.h"
#include "DecreeParser.h"
#include "base/codes_syntax.h"
#include "base/date.h"
#include "base/stack.h"
#include "syntax/builtins.h"
#include "syntax/internal/text.h"
#include "syntax/tokens.h"

namespace decree {
namespace {

using decree_grammar::DecreeLexer;
using decree_grammar::DecreeParser;
using P = DecreeParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
namespace text = syntax_detail;

constexpr size_t kDocChannel = 2;  // `///` comments (see Decree.g4)

// Unwinds out of the generated parser once parsing must stop (too many
// errors, nesting too deep). The reason has been reported already.
struct StopParsing {};

// A syntax error as the error strategy composed it: ANTLR hands the error
// listener only a string, so the strategy leaves the message (with its code
// and parts, to render in either language) with the session for the listener.
struct SyntaxReport {
  Message message;
  std::optional<Diagnostic::Note> note;  // the unclosed bracket
};

// ---------------------------------------------------------------- session

// Spans and error reporting shared by the listeners and the converter. The
// diagnostics of one parse are held back and handed over in source order.
class Session {
 public:
  Session(const SourceRef& source, const ParseLimits& limits) : source_(source), limits_(limits) {}

  const SourceFile* file() const { return source_.get(); }
  const ParseLimits& limits() const { return limits_; }
  unsigned errors() const { return errors_; }

  Span file_span() const { return Span{file(), 0, 0, 0, 0}; }

  Span span(const Token* t) const {
    if (t == nullptr) return file_span();
    uint32_t line = static_cast<uint32_t>(t->getLine());
    uint32_t col = static_cast<uint32_t>(t->getCharPositionInLine()) + 1;
    size_t start = t->getStartIndex(), stop = t->getStopIndex();
    uint32_t length = stop >= start && stop != kNoIndex ? uint32_t(stop - start + 1) : 1;
    return Span{file(), line, col, line, col + length - 1};
  }

  Span span(const Token* first, const Token* last) const {
    Span s = span(first);
    if (last != nullptr && last->getTokenIndex() >= first->getTokenIndex()) {
      Span e = span(last);
      s.end_line = e.end_line;
      s.end_col = e.end_col;
    }
    return s;
  }

  Span span(ParserRuleContext* ctx) const { return span(ctx->getStart(), ctx->getStop()); }

  // Reports an error; stops the parse when the error limit is reached.
  Diagnostic& error(Span span, Message message) {
    if (errors_ >= std::max(1u, limits_.max_errors)) give_up();
    ++errors_;
    pending_.push_back(Diagnostic(Severity::error, span, std::move(message)));
    return pending_.back();
  }

  void error_with_note(Span span, Message message, Message note) {
    error(span, std::move(message)).note(Span{}, std::move(note));
  }

  // The message of the syntax error ANTLR reports next (see SyntaxReport).
  void prepare_syntax_error(SyntaxReport report) { prepared_ = std::move(report); }
  std::optional<SyntaxReport> take_prepared_syntax_error() {
    std::optional<SyntaxReport> report = std::move(prepared_);
    prepared_.reset();
    return report;
  }

  // A syntax error from ANTLR. One per line: after the first, recovery tends
  // to report consequences of it (`in x..y` would give three errors).
  void syntax_error(Span span, SyntaxReport report) {
    if (span.line == last_line_) return;
    last_line_ = span.line;
    Diagnostic& d = error(span, std::move(report.message));
    if (report.note) d.notes.push_back(std::move(*report.note));
  }

  [[noreturn]] void give_up() {
    pending_.push_back(
        Diagnostic(Severity::note, file_span(),
                   Message{msg::syntax_too_many_errors, {{"n", std::to_string(errors_)}}}));
    throw StopParsing{};
  }

  void warning(Span span, Message message) {
    pending_.push_back(Diagnostic(Severity::warning, span, std::move(message)));
  }

  // A failure that is not the author's fault (never expected).
  void internal_error(Message message) {
    ++errors_;
    pending_.push_back(Diagnostic(Severity::error, file_span(), std::move(message)));
  }

  // Hands the diagnostics over, errors sorted by position (file-level notes last).
  void flush(Diagnostics& diags) {
    auto key = [](const Diagnostic& d) {
      return d.span.valid() ? std::pair(d.span.line, d.span.col)
                            : std::pair(UINT32_MAX, UINT32_MAX);
    };
    std::stable_sort(pending_.begin(), pending_.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    for (auto& d : pending_) diags.add(std::move(d));
    pending_.clear();
  }

 private:
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  SourceRef source_;
  ParseLimits limits_;
  std::vector<Diagnostic> pending_;
  unsigned errors_ = 0;
  uint32_t last_line_ = 0;  // of the last syntax error
  std::optional<SyntaxReport> prepared_;
};

// ---------------------------------------------------------------- messages

// A text in English and in 中文: a part of a message built from parts
// ("expected an expression or `)`").
struct Bilingual {
  std::string en, zh;
};

Bilingual text_of(const Message& m) {
  return {message_text(m, Lang::en), message_text(m, Lang::zh)};
}
Bilingual text_of(Code code) { return text_of(Message{code, {}}); }

MessageArg arg(std::string name, const Bilingual& text) {
  return MessageArg(std::move(name), text.en, text.zh);
}

// Chinese sets a code span off from Chinese text with spaces, but not from
// full-width punctuation nor at the end of a part: parts are written with
// spaces around their code spans (" `)` ") and tidied once joined. (Only
// for the grammar's own tokens: the author's text is never tidied.)
std::string tidy_zh(std::string s) {
  auto replace_all = [&](std::string_view from, std::string_view to) {
    for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
  };
  for (std::string_view p : {"，", "、", "（", "）", "：", "；", "。"}) {
    replace_all(" " + std::string(p), p);
    replace_all(std::string(p) + " ", p);
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// A token as written, the same in both languages (set off by spaces in 中文).
Bilingual code_span(const std::string& code) { return {"`" + code + "`", " `" + code + "` "}; }

// "a, b or c"; "a or b, or c" when a part has an "or" of its own.
Bilingual join_or(const std::vector<Bilingual>& parts) {
  if (parts.empty()) return {};
  if (parts.size() == 1) return {parts[0].en, tidy_zh(parts[0].zh)};
  bool nested_or = std::any_of(parts.begin(), parts.end(), [](const Bilingual& p) {
    return p.en.find(" or ") != std::string::npos;
  });
  Bilingual head = parts[0];
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    head.en += ", " + parts[i].en;
    head.zh += "、" + parts[i].zh;
  }
  Bilingual joined = text_of(Message{nested_or ? msg::syntax_either_nested : msg::syntax_either,
                                     {arg("first", head), arg("last", parts.back())}});
  return {joined.en, tidy_zh(joined.zh)};
}

// `)` / `let` / a name / end of file
Bilingual token_kind_name(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (type) {
    case Token::EOF:
      return text_of(msg::syntax_end_of_file);
    case P::IDENT:
      return text_of(msg::syntax_a_name);
    case P::INT:
      return text_of(msg::syntax_an_integer);
    case P::DECIMAL:
      return text_of(msg::syntax_a_decimal);
    case P::PERCENT:
      return text_of(msg::syntax_a_percentage);
    case P::DATE:
      return text_of(msg::syntax_a_date);
    case P::STRING:
    case P::BAD_STRING:
      return text_of(msg::syntax_a_string);
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'')
    return code_span(literal.substr(1, literal.size() - 2));
  std::string name = vocabulary.getDisplayName(type);
  return {name, name};
}

// How the offending token is shown: `}`, `foo`, end of file.
Bilingual found_text(const Token* t) {
  if (t == nullptr || t->getType() == Token::EOF) return text_of(msg::syntax_end_of_file);
  std::string s = t->getText();
  if (text::count_code_points(s) > 24) {
    size_t cut = 0;
    for (size_t n = 0; cut < s.size() && n < 20; ++n) {
      ++cut;
      while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) ++cut;
    }
    s = s.substr(0, cut) + "…";
  }
  return {"`" + s + "`", " `" + s + "`"};
}

const std::set<size_t> kExprStart = {P::INT,   P::DECIMAL, P::PERCENT, P::DATE,   P::STRING,
                                     P::TRUE,  P::FALSE,   P::IDENT,   P::LPAREN, P::LBRACKET,
                                     P::MATCH, P::MINUS,   P::NOT,     P::WHEN,   P::IF};
// Tokens that continue a complete expression; rarely what the author meant.
const std::set<size_t> kOperators = {P::DOT,  P::DOTDOT, P::LBRACKET, P::LPAREN, P::STAR, P::SLASH,
                                     P::PLUS, P::MINUS,  P::EQ,       P::NE,     P::LT,   P::LE,
                                     P::GT,   P::GE,     P::AND,      P::OR};
const std::set<size_t> kDeclStart = {P::PARAMETERS, P::ENUM,   P::RECORD, P::INPUT,
                                     P::LET,        P::OUTPUT, P::TABLE};
const std::set<size_t> kBoundStart = {P::MINUS, P::INT, P::DECIMAL, P::PERCENT, P::DATE};
const std::set<size_t> kPatternStart = {
    P::UNDERSCORE, P::GE,      P::GT,      P::LE,   P::LT,     P::LBRACKET, P::LPAREN, P::MINUS,
    P::INT,        P::DECIMAL, P::PERCENT, P::DATE, P::STRING, P::TRUE,     P::FALSE,  P::IDENT};

bool contains_all(const std::set<size_t>& set, const std::set<size_t>& items) {
  return std::includes(set.begin(), set.end(), items.begin(), items.end());
}

// "an expression", "`)` or `,`", "a declaration or end of file"; nothing when
// the set is too large to say anything useful.
std::optional<Bilingual> describe_expected(const antlr4::misc::IntervalSet& expected,
                                           const antlr4::dfa::Vocabulary& vocabulary) {
  std::set<size_t> set;
  for (ssize_t t : expected.toList()) {
    if (t == -1) set.insert(Token::EOF);
    if (t > 0 && static_cast<size_t>(t) <= P::IDENT && static_cast<size_t>(t) != P::BAD_STRING)
      set.insert(static_cast<size_t>(t));
  }
  if (set.empty()) return std::nullopt;
  // `override` may prefix any declaration: saying so in every message only adds noise.
  if (set.size() > 1) set.erase(P::OVERRIDE);
  std::vector<Bilingual> parts;
  auto take = [&](const std::set<size_t>& group) {
    for (size_t t : group) set.erase(t);
  };
  if (set.count(P::PLUS) && set.count(P::STAR)) take(kOperators);
  if (contains_all(set, kPatternStart)) {
    parts.push_back(text_of(msg::syntax_a_table_row));
    take(kPatternStart);
  } else if (contains_all(set, kExprStart)) {
    parts.push_back(text_of(msg::syntax_an_expression));
    take(kExprStart);
  }
  if (contains_all(set, kBoundStart)) {
    parts.push_back(text_of(msg::syntax_a_number_or_date));
    take(kBoundStart);
  }
  if (contains_all(set, kDeclStart)) {
    parts.push_back(text_of(msg::syntax_a_declaration));
    take(kDeclStart);
  }
  if (set.size() + parts.size() > 5) return std::nullopt;
  // Kinds of tokens (a name) before punctuation and keywords, end of file last.
  const std::set<size_t> kinds = {P::IDENT, P::INT, P::DECIMAL, P::PERCENT, P::DATE, P::STRING};
  for (size_t t : set)
    if (kinds.count(t)) parts.push_back(token_kind_name(t, vocabulary));
  for (size_t t : set)
    if (!kinds.count(t) && t != Token::EOF) parts.push_back(token_kind_name(t, vocabulary));
  if (set.count(Token::EOF)) parts.push_back(text_of(msg::syntax_end_of_file));
  return join_or(parts);
}

// The innermost bracket open before token `at` that is not closed in the
// rest of the file, or null. `)` and `]` close `(` and `[` alike (an
// interval is written `[1, 5)`); a `}` closes what is left open inside its
// `{`, and a closer with nothing to close is ignored.
const Token* unclosed_bracket(antlr4::TokenStream* tokens, size_t at) {
  std::vector<const Token*> open;
  const Token* candidate = nullptr;  // open[level] once `at` is reached
  size_t level = 0;
  for (size_t i = 0; i < tokens->size(); ++i) {
    if (i == at) {
      if (open.empty()) return nullptr;
      candidate = open.back();
      level = open.size() - 1;
    }
    const Token* t = tokens->get(i);
    if (t->getChannel() != Token::DEFAULT_CHANNEL) continue;
    size_t type = t->getType();
    if (type == P::LPAREN || type == P::LBRACKET || type == P::LBRACE) {
      open.push_back(t);
    } else if (type == P::RPAREN || type == P::RBRACKET) {
      if (open.empty() || open.back()->getType() == P::LBRACE) continue;
      if (candidate && open.size() - 1 == level) return nullptr;  // closed
      open.pop_back();
    } else if (type == P::RBRACE) {
      auto brace = std::find_if(open.rbegin(), open.rend(),
                                [](const Token* o) { return o->getType() == P::LBRACE; });
      if (brace == open.rend()) continue;
      size_t j = open.size() - 1 - static_cast<size_t>(brace - open.rbegin());
      if (candidate && j == level) return nullptr;   // closed
      if (candidate && j < level) return candidate;  // left open inside the `{`
      open.resize(j);
    }
  }
  return candidate;
}

// "the `(` opened here is not closed", when the parser stopped at `found`
// for want of the closing bracket of one still open.
std::optional<Diagnostic::Note> unclosed_bracket_note(const Session& session,
                                                      antlr4::TokenStream* tokens,
                                                      const Token* found,
                                                      const antlr4::misc::IntervalSet& expected) {
  if (found == nullptr) return std::nullopt;
  const Token* opener = unclosed_bracket(tokens, found->getTokenIndex());
  if (opener == nullptr) return std::nullopt;
  bool wanted = opener->getType() == P::LBRACE ? expected.contains(size_t{P::RBRACE})
                                               : expected.contains(size_t{P::RPAREN}) ||
                                                     expected.contains(size_t{P::RBRACKET});
  if (!wanted) return std::nullopt;
  return Diagnostic::Note(session.span(opener),
                          Message{msg::syntax_unclosed_bracket, {{"bracket", opener->getText()}}});
}

// A hint for a likely slip at `found`: syntax_hint_*, or Code::none.
Code syntax_hint(antlr4::Parser* parser, const Token* found,
                 const antlr4::misc::IntervalSet& expected) {
  if (found == nullptr) return Code::none;
  // `=` inside an expression: most likely a comparison.
  size_t rule = parser->getContext() ? parser->getContext()->getRuleIndex() : 0;
  bool in_expression = rule == P::RuleExpr || rule == P::RuleWhenCase || rule == P::RulePrimary;
  if (found->getType() == P::ASSIGN && in_expression) return msg::syntax_hint_compare;
  // `output x: money = … per month`: the period goes with the type.
  if ((found->getType() == P::PER || found->getType() == P::ONCE) &&
      !expected.contains(found->getType()))
    return msg::syntax_hint_period;
  // `p.f(x)`, `f(x)(y)`: only a name is called.
  if (found->getType() == P::LPAREN && !expected.contains(size_t{P::LPAREN})) {
    size_t before = 0;  // the token type before `(`
    for (size_t i = found->getTokenIndex(); i-- > 0 && before == 0;) {
      Token* t = parser->getTokenStream()->get(i);
      if (t->getChannel() == Token::DEFAULT_CHANNEL) before = t->getType();
    }
    if (before == P::IDENT || before == P::RPAREN) return msg::syntax_hint_call;
  }
  return Code::none;
}

// "expected `,` or `)`, found `let`", with a hint and the unclosed bracket.
SyntaxReport syntax_message(const Session& session, antlr4::Parser* parser, const Token* found,
                            const antlr4::misc::IntervalSet& expected) {
  std::optional<Bilingual> what = describe_expected(expected, parser->getVocabulary());
  Code hint = syntax_hint(parser, found, expected);
  SyntaxReport report;
  if (what) {
    report.message = {
        hint != Code::none ? msg::syntax_expected_found_hint : msg::syntax_expected_found,
        {arg("expected", *what), arg("found", found_text(found))}};
  } else {
    report.message = {hint != Code::none ? msg::syntax_unexpected_hint : msg::syntax_unexpected,
                      {arg("found", found_text(found))}};
  }
  if (hint != Code::none) report.message.args.push_back(MessageArg("hint", Message{hint, {}}));
  report.note = unclosed_bracket_note(session, parser->getTokenStream(), found, expected);
  return report;
}

// ---------------------------------------------------------------- guards

// Records every syntax error reported by the lexer or the parser.
class ErrorListener : public antlr4::BaseErrorListener {
 public:
  explicit ErrorListener(Session& session) : session_(session) {}

  void set_tokens(antlr4::BufferedTokenStream* tokens) { tokens_ = tokens; }

  void syntaxError(antlr4::Recognizer*, Token* offending, size_t line, size_t col,
                   const std::string& message, std::exception_ptr) override {
    std::optional<SyntaxReport> report = session_.take_prepared_syntax_error();
    if (follows_bad_character(offending)) return;
    // Every error of the parser comes with its report; ANTLR's own text is
    // kept for one that would not (the lexer has a token for every character).
    if (!report)
      report = SyntaxReport{Message{msg::syntax_error_detail, {{"detail", message}}}, {}};
    if (offending != nullptr) {
      session_.syntax_error(session_.span(offending), std::move(*report));
    } else {
      uint32_t l = static_cast<uint32_t>(line), c = static_cast<uint32_t>(col) + 1;
      session_.syntax_error(Span{session_.file(), l, c, l, c}, std::move(*report));
    }
  }

 private:
  // A syntax error right after a character no token accepts is a consequence
  // of it (`1 @ 2`: the parser sees `1 2`); the character is reported already.
  bool follows_bad_character(Token* offending) const {
    if (tokens_ == nullptr || offending == nullptr) return false;
    for (size_t i = offending->getTokenIndex(); i-- > 0;) {
      Token* t = tokens_->get(i);
      if (t->getType() == P::ERROR_CHAR) return true;
      if (t->getChannel() == Token::DEFAULT_CHANNEL) return false;
    }
    return false;
  }

  Session& session_;
  antlr4::BufferedTokenStream* tokens_ = nullptr;
};

// ANTLR's recovery with our messages and a bound on recovery attempts
// (cel-cpp's RecoveryLimitErrorStrategy).
class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  ErrorStrategy(Session& session, unsigned max_recoveries)
      : session_(session), max_recoveries_(max_recoveries) {}

  void recover(antlr4::Parser* parser, std::exception_ptr e) override {
    check_budget();
    DefaultErrorStrategy::recover(parser, e);
  }

  Token* recoverInline(antlr4::Parser* parser) override {
    check_budget();
    return DefaultErrorStrategy::recoverInline(parser);
  }

 protected:
  // Never skip a declaration keyword to make an expression fit: in
  // `let a = 1 +` ⏎ `let b = 2`, deleting `let` would read `1 + b` and report
  // the `=` after it as a second, confusing error.
  Token* singleTokenDeletion(antlr4::Parser* parser) override {
    size_t next = parser->getInputStream()->LA(1);
    if (next == P::RULESET || kDeclStart.count(next)) return nullptr;
    return DefaultErrorStrategy::singleTokenDeletion(parser);
  }

  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override {
    Token* found = e.getOffendingToken();
    // The expected set is that of the decision, which only describes the
    // first token of the alternatives.
    SyntaxReport report =
        found == e.getStartToken()
            ? syntax_message(session_, parser, found, parser->getExpectedTokens())
            : SyntaxReport{Message{msg::syntax_unexpected, {arg("found", found_text(found))}}, {}};
    report_error(parser, found, std::move(report), std::make_exception_ptr(e));
  }

  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override {
    Token* found = e.getOffendingToken();
    report_error(parser, found, syntax_message(session_, parser, found, e.getExpectedTokens()),
                 std::make_exception_ptr(e));
  }

  void reportUnwantedToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) return;
    beginErrorCondition(parser);
    Token* found = parser->getCurrentToken();
    report_error(parser, found, syntax_message(session_, parser, found, getExpectedTokens(parser)),
                 nullptr);
  }

  void reportMissingToken(antlr4::Parser* parser) override {
    if (inErrorRecoveryMode(parser)) return;
    beginErrorCondition(parser);
    Token* found = parser->getCurrentToken();
    report_error(parser, found, syntax_message(session_, parser, found, getExpectedTokens(parser)),
                 nullptr);
  }

 private:
  // Hands the error to the listeners: the report through the session, and
  // its English text as ANTLR's message.
  void report_error(antlr4::Parser* parser, Token* found, SyntaxReport report,
                    std::exception_ptr e) {
    std::string text = message_text(report.message, Lang::en);
    session_.prepare_syntax_error(std::move(report));
    parser->notifyErrorListeners(found, text, e);
  }

  void check_budget() {
    if (++recoveries_ > max_recoveries_) session_.give_up();
  }
  Session& session_;
  unsigned max_recoveries_;
  unsigned recoveries_ = 0;
};

Message too_deep(const ParseLimits& limits) {
  return {msg::syntax_too_deep, {{"limit", std::to_string(limits.max_depth)}}};
}

// Stops the parse before deep nesting can overflow the stack (cel-cpp's
// ExprRecursionListener): each `expr` the parser enters recursively counts one
// level. (A left-recursive chain `a + b + c ...` is a loop in the parser, not
// recursion; the converter bounds the depth of the tree it makes.)
class DepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  DepthGuard(Session& session, antlr4::Parser& parser) : session_(session), parser_(parser) {}

  void enterEveryRule(ParserRuleContext* ctx) override {
    if (ctx->getRuleIndex() != P::RuleExpr) return;
    if (++depth_ > session_.limits().max_depth) {
      session_.error(session_.span(parser_.getCurrentToken()), too_deep(session_.limits()));
      throw StopParsing{};
    }
  }
  void exitEveryRule(ParserRuleContext* ctx) override {
    if (ctx->getRuleIndex() == P::RuleExpr && depth_ > 0) --depth_;
  }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  Session& session_;
  antlr4::Parser& parser_;
  unsigned depth_ = 0;
};

// ANTLR's prediction with a better choice on syntax errors. When no
// alternative of a decision matches, ANTLR's fast (SLL) prediction picks one
// that already left the decision's rule, judged against every place the rule
// is used. Table rows follow each other without a separator, so almost any
// operator may start a row somewhere, and that choice reports `let a = f(1, 2`
// as "unexpected `(`". Here a failed fast prediction is redone against the
// real parser stack (full LL, as ANTLR itself does on conflicts). Only the
// alternatives that got furthest remain; one that left the rule is still
// preferred (`when a = 1:` reports "expected `:`"), and otherwise the parser
// goes on with one inside the rule, so the error is reported where the input
// stopped matching ("expected `,` or `)`, found end of file"). Valid input
// never takes this path, and the DFA cache shared by all parsers is unchanged.
class Simulator : public antlr4::atn::ParserATNSimulator {
 public:
  Simulator(antlr4::Parser* parser, antlr4::atn::ParserATNSimulator& standard)
      : ParserATNSimulator(parser, parser->getATN(), standard.decisionToDFA,
                           standard.getSharedContextCache()) {}

 protected:
  size_t execATN(antlr4::dfa::DFA& dfa, antlr4::dfa::DFAState* s0, antlr4::TokenStream* input,
                 size_t start, ParserRuleContext* outer) override {
    sll_failed_ = false;
    outer_ = outer;
    try {
      return ParserATNSimulator::execATN(dfa, s0, input, start, outer);
    } catch (const antlr4::NoViableAltException&) {
      if (!sll_failed_) throw;
    }
    sll_failed_ = false;
    auto full = computeStartState(dfa.atnStartState, outer, /*fullCtx=*/true);
    return execATNWithFullContext(dfa, s0, full.get(), input, start, outer);
  }

  size_t getAltThatFinishedDecisionEntryRule(antlr4::atn::ATNConfigSet* configs) override {
    if (!configs->fullCtx) {
      sll_failed_ = true;  // execATN retries with full context
      return antlr4::atn::ATN::INVALID_ALT_NUMBER;
    }
    // Frames of the parser stack below the decision's rule: a configuration
    // with fewer has returned from the rule.
    size_t outer_depth = 0;
    for (antlr4::tree::ParseTree* c = outer_; c != nullptr && c->parent != nullptr; c = c->parent)
      ++outer_depth;
    std::unordered_map<const antlr4::atn::PredictionContext*, size_t> memo;
    size_t left = 0, inside = 0;  // best alternatives; 0 is ATN::INVALID_ALT_NUMBER
    for (const auto& c : configs->configs) {
      bool has_left = min_depth(c->context.get(), memo) < outer_depth ||
                      c->state->getStateType() == antlr4::atn::ATNState::RULE_STOP;
      size_t& best = has_left ? left : inside;
      if (best == 0 || c->alt < best) best = c->alt;
    }
    return left != 0 ? left : inside;
  }

 private:
  // Frames on the shortest stack a prediction context (a graph) stands for.
  static size_t min_depth(const antlr4::atn::PredictionContext* ctx,
                          std::unordered_map<const antlr4::atn::PredictionContext*, size_t>& memo) {
    if (ctx == nullptr || ctx->isEmpty()) return 0;
    if (auto it = memo.find(ctx); it != memo.end()) return it->second;
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < ctx->size(); ++i) {
      size_t d = ctx->getReturnState(i) == antlr4::atn::PredictionContext::EMPTY_RETURN_STATE
                     ? 0
                     : 1 + min_depth(ctx->getParent(i).get(), memo);
      best = std::min(best, d);
    }
    return memo[ctx] = best;
  }

  bool sll_failed_ = false;
  ParserRuleContext* outer_ = nullptr;
};

// ---------------------------------------------------------------- converter

// Parse tree → AST. Runs only on a tree without syntax errors, so every
// child the grammar requires is present.
class Converter {
 public:
  Converter(Session& session, antlr4::BufferedTokenStream& tokens, ast::ExprId first_id)
      : s_(session), tokens_(tokens), next_id_(first_id) {}

  ast::ExprId next_id() const { return next_id_; }

  ast::Module module(P::ModuleContext* ctx) {
    ast::Module m;
    auto* header = ctx->header();
    std::string name;
    for (auto* id : header->qualifiedName()->IDENT()) {
      if (!name.empty()) name += '.';
      name += id->getText();
    }
    m.ruleset = name;
    m.ruleset_span = s_.span(header->qualifiedName());
    if (header->STRING()) m.basis = string_value(header->STRING());
    if (auto* v = header->versionClause()) {
      m.version = string_value(v->name);
      m.version_span = s_.span(v);
      m.effective = v->from->getText();
      if (v->to) m.until = v->to->getText();
      if (v->base) m.extends = string_value(v->base);
      for (Token* t : {v->from, v->to})
        if (t && !Date::parse(t->getText()))
          s_.error(s_.span(t), {msg::syntax_not_a_date, {{"text", t->getText()}}});
    }
    if (auto* sel = header->selectClause()) {
      m.select_by = sel->IDENT()->getText();
      m.select_by_span = s_.span(sel->IDENT()->getSymbol());
    }
    for (auto* decl : ctx->declaration()) {
      if (auto* d = decl->parametersDecl()) {
        m.parameters.push_back({string_value(d->STRING()), d->IDENT()->getText(), s_.span(d)});
      } else if (auto* d = decl->enumDecl()) {
        m.enums.push_back(enum_decl(d));
      } else if (auto* d = decl->recordDecl()) {
        m.records.push_back(record_decl(d));
      } else if (auto* d = decl->inputBlock()) {
        for (auto* field : d->inputField()) m.inputs.push_back(input_decl(field));
      } else if (auto* d = decl->ruleDecl()) {
        m.rules.push_back(rule_decl(d));
      } else if (auto* d = decl->tableDecl()) {
        m.tables.push_back(table_decl(d));
      }
    }
    return m;
  }

  // Warns about `///` comments that document nothing.
  void check_docs() {
    for (Token* t : tokens_.getTokens()) {
      if (t->getChannel() == kDocChannel && !used_docs_.count(t->getTokenIndex()))
        s_.warning(s_.span(t), {msg::syntax_doc_documents_nothing, {}});
    }
  }

  ast::ExprPtr expr(P::ExprContext* ctx) {
    // The parser's guard bounds nesting through recursion (parentheses,
    // prefix operators); a long chain like `a + b + c ...` is a loop there
    // but a deep tree here, which later stages would recurse through.
    struct Level {
      unsigned& depth;
      ~Level() { --depth; }
    } level{++depth_};
    if (depth_ > s_.limits().max_depth) {
      s_.error(s_.span(ctx->getStart()), too_deep(s_.limits()));
      throw StopParsing{};
    }
    if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
    ast::ExprPtr e = node(ctx);
    if (auto* c = dynamic_cast<P::SelectExprContext*>(ctx)) {
      auto operand = expr(c->expr());
      e->kind =
          ast::Select{std::move(operand), c->IDENT()->getText(), s_.span(c->IDENT()->getSymbol())};
    } else if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
      ast::Index index{expr(c->expr(0)), {}};
      for (size_t k = 1; k < c->expr().size(); ++k) index.keys.push_back(expr(c->expr(k)));
      e->kind = std::move(index);
    } else if (auto* c = dynamic_cast<P::NegateExprContext*>(ctx)) {
      e->kind = call(Builtin::neg, c->MINUS()->getSymbol(), expr(c->expr()));
    } else if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
      e->kind = call(Builtin::not_, c->NOT()->getSymbol(), expr(c->expr()));
    } else if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
      e->kind = binary(c->op, c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
      e->kind = binary(c->op, c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::RangeExprContext*>(ctx)) {
      if (dynamic_cast<P::RangeExprContext*>(c->expr(0)))
        s_.error_with_note(s_.span(c->DOTDOT()->getSymbol()), {msg::syntax_ranges_chained, {}},
                           {msg::syntax_range_is_integers, {}});
      e->kind = binary(c->DOTDOT()->getSymbol(), c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
      if (auto* left = dynamic_cast<P::CompareExprContext*>(c->expr(0))) {
        std::string l = left->op->getText(), r = c->op->getText();
        s_.error_with_note(s_.span(c->op), {msg::syntax_comparisons_chained, {}},
                           {msg::syntax_write_two_comparisons, {{"l", l}, {"r", r}}});
      }
      e->kind = binary(c->op, c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
      e->kind = binary(c->AND()->getSymbol(), c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
      e->kind = binary(c->OR()->getSymbol(), c->expr(0), c->expr(1));
    } else if (auto* c = dynamic_cast<P::WhenExprContext*>(ctx)) {
      ast::Piecewise pw;
      for (auto* wc : c->whenCase()) pw.cases.push_back({expr(wc->expr(0)), expr(wc->expr(1))});
      pw.otherwise = expr(c->expr());
      e->kind = std::move(pw);
    } else if (auto* c = dynamic_cast<P::IfExprContext*>(ctx)) {
      ast::Piecewise pw;
      auto condition = expr(c->expr(0));
      auto value = expr(c->expr(1));
      pw.cases.push_back({std::move(condition), std::move(value)});
      pw.otherwise = expr(c->expr(2));
      e->kind = std::move(pw);
    } else {
      throw std::logic_error("unknown expression alternative");
    }
    return e;
  }

 private:
  // A new node with the next id (ids are handed out in pre-order).
  ast::ExprPtr node(ParserRuleContext* ctx) { return node(s_.span(ctx)); }
  ast::ExprPtr node(Span span) {
    auto e = std::make_unique<ast::Expr>();
    e->id = next_id_++;
    e->span = span;
    return e;
  }

  ast::Call call(Builtin function, Token* op, ast::ExprPtr operand) {
    ast::Call c{std::string(builtin(function).name), s_.span(op), {}};
    c.args.push_back(std::move(operand));
    return c;
  }

  // An infix operator, lowered to a call of its builtin (syntax/builtins.h).
  ast::Call binary(Token* op, P::ExprContext* left, P::ExprContext* right) {
    const BuiltinInfo* b = find_operator(op->getText(), kInfix);
    if (b == nullptr) throw std::logic_error("no builtin for the operator " + op->getText());
    ast::Call c{std::string(b->name), s_.span(op), {}};
    c.args.push_back(expr(left));
    c.args.push_back(expr(right));
    return c;
  }

  ast::ExprPtr primary(P::PrimaryContext* ctx) {
    if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return expr(c->expr());
    ast::ExprPtr e = node(ctx);
    if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) {
      e->kind = literal(c->literal()->getStart());
    } else if (auto* c = dynamic_cast<P::IdentPrimaryContext*>(ctx)) {
      e->kind = ast::Ident{c->IDENT()->getText()};
    } else if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
      ast::Call call{c->IDENT()->getText(), s_.span(c->IDENT()->getSymbol()), {}};
      for (auto* arg : c->expr()) call.args.push_back(expr(arg));
      e->kind = std::move(call);
    } else if (auto* c = dynamic_cast<P::ComprehensionPrimaryContext*>(ctx)) {
      e->kind = comprehension(c);
    } else if (auto* c = dynamic_cast<P::FoldPrimaryContext*>(ctx)) {
      e->kind = fold(c);
    } else if (auto* c = dynamic_cast<P::FilterPrimaryContext*>(ctx)) {
      ast::Comprehension comp;
      comp.op = builtin(Builtin::filter).name;
      comp.var = c->var->getText();
      comp.var_span = s_.span(c->var);
      comp.list = expr(c->list);
      if (c->filter) comp.filter = expr(c->filter);
      e->kind = std::move(comp);
    } else if (auto* c = dynamic_cast<P::MapPrimaryContext*>(ctx)) {
      ast::Comprehension comp;
      comp.op = builtin(Builtin::map).name;
      comp.body = expr(c->body);
      comp.var = c->var->getText();
      comp.var_span = s_.span(c->var);
      comp.list = expr(c->list);
      if (c->filter) comp.filter = expr(c->filter);
      e->kind = std::move(comp);
    } else if (auto* c = dynamic_cast<P::ListPrimaryContext*>(ctx)) {
      ast::ListLiteral list;
      for (auto* item : c->expr()) list.items.push_back(expr(item));
      e->kind = std::move(list);
    } else if (auto* c = dynamic_cast<P::MatchPrimaryContext*>(ctx)) {
      ast::Match match;
      match.subject = expr(c->expr());
      for (auto* arm : c->matchArm()) {
        ast::Match::Arm a;
        for (auto* id : arm->IDENT()) a.patterns.push_back(id->getText());
        a.pattern_span = pattern_span(arm);
        a.value = expr(arm->expr());
        match.arms.push_back(std::move(a));
      }
      e->kind = std::move(match);
    } else {
      throw std::logic_error("unknown primary alternative");
    }
    return e;
  }

  // From the first pattern token to the last one (before `=>`).
  Span pattern_span(P::MatchArmContext* arm) {
    Token* last =
        arm->UNDERSCORE() ? arm->UNDERSCORE()->getSymbol() : arm->IDENT().back()->getSymbol();
    return s_.span(arm->getStart(), last);
  }

  ast::Comprehension comprehension(P::ComprehensionPrimaryContext* c) {
    ast::Comprehension comp;
    comp.op = c->op->getText();
    comp.var = c->var->getText();
    comp.var_span = s_.span(c->var);
    size_t i = 0;
    comp.list = expr(c->expr(i++));
    if (c->WHERE()) comp.filter = expr(c->expr(i++));
    if (c->COLON()) comp.body = expr(c->expr(i++));
    const BuiltinInfo* b = find_builtin(comp.op);
    if (b == nullptr || !(b->forms & kOver)) {
      std::vector<Bilingual> names;  // "sum, count, min, max, all or any"
      for (const BuiltinInfo& a : builtins())
        if (a.forms & kOver)
          names.push_back({std::string(a.name), " " + std::string(a.name) + " "});
      Bilingual list = join_or(names);
      list.zh.erase(0, list.zh.find_first_not_of(' '));
      s_.error_with_note(s_.span(c->op), {msg::syntax_not_an_aggregate, {{"name", comp.op}}},
                         {msg::syntax_aggregates_are, {arg("list", list)}});
    } else if (!b->over_body && comp.body) {
      s_.error_with_note(s_.span(c->COLON()->getSymbol()),
                         {msg::syntax_takes_no_body, {{"name", comp.op}}},
                         {msg::syntax_filter_with_where, {{"name", comp.op}}});
    } else if (b->over_body && !comp.body) {
      s_.error_with_note(s_.span(c->RPAREN()->getSymbol()),
                         {msg::syntax_needs_body, {{"name", comp.op}}},
                         {msg::syntax_body_example, {{"name", comp.op}, {"var", comp.var}}});
    }
    return comp;
  }

  // fold(acc [: T] = initial, x in xs [where c]: body)
  ast::Comprehension fold(P::FoldPrimaryContext* c) {
    ast::Comprehension comp;
    comp.op = c->op->getText();
    comp.accumulator = c->acc->getText();
    comp.accumulator_span = s_.span(c->acc);
    if (c->type()) comp.accumulator_type = type(c->type());
    comp.initial = expr(c->init);
    comp.var = c->var->getText();
    comp.var_span = s_.span(c->var);
    comp.list = expr(c->list);
    if (c->filter) comp.filter = expr(c->filter);
    comp.body = expr(c->body);
    const BuiltinInfo* b = find_builtin(comp.op);
    if (b == nullptr || !(b->forms & kFold))
      s_.error_with_note(
          s_.span(c->op),
          {msg::syntax_not_an_accumulation, {{"name", comp.op}, {"acc", comp.accumulator}}},
          {msg::syntax_accumulation_form, {}});
    else if (comp.accumulator == comp.var)
      s_.error_with_note(s_.span(c->var), {msg::syntax_fold_one_name, {{"name", comp.var}}},
                         {msg::syntax_fold_two_names, {}});
    return comp;
  }

  ast::Literal literal(Token* t) {
    std::string s = t->getText();
    switch (t->getType()) {
      case P::INT:
        return {ast::Literal::Kind::integer, s};
      case P::DECIMAL:
        return {ast::Literal::Kind::decimal, s};
      case P::PERCENT:
        return {ast::Literal::Kind::percent, s.substr(0, s.size() - 1)};
      case P::DATE:
        if (!Date::parse(s)) s_.error(s_.span(t), {msg::syntax_invalid_date, {{"text", s}}});
        return {ast::Literal::Kind::date, s};
      case P::STRING:
        return {ast::Literal::Kind::text, text::unescape_string(s)};
      case P::TRUE:
      case P::FALSE:
        return {ast::Literal::Kind::boolean, s};
    }
    throw std::logic_error("unknown literal token");
  }

  // A range bound or pattern value: a literal, with a leading `-` folded in.
  // A cell's bound: a literal, or a name or dotted one (p.min_wage) as an
  // Ident, then a Select per dot.
  ast::ExprPtr bound(P::CellBoundContext* ctx) {
    if (ctx->bound()) return bound(ctx->bound());
    auto names = ctx->IDENT();
    ast::ExprPtr e = node(s_.span(names[0]->getSymbol()));
    e->kind = ast::Ident{names[0]->getText()};
    for (size_t i = 1; i < names.size(); ++i) {
      ast::ExprPtr sel = node(s_.span(names[0]->getSymbol(), names[i]->getSymbol()));
      sel->kind = ast::Select{std::move(e), names[i]->getText(), s_.span(names[i]->getSymbol())};
      e = std::move(sel);
    }
    return e;
  }

  ast::ExprPtr bound(P::BoundContext* ctx) {
    ast::ExprPtr e = node(ctx);
    Token* t = ctx->getStop();
    ast::Literal lit = literal(t);
    if (ctx->MINUS()) lit.text = "-" + lit.text;
    e->kind = std::move(lit);
    return e;
  }

  std::string string_value(antlr4::tree::TerminalNode* node) {
    return text::unescape_string(node->getText());
  }
  std::string string_value(Token* token) { return text::unescape_string(token->getText()); }

  ast::TypeRef type(P::TypeContext* ctx) {
    return {ctx->IDENT()->getText(), ctx->LIST() != nullptr, s_.span(ctx)};
  }

  // `///` lines right above `first`, joined with '\n'.
  std::string doc(Token* first) {
    std::string out;
    for (Token* t : tokens_.getHiddenTokensToLeft(first->getTokenIndex(), kDocChannel)) {
      used_docs_.insert(t->getTokenIndex());
      std::string line = t->getText().substr(3);
      if (!line.empty() && line[0] == ' ') line.erase(0, 1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
        line.pop_back();
      if (!out.empty()) out += '\n';
      out += line;
    }
    return out;
  }

  ast::EnumDecl enum_decl(P::EnumDeclContext* ctx) {
    ast::EnumDecl d;
    d.is_override = ctx->OVERRIDE() != nullptr;
    auto ids = ctx->IDENT();
    d.name = ids[0]->getText();
    d.span = s_.span(ids[0]->getSymbol());
    for (size_t i = 1; i < ids.size(); ++i)
      d.values.emplace_back(ids[i]->getText(), s_.span(ids[i]->getSymbol()));
    d.doc = doc(ctx->getStart());
    return d;
  }

  ast::RecordDecl record_decl(P::RecordDeclContext* ctx) {
    ast::RecordDecl d;
    d.is_override = ctx->OVERRIDE() != nullptr;
    d.name = ctx->IDENT()->getText();
    d.span = s_.span(ctx->IDENT()->getSymbol());
    for (auto* f : ctx->fieldDecl())
      d.fields.push_back(
          {f->IDENT()->getText(), type(f->type()), s_.span(f->IDENT()->getSymbol())});
    d.doc = doc(ctx->getStart());
    return d;
  }

  ast::InputDecl input_decl(P::InputFieldContext* ctx) {
    ast::InputDecl d;
    d.is_override = ctx->OVERRIDE() != nullptr;
    d.name = ctx->IDENT()->getText();
    d.span = s_.span(ctx->IDENT()->getSymbol());
    d.type = type(ctx->type());
    if (auto* r = ctx->inputRange()) {
      if (r->lo) d.range_min = bound(r->lo);
      if (r->hi) d.range_max = bound(r->hi);
    }
    if (ctx->expr()) d.default_value = expr(ctx->expr());
    d.optional = ctx->OPTIONAL() != nullptr;
    d.doc = doc(ctx->getStart());
    return d;
  }

  ast::RuleDecl rule_decl(P::RuleDeclContext* ctx) {
    ast::RuleDecl d;
    d.kind =
        ctx->kind->getType() == P::OUTPUT ? ast::RuleDecl::Kind::output : ast::RuleDecl::Kind::let;
    d.name = ctx->name->getText();
    d.span = s_.span(ctx->name);
    if (ctx->type()) d.type = type(ctx->type());
    d.body = expr(ctx->expr());
    if (ctx->STRING()) {
      d.basis = string_value(ctx->STRING());
      d.basis_span = s_.span(ctx->STRING()->getSymbol());
    }
    d.doc = doc(ctx->getStart());
    d.is_override = ctx->OVERRIDE() != nullptr;
    if (ctx->payer) {
      d.payer = ctx->payer->getText();
      d.payer_span = s_.span(ctx->payer);
    }
    if (auto* p = ctx->period()) {
      d.period_span = s_.span(p);
      std::string written = p->ONCE() ? "once" : "per " + p->unit->getText();
      if (p->ONCE())
        d.period = ast::Period::once;
      else if (p->unit->getText() == "month")
        d.period = ast::Period::per_month;
      else
        s_.error_with_note(s_.span(p->unit), {msg::syntax_not_a_period, {{"period", written}}},
                           {msg::syntax_periods_are, {}});
      if (d.kind == ast::RuleDecl::Kind::let)
        s_.error_with_note(d.period_span, {msg::syntax_let_has_no_period, {}},
                           {msg::syntax_only_outputs_are_paid,
                            {{"name", d.name}, {"type", d.type->name}, {"period", written}}});
    }
    return d;
  }

  ast::TableDecl::Column column(P::ColumnContext* ctx) {
    return {ctx->IDENT()->getText(), type(ctx->type()), s_.span(ctx->IDENT()->getSymbol())};
  }

  ast::TableDecl table_decl(P::TableDeclContext* ctx) {
    ast::TableDecl d;
    d.is_override = ctx->OVERRIDE() != nullptr;
    d.name = ctx->IDENT(0)->getText();
    d.span = s_.span(ctx->IDENT(0)->getSymbol());
    for (auto* c : ctx->column()) d.keys.push_back(column(c));
    if (auto* single = dynamic_cast<P::SingleResultContext*>(ctx->tableResult())) {
      auto* t = single->type();
      d.results.push_back({"", type(t), s_.span(t)});
      d.single_result = true;
    } else if (auto* cols = dynamic_cast<P::ColumnsResultContext*>(ctx->tableResult())) {
      for (auto* c : cols->column()) d.results.push_back(column(c));
    }
    if (ctx->named_policy) {
      // `any` is also a builtin's name, so it is no keyword: the policy is a
      // name checked here.
      d.hit_explicit = true;
      std::string name = ctx->named_policy->getText();
      if (ctx->order) name += " " + ctx->order->getText();
      using H = ast::TableDecl::HitPolicy;
      if (name == "any")
        d.hit = H::any;
      else if (name == "priority")
        d.hit = H::priority;
      else if (name == "rule order")
        d.hit = H::rule_order;
      else if (name == "output order")
        d.hit = H::output_order;
      else
        s_.error(s_.span(ctx->named_policy), {msg::syntax_unknown_hit_policy, {{"name", name}}});
    } else if (ctx->policy) {
      d.hit_explicit = true;
      switch (ctx->policy->getType()) {
        case P::FIRST:
          d.hit = ast::TableDecl::HitPolicy::first;
          break;
        case P::COLLECT:
          d.hit = ast::TableDecl::HitPolicy::collect;
          break;
        default:
          d.hit = ast::TableDecl::HitPolicy::unique;
          break;
      }
    }
    for (auto* r : ctx->tableRow()) {
      ast::TableDecl::Row row;
      row.span = s_.span(r);
      for (auto* c : r->cell()) row.keys.push_back(cell(c));
      for (auto* v : r->expr()) row.values.push_back(expr(v));
      d.rows.push_back(std::move(row));
    }
    if (auto* o = ctx->tableOtherwise()) {
      ast::TableDecl::Row row;
      row.span = s_.span(o);
      row.otherwise = true;
      for (size_t k = 0; k < d.keys.size(); ++k) {
        ast::KeyPattern any;
        any.span = s_.span(o->OTHERWISE()->getSymbol());
        row.keys.push_back(std::move(any));
      }
      for (auto* v : o->expr()) row.values.push_back(expr(v));
      d.rows.push_back(std::move(row));
    }
    if (ctx->STRING()) {
      d.basis = string_value(ctx->STRING());
      d.basis_span = s_.span(ctx->STRING()->getSymbol());
    }
    d.doc = doc(ctx->getStart());
    return d;
  }

  // A cell: one pattern, or alternatives `a | b`; `not(…)` negates either.
  ast::KeyPattern cell(P::CellContext* ctx) {
    std::vector<P::KeyPatternContext*> parts;
    bool negated = false;
    if (auto* n = dynamic_cast<P::NegatedCellContext*>(ctx)) {
      parts = n->keyPattern();
      negated = true;
    } else {
      parts = dynamic_cast<P::AlternativesCellContext*>(ctx)->keyPattern();
    }
    ast::KeyPattern k;
    if (parts.size() == 1) {
      k = key_pattern(parts[0]);
    } else {
      k.kind = ast::KeyPattern::Kind::alternatives;
      for (auto* p : parts) {
        k.alternatives.push_back(key_pattern(p));
        if (k.alternatives.back().kind == ast::KeyPattern::Kind::any)
          s_.error_with_note(k.alternatives.back().span, {msg::syntax_any_among_alternatives, {}},
                             {msg::syntax_any_alone, {}});
      }
    }
    k.span = s_.span(ctx);
    k.negated = negated;
    if (negated && k.kind == ast::KeyPattern::Kind::any)
      s_.error_with_note(k.span, {msg::syntax_not_any, {}}, {msg::syntax_remove_dead_row, {}});
    return k;
  }

  ast::KeyPattern key_pattern(P::KeyPatternContext* ctx) {
    ast::KeyPattern k;
    k.span = s_.span(ctx);
    if (dynamic_cast<P::AnyPatternContext*>(ctx)) {
      k.kind = ast::KeyPattern::Kind::any;
    } else if (auto* c = dynamic_cast<P::ValuePatternContext*>(ctx)) {
      k.kind = ast::KeyPattern::Kind::value;
      auto* v = c->patternValue();
      if (v->cellBound()) {
        k.value = bound(v->cellBound());
      } else {
        k.value = node(v);
        k.value->kind = literal(v->getStart());
      }
    } else if (auto* c = dynamic_cast<P::ComparePatternContext*>(ctx)) {
      k.kind = ast::KeyPattern::Kind::range;
      size_t op = c->op->getType();
      if (op == P::GE || op == P::GT) {
        k.lo = bound(c->cellBound());
        k.lo_inclusive = op == P::GE;
      } else {
        k.hi = bound(c->cellBound());
        k.hi_inclusive = op == P::LE;
      }
    } else if (auto* c = dynamic_cast<P::IntervalPatternContext*>(ctx)) {
      k.kind = ast::KeyPattern::Kind::range;
      if (c->lo->cellBound()) k.lo = bound(c->lo->cellBound());
      if (c->hi->cellBound()) k.hi = bound(c->hi->cellBound());
      k.lo_inclusive = c->open->getType() == P::LBRACKET;
      k.hi_inclusive = c->close->getType() == P::RBRACKET;
    } else if (auto* c = dynamic_cast<P::DotsPatternContext*>(ctx)) {
      k.kind = ast::KeyPattern::Kind::range;
      k.lo = bound(c->lo);
      k.hi = bound(c->hi);
    }
    return k;
  }

  Session& s_;
  antlr4::BufferedTokenStream& tokens_;
  ast::ExprId next_id_;
  unsigned depth_ = 0;
  std::set<size_t> used_docs_;
};

// ---------------------------------------------------------------- driver

// Owns the ANTLR objects of one parse.
class Driver {
 public:
  Driver(const SourceRef& source, const ParseLimits& limits)
      : session_(source, limits), listener_(session_) {}

  Session& session() { return session_; }
  antlr4::BufferedTokenStream& tokens() { return *tokens_; }

  // Checks size and encoding, lexes the whole text and reports lexical
  // errors. False if the text cannot be parsed at all.
  bool prepare() {
    const std::string& src = session_.file()->text();
    const ParseLimits& limits = session_.limits();
    if (src.size() > limits.max_bytes) {
      session_.error(session_.file_span(), {msg::syntax_file_too_large,
                                            {{"size", std::to_string(src.size())},
                                             {"limit", std::to_string(limits.max_bytes)}}});
      return false;
    }
    if (auto bad = text::find_invalid_utf8(src)) {
      report_invalid_utf8(src, *bad);
      return false;
    }
    input_ = std::make_unique<antlr4::ANTLRInputStream>(src);
    lexer_ = std::make_unique<DecreeLexer>(input_.get());
    lexer_->removeErrorListeners();
    lexer_->addErrorListener(&listener_);
    tokens_ = std::make_unique<antlr4::CommonTokenStream>(lexer_.get());
    tokens_->fill();
    listener_.set_tokens(tokens_.get());
    report_lexical_errors();
    return true;
  }

  // Runs one entry rule; the tree, or null after syntax errors (reported).
  template <typename Tree>
  Tree* parse(Tree* (DecreeParser::*entry)()) {
    unsigned errors_before = session_.errors();
    parser_ = std::make_unique<DecreeParser>(tokens_.get());
    // setInterpreter deletes the generated simulator; ours shares its DFA cache.
    auto* standard = parser_->getInterpreter<antlr4::atn::ParserATNSimulator>();
    parser_->setInterpreter(new Simulator(parser_.get(), *standard));
    parser_->removeErrorListeners();
    parser_->addErrorListener(&listener_);
    parser_->setErrorHandler(
        std::make_shared<ErrorStrategy>(session_, 2 * std::max(1u, session_.limits().max_errors)));
    guard_ = std::make_unique<DepthGuard>(session_, *parser_);
    parser_->addParseListener(guard_.get());
    Tree* tree = (parser_.get()->*entry)();
    bool failed = parser_->getNumberOfSyntaxErrors() > 0 || session_.errors() > errors_before;
    if (failed && session_.errors() == 0)
      session_.internal_error({msg::syntax_internal_unreported, {}});
    return failed ? nullptr : tree;
  }

 private:
  void report_invalid_utf8(const std::string& src, size_t offset) {
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (src[i] == '\n') {
        line++, col = 1;
      } else if ((static_cast<unsigned char>(src[i]) & 0xC0) != 0x80) {
        col++;
      }
    }
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(src[offset]));
    session_.error_with_note(Span{session_.file(), line, col, line, col},
                             {msg::syntax_invalid_utf8, {{"byte", byte}}},
                             {msg::syntax_save_as_utf8, {}});
  }

  // Characters no token accepts and malformed strings. Malformed strings
  // become strings so that the parser can go on and report later errors.
  void report_lexical_errors() {
    std::vector<Token*> all = tokens_->getTokens();
    for (size_t i = 0; i < all.size(); ++i) {
      Token* t = all[i];
      if (t->getType() == P::BAD_STRING) {
        report_bad_string(t);
        if (auto* w = dynamic_cast<antlr4::WritableToken*>(t)) w->setType(P::STRING);
      } else if (t->getType() == P::ERROR_CHAR) {
        // One message for a run of adjacent bad characters.
        size_t j = i;
        while (j + 1 < all.size() && all[j + 1]->getType() == P::ERROR_CHAR &&
               all[j + 1]->getStartIndex() == all[j]->getStopIndex() + 1 &&
               all[j + 1]->getLine() == t->getLine())
          ++j;
        report_bad_chars(t, all[j], j > i);
        i = j;
      }
    }
  }

  void report_bad_chars(Token* first, Token* last, bool several) {
    Span span = session_.span(first, last);
    std::string s = first->getText();
    char32_t cp = text::first_code_point(s);
    if (several) {
      session_.error(span, {msg::syntax_unexpected_characters, {}});
      return;
    }
    bool visible = cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0xA0) && cp != 0x3000 &&
                   cp != 0xFEFF && cp != 0xFFFD;
    Message what = visible ? Message{msg::syntax_unexpected_character,
                                     {{"char", s}, {"code_point", text::code_point_name(cp)}}}
                           : Message{msg::syntax_unexpected_invisible_character,
                                     {{"code_point", text::code_point_name(cp)}}};
    std::string_view ascii = text::ascii_lookalike(cp);
    if (ascii.empty()) {
      session_.error(span, std::move(what));
    } else {
      session_.error_with_note(span, std::move(what),
                               ascii == " "
                                   ? Message{msg::syntax_use_ascii_space, {}}
                                   : Message{msg::did_you_mean, {{"name", std::string(ascii)}}});
    }
  }

  void report_bad_string(Token* t) {
    std::string s = t->getText();
    Span span = session_.span(t);
    uint32_t col = span.col;  // of s[i]
    for (size_t i = 1; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++col;
      if (s[i] == '"') return;
      if (s[i] == '\\' && i + 1 < s.size()) {
        char e = s[++i];
        if (e != '"' && e != '\\' && e != 'n') {
          std::string esc = static_cast<unsigned char>(e) < 0x80 ? std::string(1, e) : "…";
          session_.error_with_note(Span{span.file, span.line, col, span.line, col + 1},
                                   {msg::syntax_unknown_escape, {{"escape", esc}}},
                                   {msg::syntax_string_escapes, {}});
        }
        ++col;
      }
    }
    session_.error_with_note(span, {msg::syntax_unterminated_string, {}},
                             {msg::syntax_string_ends_on_its_line, {}});
  }

  Session session_;
  ErrorListener listener_;
  std::unique_ptr<antlr4::ANTLRInputStream> input_;
  std::unique_ptr<DecreeLexer> lexer_;
  std::unique_ptr<antlr4::CommonTokenStream> tokens_;
  std::unique_ptr<DecreeParser> parser_;
  std::unique_ptr<DepthGuard> guard_;
};

// Runs `parse` (entry rule and conversion) under the guards; catches
// everything and hands the diagnostics over in source order.
template <class Result, class Parse>
Result guarded_here(const SourceRef& source, Diagnostics& diags, const ParseLimits& limits,
                    Parse& parse) {
  if (!source) {
    diags.error(Span{}, Message{msg::syntax_internal_no_source, {}});
    return Result{};
  }
  Driver driver(source, limits);
  Session& session = driver.session();
  Result result{};
  try {
    if (driver.prepare()) result = parse(driver);
  } catch (const StopParsing&) {
  } catch (const std::exception& e) {
    session.internal_error({msg::syntax_internal_error, {{"what", e.what()}}});
  } catch (...) {
    session.internal_error({msg::syntax_internal_error, {{"what", "unknown exception"}}});
  }
  if (session.errors() > 0) result = Result{};
  if (!result && session.errors() == 0)
    session.internal_error({msg::syntax_internal_no_result, {}});
  session.flush(diags);
  return result;
}

// guarded_here, on a stack deep enough for the deepest parse.
template <typename Result, typename Parse>
Result guarded(const SourceRef& source, Diagnostics& diags, const ParseLimits& limits,
               Parse parse) {
  // ANTLR's recursive descent and the converter recurse once per nesting
  // level (bounded by limits.max_depth): make sure the stack can take the
  // deepest parse, on whatever thread this is (base/stack.h).
  // Stack per nesting level: ANTLR's frames for one level of `expr`, with
  // room for sanitizer builds (measured: see tests/syntax/guard_test.cpp).
  constexpr size_t kStackPerLevel = 16 * 1024;
  return with_stack(size_t{limits.max_depth} * kStackPerLevel,
                    [&] { return guarded_here<Result>(source, diags, limits, parse); });
}

}  // namespace

std::optional<ast::Module> parse_module(SourceRef source, Diagnostics& diags,
                                        const ParseLimits& limits, ast::ExprId first_id) {
  return guarded<std::optional<ast::Module>>(
      source, diags, limits, [&](Driver& driver) -> std::optional<ast::Module> {
        auto* tree = driver.parse(&DecreeParser::module);
        if (tree == nullptr || driver.session().errors() > 0) return std::nullopt;
        Converter converter(driver.session(), driver.tokens(), first_id);
        ast::Module m = converter.module(tree);
        converter.check_docs();
        m.next_id = converter.next_id();
        m.source = source;
        return m;
      });
}

ast::ExprPtr parse_expression(SourceRef source, Diagnostics& diags, const ParseLimits& limits,
                              ast::ExprId first_id) {
  return guarded<ast::ExprPtr>(source, diags, limits, [&](Driver& driver) -> ast::ExprPtr {
    auto* tree = driver.parse(&DecreeParser::expressionOnly);
    if (tree == nullptr || driver.session().errors() > 0) return nullptr;
    Converter converter(driver.session(), driver.tokens(), first_id);
    return converter.expr(tree->expr());
  });
}

namespace syntax {
namespace {

// What the STRING rule of Decree.g4 accepts: quoted, escapes \" \\ \n only.
bool well_formed_string(const std::string& s) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '"') return false;
    if (s[i] == '\\') {
      if (i + 2 >= s.size() || (s[i + 1] != '"' && s[i + 1] != '\\' && s[i + 1] != 'n'))
        return false;
      ++i;
    }
  }
  return true;
}

}  // namespace

std::optional<std::vector<SourceToken>> lex_tokens(SourceRef source, Diagnostics& diags,
                                                   const ParseLimits& limits) {
  if (!source) {
    diags.error(Span{}, Message{msg::syntax_internal_no_source, {}});
    return std::nullopt;
  }
  Driver driver(source, limits);
  if (!driver.prepare()) {  // too large or not UTF-8: reported
    driver.session().flush(diags);
    return std::nullopt;
  }
  // The lexical errors prepare() found are the parser's to report; a caller
  // that wants them parses the file.
  std::vector<SourceToken> out;
  for (Token* t : driver.tokens().getTokens()) {
    size_t type = t->getType();
    if (type == Token::EOF) break;
    SourceToken st;
    st.text = t->getText();
    st.line = static_cast<uint32_t>(t->getLine());
    using K = SourceToken::Kind;
    if (type == P::IDENT) {
      st.kind = K::ident;
    } else if (type >= P::RULESET && type <= P::FOR) {
      st.kind = K::keyword;
    } else if (type == P::INT || type == P::DECIMAL || type == P::PERCENT) {
      st.kind = K::number;
    } else if (type == P::DATE) {
      st.kind = K::date;
    } else if (type == P::STRING) {
      // prepare() retypes a malformed string as STRING to parse on.
      st.kind = well_formed_string(st.text) ? K::string : K::bad;
    } else if (type == P::LINE_COMMENT) {
      st.kind = K::comment;
    } else if (type == P::DOC_COMMENT) {
      st.kind = K::doc_comment;
    } else if (type == P::ERROR_CHAR || type == P::BAD_STRING) {
      st.kind = K::bad;
    } else {
      st.kind = K::punct;
    }
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace syntax

}  // namespace decree
