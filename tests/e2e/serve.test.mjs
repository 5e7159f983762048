// 8. Live reload (issue 5): `samsyn serve` on a temporary copy of the
// starter site; an open page shows its new text in place after its
// Markdown file is saved (issue 21: no new document), keeps its scroll
// position and is set up by samsyn.js again; a save that
// breaks the site shows the error overlay over the open page and the fix
// clears it; a CSS-only change swaps the stylesheet without a reload.
// Serve started on a broken site (issue 19) shows the overlay on the page
// asked for, and the first good save shows that page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, initSite, launchBrowser, newPage, startServe } from './lib/setup.mjs';

const site = initSite('serve');
const ROUTINE_MD = path.join(site, 'content', 'rutiner', 'exempelrutin.md');
const ROUTINE_URL = 'rutiner/exempelrutin/';
// A longer text, so the page can be scrolled.
const original = fs.readFileSync(ROUTINE_MD, 'utf8') +
  Array.from({ length: 40 }, (_, i) => `\nStycke ${i + 1} av en lång rutin, så att sidan går att rulla.\n`).join('');
fs.writeFileSync(ROUTINE_MD, original);
// The theme's stylesheet copied into the site (before serve starts), so a
// test can change it.
const CSS_FILE = path.join(site, 'themes', 'default', 'static', 'samsyn.css');
const CSS = fs.readFileSync(path.join(ROOT, 'themes', 'default', 'static', 'samsyn.css'), 'utf8');
fs.mkdirSync(path.dirname(CSS_FILE), { recursive: true });
fs.writeFileSync(CSS_FILE, CSS);

let browser;
let server;

