// 1. Accessibility: axe-core with the WCAG 2.0/2.1 A and AA tags finds no
// violation on one page of every kind (read from the built pages'
// samsyn:kind meta tags), on one document of every review status, on the
// search page (empty, with results, with a suggestion, with a filter) and on
// the phone menu opened, at 1280 px, 360 px and 390 px; on the demo site, on
// the starter site `samsyn init` makes and on the pages the register of
// laws adds (tests/fixtures/laws: a repealed law, a document citing it, a
// role's agenda, a vacant role, /reviews/ and /roles/ marking them); and
// the demo site at 360 px with the site's scripts blocked.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ROOT, WIDTHS, PHONE, buildSite, initSite, launchBrowser, newPage, samplePages, serveStatic,
} from './lib/setup.mjs';
import { formatViolations, recordRules, runAxe } from './lib/axe.mjs';

const demoOut = buildSite(ROOT, 'a11y-demo');
const initOut = buildSite(initSite('a11y-init'), 'a11y-init');
const lawsOut = buildSite(path.join(ROOT, 'tests/fixtures/laws'), 'a11y-laws');
const demoPages = samplePages(demoOut);
const initPages = samplePages(initOut);
// What the laws fixture shows that the demo's sample pages may not.
const lawPages = [
  '/lagar/sol-gamla/', '/rutiner/gammal/', '/roller/rektor/', '/roller/kurator/', '/reviews/', '/roles/',
];

test('the pages checked include the tag pages and the offline page', () => {
  const kinds = new Set(demoPages.map((p) => p.kind));
  for (const kind of ['tags', 'tag', 'offline']) assert.ok(kinds.has(kind), `a page of kind ${kind}`);
});

let browser;
let demo;
let starter;
let laws;
const rules = new Set();
let axeVersion;
let runs = 0;

before(async () => {
  browser = await launchBrowser();
  demo = await serveStatic(demoOut, '/');
  starter = await serveStatic(initOut, '/');
  laws = await serveStatic(lawsOut, '/');
});

after(async () => {
  recordRules('a11y', rules, axeVersion, runs);
  console.log(`axe-core ${axeVersion}: ${rules.size} rules run over ${runs} page views`);
  await browser?.close();
  await demo?.close();
  await starter?.close();
  await laws?.close();
});

/** Opens URL at VIEWPORT, lets PREPARE act on the page, runs axe and fails
 *  with every violation (page URL, rule, selector). */
async function check(url, viewport, prepare, { noScript = false } = {}) {
  const page = await newPage(browser, viewport);
  // Without the site's scripts (axe itself still runs).
  if (noScript) await page.route(/\.js(\?|$)/, (route) => route.abort());
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.ok(response, `${url}: no response`);
    if (prepare) await prepare(page);
    const { violations, rules: ran, version } = await runAxe(page);
    axeVersion = version;
    runs += 1;
    for (const r of ran) rules.add(r);
    const where = `${page.url()} at ${viewport.width} px${noScript ? ' without JavaScript' : ''}`;
    assert.equal(violations.length, 0, `axe violations on ${where}:\n${formatViolations(where, violations)}`);
    if (!noScript) assert.deepEqual(page.errors, [], `JavaScript errors on ${where}`);
  } finally {
    await page.context().close();
  }
}

async function searchDone(page) {
  await page.waitForSelector('[data-search][data-state="done"]', { timeout: 10000 });
}

for (const viewport of WIDTHS) {
  describe(`demo site at ${viewport.width} px`, () => {
    for (const p of demoPages) {
      test(`${p.label}: ${p.url}`, () => check(demo.origin + p.url, viewport));
    }
    test('search with results shown: /search/?q=orosanmälan', () =>
      check(`${demo.origin}/search/?q=${encodeURIComponent('orosanmälan')}`, viewport, async (page) => {
        await searchDone(page);
        await page.waitForSelector('#sok-traffar .search-hit mark');
        // The count is announced after a pause; check the page with it.
        await page.waitForFunction(() => document.getElementById('sok-status').textContent.trim() !== '');
      }));
    test('search with a filter and hidden expired results: /search/?q=plan&kind=plan', () =>
      check(`${demo.origin}/search/?q=plan&kind=plan`, viewport, async (page) => {
        await searchDone(page);
        await page.waitForSelector('#sok-traffar .search-hit');
      }));
    test('search with near matches: /search/?q=orosanmälning', () =>
      check(`${demo.origin}/search/?q=${encodeURIComponent('orosanmälning')}`, viewport, async (page) => {
        await searchDone(page);
        await page.waitForSelector('#sok-traffar .search-hit__near');
      }));
    test('search with no results and a suggestion: /search/?q=qrosanmälan', () =>
      check(`${demo.origin}/search/?q=${encodeURIComponent('qrosanmälan')}`, viewport, async (page) => {
        await searchDone(page);
      }));
    if (viewport === PHONE) {
      test('phone menu opened: /', () =>
        check(`${demo.origin}/`, viewport, async (page) => {
          const toggle = page.locator('.nav-toggle');
          await toggle.click();
          assert.equal(await toggle.getAttribute('aria-expanded'), 'true', '/: .nav-toggle did not open the menu');
        }));
      test('documents filter unfolded: /documents/', () =>
        check(`${demo.origin}/documents/`, viewport, async (page) => {
          const summary = page.locator('#samsyn-filter summary, details summary').first();
          if (await summary.count()) await summary.click();
        }));
    }
  });

  describe(`register of laws (tests/fixtures/laws) at ${viewport.width} px`, () => {
    for (const url of lawPages) {
      test(url, () => check(laws.origin + url, viewport));
    }
  });

  describe(`starter site (samsyn init) at ${viewport.width} px`, () => {
    for (const p of initPages) {
      test(`${p.label}: ${p.url}`, () => check(starter.origin + p.url, viewport));
    }
  });
}

// Every page works without JavaScript (the menu is open, tables are not
// wrapped by the script, search shows its list of documents).
describe(`demo site without JavaScript at ${PHONE.width} px`, () => {
  for (const p of demoPages) {
    test(`${p.label}: ${p.url}`, () => check(demo.origin + p.url, PHONE, null, { noScript: true }));
  }
});
