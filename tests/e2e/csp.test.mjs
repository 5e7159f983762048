// 10. No script but the theme's (issue 13): pages written with the script
// payloads editors could write (heading attributes, raw HTML handlers,
// mutation-XSS shapes, javascript: links, SVG with script) open, are
// focused, hovered and clicked through in Chromium without a single
// dialog; every page enforces its Content-Security-Policy (a script put
// into the DOM does not run, and the theme's own scripts cause no
// violation); and an HTML attachment served by `samsyn serve` runs no
// script.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSite, demoSite, launchBrowser, newPage, serveStatic, sitePages, startServe, tempDir,
} from './lib/setup.mjs';

const PAYLOADS = [
  '## Rubrik {tabindex=0 autofocus onfocus=alert(1)}',
  '## Andra {onclick=alert(2) .status--current}',
  '<img src=x onerror=alert(3)>',
  '<p onmouseover="alert(4)" style="position:fixed;inset:0">Hovra här</p>',
  '<details open ontoggle=alert(5)><summary>Öppna</summary>x</details>',
  '<input autofocus onfocus=alert(6)>',
  '<a href="javascript:alert(7)">länk 1</a>',
  '<a href="&#106;avascript:alert(8)">länk 2</a>',
  '<a href="jav&#x09;ascript:alert(9)">länk 3</a>',
  '[länk 4](javascript:alert(10))',
  '<iframe srcdoc="<script>parent.alert(11)</script>"></iframe>',
  '<object data="javascript:alert(12)"></object>',
  '<svg><script>alert(13)</script><circle r="5" onload="alert(14)"/></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(15)>',
  '<form action="javascript:alert(16)"><button>Skicka</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(17)">',
  '<base href="javascript:alert(18)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(19)>">',
  '<div id="innehall" class="notice notice--overdue">Falsk notis</div>',
  '<a href="bilaga.svg">ritningen</a> ![ritning](bilaga.svg)',
];

const CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Ritning</title><rect width="10" height="10"/></svg>';

function payloadSite() {
  const dir = tempDir('csp-site');
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.yaml'), 'title: Test\nallow_html_attachments: true\n');
  fs.writeFileSync(path.join(dir, 'content', 'index.md'), '---\ntitle: Start\n---\n\nSe [sidan](sida.md).\n');
  fs.writeFileSync(path.join(dir, 'content', 'sida.md'),
    `---\ntitle: Sida med försök\n---\n\n${PAYLOADS.join('\n\n')}\n`);
  fs.writeFileSync(path.join(dir, 'content', 'bilaga.svg'), CLEAN_SVG);
  fs.writeFileSync(path.join(dir, 'content', 'bilaga.html'),
    '<!doctype html><title>Bilaga</title><script>alert(20)</script><img src=x onerror="alert(21)">');
  return dir;
}

/** Records every dialog and CSP violation of PAGE. */
async function watch(page) {
  const seen = { dialogs: [], violations: [] };
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

/** Focuses, hovers and clicks everything in the page's main content. */
async function poke(page) {
  const main = page.locator('main');
  for (const el of await main.locator('a, button, summary, input, [tabindex], p, img, h2').all()) {
    await el.focus().catch(() => {});
    await el.hover({ timeout: 500 }).catch(() => {});
    await el.click({ timeout: 500, noWaitAfter: true, modifiers: [] }).catch(() => {});
    if (!page.url().includes('/sida/')) await page.goBack().catch(() => {});
  }
  await page.keyboard.press('Tab');
  await page.waitForTimeout(500);
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('pages written with script payloads open, are clicked through and show no dialog', async () => {
  const site = payloadSite();
  const out = buildSite(site, 'csp-out');
  const server = await serveStatic(out, '/');
  try {
    const page = await newPage(browser);
    const seen = await watch(page);
    await page.goto(server.origin + '/sida/', { waitUntil: 'load' });
    await page.waitForTimeout(500);
    await poke(page);
    await page.goto(server.origin + '/sida/', { waitUntil: 'load' });
    await page.waitForTimeout(300);
    assert.deepEqual(seen.dialogs, [], 'a payload ran');
    const html = fs.readFileSync(path.join(out, 'sida', 'index.html'), 'utf8');
    assert.ok(!/\son[a-z]+=/i.test(html), 'an event handler attribute was published');
    assert.ok(!/javascript:/i.test(html), 'a javascript: URL was published');
    assert.equal((html.match(/id="innehall"/g) || []).length, 1, 'content took the layout id');
    // The fake notice lost the theme's classes.
    assert.ok(!html.includes('notice--overdue'), 'content took the theme\'s notice classes');
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('every page enforces its Content-Security-Policy and the theme causes no violation', async () => {
  const demo = await demoSite('csp-demo');
  try {
    const page = await newPage(browser);
    await watch(page);
    const pages = sitePages(demo.out).map((p) => p.url);
    assert.ok(pages.length > 20, `only ${pages.length} pages`);
    for (const p of [...pages, '/search/?q=orosanm%C3%A4lan', '/documents/?kind=routine']) {
      await page.goto(demo.url(p), { waitUntil: 'load' });
      if (p.startsWith('/search/?q=')) await page.waitForSelector('[data-search][data-state="done"]');
      const violations = await page.evaluate(() => window.__violations);
      assert.deepEqual(violations, [], `${p}: the theme violated its own policy`);
    }
    // Proof the policy is in force: a script put into the DOM does not run.
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
      const d = document.createElement('div');
      d.innerHTML = '<img src="data:," onerror="window.__handler = true">';
      document.body.append(d);
      await new Promise((r) => setTimeout(r, 200));
      return { injected: window.__injected === true, handler: window.__handler === true, violations: window.__violations.length };
    });
    assert.equal(ran.injected, false, 'an inline script ran');
    assert.equal(ran.handler, false, 'an inline event handler ran');
    assert.ok(ran.violations >= 2, `the browser reported ${ran.violations} violations`);
    assert.deepEqual(page.errors.filter((e) => !/Content Security Policy/.test(e)), []);
    await page.context().close();
  } finally {
    await demo.server.close();
  }
});

test('samsyn serve opens an HTML attachment in a sandbox: its script does not run', async () => {
  const site = payloadSite();
  const server = await startServe(site);
  try {
    const page = await newPage(browser);
    const seen = await watch(page);
    const response = await page.goto(server.url + 'bilaga.html', { waitUntil: 'load' });
    assert.equal(response.headers()['content-security-policy'], 'sandbox');
    await page.waitForTimeout(500);
    assert.deepEqual(seen.dialogs, [], 'the attachment ran script');
    const pageResponse = await page.goto(server.url + 'sida/', { waitUntil: 'load' });
    assert.match(pageResponse.headers()['content-security-policy'] || '', /script-src 'self'/);
    await page.waitForTimeout(300);
    assert.deepEqual(seen.dialogs, [], 'a payload ran in the preview');
    await page.context().close();
  } finally {
    await server.stop();
  }
});
