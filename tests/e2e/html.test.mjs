// 3. Valid HTML: the Nu Html Checker reports no error over every HTML file
// of the built demo site, of the demo site built for a sub-folder base_url,
// of the starter site `samsyn init` makes and of tests/fixtures/laws (the
// register of laws, vacant roles); and over the DOM the scripts
// leave behind (search results, the documents filter, wrapped tables).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, buildSite, copySite, htmlFiles, initSite, launchBrowser, newPage, serveStatic, tempDir,
} from './lib/setup.mjs';
import { formatErrors, vnuErrors } from './lib/vnu.mjs';

const demoOut = buildSite(ROOT, 'html-demo');

function checkAll(out, label) {
  const files = htmlFiles(out).map((f) => path.join(out, f));
  assert.ok(files.length > 0, `${label}: no HTML files in ${out}`);
  const errors = vnuErrors(files);
  assert.equal(errors.length, 0,
    `vnu.jar found ${errors.length} errors in ${label} (${files.length} files):\n${formatErrors(errors, out)}`);
  return files.length;
}

test('every HTML file of the built demo site is valid', (t) => {
  const n = checkAll(demoOut, 'the demo site');
  t.diagnostic(`${n} HTML files checked`);
});

test('every HTML file of the demo site built for base_url /intranet/bus/, of the starter site and of the laws fixture is valid', (t) => {
  const sub = buildSite(copySite(ROOT, 'html-sub', { baseUrl: '/intranet/bus/' }), 'html-sub');
  const starter = buildSite(initSite('html-init'), 'html-init');
  const laws = buildSite(path.join(ROOT, 'tests/fixtures/laws'), 'html-laws');
  // One checker run for all: copy into one folder.
  const both = tempDir('html-both');
  fs.cpSync(sub, path.join(both, 'sub'), { recursive: true });
  fs.cpSync(starter, path.join(both, 'init'), { recursive: true });
  fs.cpSync(laws, path.join(both, 'laws'), { recursive: true });
  const n = checkAll(both, 'the sub-folder demo site, the starter site and the laws fixture');
  t.diagnostic(`${n} HTML files checked`);
});

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await serveStatic(demoOut, '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the DOM after the scripts ran is valid (search results, filters, wrapped tables)', async () => {
  const dir = tempDir('html-dom');
  const views = [
    ['/search/?q=' + encodeURIComponent('orosanmälan'), '[data-search][data-state="done"]'],
    ['/search/?q=' + encodeURIComponent('qrosanmälan'), '[data-search][data-state="done"]'],
    ['/search/?q=' + encodeURIComponent('orosanmälning'), '[data-search][data-state="done"]'],
    ['/search/?q=sara', '[data-search][data-state="done"]'],
    ['/documents/?kind=routine', null],
    ['/kontakter/elevhalsa/', null],
    ['/rutiner/orosanmalan/', null],
  ];
  const files = [];
  for (const [url, ready] of views) {
    const page = await newPage(browser);
    try {
      await page.goto(server.origin + url);
      if (ready) await page.waitForSelector(ready, { timeout: 10000 });
      const html = '<!doctype html>\n' + await page.evaluate(() => document.documentElement.outerHTML);
      const name = url.replace(/[^a-z0-9]+/gi, '_') + '.html';
      fs.writeFileSync(path.join(dir, name), html);
      files.push([name, url]);
    } finally {
      await page.context().close();
    }
  }
  const errors = vnuErrors(files.map(([f]) => path.join(dir, f)));
  const byUrl = Object.fromEntries(files);
  const lines = errors.map((e) => `${byUrl[path.basename(e.file)]} (rendered DOM):${e.line}:${e.column}: ${e.message} — ${e.extract}`);
  assert.equal(errors.length, 0, `vnu.jar found ${errors.length} errors in the rendered DOM:\n${lines.join('\n')}`);
});
