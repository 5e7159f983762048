#!/usr/bin/env node
// Measures samsyn's search on the generated benchmark corpus (issue 4):
//
//   1. bytes transferred before the first results of a one-word query, cold
//      cache (headless Chromium, fresh browser context per query);
//   2. time from the last keystroke to the results painted, warm (median);
//   3. index size on disk per document;
//   4. the time and memory indexing adds to a build (via the `measure` test
//      of tests/search.rs, which times `search::build` alone).
//
//   node bench/search/measure.mjs [--docs 10000] [--corpus DIR] [--skip-build] [--skip-index]
//
// Needs: a release binary (cargo build --release), python3 and
// ../shared/bench/gen_corpus.py (for the corpus), /usr/bin/chromium and
// tests/e2e/node_modules (run tests/e2e/run once, or npm ci there).
// The machine may be shared: quote medians, and CPU time next to wall time.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(`--${name}`);
const DOCS = Number(opt('docs', '10000'));
const CORPUS = path.resolve(opt('corpus', `/tmp/samsyn-corpus-${DOCS}`));
const OUT = path.join(CORPUS, 'output');
const BIN = process.env.SAMSYN_BIN || path.join(ROOT, 'target', 'release', 'samsyn');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const GEN = path.resolve(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
const COLD_QUERIES = ['kurator', 'plan', 'socialtjänst', 'skolan', 'samverkan'];
const WARM_QUERIES = ['kurator', 'elevhälsa', 'rektor', 'handlingsplan', 'skolgång', 'frånvaro', 'polis', 'mottagning',
  'familj', 'utredning', 'samsyn', 'tillit'];

const { chromium } = await import(path.join(ROOT, 'tests', 'e2e', 'node_modules', 'playwright-core', 'index.mjs'));

function run(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------- corpus and build ----------

if (!fs.existsSync(path.join(CORPUS, 'content'))) {
  console.log(`== generating ${DOCS} documents into ${CORPUS}`);
  run('python3', [GEN, CORPUS, '--docs', String(DOCS)]);
}
if (!flag('skip-build') || !fs.existsSync(path.join(OUT, 'search', 'index.json'))) {
  console.log('== samsyn build --verbose');
  const out = run(BIN, ['build', CORPUS, '-o', OUT, '--today', '2026-11-22', '--verbose']);
  console.log(out.trim().split('\n').filter((l) => /Built|load|render|write/.test(l)).map((l) => `   ${l.trim()}`).join('\n'));
}

// ---------- sizes on disk ----------

function sizes(dir) {
  let bytes = 0;
  let files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const s = sizes(p);
      bytes += s.bytes;
      files += s.files;
    } else if (!(dir === path.join(OUT, 'search') && e.name === 'index.html')) {
      bytes += fs.statSync(p).size;
      files += 1;
    }
  }
  return { bytes, files };
}
const meta = JSON.parse(fs.readFileSync(path.join(OUT, 'search', 'index.json'), 'utf8'));
const all = sizes(path.join(OUT, 'search'));
const frags = sizes(path.join(OUT, 'search', 'd'));
const shards = sizes(path.join(OUT, 'search', 'p'));
const index = all.bytes - frags.bytes;
console.log(`\n== index on disk (${meta.entries} entries: pages and contact-list persons, ${meta.keys} keys)`);
console.log(`   index (vocabulary, docs.bin, index.json, ${shards.files} shards): ${kib(index)} = ${(index / meta.entries).toFixed(0)} B/entry`);
console.log(`   snippet text (d/, one file per entry):  ${kib(frags.bytes)} = ${(frags.bytes / meta.entries).toFixed(0)} B/entry`);
console.log(`   total: ${kib(all.bytes)} in ${all.files} files = ${(all.bytes / meta.entries).toFixed(0)} B/entry`);

// ---------- indexing time and memory ----------

if (!flag('skip-index')) {
  console.log('\n== indexing time and memory (cargo test --release --test search -- --ignored measure)');
  const out = run('cargo', ['test', '--release', '--quiet', '--test', 'search', '--', '--ignored', '--nocapture', 'measure'],
    { SAMSYN_BENCH_SITE: CORPUS });
  console.log(out.split('\n').filter((l) => /compile|search index|steps|writing|memory/.test(l)).map((l) => `   ${l.trim()}`).join('\n'));
}

