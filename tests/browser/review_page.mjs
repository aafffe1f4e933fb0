// ctest serve.review_page_browser (through run.sh): a scripted review on the
// review page of a real `decree serve`, in headless Chromium.
//
//   node review_page.mjs DECREE SOURCE_DIR      (CHROMIUM: the browser)
//
// 1. Starts DECREE serve on 127.0.0.1 (port 0: it prints the one it got),
//    in a temporary directory, with tokens for an author, a reviewer, a
//    publisher and an auditor, and a `publishing:` section managing a copy
//    of the Jilin rules (reference tests fixtures/jilin/benefits, the
//    500-case corpus fixtures/historical/jilin-sample.jsonl).
// 2. Proposes, as the author over HTTP, the 2025 adjustment round of
//    docs/policy-change.md (its draft files and rule tests, read from the
//    page's heredocs, so the test follows the document).
// 3. In Chromium, as the reviewer: signs in on /review, opens the proposal,
//    takes a full-page screenshot (a PNG in the temporary directory, its
//    size checked), checks that the page shows the files side by side, the
//    checks and the impact report's totals, writes a comment and approves.
//    No request may leave the server (the page has no external resources).
// 4. Over HTTP: the audit trail holds the `approve` record by the reviewer
//    with the proposal's id as case_id, and the proposal is approved with
//    the comment typed.
// Every wait is bounded; the server is stopped whatever happens; the
// temporary directory is removed when the test passes (DECREE_KEEP_TEMP=1
// keeps it, with the screenshot).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [decree, source] = process.argv.slice(2);
if (!decree || !source) {
  console.error('usage: review_page.mjs DECREE SOURCE_DIR');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decree-review-page-'));
let server = null;
let browser = null;

// The whole test in at most this long, whatever hangs.
const watchdog = setTimeout(() => {
  console.error('serve.review_page_browser: timed out after 240 s');
  stop().finally(() => process.exit(1));
}, 240_000);

async function stop() {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    browser = null;
  }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const exited = await Promise.race([
      new Promise((resolve) => server.once('exit', () => resolve(true))),
      sleep(10_000).then(() => false),
    ]);
    if (!exited) server.kill('SIGKILL');
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
}

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');
const people = {
  author: { name: 'alice-author', token: crypto.randomBytes(16).toString('hex') },
  reviewer: { name: 'bob-reviewer', token: crypto.randomBytes(16).toString('hex') },
  publisher: { name: 'pat-publisher', token: crypto.randomBytes(16).toString('hex') },
  auditor: { name: 'audrey-auditor', token: crypto.randomBytes(16).toString('hex') },
};

// The draft of docs/policy-change.md: each `cat > /tmp/drafts/PATH <<'EOF'`.
function draft_of_policy_change() {
  const page = fs.readFileSync(path.join(source, 'docs/policy-change.md'), 'utf8');
  const files = {};
  for (const m of page.matchAll(/cat > \/tmp\/drafts\/(\S+) <<'EOF'\n([\s\S]*?)\nEOF\n/g))
    files[m[1]] = m[2] + '\n';
  const rules = files['2025-07-01/rules.decree'], params = files['2025-07-01/params.yaml'];
  const tests = files['round-2025-tests.yaml'];
  check(rules && params && tests, 'docs/policy-change.md has the draft and its tests');
  return { rules, params, tests };
}

async function start_server() {
  const rules = path.join(work, 'rules/work-injury-benefits');
  fs.cpSync(path.join(source, 'rules/jilin/work-injury-benefits'), rules, { recursive: true });
  const token_lines = Object.entries(people)
    .map(([role, p]) => `  - {name: ${p.name}, role: ${role}, sha256: ${sha256(p.token)}}`)
    .join('\n');
  // For a look at a kept directory (DECREE_KEEP_TEMP): the server runs
  // again with `decree serve --config serve.yaml`, these its callers.
  fs.writeFileSync(path.join(work, 'tokens.json'), JSON.stringify(people, null, 2));
  const config = path.join(work, 'serve.yaml');
  fs.writeFileSync(
    config,
    `listen: 127.0.0.1:0
threads: 2
rules: [${rules}]
tokens:
${token_lines}
audit: {sqlite: ${path.join(work, 'audit.db')}}
publishing:
  rulesets:
    - rules: ${rules}
      reference_tests: [${path.join(source, 'fixtures/jilin/benefits')}]
      corpus: [${path.join(source, 'fixtures/historical/jilin-sample.jsonl')}]
      group_by: year(injury_date)
`,
  );
  server = spawn(decree, ['serve', '--config', config, '--listen', '127.0.0.1:0'], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const port = await Promise.race([
    new Promise((resolve, reject) => {
      server.stderr.setEncoding('utf8');
      server.stderr.on('data', (chunk) => {
        log += chunk;
        const m = log.match(/listening on 127\.0\.0\.1:(\d+)/);
        if (m) resolve(Number(m[1]));
      });
      server.once('exit', (code) => reject(new Error(`decree serve exited (${code}):\n${log}`)));
    }),
    sleep(30_000).then(() => {
      throw new Error('decree serve did not say where it listens within 30 s:\n' + log);
    }),
  ]);
  // Keep reading its log, or a full pipe would stall the server.
  server.stderr.on('data', (chunk) => {
    if (log.length < 1 << 20) log += chunk;
  });
  return { port, log: () => log };
}

async function http(base, method, target, token, body) {
  const headers = { Authorization: 'Bearer ' + token };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await fetch(base + target, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(120_000),
  });
  const text = await answer.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: answer.status, text, json };
}

