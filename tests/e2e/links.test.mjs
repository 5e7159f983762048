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
