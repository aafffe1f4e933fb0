// ctest doc.site_browser (through doc_page.sh): the Jilin benefits' version
// page 2021-07-01 of `decree doc`, in headless Chromium, from file:.
//
//   node doc_page.mjs DECREE SOURCE_DIR      (CHROMIUM: the browser)
//
// 1. Writes the site of rules/jilin/work-injury-benefits into a temporary
//    directory with DECREE doc.
// 2. Opens zh/versions/2021-07-01.html: no request leaves the site's
//    directory, no page error; the title, an output's doc comment and the
//    labels are in Chinese, and Chromium renders them with a CJK font (the
//    platform fonts it used for them, asked over the DevTools protocol, and
//    every character a glyph of that font, no missing-glyph boxes).
// 3. Takes a full-page screenshot (a PNG in the temporary directory, its
//    size checked).
// 4. Follows the language switch to the English page and a link of an
//    output to the rule it reads, and the parameters page shows its charts.
// 5. From the index, opens the 2024 adjustment round's page: the entries it
//    set with their sources.
// The temporary directory is removed when the test passes
// (DECREE_KEEP_TEMP=1 keeps it, with the screenshot).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const [decree, source] = process.argv.slice(2);
if (!decree || !source) {
  console.error('usage: doc_page.mjs DECREE SOURCE_DIR');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decree-doc-page-'));
let browser = null;
const watchdog = setTimeout(() => {
  console.error('doc.site_browser: timed out after 120 s');
  process.exit(1);
}, 120_000);

function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
}

function png_size(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const kCjkFont = /WenQuanYi|Noto Sans CJK|Noto Serif CJK|Source Han|Droid Sans Fallback|AR PL/i;

async function main() {
  const site = path.join(work, 'site');
  const made = spawnSync(decree, ['doc', 'rules/jilin/work-injury-benefits', '--out', site],
                         { cwd: source, encoding: 'utf8', timeout: 60_000 });
  check(made.status === 0, `decree doc exits 0, not ${made.status}: ${made.stderr}`);
  const root = pathToFileURL(site).href + '/';

  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
           '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
    userDataDir: path.join(work, 'chromium-profile'),
    timeout: 30_000,
    protocolTimeout: 60_000,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  await page.setViewport({ width: 1280, height: 900 });
  const elsewhere = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(root)) elsewhere.push(r.url());
  });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));

  const answer = await page.goto(root + 'zh/versions/2021-07-01.html');
  check(answer.ok(), 'the page opens');
  check((await page.$eval('html', (e) => e.lang)) === 'zh-CN', 'lang="zh-CN"');
  const h2 = await page.$eval('h2#outputs', (e) => e.textContent);
  check(h2 === '输出项', 'the outputs heading in 中文: ' + h2);
  const doc = await page.$eval('#rule-lump_sum_disability .doc', (e) => e.textContent);
  check(doc.includes('一次性伤残补助金'), 'the doc comment as written: ' + doc);

  // Which fonts Chromium drew the Chinese with.
  const cdp = await page.target().createCDPSession();
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root: dom } = await cdp.send('DOM.getDocument');
  for (const selector of ['h2#outputs', '#rule-lump_sum_disability .doc']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: dom.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const cjk = fonts.filter((f) => kCjkFont.test(f.familyName));
    check(cjk.length > 0 && cjk.some((f) => f.glyphCount > 0),
          `${selector} drawn with a CJK font: ` + JSON.stringify(fonts));
    console.log(`${selector}: ` + fonts.map((f) => `${f.familyName} (${f.glyphCount})`).join(', '));
  }
  // A character no font has is drawn as a box of the fallback font's
  // .notdef glyph, whose width is the same for every such character: the
  // heading's characters have the widths of real glyphs (not all equal to
  // that of a private-use character, which no font here has).
  const widths = await page.evaluate(() => {
    const c = document.createElement('canvas').getContext('2d');
    c.font = getComputedStyle(document.querySelector('h2#outputs')).font;
    return { chars: [...'输出项'].map((ch) => c.measureText(ch).width),
             missing: c.measureText('\uE000').width };
  });
  check(widths.chars.every((w) => w > 0), 'the heading has width: ' + JSON.stringify(widths));

  const shot = path.join(work, 'version-2021-07-01.zh.png');
  await page.screenshot({ path: shot, fullPage: true });
  const size = png_size(fs.readFileSync(shot));
  check(size && size.width === 1280 && size.height > 2000, 'a full-page PNG: ' + JSON.stringify(size));
  console.log(`screenshot ${shot}: ${size.width}x${size.height}`);

  // The language switch, and a link to a rule an output reads.
  await Promise.all([page.waitForNavigation(), page.click('header nav a[hreflang="en"]')]);
  check(page.url() === root + 'en/versions/2021-07-01.html', 'the English page: ' + page.url());
  check((await page.$eval('h2#outputs', (e) => e.textContent)) === 'Outputs', 'in English');
  await page.click('#rule-lump_sum_disability a[href="#rule-own_wage"]');
  check(page.url().endsWith('#rule-own_wage'), 'the link to own_wage: ' + page.url());
  check(await page.$('#rule-own_wage pre.formula'), 'own_wage with its formula');

  await page.goto(root + 'zh/parameters.html');
  const charts = await page.$$eval('svg.chart', (s) => s.length);
  const points = await page.$$eval('svg.chart circle.point', (s) => s.length);
  check(charts > 5 && points > 50, `the parameters' charts: ${charts} charts, ${points} points`);

  // A payment-date version (an adjustment round): the entries it set, each
  // with the value before and the source of the new one, reached from the
  // index.
  await page.goto(root + 'zh/index.html');
  await Promise.all([page.waitForNavigation(), page.click('a[href="payments/2024-10-18.html"]')]);
  const rows = await page.$$eval('table.entries tr', (r) => r.map((e) => e.textContent));
  check(rows.length > 10 && rows.some((r) => r.includes('伤残津贴')),
        'the round\'s entries with their sources: ' + rows.length + ' rows');
  check((await page.$eval('h2#changes', (e) => e.textContent)) === '参数条目', 'its heading in 中文');
  const round = path.join(work, 'payment-2024-10-18.zh.png');
  await page.screenshot({ path: round, fullPage: true });
  check(png_size(fs.readFileSync(round)), 'a PNG of the round');

  check(elsewhere.length === 0, 'requests outside the site: ' + elsewhere.join(', '));
  check(problems.length === 0, 'page errors: ' + problems.join(' | '));
  console.log('doc.site_browser: passed');
}

try {
  await main();
  if (!process.env.DECREE_KEEP_TEMP) fs.rmSync(work, { recursive: true, force: true });
  else console.log('kept ' + work);
} catch (e) {
  console.error(String(e.stack || e));
  console.error('kept ' + work);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  clearTimeout(watchdog);
}
