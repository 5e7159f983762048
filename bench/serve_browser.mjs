#!/usr/bin/env node
// The live preview at scale, in a real browser (issue 21): starts
// `samsyn serve SITE`, measures how long until the first page is answered
// (a start without the parse cache, then a restart that has the one the
// first start kept),
// opens one document in Debian's Chromium (playwright-core from
// tests/e2e/node_modules, as the browser suite drives it), saves its file
// SAVES times as an editor does (write a temporary file, rename it) with a
// new sentence each time, and times each save until the sentence is
// visible in the page. Samples serve's resident memory (VmRSS) every
// 100 ms over the whole run.
//
//   node bench/serve_browser.mjs --site bench/corpus-10000 [--saves 10]
//        [--binary target/release/samsyn] [--curve rss.tsv]
//
// Prints one JSON object: startup_cold_s (start without a parse cache →
// first page answered), startup_s (the same for the restart, measured
// with everything after it),
// save_ms (each save), median_ms, rss_after_mib (after the saves, once
// serve is idle), rss_peak_mib, and the curve [[seconds, MiB], …].
// Needs `npm ci --ignore-scripts` in tests/e2e (tests/e2e/run does it).

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(ROOT, 'tests', 'e2e', 'package.json'));
const { chromium } = require('playwright-core');

function args() {
  const a = { saves: 10, binary: path.join(ROOT, 'target', 'release', 'samsyn'), site: null, curve: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in a)) throw new Error(`unknown option ${argv[i]}`);
    a[key] = key === 'saves' ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!a.site) throw new Error('--site DIR is required');
  return a;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The first routine of the site, by path: its file and its page's path. */
function pickDocument(site) {
  const dir = path.join(site, 'content', 'rutiner');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md') && e.name !== 'index.md' && !e.name.startsWith('.')) files.push(p);
    }
  };
  walk(dir);
  files.sort();
  const file = files[0];
  const rel = path.relative(path.join(site, 'content'), file).replace(/\.md$/, '');
  return { file, urlPath: `${rel.toLowerCase()}/` };
}

/** Saves FILE as an editor does: a temporary file renamed over it. */
function save(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Waits for serve's address line, then for DOC's page; returns its URL. */
async function firstPage(child, doc) {
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/[^\s]+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`samsyn serve exited ${code}:\n${out}`)));
  });
  const url = base + doc.urlPath;
  const first = await fetch(url);
  if (first.status !== 200) throw new Error(`${url}: ${first.status}`);
  await first.arrayBuffer();
  return url;
}

/**
 * A start with no parse cache (as on the first day, or after samsyn was
 * updated): its seconds until DOC's page is answered. Waits until serve
 * has kept its parses, so that the measured start after it is a restart
 * of the same site, as an editor's every later day is.
 */
async function coldStart(a, doc) {
  const cacheDir = path.join(a.site, '.samsyn-cache');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(a.binary, ['serve', a.site, '--port', '0', '--today', '2026-11-22', '-q'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    await firstPage(child, doc);
    const seconds = (performance.now() - started) / 1000;
    const deadline = performance.now() + 300000;
    while (!fs.existsSync(path.join(cacheDir, 'parses'))) {
      if (performance.now() > deadline) throw new Error('serve kept no parse cache');
      await sleep(100);
    }
    return seconds;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  const a = args();
  const doc = pickDocument(a.site);
  const original = fs.readFileSync(doc.file, 'utf8');
  const cold = await coldStart(a, doc);
  const started = performance.now();
  const child = spawn(a.binary, ['serve', a.site, '--port', '0', '--today', '2026-11-22', '-q'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const curve = [];
  const sampler = setInterval(() => {
    const mib = rssMiB(child.pid);
    if (mib !== null) curve.push([(performance.now() - started) / 1000, mib]);
  }, 100);
  let browser;
  try {
    const url = await firstPage(child, doc);
    const startup = (performance.now() - started) / 1000;

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await (await browser.newContext({ locale: 'sv-SE' })).newPage();
    const connected = page.waitForResponse((r) => r.url().includes('__samsyn/events'), { timeout: 30000 });
    await page.goto(url);
    await connected;
    await sleep(500);
    const times = [];
    for (let i = 1; i <= a.saves; i++) {
      const sentence = `Mätningens ändring nummer ${i} syns nu.`;
      const t0 = performance.now();
      save(doc.file, `${original}\n${sentence}\n`);
      await page.waitForFunction((s) => document.body && document.body.innerText.includes(s), sentence,
        { timeout: 60000, polling: 'raf' });
      times.push(performance.now() - t0);
      await sleep(700);
    }
    // Idle after the saves: what serve keeps.
    await sleep(2000);
    const after = rssMiB(child.pid);
    const sorted = [...times].sort((x, y) => x - y);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
    const result = {
      site: a.site,
      saves: a.saves,
      startup_s: Math.round(startup * 100) / 100,
      startup_cold_s: Math.round(cold * 100) / 100,
      save_ms: times.map((t) => Math.round(t)),
      median_ms: Math.round(median),
      rss_after_mib: Math.round(after),
      rss_peak_mib: Math.round(Math.max(...curve.map((c) => c[1]))),
      curve: curve.map(([t, m]) => [Math.round(t * 10) / 10, Math.round(m)]),
    };
    if (a.curve) fs.writeFileSync(a.curve, result.curve.map((c) => c.join('\t')).join('\n') + '\n');
    console.log(JSON.stringify(result));
  } finally {
    clearInterval(sampler);
    save(doc.file, original);
    await browser?.close();
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
