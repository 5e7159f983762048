// Moved pages (issue 17): the demo site's alias `/rutiner/anmalan-vid-oro/`,
// built with base_url /intranet/bus/, opened in Chromium lands on the
// routine it moved to, without script and without a CSP violation; the
// redirect page itself passes axe and vnu.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, buildSite, copySite, launchBrowser, newPage, serveStatic,
} from './lib/setup.mjs';
import { formatViolations, runAxe } from './lib/axe.mjs';
import { formatErrors, vnuErrors } from './lib/vnu.mjs';

const PREFIX = '/intranet/bus/';
const ALIAS = 'rutiner/anmalan-vid-oro/';
const TARGET = 'rutiner/orosanmalan/';

let browser;
let server;
let out;

before(async () => {
  const site = copySite(ROOT, 'redirects-site', { baseUrl: PREFIX });
  out = buildSite(site, 'redirects');
  server = await serveStatic(out, PREFIX);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('an old address lands on the moved page under the base_url', async () => {
  const page = await newPage(browser);
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(server.origin + PREFIX + ALIAS);
  await page.waitForURL(server.origin + PREFIX + TARGET, { timeout: 10000 });
  const id = await page.locator('meta[name="samsyn:id"]').getAttribute('content');
  assert.equal(id, 'orosanmalan');
  assert.match(await page.title(), /Orosanmälan från skolan/);
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors.filter((e) => !/Content Security Policy/.test(e)), []);
  await page.context().close();
});

test('the redirect page says where the page went and passes axe and vnu', async () => {
  const page = await newPage(browser);
  // Answer the refresh with 204 No Content, which a browser does not
  // navigate to: the redirect page itself stays to be checked.
  await page.route(`**${PREFIX}${TARGET}`, (route) => route.fulfill({ status: 204 }));
  await page.goto(server.origin + PREFIX + ALIAS);
  const link = page.getByRole('link', { name: 'Orosanmälan från skolan' });
  assert.equal(await link.getAttribute('href'), PREFIX + TARGET);
  assert.match(await page.locator('main').innerText(), /Sidan har flyttat till Orosanmälan från skolan/);
  assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), PREFIX + TARGET);
  assert.equal(await page.locator('script').count(), 0);
  const { violations } = await runAxe(page);
  assert.equal(violations.length, 0, formatViolations(page.url(), violations));
  await page.context().close();
  const file = path.join(out, ALIAS, 'index.html');
  assert.ok(fs.existsSync(file));
  const errors = vnuErrors([file]);
  assert.equal(errors.length, 0, formatErrors(errors, out));
});