// ---------- a static server that counts bytes ----------

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream', '.xml': 'application/xml', '.svg': 'image/svg+xml' };
let served = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let p = path.join(OUT, decodeURIComponent(url.pathname));
  if (!p.startsWith(OUT)) {
    res.writeHead(400).end();
    return;
  }
  if (fs.existsSync(p) && fs.statSync(p).isDirectory()) p = path.join(p, 'index.html');
  if (!fs.existsSync(p)) {
    res.writeHead(404).end();
    return;
  }
  const body = fs.readFileSync(p);
  served.push({ path: url.pathname, bytes: body.length });
  // No compression, cacheable like a plain static host.
  res.writeHead(200, { 'content-type': TYPES[path.extname(p)] || 'application/octet-stream', 'cache-control': 'max-age=3600' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });

async function waitResults(page, q) {
  await page.waitForFunction((query) => {
    const last = window.samsynSearch && window.samsynSearch.last;
    return last && last.query === query && document.querySelector('[data-search]').getAttribute('data-state') === 'done';
  }, q, { timeout: 60000 });
}

// ---------- 1. cold one-word queries ----------

console.log('\n== cold one-word query: bytes transferred before the first results are painted');
const cold = [];
for (const q of COLD_QUERIES) {
  for (const how of ['typed', 'url']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    served = [];
    const t0 = Date.now();
    if (how === 'url') {
      await page.goto(`${origin}/search/?q=${encodeURIComponent(q)}`);
    } else {
      await page.goto(`${origin}/search/`);
      await page.locator('#sok-sida').pressSequentially(q, { delay: 40 });
    }
    await waitResults(page, q);
    const ms = Date.now() - t0;
    const count = await page.evaluate(() => window.samsynSearch.last.count);
    const idx = served.filter((s) => s.path.startsWith('/search/') && s.path !== '/search/');
    const bytes = (f) => idx.filter(f).reduce((n, s) => n + s.bytes, 0);
    const row = {
      q, how, count, ms,
      index: bytes(() => true),
      base: bytes((s) => /index\.json|vocab|docs\.bin/.test(s.path)),
      shards: bytes((s) => s.path.includes('/p/')),
      nShards: idx.filter((s) => s.path.includes('/p/')).length,
      frags: bytes((s) => s.path.includes('/d/')),
      nFrags: idx.filter((s) => s.path.includes('/d/')).length,
      page: served.filter((s) => !idx.includes(s)).reduce((n, s) => n + s.bytes, 0),
    };
    cold.push(row);
    console.log(`   ${q.padEnd(13)} ${how.padEnd(5)} ${String(count).padStart(5)} hits: index ${kib(row.index)} ` +
      `(index.json+vocab+docs.bin ${kib(row.base)}, ${row.nShards} shards ${kib(row.shards)}, ${row.nFrags} entries ${kib(row.frags)}); ` +
      `page, CSS, JS ${kib(row.page)}; ${ms} ms`);
    await ctx.close();
  }
}
console.log(`   largest: ${kib(Math.max(...cold.map((r) => r.index)))} of index files ` +
  `(${kib(Math.max(...cold.map((r) => r.index + r.page)))} with the page itself); target ≤ 300 KB`);

// ---------- 2. warm keystroke → results painted ----------

console.log('\n== warm: last keystroke → results painted');
{
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${origin}/search/`);
  await page.evaluate(() => {
    window.__lat = [];
    const input = document.getElementById('sok-sida');
    input.addEventListener('keydown', () => { window.__key = performance.now(); }, true);
    document.addEventListener('samsyn:results', (e) => {
      const key = window.__key;
      const q = e.detail.query;
      // After the next frame is painted.
      requestAnimationFrame(() => setTimeout(() => window.__lat.push({ q, ms: performance.now() - key }), 0));
    });
  });
  const lat = [];
  for (const q of WARM_QUERIES) {
    // Warm up: the query's shards and first results are loaded once.
    await page.fill('#sok-sida', q);
    await waitResults(page, q);
    for (let round = 0; round < 3; round++) {
      await page.fill('#sok-sida', '');
      await page.waitForFunction(() => document.querySelector('[data-search]').getAttribute('data-state') === 'empty');
      await page.evaluate(() => { window.__lat = []; });
      await page.locator('#sok-sida').pressSequentially(q, { delay: 60 });
      await waitResults(page, q);
      await page.waitForFunction((query) => window.__lat.some((x) => x.q === query), q);
      const ms = await page.evaluate((query) => window.__lat.filter((x) => x.q === query).pop().ms, q);
      lat.push(ms);
    }
  }
  await ctx.close();
  const s = [...lat].sort((a, b) => a - b);
  console.log(`   ${lat.length} queries typed: median ${median(lat).toFixed(1)} ms, p90 ${s[Math.floor(s.length * 0.9)].toFixed(1)} ms, ` +
    `max ${s[s.length - 1].toFixed(1)} ms; target ≤ 50 ms median`);
}

await browser.close();
server.close();