// Width and height of a PNG, from its IHDR chunk; null if it is not one.
function png_size(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function main() {
  const { port, log } = await start_server();
  const base = `http://127.0.0.1:${port}`;
  try {
    await run(base);
  } catch (e) {
    console.error('--- decree serve said:\n' + log());
    throw e;
  }
}

async function run(base) {
  // 2. The proposal, as the author.
  const draft = draft_of_policy_change();
  const proposed = await http(base, 'POST', '/v1/proposals', people.author.token, {
    ruleset: 'jilin.work_injury.benefits',
    files: { 'rules.decree': draft.rules, 'params.yaml': draft.params },
    tests: { 'round-2025-tests.yaml': draft.tests },
    base_params: ['adjustment_in_force[2025-07-01]=2024'],
    as_of: '2025-08-01',
    comment: 'The 2025 adjustment round (HYPOTHETICAL, docs/policy-change.md)',
  });
  check(proposed.status === 201 || proposed.status === 200,
        `POST /v1/proposals answers 201, not ${proposed.status}: ${proposed.text.slice(0, 2000)}`);
  const proposal = proposed.json;
  const id = proposal.id;
  check(/^P\d{6}$/.test(id), `a proposal id, not ${id}`);
  check(proposal.assessment && proposal.assessment.passed,
        'the assessment passed: ' + JSON.stringify(proposal.assessment));
  console.log(`proposed ${id} (${proposal.content_hash})`);

  // 3. The review, in the browser.
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    // Tests run as root, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
           '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--lang=en-US'],
    userDataDir: path.join(work, 'chromium-profile'),
    timeout: 30_000,
    protocolTimeout: 60_000,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(30_000);
  await page.setViewport({ width: 1280, height: 900 });
  const elsewhere = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.origin !== base) elsewhere.push(r.url());
  });
  const problems = [];
  // CSP violations are reported on the console (the 401 of the bad token
  // below is too, and is expected).
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));

  let answer = await page.goto(base + '/review?lang=en');
  check(answer.status() === 200, `GET /review without a session: 200, not ${answer.status()}`);
  const headers = answer.headers();
  check(headers['content-security-policy'] ===
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; " +
          "frame-ancestors 'none'",
        'the Content-Security-Policy: ' + headers['content-security-policy']);
  check(headers['cache-control'] === 'no-store', 'Cache-Control: no-store');
  check(headers['content-type'] === 'text/html; charset=utf-8', 'text/html; charset=utf-8');
  check(await page.$('#token'), 'the sign-in form');

  // A wrong token first: the form again, saying so.
  await page.type('#token', 'not-a-token');
  [answer] = await Promise.all([page.waitForNavigation(), page.click('form.signin button')]);
  check(answer.status() === 401, `a bad token: 401, not ${answer.status()}`);
  check((await page.$eval('.banner.error', (e) => e.textContent)).includes('not valid'),
        'the bad token is said to be so');

  await page.type('#token', people.reviewer.token);
  [answer] = await Promise.all([page.waitForNavigation(), page.click('form.signin button')]);
  check(answer.status() === 200, `signed in: the list, not ${answer.status()}`);
  check(new URL(page.url()).pathname === '/review', 'back on /review: ' + page.url());
  check((await page.$eval('b.caller', (e) => e.textContent)) === people.reviewer.name,
        'signed in as the reviewer');
  check(await page.$(`section#proposed tr[data-id="${id}"]`), `${id} listed as proposed`);

  [answer] = await Promise.all([page.waitForNavigation(),
                                page.click(`tr[data-id="${id}"] a`)]);
  check(answer.status() === 200, `GET /review/${id}: 200, not ${answer.status()}`);

  const seen = await page.evaluate(() => ({
    files: [...document.querySelectorAll('div.file')].map((d) => ({
      path: d.dataset.path,
      tables: d.querySelectorAll('table.sbs').length,
      added: d.querySelectorAll('tr.add').length,
      sides: [...d.querySelectorAll('table.sbs thead th')].map((t) => t.textContent),
    })),
    checks: [...document.querySelectorAll('table.checks tr[data-check]')].map((r) => ({
      name: r.dataset.check,
      result: r.querySelector('.badge').textContent,
    })),
    report: document.querySelector('section.report')?.innerText ?? '',
    hash: document.querySelector('#content-hash')?.textContent,
    form: !!document.querySelector('form.review'),
    approve_disabled: document.querySelector('button.approve')?.disabled,
  }));
  const params = seen.files.find((f) => f.path === 'params.yaml');
  const rules = seen.files.find((f) => f.path === 'rules.decree');
  check(params && rules, 'both files shown: ' + JSON.stringify(seen.files));
  for (const f of [params, rules]) {
    check(f.tables === 1 && f.added > 5, `${f.path} side by side, all added: ` + JSON.stringify(f));
    check(f.sides.join('|') === 'Published|Proposed', 'the two sides: ' + f.sides);
  }
  const names = seen.checks.map((c) => c.name).join(',');
  check(names === 'check,rule_tests,reference_tests,impact', 'the checks: ' + names);
  check(seen.checks.every((c) => c.result === 'passed'), 'all passed: ' + JSON.stringify(seen.checks));
  // The report's totals table (decree diff --html: "Totals compared").
  check(/Totals compared/.test(seen.report) && /\d[\d,]*\.\d\d/.test(seen.report),
        'the impact report with its totals: ' + seen.report.slice(0, 500));
  check(seen.hash === proposal.content_hash, `the content hash ${seen.hash}`);
  check(seen.form && seen.approve_disabled === false, 'the review form, approve enabled');

  const shot = path.join(work, 'proposal.png');
  await page.screenshot({ path: shot, fullPage: true });
  const size = png_size(fs.readFileSync(shot));
  check(size, 'the screenshot is a PNG');
  check(size.width === 1280 && size.height > 1500 && size.height < 100_000,
        'plausible dimensions: ' + JSON.stringify(size));
  console.log(`screenshot ${shot}: ${size.width}x${size.height}`);

  const comment = 'Figures checked against the (hypothetical) 2025 notice. 数字已核对。';
  await page.type('#comment', comment);
  [answer] = await Promise.all([page.waitForNavigation(), page.click('button.approve')]);
  check(answer.status() === 200, `after approving: 200, not ${answer.status()}`);
  const after = new URL(page.url());
  check(after.pathname === `/review/${id}` && after.searchParams.get('done') === 'approved',
        'redirected to the proposal, done=approved: ' + page.url());
  check((await page.$eval('.banner', (e) => e.textContent)).includes('You approved'),
        'the banner says it is approved');
  check(await page.$('h1 .badge.approved'), 'the page shows it approved');
  check(!(await page.$('form.review')), 'no form once reviewed');

  await page.goto(`${base}/review/${id}?lang=zh`);
  check((await page.$eval('h1', (e) => e.textContent)).includes('已批准'), 'in 中文: 已批准');
  check((await page.$eval('html', (e) => e.lang)) === 'zh-CN', 'lang="zh-CN"');

  check(elsewhere.length === 0, 'requests that left the server: ' + elsewhere.join(', '));
  check(problems.length === 0, 'CSP violations or page errors: ' + problems.join(' | '));
  await browser.close();
  browser = null;

  // 4. The audit trail and the proposal, over HTTP.
  const trail = await http(base, 'GET', `/v1/audit/records?case_id=${id}`, people.auditor.token);
  check(trail.status === 200, `GET /v1/audit/records: ${trail.status} ${trail.text}`);
  const approvals = trail.json.records.filter(
    (r) => r.action === 'approve' && r.caller === people.reviewer.name && r.case_id === id);
  check(approvals.length === 1, 'one approve record by the reviewer: ' + trail.text);
  const now = await http(base, 'GET', `/v1/proposals/${id}`, people.reviewer.token);
  check(now.status === 200, `GET /v1/proposals/${id}: ${now.status} ${now.text.slice(0, 500)}`);
  check(now.json.state === 'approved', 'approved: ' + now.json.state);
  check(now.json.reviewer === people.reviewer.name, 'by the reviewer: ' + now.json.reviewer);
  check(now.json.review_comment === comment, 'with the comment typed: ' + now.json.review_comment);
  console.log(`${id} approved by ${people.reviewer.name}; audit record ${approvals[0].decision_id}`);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  console.error('serve.review_page_browser: ' + (e.stack || e));
} finally {
  await stop();
  clearTimeout(watchdog);
}
if (failed || process.env.DECREE_KEEP_TEMP) console.error('kept ' + work);
else fs.rmSync(work, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
