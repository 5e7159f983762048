// samsyn's offline reading: keeps the pages a reader has opened, with the
// stylesheets and scripts, so they can be read again without a network.
// Written by samsyn for one build: a new build is a new worker whose
// cache replaces the old one. Pages come from the network while it
// answers (always fresh); the saved copy only when it does not.
"use strict";

const BUILD = "__SAMSYN_BUILD__";
const OFFLINE_PAGE = "__SAMSYN_OFFLINE_PAGE__";
const PRECACHE = __SAMSYN_PRECACHE__;
// The scope is the site's base_url: another site on the same host has
// caches of its own, which are left alone.
const SCOPE = new URL("./", self.location.href).href;
const PREFIX = "samsyn " + SCOPE + " ";
const CACHE = PREFIX + BUILD;
const SAVED = "x-samsyn-saved";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)),
      ))
      .then(() => self.clients.claim())
      .then(keepOpenPages),
  );
});

/** The pages open when the worker starts were loaded without it: kept now,
 *  so the first page a reader opens can be read offline too. */
async function keepOpenPages() {
  const windows = await self.clients.matchAll({ type: "window" });
  await Promise.all(windows.map(async (client) => {
    if (!client.url.startsWith(SCOPE)) return;
    try {
      const response = await fetch(client.url, { credentials: "same-origin" });
      const type = response.headers.get("content-type") || "";
      if (response.ok && type.startsWith("text/html")) await keep(pageKey(client.url), response);
    } catch (offline) {
      // Kept on the next visit instead.
    }
  }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, event));
  } else if (request.destination === "style" || request.destination === "script") {
    event.respondWith(asset(request));
  }
});

/** A page's key in the cache: its address without query or fragment. */
function pageKey(address) {
  const url = new URL(address);
  url.search = "";
  url.hash = "";
  return url.href;
}

async function page(request, event) {
  const key = pageKey(request.url);
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    return savedPage(key);
  }
  const type = response.headers.get("content-type") || "";
  if (response.ok && type.startsWith("text/html")) {
    event.waitUntil(keep(key, response.clone()));
  }
  return response;
}

/** Keeps a page with the time it was saved. */
async function keep(key, response) {
  const headers = new Headers(response.headers);
  headers.set(SAVED, new Date().toISOString());
  // The body is kept decoded, and the offline copy is longer.
  headers.delete("content-length");
  headers.delete("content-encoding");
  const body = await response.arrayBuffer();
  const cache = await caches.open(CACHE);
  await cache.put(key, new Response(body, { status: 200, headers }));
}

/** The saved copy of a page, marked as read offline; or the offline page. */
async function savedPage(key) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(key);
  if (saved) {
    const html = await saved.text();
    const when = saved.headers.get(SAVED) || "";
    // A meta tag, not a script: the page's own script shows the notice,
    // within the pages' Content-Security-Policy.
    const marker = '<meta name="samsyn:saved" content="' + when.replace(/[^0-9TZ:.\-]/g, "") + '">';
    const marked = html.replace(/<meta charset="utf-8">/i, (m) => m + "\n" + marker);
    return new Response(marked, { status: 200, headers: saved.headers });
  }
  const fallback = await cache.match(OFFLINE_PAGE);
  if (fallback) {
    return new Response(await fallback.arrayBuffer(), { status: 503, headers: fallback.headers });
  }
  return Response.error();
}

/** Stylesheets and scripts: a versioned address (`?v=`) never changes
 *  its bytes, so a saved copy is used first; others come fresh. */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const versioned = new URL(request.url).searchParams.has("v");
  if (versioned) {
    const saved = await cache.match(request);
    if (saved) return saved;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const saved = await cache.match(request);
    return saved || Response.error();
  }
}
