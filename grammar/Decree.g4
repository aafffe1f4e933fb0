// The Decree rule language. This grammar only recognizes the text; the parse
// tree is turned into the engine's own AST (engine/syntax/ast.h) at once by
// engine/syntax/parse.cpp, the only code that sees the generated classes.
// CMake generates the C++ at build time (grammar/CMakeLists.txt).
//
// Layout is free: newlines are whitespace. Where the language says "separated
// by newlines" (input fields, table rows, match arms) the separator is simply
// optional. That stays unambiguous because an expression is never followed
// directly by a name, `_` or a literal. A few tokens can both continue a table
// row's value and start the next row's pattern: `(`, `[`, `-`, `<`, `<=`, `>`,
// `>=`. Every row has exactly one `=>`, so only one split is ever valid and
// ANTLR's unbounded lookahead finds it:
//   _ => x        (1, 5] => y     two rows: `x(1, 5]` is no call
//   _ => x - 1    2 => y          one value `x - 1`: `-1 2 => y` is no row
// Other decisions and restrictions:
// - Only a plain name is called: `round(x, 0.01, half_up)`, `rates(g).rate`;
//   not `p.f(x)` nor `f(x)(y)`.
// - `sum|count|min|max|all|any(x in xs [where c] [: body])` is an aggregate
//   (the converter checks the name and the body against the table of
//   builtins, engine/syntax/builtins.h); without `in` it is a call.
//   `fold(acc [: T] = init, x in xs [where c]: body)` is an accumulation.
// - `[x in xs where c]` is a filtered list and `[e for x in xs where c]` a
//   mapped one; `a..b` (between `+` and comparisons, not chained) is the list
//   of integers from a to b.
// - Comparisons are non-associative: the converter rejects `a < b < c`.
// - `when ... otherwise:` and `if ... then ... else` start any operand, like
//   a prefix operator, and their last branch reaches as far as it can:
//   `1 + if c then 2 else 3 + 4` is `1 + (if c then 2 else (3 + 4))`. A `when`
//   nested in a case takes the following cases: parenthesize it.
// - Range bounds and table patterns are literals (a `-` is folded into the
//   number), names (`retirement_age`, `claimant.age`), `_`; not expressions. A cell's
//   alternatives are separated by `|`, since `,` separates the columns.
// - `where`, `for`, `per` and `once` are keywords too (besides those the
//   language lists); `month` after `per` is a name the converter checks, so
//   that `month(d)` stays a function.
// - A date is one token only when written without spaces: 2021-07-01.
grammar Decree;

// ---------------------------------------------------------------- module

module
  : header declaration* EOF
  ;

// A standalone expression (`decree calc '...'`).
expressionOnly
  : expr EOF
  ;

// ruleset jilin.work_injury.benefits
//   version "2021-07-01" effective 2021-07-01 until 2099-12-31 extends "2011-01-01"
//   select by injury_date
//   basis "工伤保险条例; 吉政发〔2020〕20号"
header
  : RULESET qualifiedName versionClause? selectClause? (BASIS STRING)?
  ;

versionClause
  : VERSION name=STRING EFFECTIVE from=DATE (UNTIL to=DATE)? (EXTENDS base=STRING)?
  ;

// The date input that picks the version in effect for a case.
selectClause
  : SELECT BY IDENT
  ;

qualifiedName
  : IDENT ('.' IDENT)*
  ;

declaration
  : parametersDecl
  | enumDecl
  | recordDecl
  | inputBlock
  | ruleDecl
  | tableDecl
  ;

// parameters "params.yaml" as p
parametersDecl
  : PARAMETERS STRING AS IDENT
  ;

// enum Care { none, partial, most, full }
enumDecl
  : OVERRIDE? ENUM IDENT '{' IDENT (',' IDENT)* ','? '}'
  ;

// record Dependent { relation: Relation, orphan_or_alone: bool, }
recordDecl
  : OVERRIDE? RECORD IDENT '{' fieldDecl (',' fieldDecl)* ','? '}'
  ;

fieldDecl
  : IDENT ':' type
  ;

// input { grade: integer in 1..10 optional   care_level: Care = none }
inputBlock
  : INPUT '{' (inputField ','?)* '}'
  ;

