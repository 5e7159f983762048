// Offline reading (issue 16): a built site's service worker keeps the
// pages a reader opened, with their stylesheets and scripts. Offline, a
// kept routine is shown with a notice saying when it was saved; a page
// never opened gets the site's offline page; a new build replaces the
// cache; it works under a sub-folder base_url; `offline: false` and
// `samsyn serve` register nothing.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { formatViolations, runAxe } from './lib/axe.mjs';
import {
  ROOT, TODAY, copySite, launchBrowser, newPage, samsyn, serveStatic, startServe,
} from './lib/setup.mjs';

const ROUTINE = 'rutiner/sip/';
const OTHER = 'rutiner/hog-franvaro/';

let browser;
const closers = [];

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const close of closers) await close();
});

/** A copy of the demo site built into its own output folder and served
 *  under PREFIX; `rebuild()` builds it again into the same folder. */
async function builtSite(tag, prefix = '/', yaml = '') {
  const dir = copySite(ROOT, tag, prefix === '/' ? {} : { baseUrl: prefix });
  if (yaml) fs.appendFileSync(path.join(dir, 'site.yaml'), `\n${yaml}\n`);
  const out = path.join(dir, 'output');
  const rebuild = () => samsyn(['build', dir, '-o', out, '--today', TODAY, '--quiet']);
  rebuild();
  const server = await serveStatic(out, prefix);
  closers.push(server.close);
  return { dir, out, server, rebuild, url: (p) => server.url + p };
}

/** Opens URL and waits until the service worker controls the page and
 *  has kept it. */
async function openAndKeep(page, url) {
  await page.goto(url);
  await kept(page, url);
  // Once more, as a reader goes on reading: the worker now answers the
  // page itself (and DevTools' offline emulation has reached it).
  await page.reload();
  await kept(page, url);
}

/** Polls FN (run in the page, with ARG) until it gives true: the worker
 *  and caches answer only through promises, which waitForFunction does
 *  not wait for. */
async function until(page, what, fn, arg) {
  const end = Date.now() + 15000;
  while (!(await page.evaluate(fn, arg))) {
    assert.ok(Date.now() < end, `timed out waiting until ${what}`);
    await page.waitForTimeout(200);
  }
}

async function kept(page, url) {
  await until(page, `${url} is kept`, async (href) => {
    const registration = await navigator.serviceWorker.getRegistration();
    if (!navigator.serviceWorker.controller || registration?.active?.state !== 'activated') return false;
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      if (await cache.match(href)) return true;
    }
    return false;
  }, url);
}

/** Takes the reader offline: the browser's offline emulation, and the
 *  site's server goes away too, as the network does in a basement. */
async function goOffline(page, site) {
  await page.context().setOffline(true);
  await site.server.close();
}

/** Fails with axe's violations on PAGE as it is now. */
async function noViolations(page, what) {
  const { violations } = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(what, violations));
}

/** The names of this origin's caches. */
const cacheNames = (page) => page.evaluate(async () => [...await caches.keys()]);

test('a routine opened once is read offline, with a notice and its stylesheet', async () => {
  const site = await builtSite('offline');
  const page = await newPage(browser);
  await openAndKeep(page, site.url(ROUTINE));
  const title = await page.title();
  await goOffline(page, site);
  await page.goto(page.url());
  assert.equal(await page.title(), title, 'the saved copy of the routine');
  const notice = page.locator('.offline-notice[role="status"]');
  await notice.waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('.offline-notice').textContent.length > 0);
  const text = await notice.textContent();
  assert.match(text, /^Du läser en sparad kopia från \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4} kl\. \d\d\.\d\d – du är offline\.$/, text);
  // samsyn.css applies: the skip link is taken out of the flow.
  const position = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
  assert.equal(position, 'absolute', 'the stylesheet was kept with the page');
  assert.deepEqual(page.errors, []);
  await noViolations(page, 'a saved routine read offline');

  // A page never opened: the site's offline page, listing what is kept.
  const other = await page.goto(site.url(OTHER));
  assert.ok(other.fromServiceWorker(), 'answered by the worker');
  assert.equal(await page.locator('meta[name="samsyn:kind"]').getAttribute('content'), 'offline');
  assert.equal(await page.locator('h1').textContent(), 'Du är offline');
  const saved = page.locator('#samsyn-sparade-lista a');
  await saved.first().waitFor({ timeout: 5000 });
  assert.ok((await saved.allTextContents()).some((t) => title.startsWith(t)), `${title} in the saved list`);
  await noViolations(page, 'the offline page with its saved pages');
  await page.context().close();
});

test('a new build replaces the kept pages and the old cache', async () => {
  const site = await builtSite('offline-new');
  const page = await newPage(browser);
  await openAndKeep(page, site.url(ROUTINE));
  const names = await cacheNames(page);
  assert.equal(names.length, 1, `one cache: ${names}`);
  const md = path.join(site.dir, 'content', 'rutiner', 'sip.md');
  fs.appendFileSync(md, '\nEtt nytt stycke från det nya bygget.\n');
  site.rebuild();
  await page.reload();
  assert.ok((await page.content()).includes('Ett nytt stycke från det nya bygget.'), 'fresh online');
  await until(page, 'the old cache is gone', async (old) => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0] !== old;
  }, names[0]);
  // The new cache has the new text: offline shows it too.
  await openAndKeep(page, site.url(ROUTINE));
  await page.context().setOffline(true);
  await page.reload();
  await page.locator('.offline-notice').waitFor();
  assert.ok((await page.content()).includes('Ett nytt stycke från det nya bygget.'));
  await page.context().close();
});

test('offline reading works under a sub-folder base_url', async () => {
  const site = await builtSite('offline-bus', '/intranet/bus/');
  const page = await newPage(browser);
  await openAndKeep(page, site.url(ROUTINE));
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, site.url(''));
  await goOffline(page, site);
  await page.goto(page.url());
  await page.locator('.offline-notice[role="status"]').waitFor({ timeout: 5000 });
  assert.deepEqual(page.errors, []);
  const other = await page.goto(site.url(OTHER));
  assert.ok(other.fromServiceWorker(), 'answered by the worker');
  assert.equal(await page.locator('h1').textContent(), 'Du är offline');
  await page.context().close();
});

test('offline: false registers no worker and publishes none', async () => {
  const site = await builtSite('offline-off', '/', 'offline: false');
  assert.ok(!fs.existsSync(path.join(site.out, 'service-worker.js')));
  assert.ok(!fs.existsSync(path.join(site.out, 'offline.html')));
  const page = await newPage(browser);
  await page.goto(site.url(ROUTINE));
  await page.waitForTimeout(1000);
  const registrations = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  assert.equal(registrations, 0);
  assert.ok(!site.server.requests.some((r) => r.includes('service-worker.js')), 'nothing asked for a worker');
  await page.context().close();
});

test('samsyn serve registers no worker, and a worker registered on its address removes itself', async () => {
  const dir = copySite(ROOT, 'offline-serve');
  const server = await startServe(dir);
  closers.push(() => server.stop());
  const page = await newPage(browser);
  await page.goto(server.url + ROUTINE);
  assert.equal(await page.locator('meta[name="samsyn:offline-worker"]').count(), 0);
  // As if a build of the site had been opened on this address before.
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/service-worker.js', { scope: '/' });
  });
  await until(page, 'the worker removed itself',
    async () => (await navigator.serviceWorker.getRegistrations()).length === 0);
  await page.reload();
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  await page.context().close();
});
