// Shared setup of the browser suite: the samsyn binary, sites built into
// temporary folders, a tiny static HTTP server over a built `output` folder
// (so the tests see exactly what gets published), `samsyn serve`, and
// Debian's Chromium driven by playwright-core.
//
// Every test file runs in its own process (node --test), so each one builds
// the sites it needs; a build of the demo site takes about 0.1 s.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E_DIR, '..', '..');
export const BIN = process.env.SAMSYN_BIN || path.join(ROOT, 'target', 'release', 'samsyn');
export const TODAY = '2026-11-22';
export const ARTIFACTS = path.join(E2E_DIR, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
/** A common phone (iPhone 12–15): the screen the reader of a routine has. */
export const PHONE_390 = { width: 390, height: 844 };
export const WIDTHS = [DESKTOP, PHONE, PHONE_390];

/** The release binary; built with cargo if it is missing. */
export function ensureBinary() {
  if (!fs.existsSync(BIN)) {
    const r = spawnSync('cargo', ['build', '--release', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(BIN)) {
      throw new Error(`cargo build --release failed; no binary at ${BIN}`);
    }
  }
  return BIN;
}

const tempDirs = [];
/** A new temporary folder, removed when the process exits. */
export function tempDir(tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `samsyn-e2e-${tag}-`));
  tempDirs.push(dir);
  return dir;
}
process.on('exit', () => {
  if (process.env.SAMSYN_E2E_KEEP) return;
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Runs `samsyn ARGS`; throws with its output when it fails. */
export function samsyn(args, opts = {}) {
  ensureBinary();
  const r = spawnSync(BIN, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    throw new Error(`samsyn ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** Builds SITE_DIR into a new temporary `output` folder; returns its path. */
export function buildSite(siteDir, tag, extra = []) {
  const out = path.join(tempDir(tag), 'output');
  samsyn(['build', siteDir, '-o', out, '--today', TODAY, '--quiet', ...extra]);
  return out;
}

/** Copies a site (site.yaml and its folders) into a new temporary folder,
 *  optionally with another base_url; returns the copy's path. */
export function copySite(siteDir, tag, { baseUrl } = {}) {
  const dest = tempDir(tag);
  for (const name of ['site.yaml', 'content', 'templates', 'themes', 'static']) {
    const from = path.join(siteDir, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dest, name), { recursive: true });
  }
  if (baseUrl) {
    const file = path.join(dest, 'site.yaml');
    let yaml = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (/^base_url:.*$/m.test(yaml)) yaml = yaml.replace(/^base_url:.*$/m, `base_url: ${baseUrl}`);
    else yaml += `\nbase_url: ${baseUrl}\n`;
    fs.writeFileSync(file, yaml);
  }
  return dest;
}

/** A new site made by `samsyn init`: one example of every kind. */
export function initSite(tag = 'init') {
  const dir = path.join(tempDir(tag), 'site');
  samsyn(['init', dir, '--quiet']);
  return dir;
}

/** Every file under DIR, as paths relative to it with forward slashes. */
export function walk(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/** The HTML files of a built site. */
export function htmlFiles(outDir) {
  return walk(outDir).filter((f) => f.endsWith('.html'));
}

/** The URL path (under PREFIX) at which a file of the output is served. */
export function urlPathOf(file, prefix = '/') {
  if (file === 'index.html') return prefix;
  if (file.endsWith('/index.html')) return prefix + file.slice(0, -'index.html'.length);
  return prefix + file;
}

function metaContent(html, name) {
  const re = new RegExp(`<meta\\s+name="${name}"\\s+content="([^"]*)"`);
  const m = re.exec(html);
  return m ? m[1] : null;
}

/** The pages of a built site as read from their `samsyn:kind` and
 *  `samsyn:status` meta tags: [{file, url, kind, status, title}]. The
 *  redirect pages of moved pages' old addresses (aliases) are left out:
 *  a browser leaves them at once (redirects.test.mjs checks them). */
export function sitePages(outDir, prefix = '/') {
  const pages = htmlFiles(outDir).map((file) => {
    const html = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (/<meta http-equiv="refresh"/.test(html)) return null;
    const title = (/<title>([^<]*)<\/title>/.exec(html) || [])[1] || '';
    return {
      file,
      url: urlPathOf(file, prefix),
      kind: metaContent(html, 'samsyn:kind'),
      status: metaContent(html, 'samsyn:status'),
      title,
    };
  });
  return pages.filter(Boolean);
}

/** One page of every kind (the start page as kind "start"), plus one
 *  document of every review status other than "current" (their notices
 *  have colours of their own). Sorted by URL within a kind. */
export function samplePages(outDir, prefix = '/') {
  const pages = sitePages(outDir, prefix);
  const picked = new Map();
  const add = (key, p) => {
    if (p && !picked.has(key)) picked.set(key, { ...p, label: key });
  };
  add('start', pages.find((p) => p.file === 'index.html'));
  // The list of all contact lists shares the kind "contacts" with the lists.
  add('contacts index', pages.find((p) => p.file === 'contacts/index.html'));
  // Prefer a current document as the example of its kind.
  const rank = (p) => (p.status === 'current' ? 0 : 1);
  const byKind = [...pages].filter((p) => p.file !== 'index.html' && p.file !== 'contacts/index.html')
    .sort((a, b) => rank(a) - rank(b) || a.url.localeCompare(b.url));
  for (const p of byKind) add(p.kind, p);
  for (const p of pages) {
    if (p.status && !['current', 'none', ''].includes(p.status) && DOCUMENT_KINDS.includes(p.kind)) {
      add(`${p.kind} (${p.status})`, p);
    }
  }
  const seenStatus = new Set();
  return [...picked.values()].filter((p) => {
    // One page per non-current status is enough.
    const m = /\((\w+)\)$/.exec(p.label);
    if (!m) return true;
    if (seenStatus.has(m[1])) return false;
    seenStatus.add(m[1]);
    return true;
  });
}

export const DOCUMENT_KINDS = ['agreement', 'guideline', 'routine', 'plan', 'policy', 'report'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.bin': 'application/octet-stream',
};

/** A static file server over ROOT mounted at PREFIX (a base_url such as
 *  "/" or "/intranet/bus/") on 127.0.0.1 and an ephemeral port. Misses get
 *  the site's 404.html with status 404; folders without a trailing slash
 *  redirect. Returns {origin, url, requests, close}. */
export async function serveStatic(root, prefix = '/') {
  const requests = [];
  const notFound = (res) => {
    const page = path.join(root, '404.html');
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(fs.existsSync(page) ? fs.readFileSync(page) : 'not found');
  };
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname + '/' === prefix) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!pathname.startsWith(prefix) || pathname.includes('\0')) return notFound(res);
    const rel = pathname.slice(prefix.length);
    const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
    let target = file;
    let stat = fs.statSync(target, { throwIfNoEntry: false });
    if (stat && stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' }).end();
        return;
      }
      target = path.join(target, 'index.html');
      stat = fs.statSync(target, { throwIfNoEntry: false });
    }
    if (!stat || !stat.isFile()) return notFound(res);
    const type = TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'content-length': stat.size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(target).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** Starts `samsyn serve SITE_DIR --port 0` and waits for its address. */
export async function startServe(siteDir) {
  ensureBinary();
  const child = spawn(BIN, ['serve', siteDir, '--port', '0', '--today', TODAY], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`samsyn serve printed no address in 30 s:\n${out}\n${err}`)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      // "Visar … på http://…" (Swedish, the default) or "Serving … at http://…".
      const m = /(?:at|på) (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`samsyn serve exited ${code} before serving:\n${out}\n${err}`));
    });
  });
  return {
    url,
    output: () => out + err,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Debian's Chromium, started as this machine needs (env notes). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page at VIEWPORT that fails the test on a JavaScript error. */
export async function newPage(browser, viewport = DESKTOP, opts = {}) {
  const context = await browser.newContext({ viewport, locale: 'sv-SE', ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console: ${m.text()}`);
  });
  return page;
}

/** The demo site (the repository root) built with base_url "/" and served. */
export async function demoSite(tag = 'demo') {
  const out = buildSite(ROOT, tag);
  const server = await serveStatic(out, '/');
  return { out, server, prefix: '/', url: (p) => server.origin + p };
}