inputField
  : OVERRIDE? IDENT ':' type (IN inputRange)? ('=' expr)? OPTIONAL?
  ;

// `1..10`, `0..`, `..100`: inclusive literal bounds, either one may be omitted.
inputRange
  : lo=bound '..' hi=bound?
  | '..' hi=bound
  ;

// let NAME[: TYPE] = EXPR [basis "..."]   output NAME[: TYPE] = EXPR [basis "..."]
// `override` replaces the declaration of the version this one extends;
// `paid by fund|employer` says who pays an amount.
ruleDecl
  : OVERRIDE? kind=(LET | OUTPUT) name=IDENT (':' type period?)? '=' expr (PAID BY payer=IDENT)? (BASIS STRING)?
  ;

// How often an output's amount is paid: `per month`, or `once` (a one-off
// amount). The converter checks the word after `per`.
period
  : PER unit=IDENT
  | ONCE
  ;

// table t(k: integer) -> (a: integer, b: rate) hit unique { 1 => 27, 90% ... } basis "..."
tableDecl
  : OVERRIDE? TABLE IDENT '(' column (',' column)* ')' '->' tableResult
    (HIT (policy=(UNIQUE | FIRST | COLLECT) | named_policy=(IDENT | OUTPUT) order=IDENT?))?
    '{' tableRow* tableOtherwise? '}' (BASIS STRING)?
  ;

tableResult
  : type                                 # singleResult
  | '(' column (',' column)* ')'         # columnsResult
  ;

column
  : IDENT ':' type
  ;

tableRow
  : cell (',' cell)* '=>' expr (',' expr)*
  ;

// The default output, used when no row matches: `otherwise => 0, 0%`.
tableOtherwise
  : OTHERWISE '=>' expr (',' expr)*
  ;

// One cell: a pattern, alternatives `"A" | "B"`, `< 18 | >= 60` (a comma
// separates the columns), or the negation of either: `not("A" | "B")`,
// `not([10, 20])`.
cell
  : NOT '(' keyPattern (PIPE keyPattern)* ')'            # negatedCell
  | keyPattern (PIPE keyPattern)*                        # alternativesCell
  ;

keyPattern
  : '_'                                                  # anyPattern
  | op=('>=' | '>' | '<=' | '<') cellBound               # comparePattern
  | open=('[' | '(') lo=rangeBound ',' hi=rangeBound close=(']' | ')')   # intervalPattern
  | lo=cellBound '..' hi=cellBound                       # dotsPattern
  | patternValue                                         # valuePattern
  ;

rangeBound
  : '_'
  | cellBound
  ;

// A literal bound of a range: a possibly negative number or a date.
bound
  : '-'? (INT | DECIMAL | PERCENT)
  | DATE
  ;

// A bound in a table cell: a literal, or a name (an enum value, or an input,
// a let, a record input's field or a key of the table, that the cell reads:
// `> retirement_age`, `[min_wage, cap]`, `>= claimant.age`).
cellBound
  : bound
  | IDENT (DOT IDENT)*
  ;

patternValue
  : cellBound
  | STRING
  | TRUE
  | FALSE
  ;

type
  : LIST OF IDENT
  | IDENT
  ;

// ---------------------------------------------------------------- expressions
// Highest precedence first. Comparisons are non-associative: the converter
// rejects `a < b < c`.

expr
  : primary                                                  # primaryExpr
  | expr '.' IDENT                                           # selectExpr
  | expr '[' expr (',' expr)* ']'                            # indexExpr
  | '-' expr                                                 # negateExpr
  | expr op=('*' | '/') expr                                 # mulExpr
  | expr op=('+' | '-') expr                                 # addExpr
  | expr DOTDOT expr                                         # rangeExpr
  | expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') expr     # compareExpr
  | NOT expr                                                 # notExpr
  | expr AND expr                                            # andExpr
  | expr OR expr                                             # orExpr
  | whenCase+ OTHERWISE ':' expr                             # whenExpr
  | IF expr THEN expr ELSE expr                              # ifExpr
  ;

whenCase
  : WHEN expr ':' expr
  ;

