// A link checker over a built output folder.

import fs from 'node:fs';
import path from 'node:path';
import { htmlFiles, urlPathOf, walk } from './setup.mjs';

const ORIGIN = 'http://127.0.0.1:1';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
function unescape(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

/** The URLs a page refers to: [{attr, value, tag}]. */
function references(html) {
  const refs = [];
  const tagRe = /<([a-zA-Z][\w:-]*)\b([^>]*)>/g;
  let m;
  while ((m = tagRe.exec(html))) {
    const [, tag, attrs] = m;
    const attrRe = /\s((?:xlink:)?href|src|srcset|action|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
    let a;
    while ((a = attrRe.exec(attrs))) {
      const attr = a[1].toLowerCase();
      const value = unescape(a[2] ?? a[3] ?? a[4] ?? '');
      if (attr === 'srcset') {
        for (const part of value.split(',')) {
          const u = part.trim().split(/\s+/)[0];
          if (u) refs.push({ tag, attr, value: u });
        }
      } else if (!(tag.toLowerCase() === 'object' && attr !== 'data')) {
        refs.push({ tag, attr, value });
      }
    }
  }
  return refs.filter((r) => !(r.tag.toLowerCase() === 'meta'));
}

/** The ids on a page (for #fragment checks). */
function ids(html) {
  const out = new Set();
  const re = /\s(?:id|name)\s*=\s*"([^"]*)"/g;
  let m;
  while ((m = re.exec(html))) out.add(unescape(m[1]));
  return out;
}

/** Checks one built site served at PREFIX; returns {problems, checked}. */
export function brokenLinks(out, prefix) {
  const files = new Set(walk(out));
  const htmlCache = new Map();
  const html = (file) => {
    if (!htmlCache.has(file)) htmlCache.set(file, fs.readFileSync(path.join(out, file), 'utf8'));
    return htmlCache.get(file);
  };
  const idCache = new Map();
  const idsOf = (file) => {
    if (!idCache.has(file)) idCache.set(file, ids(html(file)));
    return idCache.get(file);
  };
  const problems = [];
  let checked = 0;

  /** Resolves VALUE found on the page at PAGE_URL; records a problem if it
   *  is internal and does not resolve. */
  function check(where, pageUrl, value, what) {
    if (!value || /^(mailto|tel|data|javascript|sms):/i.test(value)) return;
    let u;
    try {
      u = new URL(value, ORIGIN + pageUrl);
    } catch {
      problems.push(`${where}: ${what} "${value}" is not a valid URL`);
      return;
    }
    if (u.origin !== ORIGIN) return; // another site
    checked += 1;
    const pathname = decodeURIComponent(u.pathname);
    if (!pathname.startsWith(prefix)) {
      problems.push(`${where}: ${what} "${value}" points outside base_url ${prefix} (${pathname})`);
      return;
    }
    let file = pathname.slice(prefix.length);
    if (file === '' || file.endsWith('/')) file += 'index.html';
    if (!files.has(file)) {
      const hint = files.has(`${file}/index.html`) ? ' (a folder: the link lacks its trailing slash)' : '';
      problems.push(`${where}: ${what} "${value}" → ${file} is not in the output${hint}`);
      return;
    }
    if (u.hash && u.hash !== '#' && file.endsWith('.html')) {
      const id = decodeURIComponent(u.hash.slice(1));
      if (!idsOf(file).has(id)) problems.push(`${where}: ${what} "${value}" → no id="${id}" on ${file}`);
    }
  }

  for (const file of htmlFiles(out)) {
    const pageUrl = urlPathOf(file, prefix);
    for (const r of references(html(file))) {
      // 404.html is served at whatever address was missing: only links
      // from the site root (or fragments) work there.
      if (file === '404.html' && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(r.value)) {
        problems.push(`${pageUrl}: <${r.tag} ${r.attr}> "${r.value}" is relative, but 404.html is served at any address`);
      }
      check(`${pageUrl} (${file})`, pageUrl, r.value, `<${r.tag} ${r.attr}>`);
    }
  }
  // Sitemap, feed and the search index's result links.
  for (const file of ['sitemap.xml', 'feed.xml']) {
    if (!files.has(file)) continue;
    const xml = fs.readFileSync(path.join(out, file), 'utf8');
    for (const m of xml.matchAll(/<loc>([^<]*)<\/loc>|<link\b[^>]*\bhref="([^"]*)"/g)) {
      check(file, prefix + file, unescape(m[1] ?? m[2]), m[1] ? '<loc>' : '<link href>');
    }
  }
  for (const file of files) {
    if (!/^search\/d\/\d+\.json$/.test(file)) continue;
    const d = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
    if (d.u) check(file, prefix + 'search/', d.u, 'result link "u"');
    for (const x of d.x || []) {
      if (Array.isArray(x) && x[0]) check(file, prefix + 'search/', `${d.u}#${x[0]}`, 'result heading link');
    }
  }
  return { problems, checked };
}
