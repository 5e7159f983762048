// 5. It looks right: screenshots of a routine, a role and /reviews/ at 1280
// and 360 px into artifacts/screenshots/, and no horizontal scrolling at
// 360 and 390 px on any page of the demo site (every kind) or of the search page
// with results.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, DESKTOP, PHONE, PHONE_390, ROOT, buildSite, launchBrowser, newPage, serveStatic, sitePages,
} from './lib/setup.mjs';

const SHOTS = path.join(ARTIFACTS, 'screenshots');
const out = buildSite(ROOT, 'layout');
const pages = sitePages(out);
const pick = (kind, preferred) => pages.find((p) => p.url === preferred && p.kind === kind) ||
  pages.find((p) => p.kind === kind && p.status === 'current');
const shots = [
  ['routine', pick('routine', '/rutiner/orosanmalan/')],
  ['role', pick('role', '/roller/kurator/')],
  ['reviews', pick('reviews', '/reviews/')],
];

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await serveStatic(out, '/');
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  console.log(`screenshots: ${SHOTS}`);
});

describe('screenshots', () => {
  for (const [name, p] of shots) {
    for (const viewport of [DESKTOP, PHONE]) {
      test(`${name} ${p?.url} at ${viewport.width} px`, async (t) => {
        assert.ok(p, `the demo site has no page of kind ${name}`);
        const page = await newPage(browser, viewport);
        try {
          await page.goto(server.origin + p.url, { waitUntil: 'networkidle' });
          const file = path.join(SHOTS, `${name}-${viewport.width}.png`);
          await page.screenshot({ path: file, fullPage: true });
          const size = fs.statSync(file).size;
          assert.ok(size > 10000, `${p.url} at ${viewport.width} px: screenshot ${file} is only ${size} bytes`);
          t.diagnostic(file);
          assert.deepEqual(page.errors, [], `${p.url}: JavaScript errors`);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

/** Elements that stick out to the right of the viewport (the culprits of a
 *  horizontal scroll bar). */
async function overflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const result = { scrollWidth: doc.scrollWidth, innerWidth, culprits: [] };
    if (doc.scrollWidth <= innerWidth) return result;
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 && r.width > 0) {
        // Only the outermost: skip elements whose parent also sticks out.
        const pr = e.parentElement.getBoundingClientRect();
        if (pr.right > innerWidth + 0.5 && e.parentElement !== document.body) continue;
        let sel = e.tagName.toLowerCase();
        if (e.id) sel += `#${e.id}`;
        if (typeof e.className === 'string' && e.className.trim()) sel += '.' + e.className.trim().split(/\s+/).join('.');
        result.culprits.push(`${sel} (right edge ${Math.round(r.right)} px) "${(e.textContent || '').trim().slice(0, 40)}"`);
        if (result.culprits.length >= 8) break;
      }
    }
    return result;
  });
}

for (const viewport of [PHONE, PHONE_390]) describe(`no horizontal scrolling at ${viewport.width} px`, () => {
  const targets = pages.map((p) => [p.kind, p.url]);
  targets.push(['search (results)', `/search/?q=${encodeURIComponent('orosanmälan')}`]);
  targets.push(['search (person)', '/search/?q=sara']);
  const kinds = new Set(targets.map(([k]) => k));
  test(`${targets.length} pages of ${kinds.size} kinds`, async (t) => {
    const page = await newPage(browser, viewport);
    const problems = [];
    try {
      for (const [kind, url] of targets) {
        await page.goto(server.origin + url, { waitUntil: 'load' });
        if (url.includes('?q=')) await page.waitForSelector('[data-search][data-state="done"]', { timeout: 10000 });
        const o = await overflow(page);
        if (o.scrollWidth > o.innerWidth) {
          problems.push(`${url} (${kind}): scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}; sticking out: ${o.culprits.join('; ')}`);
        }
      }
    } finally {
      await page.context().close();
    }
    t.diagnostic(`kinds: ${[...kinds].sort().join(', ')}`);
    assert.equal(problems.length, 0, `horizontal scrolling at ${viewport.width} px:\n${problems.join('\n')}`);
  });
});