before(async () => {
  browser = await launchBrowser();
  server = await startServe(site);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Saves FILE as an editor would: write a temporary file, then rename. */
function save(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Marks the current document, so a reload (a new document) can be told
 *  from the same one. */
async function mark(page) {
  await page.evaluate(() => { window.__samsynE2eMark = true; });
}
const sameDocument = (page) => page.evaluate(() => window.__samsynE2eMark === true);

/** Opens URL and waits for the live-reload connection to be up. */
async function openLive(page, url) {
  const connected = page.waitForResponse((r) => r.url().includes('__samsyn/events'), { timeout: 10000 });
  await page.goto(url);
  await connected.catch(() => assert.fail(`${url}: the page did not connect to __samsyn/events`));
  // Let the EventSource receive its first event.
  await page.waitForTimeout(300);
}

test('an open page shows its saved text in place, without a reload, and keeps its scroll position', async () => {
  const url = server.url + ROUTINE_URL;
  const page = await newPage(browser, { width: 1280, height: 600 });
  try {
    await openLive(page, url);
    assert.ok(await page.locator('script[src*="__samsyn/live.js"]').count(), `${url}: no live-reload script __samsyn/live.js in the page`);
    await page.evaluate(() => window.scrollTo(0, 700));
    await page.waitForFunction(() => Math.abs(window.scrollY - 700) < 2);
    await mark(page);
    const loads = [];
    page.on('load', () => loads.push(Date.now()));
    const saved = Date.now();
    save(ROUTINE_MD, original.replace('Första steget.', 'Första steget, ändrat av webbläsartestet.'));
    await page.waitForFunction(() => document.body && document.body.innerText.includes('ändrat av webbläsartestet'), null, { timeout: 15000 })
      .catch(() => assert.fail(`${url}: the page did not show the saved text within 15 s (serve printed:\n${server.output()})`));
    const ms = Date.now() - saved;
    assert.equal(await sameDocument(page), true, `${url}: the page was reloaded to show the saved text, not updated in place`);
    assert.deepEqual(loads, [], `${url}: a load event after the save`);
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(y - 700) < 50, `${url}: scroll position after the update is ${y}, was 700`);
    // samsyn.js set up the new body as it does a loaded page.
    const setUp = await page.evaluate(() => ({
      menuButton: document.querySelector('.nav-toggle')?.hidden === false,
      internalLinks: document.querySelectorAll('a[data-internal]').length,
      toc: document.querySelector('details[data-toc]')?.open ?? null,
    }));
    assert.equal(setUp.menuButton, true, `${url}: the menu button of the new body was not set up`);
    assert.ok(setUp.internalLinks > 0, `${url}: the new body's internal links were not marked for print`);
    assert.notEqual(setUp.toc, false, `${url}: the table of contents is folded on a wide screen after the update`);
    console.log(`live preview: save → new text shown in place in ${ms} ms`);
    assert.deepEqual(page.errors, [], `${url}: JavaScript errors`);
  } finally {
    await page.context().close();
  }
});

test('/documents/ updated in place keeps the reader\'s filter, and the new filter works', async () => {
  const url = server.url + 'documents/';
  const page = await newPage(browser, { width: 1280, height: 800 });
  const md = path.join(site, 'content', 'policyer', 'exempelpolicy.md');
  const before = fs.readFileSync(md, 'utf8');
  const title = /^title: *(.+)$/m.exec(before)[1].replace(/^["']|["']$/g, '');
  try {
    await openLive(page, url);
    const shown = () => page.evaluate(() => [...document.querySelectorAll('#samsyn-dokumenttabell tbody tr')].filter((tr) => !tr.hidden).length);
    const all = await shown();
    await page.selectOption('#filter-kind', 'policy');
    const policies = await shown();
    assert.ok(policies > 0 && policies < all, `${url}: filtering by kind shows ${policies} of ${all} rows`);
    await mark(page);
    save(md, before.replace(/^title: *.+$/m, `title: ${title} i ny lydelse`));
    await page.waitForFunction((t) => document.body.innerText.includes(t), `${title} i ny lydelse`, { timeout: 15000 })
      .catch(() => assert.fail(`${url}: the new title was not shown within 15 s (serve printed:\n${server.output()})`));
    assert.equal(await sameDocument(page), true, `${url}: reloaded instead of updated in place`);
    assert.equal(await page.inputValue('#filter-kind'), 'policy', `${url}: the filter choice was lost in the update`);
    assert.equal(await shown(), policies, `${url}: the kept filter is not applied to the new table`);
    await page.selectOption('#filter-kind', '');
    assert.equal(await shown(), all, `${url}: the new body's filter does not answer`);
    assert.deepEqual(page.errors, [], `${url}: JavaScript errors`);
  } finally {
    save(md, before);
    await page.context().close();
  }
});

test('a page that did not change is not reloaded by a save of another page', async () => {
  const url = server.url + 'roller/samordnare/';
  const page = await newPage(browser);
  try {
    await openLive(page, url);
    await mark(page);
    const other = path.join(site, 'content', 'policyer', 'exempelpolicy.md');
    const before = fs.readFileSync(other, 'utf8');
    save(other, before + '\nEtt nytt stycke i policyn.\n');
    // Wait for the rebuild to be served, then a little for any reload.
    const policyUrl = server.url + 'policyer/exempelpolicy/';
    const deadline = Date.now() + 10000;
    for (;;) {
      const text = await (await fetch(policyUrl)).text();
      if (text.includes('Ett nytt stycke i policyn.')) break;
      assert.ok(Date.now() < deadline, `${policyUrl}: the saved text was not served within 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.waitForTimeout(1000);
    assert.equal(await sameDocument(page), true, `${url}: reloaded after a save of a page it does not show`);
  } finally {
    await page.context().close();
  }
});

test('a broken save shows the error overlay on the open page; fixing it clears the overlay', async () => {
  const url = server.url + ROUTINE_URL;
  const page = await newPage(browser);
  const good = fs.readFileSync(ROUTINE_MD, 'utf8');
  try {
    await openLive(page, url);
    // A reference to a role that does not exist.
    save(ROUTINE_MD, good.replace('owner: samordnare', 'owner: finns-inte'));
    const overlay = page.locator('#samsyn-error-overlay');
    await overlay.waitFor({ timeout: 15000 })
      .catch(() => assert.fail(`${url}: no error overlay #samsyn-error-overlay within 15 s after a broken save`));
    const where = await overlay.locator('.samsyn-error-location').first().innerText();
    assert.match(where, /exempelrutin\.md:\d+/, `${url}: the overlay does not name file:line (says "${where}")`);
    assert.match(await overlay.innerText(), /finns-inte/, `${url}: the overlay does not show the offending reference`);
    // In the site's language (Swedish here), with the terminal's words:
    // its heading, its closing sentence as the note, "tips:" before a hint.
    const heading = await overlay.locator('#samsyn-error-title').innerText();
    assert.equal(heading, 'Webbplatsen kunde inte byggas', `${url}: the overlay's heading says "${heading}"`);
    const kept = await overlay.locator('#samsyn-error-note').innerText();
    assert.match(kept, /^Den senaste fungerande versionen visas fortfarande/, `${url}: the overlay's note says "${kept}"`);
    const message = await overlay.locator('.samsyn-error-message').first().innerText();
    assert.match(message, /det finns ingen sida av sorten `role` med id:t `finns-inte`/, `${url}: the overlay's message says "${message}"`);
    assert.match(await overlay.innerText(), /tips: /, `${url}: the overlay's hint has no "tips:" label`);
    // The last good build is still served.
    const res = await fetch(url);
    assert.equal(res.status, 200, `${url}: not served after a broken save`);
    save(ROUTINE_MD, good);
    await overlay.waitFor({ state: 'detached', timeout: 15000 })
      .catch(() => assert.fail(`${url}: the overlay stayed after the fix`));
  } finally {
    await page.context().close();
    save(ROUTINE_MD, good);
  }
});

test('a CSS-only change swaps the stylesheet without reloading the page', async () => {
  const url = server.url + ROUTINE_URL;
  const page = await newPage(browser);
  try {
    await openLive(page, url);
    await mark(page);
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    save(CSS_FILE, CSS + '\nbody { background-color: rgb(1, 2, 3) !important; }\n');
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)', null, { timeout: 15000 })
      .catch(() => assert.fail(`${url}: the changed stylesheet was not applied within 15 s (background still ${before})`));
    assert.equal(await sameDocument(page), true, `${url}: the page reloaded for a CSS-only change`);
  } finally {
    await page.context().close();
  }
});

test('a templates/ folder created while serving is watched too', async () => {
  const extra = path.join(site, 'templates');
  assert.ok(!fs.existsSync(extra));
  const page = await newPage(browser);
  const url = server.url + ROUTINE_URL;
  try {
    await openLive(page, url);
    fs.mkdirSync(extra);
    await new Promise((r) => setTimeout(r, 1000));
    const base = await (await fetch(server.url + 'static/samsyn.css')).text();
    assert.ok(base.length > 0);
    // Now a template in the new folder: the page must change.
    const tpl = fs.readFileSync(path.join(ROOT, 'themes', 'default', 'templates', 'base.html'), 'utf8');
    save(path.join(extra, 'base.html'), tpl.replace('Hoppa till innehållet', 'Hoppa till texten'));
    await page.waitForFunction(() => document.querySelector('.skip-link')?.textContent === 'Hoppa till texten', null, { timeout: 10000 })
      .catch(() => assert.fail(`${url}: a template saved in a templates/ folder made while serving was not used within 10 s`));
  } finally {
    await page.context().close();
    fs.rmSync(extra, { recursive: true, force: true });
  }
});

test('serve started on a broken site shows the error overlay on the page asked for; the first good save shows that page', async () => {
  const broken = initSite('serve-broken');
  const md = path.join(broken, 'content', 'rutiner', 'exempelrutin.md');
  const good = fs.readFileSync(md, 'utf8');
  fs.writeFileSync(md, good.replace('owner: samordnare', 'owner: finns-inte'));
  const srv = await startServe(broken);
  const page = await newPage(browser);
  const url = srv.url + ROUTINE_URL;
  try {
    const res = await fetch(url);
    assert.equal(res.status, 503, `${url}: with no good build yet, not 503`);
    await openLive(page, url);
    const overlay = page.locator('#samsyn-error-overlay');
    await overlay.waitFor({ timeout: 15000 })
      .catch(() => assert.fail(`${url}: no error overlay on a site that has never built (serve printed:\n${srv.output()})`));
    const text = await overlay.innerText();
    assert.match(text, /finns-inte/, `${url}: the overlay does not show the offending reference`);
    assert.match(await overlay.locator('.samsyn-error-location').first().innerText(), /exempelrutin\.md:\d+/);
    // The overlay says what the terminal said: no good build yet.
    const note = await page.locator('#samsyn-error-note').innerText();
    assert.match(note, /inte gått att bygga/, `${url}: the overlay's note is "${note}"`);
    assert.ok(srv.output().includes(note), `the terminal did not print the overlay's words "${note}":\n${srv.output()}`);
    assert.ok(!/senaste fungerande versionen visas/i.test(srv.output()), `the terminal claims a last good build:\n${srv.output()}`);
    await mark(page);
    const saved = Date.now();
    save(md, good);
    await page.waitForFunction(() => document.querySelector('meta[name="samsyn:kind"]')?.content === 'routine', null, { timeout: 15000 })
      .catch(() => assert.fail(`${url}: the routine was not shown within 15 s of the fix, without a manual reload (serve printed:\n${srv.output()})`));
    console.log(`no good build yet: fix saved → the page asked for shown in ${Date.now() - saved} ms`);
    assert.equal(await sameDocument(page), false, `${url}: the site appeared without a reload`);
    assert.equal(page.url(), url, 'the page reloaded to another address');
    assert.equal(await overlay.count(), 0, `${url}: the overlay stayed after the fix`);
    assert.match(await page.locator('main').innerText(), /Första steget/);
    const jsErrors = page.errors.filter((e) => !/status of 503/.test(e));
    assert.deepEqual(jsErrors, [], `${url}: JavaScript errors`);
  } finally {
    await page.context().close();
    await srv.stop();
  }
});

test('/documents/ with a failing template says what failed, live; the save that mends it shows the list', async () => {
  // The lists of every document are rendered when asked for, so their
  // template fails at the request, not in the build.
  const extra = path.join(site, 'templates');
  const file = path.join(extra, 'documents.html');
  const template = fs.readFileSync(path.join(ROOT, 'themes', 'default', 'templates', 'documents.html'), 'utf8');
  const url = server.url + 'documents/';
  const page = await newPage(browser);
  try {
    fs.mkdirSync(extra, { recursive: true });
    await new Promise((r) => setTimeout(r, 1000));
    save(file, template.replace('{% block content %}', '{% block content %}{{ documents.finns_inte.alls }}'));
    const deadline = Date.now() + 15000;
    while ((await fetch(url)).status !== 500) {
      assert.ok(Date.now() < deadline, `${url}: the failing template did not fail the list within 15 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await openLive(page, url);
    const said = await page.locator('pre').innerText();
    assert.match(said, /documents\/index\.html/, `${url}: the error page does not name the list (says "${said}")`);
    assert.match(said, /documents\.html/, `${url}: the error page does not name the template (says "${said}")`);
    save(file, template.replace('<h1>Alla dokument</h1>', '<h1>Alla våra dokument</h1>'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Alla våra dokument'), null, { timeout: 15000 })
      .catch(() => assert.fail(`${url}: the mended list was not shown within 15 s (serve printed:\n${server.output()})`));
    const jsErrors = page.errors.filter((e) => !/status of 500 \(Internal Server Error\)/.test(e));
    assert.deepEqual(jsErrors, [], `${url}: JavaScript errors`);
  } finally {
    await page.context().close();
    fs.rmSync(extra, { recursive: true, force: true });
  }
});
