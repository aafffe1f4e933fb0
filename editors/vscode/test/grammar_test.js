// The TextMate grammar (syntaxes/decree.tmLanguage.json) over every .decree
// file of rules/, fixtures/ and tests/lang/ (Chinese identifiers among
// them), tokenized with vscode-textmate and vscode-oniguruma as VS Code
// does. A small lexer written from grammar/Decree.g4 names what each token
// is (keyword, string, number, date, comment, doc comment, identifier), and
// the grammar's scope at that token must say the same. Also checks that no
// line leaves a string open into the next.
//   node editors/vscode/test/grammar_test.js REPO_ROOT
// Exit 77 (skipped) when node_modules is missing (npm ci --prefix editors/vscode).
'use strict';

const fs = require('fs');
const path = require('path');

const here = path.resolve(__dirname, '..');
const root = path.resolve(process.argv[2] || path.join(here, '..', '..'));
let vsctm, oniguruma;
try {
  vsctm = require(path.join(here, 'node_modules', 'vscode-textmate'));
  oniguruma = require(path.join(here, 'node_modules', 'vscode-oniguruma'));
} catch (e) {
  console.error('editors.vscode.grammar: SKIPPED: vscode-textmate is not installed: ' +
                'npm ci --prefix editors/vscode (.ci/build.sh tries)');
  process.exit(77);
}

// grammar/Decree.g4's keywords (the lexer rules RULESET … FOR).
const g4 = fs.readFileSync(path.join(root, 'grammar', 'Decree.g4'), 'utf8');
const keywords = new Set();
for (const m of g4.matchAll(/^[A-Z_]+\s*:\s*'([a-z_]+)'\s*;/gm)) keywords.add(m[1]);
if (keywords.size < 30) throw new Error('read only ' + keywords.size + ' keywords from Decree.g4');
const wordOperators = new Set(['and', 'or', 'not']);
const constants = new Set(['true', 'false']);

// What the lexer of Decree.g4 makes of a line: [kind, start, text].
function lex(line) {
  const out = [];
  const re = new RegExp(
    [
      '(?<doc>///.*$)',
      '(?<comment>(?:#|//).*$)',
      '(?<string>"(?:[^"\\\\]|\\\\["\\\\n])*")',
      '(?<date>\\d{4}-\\d{2}-\\d{2})',
      '(?<number>\\d+(?:\\.\\d+)?%|\\d+\\.\\d+|\\d+)',
      '(?<ident>[\\p{L}_][\\p{L}\\p{M}\\p{Nd}_]*)',
      '(?<other>\\S)',
    ].join('|'),
    'gu');
  for (const m of line.matchAll(re)) {
    const kind = Object.keys(m.groups).find((k) => m.groups[k] !== undefined);
    out.push([kind, m.index, m[0]]);
  }
  return out;
}

// The scope a token must have, by its kind; null: anything.
function expected(kind, text) {
  switch (kind) {
    case 'doc': return /^comment\.line\.documentation/;
    case 'comment': return /^comment\.line/;
    case 'string': return /^string\.quoted/;
    case 'date': return /^constant\.numeric\.date/;
    case 'number': return /^constant\.numeric/;
    case 'ident':
      if (wordOperators.has(text)) return /^keyword\.operator/;
      if (constants.has(text)) return /^constant\.language/;
      if (text === '_') return /^keyword\.other\.wildcard/;
      if (keywords.has(text)) return /^keyword\./;
      // A name: a variable, a declared name, a type, a builtin or a rounding mode.
      return /^(variable\.other|entity\.name|support\.)/;
    default: return null;
  }
}

function files(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.name.endsWith('.decree')) out.push(p);
  }
  return out;
}

async function main() {
  const wasm = fs.readFileSync(path.join(here, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(
      fs.readFileSync(path.join(here, 'syntaxes', 'decree.tmLanguage.json'), 'utf8'),
      'decree.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.decree');

  // The files of tests of bad syntax (tests/lang/*/bad/) are left out: they
  // hold keywords used as names and strings left open on purpose.
  const all = ['rules', 'fixtures', 'tests/lang']
    .flatMap((d) => files(path.join(root, d)))
    .filter((f) => !f.split(path.sep).includes('bad'));
  const problems = [];
  const seen = { keyword: 0, string: 0, number: 0, date: 0, comment: 0, doc: 0, chinese: 0 };
  for (const file of all) {
    const rel = path.relative(root, file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    let state = vsctm.INITIAL;
    lines.forEach((line, n) => {
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      const scopeAt = (col) => {
        const t = r.tokens.find((t) => t.startIndex <= col && col < t.endIndex);
        return t ? t.scopes[t.scopes.length - 1] : 'source.decree';
      };
      for (const [kind, col, text] of lex(line)) {
        // Only whole tokens that the file's own lexer would make: a line
        // that is inside a test of bad syntax may hold anything.
        if (kind === 'string' && !text.endsWith('"')) continue;
        const want = expected(kind, text);
        if (!want) continue;
        const scope = scopeAt(col);
        if (!want.test(scope))
          problems.push(`${rel}:${n + 1}:${col + 1}: ${kind} \`${text.slice(0, 30)}\` has scope ${scope}`);
        if (kind === 'ident' && keywords.has(text)) seen.keyword++;
        else if (kind === 'ident' && /\p{Script=Han}/u.test(text)) seen.chinese++;
        else if (kind in seen) seen[kind]++;
      }
    });
  }
  for (const [k, v] of Object.entries(seen))
    if (v === 0) problems.push(`no ${k} token seen in ${all.length} files: the test proves nothing for it`);
  if (problems.length) {
    console.error(problems.slice(0, 40).join('\n'));
    console.error(`${problems.length} problem(s) in ${all.length} files`);
    process.exit(1);
  }
  console.log(`${all.length} files: ` + Object.entries(seen).map(([k, v]) => `${v} ${k}`).join(', '));
}

main().catch((e) => { console.error(e); process.exit(1); });
