// The report link ("Rapportera fel eller föreslå ändring") of a document
// and of a contact list: a visible link with an accessible name whose
// mailto: goes to the holders of the owner roles, with the title in the
// subject and the page's address in the body, read back here the way a
// mail program reads it (RFC 6068); the pages pass axe and vnu.jar.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSite, launchBrowser, newPage, serveStatic, tempDir } from './lib/setup.mjs';
import { formatViolations, runAxe } from './lib/axe.mjs';
import { formatErrors, vnuErrors } from './lib/vnu.mjs';

const FILES = {
  'site.yaml': 'title: Testkommun\nbase_url: /bus/\n',
  'content/roller/rektor.md': '---\ntitle: Rektor\nkind: role\n---\n',
  'content/roller/kurator.md': '---\ntitle: Kurator\nkind: role\n---\n',
  'content/kontakter/skolan.md':
    '---\ntitle: Kontakter i skolan\nkind: contacts\nowner: rektor\nreviewed: 2026-06-01\ncontacts:\n' +
    '  - {name: Tova Lind, role: rektor, email: tova.lind@testkommun.example}\n' +
    '  - {name: Elis Öberg, role: kurator, email: "elis.oberg+bus@testkommun.example"}\n---\n',
  'content/rutiner/franvaro.md':
    '---\ntitle: "Frånvaro & närvaro? Rutin #2"\nkind: routine\nowner: [rektor, kurator]\nrevised: 2026-06-01\n---\n\n## Syfte\n\nText.\n',
};

const site = tempDir('report-site');
for (const [rel, text] of Object.entries(FILES)) {
  fs.mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
  fs.writeFileSync(path.join(site, rel), text);
}
const out = buildSite(site, 'report');

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await serveStatic(out, '/bus/');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A mailto: URL as a mail program reads it: the addresses, and each
 *  header field percent-decoded as UTF-8 (RFC 6068 section 2). */
function parseMailto(href) {
  assert.ok(href.startsWith('mailto:'), href);
  const [to, query = ''] = href.slice('mailto:'.length).split('?');
  assert.doesNotMatch(query, /[ #"<>\n]/, `unencoded character in ${href}`);
  const fields = {};
  for (const pair of query.split('&')) {
    const [name, value] = pair.split('=');
    assert.equal(fields[name], undefined, `${name} twice in ${href}`);
    fields[name] = decodeURIComponent(value);
  }
  return { to: to.split(',').map(decodeURIComponent), ...fields };
}

const CASES = [
  {
    path: 'rutiner/franvaro/',
    to: ['tova.lind@testkommun.example', 'elis.oberg+bus@testkommun.example'],
  },
  { path: 'kontakter/skolan/', to: ['tova.lind@testkommun.example'] },
];

for (const c of CASES) {
  test(`the report link of /bus/${c.path} is visible, named and writes to the owners`, async () => {
    const url = `${server.origin}/bus/${c.path}`;
    const page = await newPage(browser);
    try {
      await page.goto(url, { waitUntil: 'networkidle' });
      const link = page.getByRole('link', { name: 'Rapportera fel eller föreslå ändring' });
      assert.equal(await link.count(), 1, `${url}: one report link`);
      assert.ok(await link.isVisible(), `${url}: the report link is visible`);
      const box = await link.boundingBox();
      assert.ok(box && box.width > 40 && box.height > 10, `${url}: link box ${JSON.stringify(box)}`);
      const mail = parseMailto(await link.getAttribute('href'));
      assert.deepEqual(mail.to, c.to, url);
      const title = (await page.locator('h1').first().innerText()).trim();
      assert.ok(mail.subject.includes(title), `${url}: subject ${JSON.stringify(mail.subject)} lacks ${title}`);
      assert.ok(mail.body.includes(`/bus/${c.path}\r\n`), `${url}: body ${JSON.stringify(mail.body)}`);
      // The browser hands the link on as a mailto: URL it can parse.
      const parsed = await link.evaluate((a) => ({ protocol: a.protocol, search: new URL(a.href).search }));
      assert.equal(parsed.protocol, 'mailto:');
      assert.match(parsed.search, /^\?subject=/);
      // Keyboard users reach it.
      await link.focus();
      assert.equal(await page.evaluate(() => document.activeElement.className), 'report-link');
      const { violations } = await runAxe(page);
      assert.deepEqual(violations, [], formatViolations(url, violations));
      assert.deepEqual(page.errors, [], url);
    } finally {
      await page.context().close();
    }
  });
}

test('the pages with report links pass vnu.jar', () => {
  const files = CASES.map((c) => path.join(out, c.path, 'index.html'));
  const errors = vnuErrors(files);
  assert.deepEqual(errors, [], formatErrors(errors, out));
});

test('every page of the site asks not to be indexed', () => {
  for (const c of CASES) {
    const html = fs.readFileSync(path.join(out, c.path, 'index.html'), 'utf8');
    assert.ok(html.includes('<meta name="robots" content="noindex, nofollow">'), c.path);
  }
  assert.equal(fs.readFileSync(path.join(out, 'robots.txt'), 'utf8'), 'User-agent: *\nDisallow: /\n');
});
