// 6. Print: a routine printed to PDF by Chromium shows the metadata block
// on its first page (title, owner, next review, the print date), and links
// inside the site do not print their addresses while links out do.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, ROOT, buildSite, launchBrowser, newPage, serveStatic, sitePages,
} from './lib/setup.mjs';

const out = buildSite(ROOT, 'print');
const pages = sitePages(out);
const routine = pages.find((p) => p.kind === 'routine' && p.url === '/rutiner/orosanmalan/') ||
  pages.find((p) => p.kind === 'routine' && p.status === 'current');

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await serveStatic(out, '/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function pdfText(file, first, last) {
  const r = spawnSync('pdftotext', ['-layout', '-f', String(first), '-l', String(last), file, '-'], { encoding: 'utf8' });
  if (r.error) throw new Error(`pdftotext (Debian's poppler-utils) is needed: ${r.error.message}`);
  assert.equal(r.status, 0, `pdftotext ${file} failed: ${r.stderr}`);
  return r.stdout;
}

test(`a routine printed to PDF has the metadata block on page 1 (${routine.url})`, async (t) => {
  const url = server.origin + routine.url;
  const page = await newPage(browser);
  const file = path.join(ARTIFACTS, 'print', 'routine.pdf');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let title;
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    title = (await page.locator('h1').first().innerText()).trim();
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: file, format: 'A4', printBackground: true });
  } finally {
    await page.context().close();
  }
  t.diagnostic(file);
  const first = pdfText(file, 1, 1).replace(/\s+/g, ' ');
  const where = `${url} printed to ${file}, page 1`;
  for (const expected of [title, 'Dokumentansvarig', 'Nästa granskning', 'Status', 'Utskriven']) {
    assert.ok(first.includes(expected), `${where} lacks "${expected}" in the metadata block:\n${first.slice(0, 1500)}`);
  }
  // The stamp tells the reader to check for a newer version.
  assert.ok(first.includes('Kontrollera på intranätet'), `${where} lacks the note "Kontrollera på intranätet …"`);
  // The printed date is the day of printing (the script sets it).
  const today = new Date();
  const months = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
  const long = `${today.getDate()} ${months[today.getMonth()]} ${today.getFullYear()}`;
  assert.ok(new RegExp(`Utskriven:? ${long}`).test(first), `${where}: "Utskriven" is not followed by today's date ${long}`);
  // The screen-only parts are not printed.
  const all = pdfText(file, 1, 99).replace(/\s+/g, ' ');
  for (const absent of ['Hoppa till innehållet', 'Sök på webbplatsen']) {
    assert.ok(!all.includes(absent), `${url} printed to ${file} contains the screen-only "${absent}"`);
  }
});
