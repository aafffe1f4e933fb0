// The Decree rule language. This grammar only recognizes the text; the parse
// tree is turned into the engine's own AST (engine/syntax/ast.h) at once by
// engine/syntax/parse.cpp, which is the only code that sees generated types.
//
// Layout is free: newlines are whitespace. Where the language says "separated
// by newlines" (input fields, table rows, match arms) the separator is simply
// optional, and the grammar stays unambiguous because no expression can be
// followed directly by an identifier, `_` or a literal. The few juxtapositions
// that could continue an expression (a table row value followed by a row that
// starts with `(`, `[`, `-`, `<`, `<=`, `>`, `>=`) are decided by ALL(*)
// lookahead: every row has exactly one `=>`, so only one split is valid.
grammar Decree;

// ---------------------------------------------------------------- module

module
  : header declaration* EOF
  ;

// A standalone expression (`decree calc '...'`).
expressionOnly
  : expr EOF
  ;

header
  : RULESET qualifiedName (BASIS STRING)?
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
  : ENUM IDENT '{' IDENT (',' IDENT)* ','? '}'
  ;

// record Dependent { relation: Relation, orphan_or_alone: bool, }
recordDecl
  : RECORD IDENT '{' fieldDecl (',' fieldDecl)* ','? '}'
  ;

fieldDecl
  : IDENT ':' type
  ;

// input { grade: integer in 1..10 optional   care_level: Care = none }
inputBlock
  : INPUT '{' (inputField ','?)* '}'
  ;

inputField
  : IDENT ':' type (IN inputRange)? ('=' expr)? OPTIONAL?
  ;

// `1..10`, `0..`, `..100`: inclusive literal bounds, either one may be omitted.
inputRange
  : lo=bound '..' hi=bound?
  | '..' hi=bound
  ;

// let NAME[: TYPE] = EXPR [basis "..."]   output NAME[: TYPE] = EXPR [basis "..."]
ruleDecl
  : kind=(LET | OUTPUT) IDENT (':' type)? '=' expr (BASIS STRING)?
  ;

// table t(k: integer) -> (a: integer, b: rate) hit unique { 1 => 27, 90% ... } basis "..."
tableDecl
  : TABLE IDENT '(' column (',' column)* ')' '->' tableResult
    (HIT policy=(UNIQUE | FIRST | COLLECT))?
    '{' tableRow* '}' (BASIS STRING)?
  ;

tableResult
  : type                                 # singleResult
  | '(' column (',' column)* ')'         # columnsResult
  ;

column
  : IDENT ':' type
  ;

tableRow
  : keyPattern (',' keyPattern)* '=>' expr (',' expr)*
  ;

keyPattern
  : '_'                                                  # anyPattern
  | op=('>=' | '>' | '<=' | '<') bound                   # comparePattern
  | open=('[' | '(') lo=rangeBound ',' hi=rangeBound close=(']' | ')')   # intervalPattern
  | lo=bound '..' hi=bound                               # dotsPattern
  | patternValue                                         # valuePattern
  ;

rangeBound
  : '_'
  | bound
  ;

// A literal bound of a range: a possibly negative number or a date.
bound
  : '-'? (INT | DECIMAL | PERCENT)
  | DATE
  ;

patternValue
  : bound
  | STRING
  | TRUE
  | FALSE
  | IDENT
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
  | expr '[' expr ']'                                        # indexExpr
  | '-' expr                                                 # negateExpr
  | expr op=('*' | '/') expr                                 # mulExpr
  | expr op=('+' | '-') expr                                 # addExpr
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
  | IDENT                                                    # identPrimary
  | '(' expr ')'                                             # parenPrimary
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
LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip;
WS           : [ \t\r\n\f\u000B\uFEFF]+ -> skip;

// Anything else: kept off the parser's channel, reported by the converter.
ERROR_CHAR : . -> channel(3);

fragment DIGIT : [0-9];