primary
  : literal                                                  # literalPrimary
  | IDENT '(' (expr (',' expr)* ','?)? ')'                   # callPrimary
  | op=IDENT '(' var=IDENT IN expr (WHERE expr)? (':' expr)? ')'   # comprehensionPrimary
  | op=IDENT '(' acc=IDENT (':' type)? '=' init=expr ',' var=IDENT IN list=expr
    (WHERE filter=expr)? ':' body=expr ')'                   # foldPrimary
  | IDENT                                                    # identPrimary
  | '(' expr ')'                                             # parenPrimary
  | '[' var=IDENT IN list=expr (WHERE filter=expr)? ']'      # filterPrimary
  | '[' body=expr FOR var=IDENT IN list=expr (WHERE filter=expr)? ']'   # mapPrimary
  | '[' (expr (',' expr)* ','?)? ']'                         # listPrimary
  | MATCH expr '{' (matchArm ','?)+ '}'                      # matchPrimary
  ;

matchArm
  : ('_' | IDENT (',' IDENT)*) '=>' expr
  ;

literal
  : INT
  | DECIMAL
  | PERCENT
  | DATE
  | STRING
  | TRUE
  | FALSE
  ;

// ---------------------------------------------------------------- lexer

RULESET    : 'ruleset';
BASIS      : 'basis';
PARAMETERS : 'parameters';
AS         : 'as';
ENUM       : 'enum';
RECORD     : 'record';
INPUT      : 'input';
LET        : 'let';
OUTPUT     : 'output';
TABLE      : 'table';
HIT        : 'hit';
UNIQUE     : 'unique';
FIRST      : 'first';
COLLECT    : 'collect';
WHEN       : 'when';
OTHERWISE  : 'otherwise';
IF         : 'if';
THEN       : 'then';
ELSE       : 'else';
MATCH      : 'match';
AND        : 'and';
OR         : 'or';
NOT        : 'not';
IN         : 'in';
WHERE      : 'where';
OPTIONAL   : 'optional';
LIST       : 'list';
OF         : 'of';
TRUE       : 'true';
FALSE      : 'false';
VERSION    : 'version';
EFFECTIVE  : 'effective';
UNTIL      : 'until';
EXTENDS    : 'extends';
SELECT     : 'select';
BY         : 'by';
OVERRIDE   : 'override';
PAID       : 'paid';
PER        : 'per';
ONCE       : 'once';
FOR        : 'for';

UNDERSCORE : '_';
ARROW      : '->';
FAT_ARROW  : '=>';
DOTDOT     : '..';
EQ         : '==';
NE         : '!=';
LE         : '<=';
GE         : '>=';
LT         : '<';
GT         : '>';
ASSIGN     : '=';
PLUS       : '+';
MINUS      : '-';
STAR       : '*';
SLASH      : '/';
DOT        : '.';
COMMA      : ',';
COLON      : ':';
LPAREN     : '(';
RPAREN     : ')';
LBRACKET   : '[';
RBRACKET   : ']';
LBRACE     : '{';
PIPE       : '|';
RBRACE     : '}';

// 2021-07-01 (one token; calendar validity is checked by the converter)
DATE       : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT;
// 60%  12.5%
PERCENT    : DIGIT+ ('.' DIGIT+)? '%';
// 0.01 (`1..10` lexes as 1 .. 10: a decimal needs a digit after the dot)
DECIMAL    : DIGIT+ '.' DIGIT+;
INT        : DIGIT+;

// "..." with the escapes \" \\ \n, on one line.
STRING     : '"' (~["\\\r\n] | '\\' ["\\n])* '"';
// An unterminated string or one with a bad escape: reported by the converter.
BAD_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ('"' | '\\')?;

IDENT      : [\p{L}_] [\p{L}\p{M}\p{Nd}_]*;

// `/// text` lines document the next declaration or input field.
DOC_COMMENT  : '///' ~[\r\n]* -> channel(2);
// `#` and `//` comments: off the parser's channel, but kept in the token
// stream so that the formatter (engine/format, through syntax/tokens.h) can
// put them back where they were.
LINE_COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN);
WS           : [ \t\r\n\f\u000B\uFEFF]+ -> skip;

// Anything else: kept off the parser's channel, reported by the converter.
ERROR_CHAR : . -> channel(3);

fragment DIGIT : [0-9];
