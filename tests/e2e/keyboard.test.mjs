// 2. Keyboard: from the top of a routine, Tab goes skip link → header (site
// name, search, main navigation) → breadcrumbs → the content (the owner's
// line under the status, the text) → the metadata panel after it, and
// every focused element is visible, inside the viewport, not covered and
// has a focus indicator. The skip link moves focus to <main>. On a phone the
// "Meny" button opens and closes the navigation from the keyboard.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, ROOT, buildSite, launchBrowser, newPage, serveStatic, sitePages } from './lib/setup.mjs';
import { assertVisibleFocus, describe as describeFocus, focused, tab } from './lib/focus.mjs';

const out = buildSite(ROOT, 'keyboard');
const pages = sitePages(out);
// The flagship routine of the demo site, or else the first current routine.
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

/** Tabs from the top of the page until focus reaches the first link in the
 *  routine's text (.prose); returns what was focused on the way. */
async function tabToContent(page, url) {
  const seen = [];
  for (let i = 0; i < 80; i++) {
    const f = await tab(page);
    seen.push(f);
    assertVisibleFocus(assert, `${url} (Tab ${i + 1})`, f);
    if (f.region === 'content' && await page.evaluate(() => !!document.activeElement.closest('.prose'))) {
      return seen;
    }
  }
  assert.fail(`${url}: 80 Tabs did not reach a link in the text (.prose); last: ${describeFocus(seen.at(-1))}`);
}

/** Tabs on from the text until focus reaches the metadata panel, which
 *  follows the text; returns what was focused on the way. */
async function tabToMeta(page, url) {
  const seen = [];
  for (let i = 0; i < 300; i++) {
    const f = await tab(page);
    seen.push(f);
    // Only the panel's focus is checked here: a tall table region in the
    // text, scrolled into view, can end a sub-pixel below the viewport.
    if (f.region === 'meta') {
      assertVisibleFocus(assert, `${url} (Tab ${i + 1} after the text's first link)`, f);
      return seen;
    }
  }
  assert.fail(`${url}: 300 Tabs after the text did not reach the metadata panel .doc-meta`);
}

/** The regions in the order focus visited them, repeats collapsed. */
function regionOrder(seen) {
  return seen.map((f) => f.region).filter((r, i, a) => i === 0 || a[i - 1] !== r);
}

test(`desktop: Tab order and visible focus on a routine (${routine.url})`, async () => {
  const url = server.origin + routine.url;
  const page = await newPage(browser, DESKTOP);
  try {
    await page.goto(url);
    const seen = await tabToContent(page, url);
    const order = regionOrder(seen);
    assert.deepEqual(order, ['skip', 'header', 'crumbs', 'content'],
      `${url}: focus order by region was ${order.join(' → ')}:\n${seen.map(describeFocus).join('\n')}`);
    // The owner's line under the status comes before the text.
    assert.ok(await page.locator('.doc__owner-phone').count() > 0, `${url}: no tap-to-call .doc__owner-phone under the status`);
    assert.ok(seen.some((f) => f.selector.includes('doc__owner-phone')),
      `${url}: Tab did not reach the owner's phone link before the text`);
    const after = await tabToMeta(page, url);
    assert.ok(after.every((f) => ['content', 'meta'].includes(f.region)),
      `${url}: between the text and the metadata panel focus left main: ${after.map(describeFocus).join('\n')}`);
    const header = seen.filter((f) => f.region === 'header');
    assert.ok(header.some((f) => f.id === 'sok-sidhuvud'), `${url}: Tab never reached the header search box #sok-sidhuvud`);
    const navLinks = await page.locator('#huvudmeny a').count();
    const navSeen = header.filter((f) => f.selector.includes('site-nav__link')).length;
    assert.equal(navSeen, navLinks, `${url}: Tab reached ${navSeen} of the ${navLinks} links in #huvudmeny`);
    assert.deepEqual(page.errors, [], `${url}: JavaScript errors`);
  } finally {
    await page.context().close();
  }
});

test(`desktop: the skip link moves focus to main (${routine.url})`, async () => {
  const url = server.origin + routine.url;
  const page = await newPage(browser, DESKTOP);
  try {
    await page.goto(url);
    const skip = await tab(page);
    assert.equal(skip.region, 'skip', `${url}: the first Tab focused ${describeFocus(skip)}, not the skip link .skip-link`);
    assertVisibleFocus(assert, `${url} (skip link)`, skip);
    await page.keyboard.press('Enter');
    const main = await focused(page);
    assert.equal(main.id, 'innehall', `${url}: after the skip link, focus is on ${describeFocus(main)}, not main#innehall`);
    assert.ok(main.rect.y <= main.viewport.h && main.rect.y + main.rect.h >= 0, `${url}: main#innehall is not scrolled into view`);
    assert.ok(new URL(page.url()).hash === '#innehall', `${url}: the skip link did not go to #innehall`);
    // The next Tab continues inside main, not back in the header.
    const next = await tab(page);
    assert.ok(['crumbs', 'content'].includes(next.region), `${url}: Tab after the skip link went to ${describeFocus(next)}`);
    assertVisibleFocus(assert, `${url} (Tab after skip link)`, next);
  } finally {
    await page.context().close();
  }
});

test(`phone: Tab order, visible focus and the Meny button (${routine.url})`, async () => {
  const url = server.origin + routine.url;
  const page = await newPage(browser, PHONE);
  try {
    await page.goto(url);
    const seen = await tabToContent(page, url);
    const order = regionOrder(seen);
    assert.deepEqual(order, ['skip', 'header', 'crumbs', 'content'],
      `${url} at 360 px: focus order by region was ${order.join(' → ')}:\n${seen.map(describeFocus).join('\n')}`);
    const header = seen.filter((f) => f.region === 'header');
    assert.ok(header.some((f) => f.selector.includes('nav-toggle')), `${url} at 360 px: Tab never reached the .nav-toggle button`);
    assert.ok(!header.some((f) => f.selector.includes('site-nav__link')),
      `${url} at 360 px: Tab reached links of the closed menu #huvudmeny`);

    // Open the menu with the keyboard: its links come next; Escape closes it.
    await page.goto(url);
    let f;
    for (let i = 0; i < 10; i++) {
      f = await tab(page);
      if (f.selector.includes('nav-toggle')) break;
    }
    assert.ok(f.selector.includes('nav-toggle'), `${url} at 360 px: no .nav-toggle in the first 10 Tabs`);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.nav-toggle').getAttribute('aria-expanded'), 'true',
      `${url} at 360 px: Enter on .nav-toggle did not set aria-expanded="true"`);
    const links = [];
    for (let i = 0; i < 12; i++) {
      f = await tab(page);
      if (f.selector.includes('site-nav__link')) {
        assertVisibleFocus(assert, `${url} at 360 px (open menu)`, f);
        links.push(f.text);
      }
    }
    assert.equal(links.length, await page.locator('#huvudmeny a').count(),
      `${url} at 360 px: Tab reached ${links.length} links of the open menu #huvudmeny`);
    // Back into the menu, then Escape.
    await page.locator('#huvudmeny a').first().focus();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.nav-toggle').getAttribute('aria-expanded'), 'false',
      `${url} at 360 px: Escape did not close the menu`);
    const back = await focused(page);
    assert.ok(back.selector.includes('nav-toggle'), `${url} at 360 px: after Escape, focus is on ${describeFocus(back)}, not .nav-toggle`);
  } finally {
    await page.context().close();
  }
});
