// 9. A reader on a phone (390 × 844 px): a routine's text starts on the
// first screen with its status; callouts are labelled boxes (also in dark
// mode and forced colours); breadcrumbs lead from the start page through the
// section; phone numbers in the text are tel: links; tables keep words whole
// and do not make the page scroll sideways; /documents/ folds its filters
// and shows every status; a contact list shows its people first.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE_390, ROOT, buildSite, copySite, launchBrowser, newPage, serveStatic } from './lib/setup.mjs';

const out = buildSite(ROOT, 'phone');
const subOut = buildSite(copySite(ROOT, 'phone-sub', { baseUrl: '/intranet/bus/' }), 'phone-sub');
const ROUTINE = '/rutiner/orosanmalan/';

let browser;
let server;
let sub;
before(async () => {
  browser = await launchBrowser();
  server = await serveStatic(out, '/');
  sub = await serveStatic(subOut, '/intranet/bus/');
});
after(async () => {
  await browser?.close();
  await server?.close();
  await sub?.close();
});

async function open(url, opts = {}) {
  const page = await newPage(browser, PHONE_390, opts);
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

describe('text first at 390 × 844', () => {
  for (const url of [ROUTINE, '/rutiner/barn-far-illa-under-lov/', '/rutiner/hog-franvaro/']) {
    test(`${url}: first body heading and the status on the first screen`, async () => {
      const page = await open(server.origin + url);
      try {
        const r = await page.evaluate(() => {
          const h = document.querySelector('.prose h2');
          const s = document.querySelector('.doc__status .status');
          const summary = document.querySelector('.doc__head .lead')?.textContent.trim() || '';
          const meta = document.querySelector('.doc-meta');
          const body = document.querySelector('.doc__body');
          return {
            h2: h.getBoundingClientRect().top,
            status: s.getBoundingClientRect().bottom,
            sentences: summary.split(/[.!?](\s|$)/).filter((x) => x && x.trim()).length,
            metaAfterText: !!(body.compareDocumentPosition(meta) & Node.DOCUMENT_POSITION_FOLLOWING),
          };
        });
        assert.equal(r.sentences, 1, `${url}: the test needs a routine with a one-sentence summary`);
        assert.ok(r.h2 < 844, `${url}: the first body heading starts at ${r.h2} px, below the first screen (844 px)`);
        assert.ok(r.status > 0 && r.status < 844, `${url}: the status badge is not on the first screen (bottom ${r.status} px)`);
        assert.ok(r.metaAfterText, `${url}: the fact panel .doc-meta does not follow the text`);
        const tel = await page.locator('.doc__owner a[href^="tel:"]').count();
        assert.ok(tel > 0, `${url}: the owner's line under the status has no tel: link`);
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('callouts', () => {
  const modes = [
    ['light', {}],
    ['dark', { colorScheme: 'dark' }],
    ['forced colours', { forcedColors: 'active' }],
    ['dark + forced colours', { colorScheme: 'dark', forcedColors: 'active' }],
  ];
  for (const [name, media] of modes) {
    test(`${ROUTINE}: a labelled box, no marker (${name})`, async () => {
      const page = await newPage(browser, PHONE_390);
      try {
        await page.emulateMedia(media);
        await page.goto(server.origin + ROUTINE, { waitUntil: 'load' });
        const c = page.locator('.prose .callout--warning').first();
        assert.equal(await c.getAttribute('role'), 'note');
        assert.equal(await c.getAttribute('aria-label'), 'Varning');
        const label = c.locator('.callout__label');
        assert.ok(await label.isVisible(), `${ROUTINE} (${name}): the label "Varning" is not visible`);
        assert.equal((await label.textContent()).trim(), 'Varning');
        assert.match(await c.textContent(), /Ring 112 vid akut fara/);
        const html = await page.locator('.prose').innerHTML();
        assert.ok(!/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/.test(html), `${ROUTINE} (${name}): a [!…] marker is visible`);
        const look = await c.evaluate((e) => {
          const cs = getComputedStyle(e);
          const l = getComputedStyle(e.querySelector('.callout__label'));
          return { border: cs.borderLeftWidth, borderStyle: cs.borderLeftStyle, fg: l.color, bg: cs.backgroundColor };
        });
        assert.ok(parseFloat(look.border) >= 3 && look.borderStyle !== 'none', `${ROUTINE} (${name}): no visible border: ${JSON.stringify(look)}`);
        assert.notEqual(look.fg, look.bg, `${ROUTINE} (${name}): label colour equals the background`);
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('breadcrumbs', () => {
  const cases = [
    [ROUTINE, [['Start', ''], ['Dokument', 'documents/']]],
    ['/roller/kurator/', [['Start', ''], ['Roller', 'roles/']]],
    ['/kontakter/socialtjansten/', [['Start', ''], ['Kontakter', 'contacts/']]],
    ['/tillganglighetsredogorelse/', [['Start', '']]],
  ];
  for (const [site, prefix] of [['/', () => server], ['/intranet/bus/', () => sub]]) {
    for (const [url, crumbs] of cases) {
      test(`${site}${url.slice(1)}: "Du är här" from the start page through the section`, async () => {
        const page = await open(prefix().origin + site + url.slice(1));
        try {
          const nav = page.locator('nav[aria-label="Du är här"]');
          assert.equal(await nav.count(), 1, `${url}: no nav "Du är här"`);
          const links = await nav.locator('a').evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href'), a.getAttribute('aria-current')]));
          const title = (await page.locator('h1').first().textContent()).trim();
          const want = crumbs.map(([t, p]) => [t, site + p, null]).concat([[title, site + url.slice(1), 'page']]);
          assert.deepEqual(links, want, `${url}: breadcrumbs`);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

test('phone numbers in the text are tel: links', async () => {
  const page = await open(server.origin + ROUTINE);
  try {
    const tels = await page.locator('.prose a[href^="tel:"]').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
    assert.ok(tels.some(([h, t]) => h === 'tel:112' && t === '112'), `${ROUTINE}: 112 is not a tel: link: ${JSON.stringify(tels)}`);
    assert.ok(tels.some(([h, t]) => h === 'tel:+46123457100' && t === '0123-45 71 00'),
      `${ROUTINE}: 0123-45 71 00 is not a tel: link: ${JSON.stringify(tels)}`);
    const inHeadings = await page.locator('.prose h2 a[href^="tel:"], .prose h3 a[href^="tel:"]').count();
    assert.equal(inHeadings, 0, `${ROUTINE}: tel: links inside headings`);
  } finally {
    await page.context().close();
  }
});

test('tables at 390 px: whole words, no sideways page scroll', async () => {
  const page = await open(server.origin + ROUTINE);
  try {
    assert.ok(await page.locator('.prose table').count() > 0, `${ROUTINE} has no table in its text`);
    const r = await page.evaluate(() => {
      const broken = [];
      for (const cell of document.querySelectorAll('.prose td, .prose th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const re = /\S+/g;
          let m;
          while ((m = re.exec(n.data))) {
            const range = document.createRange();
            range.setStart(n, m.index);
            range.setEnd(n, m.index + m[0].length);
            // A word broken over two lines has a box on each.
            const tops = new Set([...range.getClientRects()].map((x) => Math.round(x.top)));
            if (tops.size > 1) broken.push(m[0]);
          }
        }
      }
      return { broken, scrollWidth: document.documentElement.scrollWidth, innerWidth };
    });
    assert.deepEqual(r.broken, [], `${ROUTINE}: words broken mid-word in a table at 390 px`);
    assert.ok(r.scrollWidth <= r.innerWidth, `${ROUTINE}: the page scrolls sideways (${r.scrollWidth} > ${r.innerWidth})`);
  } finally {
    await page.context().close();
  }
});

test('/documents/ at 390 px: filters folded, every status in view, superseded unmistakable', async () => {
  const page = await open(server.origin + '/documents/');
  try {
    const details = page.locator('#samsyn-filter details');
    assert.equal(await details.evaluate((d) => d.open), false, '/documents/: the filters are not folded at 390 px');
    const rows = await page.evaluate(() => [...document.querySelectorAll('#samsyn-dokumenttabell tbody tr')].map((tr) => {
      const s = [...tr.querySelectorAll('.status')].find((e) => e.getClientRects().length > 0);
      const r = s?.getBoundingClientRect();
      const a = tr.querySelector('.doc-table__title > a');
      return {
        title: a.textContent,
        status: tr.dataset.status,
        label: s?.textContent,
        inView: !!r && r.left >= 0 && r.right <= innerWidth,
        line: getComputedStyle(a).textDecorationLine,
      };
    }));
    assert.ok(rows.length > 5);
    const hidden = rows.filter((x) => !x.inView);
    assert.deepEqual(hidden, [], '/documents/: statuses out of view at 390 px');
    const superseded = rows.filter((x) => x.status === 'superseded');
    assert.ok(superseded.length > 0, 'the demo site needs a superseded document');
    for (const x of superseded) {
      assert.match(x.label, /Ersatt/, `${x.title}: superseded without the word "Ersatt"`);
      assert.match(x.line, /line-through/, `${x.title}: superseded title is not struck through`);
    }
  } finally {
    await page.context().close();
  }
});

test('a contact list shows its people before its own facts', async () => {
  const page = await open(server.origin + '/kontakter/socialtjansten/');
  try {
    const first = await page.evaluate(() => {
      const people = document.querySelector('.entity-section--contacts');
      const meta = document.querySelector('.doc-meta');
      return !!(people.compareDocumentPosition(meta) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert.ok(first, '/kontakter/socialtjansten/: the people do not come before "Om kontaktlistan"');
  } finally {
    await page.context().close();
  }
});
