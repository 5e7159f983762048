// 4. Links: every href, src, srcset and form action in every HTML file of a
// built site that points inside the site resolves to a file of the output
// (and its #fragment to an id on the target page) — with base_url "/" and
// with base_url "/intranet/bus/" — and so do the sitemap, the feed and the
// result links in the search index. In the browser, pages of every kind
// (search included) request nothing outside 127.0.0.1 and nothing that fails.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, buildSite, copySite, initSite, launchBrowser, samplePages, serveStatic } from './lib/setup.mjs';
import { brokenLinks } from './lib/links.mjs';

const SUB = '/intranet/bus/';
const sites = [
  { label: 'demo site, base_url /', out: buildSite(ROOT, 'links-demo'), prefix: '/' },
  { label: `demo site, base_url ${SUB}`, out: buildSite(copySite(ROOT, 'links-sub', { baseUrl: SUB }), 'links-sub'), prefix: SUB },
  { label: 'starter site (samsyn init), base_url /', out: buildSite(initSite('links-init'), 'links-init'), prefix: '/' },
];

describe('every internal link resolves to a file of the output', () => {
  for (const site of sites) {
    test(site.label, (t) => {
      const { problems, checked } = brokenLinks(site.out, site.prefix);
      t.diagnostic(`${checked} internal references checked`);
      assert.ok(checked > 100 || site.label.startsWith('starter'), `${site.label}: only ${checked} internal references found`);
      assert.equal(problems.length, 0, `${problems.length} broken internal references in the ${site.label}:\n${problems.join('\n')}`);
    });
  }
});

let browser;
const servers = [];
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
});

describe('pages request nothing outside 127.0.0.1, and nothing fails', () => {
  for (const site of sites.slice(0, 2)) {
    test(site.label, async (t) => {
      const server = await serveStatic(site.out, site.prefix);
      servers.push(server);
      const targets = samplePages(site.out, site.prefix).map((p) => p.url);
      targets.push(`${site.prefix}search/?q=${encodeURIComponent('orosanmälan')}`);
      targets.push(`${site.prefix}search/?q=kurator&kind=role`);
      targets.push(`${site.prefix}documents/?kind=routine`);
      const outside = [];
      const failed = [];
      let count = 0;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        let current = '';
        context.on('request', (req) => {
          count += 1;
          const u = new URL(req.url());
          if (u.protocol === 'data:' || u.protocol === 'blob:') return;
          if (u.hostname !== '127.0.0.1') outside.push(`${current}: ${req.resourceType()} ${req.url()}`);
        });
        context.on('requestfailed', (req) => failed.push(`${current}: ${req.url()} failed: ${req.failure()?.errorText}`));
        context.on('response', (res) => {
          const u = res.url();
          if (res.status() >= 400 && !u.endsWith('/404.html')) failed.push(`${current}: ${u} answered ${res.status()}`);
        });
        const page = await context.newPage();
        for (const target of targets) {
          current = target;
          await page.goto(server.origin + target, { waitUntil: 'networkidle' });
          if (target.includes('/search/?q=')) {
            await page.waitForSelector('[data-search][data-state="done"]', { timeout: 10000 });
            await page.waitForLoadState('networkidle');
          }
        }
      } finally {
        await context.close();
      }
      t.diagnostic(`${targets.length} pages, ${count} requests`);
      assert.equal(outside.length, 0, `requests outside 127.0.0.1 (${site.label}):\n${outside.join('\n')}`);
      assert.equal(failed.length, 0, `failed requests (${site.label}):\n${failed.join('\n')}`);
    });
  }
});

describe("a page's tags lead to tag pages that list it, whatever the tag's case", () => {
  for (const site of sites.slice(0, 2)) {
    test(site.label, async () => {
      const server = await serveStatic(site.out, site.prefix);
      servers.push(server);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        // The demo's BUS coordinator is tagged "bus", every other BUS page "BUS".
        const role = `${server.url}roller/bus-samordnare/`;
        await page.goto(role);
        await page.getByRole('link', { name: 'bus', exact: true }).click();
        await page.waitForURL(`${server.url}tags/bus/`);
        assert.equal(await page.locator('meta[name="samsyn:kind"]').getAttribute('content'), 'tag');
        assert.equal(await page.locator('h1').textContent(), 'BUS', 'the most used spelling');
        const listed = await page.locator('main .link-list a').evaluateAll((as) => as.map((a) => a.href));
        assert.ok(listed.includes(role), `${role} on /tags/bus/`);
        assert.ok(listed.includes(`${server.url}planer/handlingsplan-bus-2025-2026/`), 'a page tagged "BUS" too');
        await page.getByRole('link', { name: 'Alla ämnen' }).first().click();
        await page.waitForURL(`${server.url}tags/`);
        assert.equal(await page.locator('meta[name="samsyn:kind"]').getAttribute('content'), 'tags');
        const bus = page.locator('main .tag', { hasText: 'BUS' }).first();
        assert.match(await bus.textContent(), /BUS \(\d+ sidor\)/);
      } finally {
        await context.close();
      }
    });
  }
});
