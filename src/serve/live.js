// samsyn serve: live preview and build errors in the browser. A save of the
// page on screen puts its new content in place; a change to the whole site
// reloads the page; a stylesheet change swaps the stylesheet. Injected only
// by `samsyn serve`; never part of a built site.
(function () {
  "use strict";
  var base = document.currentScript.getAttribute("data-base") || "/";
  var scrollKey = "samsyn-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    addEventListener("load", function () { scrollTo(0, +saved); });
  }
  var build = null;

  function reload() {
    sessionStorage.setItem(scrollKey, String(scrollY));
    location.reload();
  }

  // The scripts and stylesheets a page loads, but serve's own: a page can
  // be updated in place only if the new one loads the same (samsyn.js sets
  // up a new body again; search.js, say, does not).
  function shape(doc) {
    var scripts = Array.prototype.map.call(doc.querySelectorAll("script"), function (s) {
      return s.getAttribute("src") || "inline";
    }).filter(function (src) { return src.indexOf("__samsyn/") === -1; });
    var styles = Array.prototype.map.call(doc.querySelectorAll('link[rel="stylesheet"]'), function (l) {
      var url = new URL(l.getAttribute("href"), location.href);
      url.searchParams.delete("samsyn-reload");
      return url.href;
    });
    return scripts.concat(styles).join(" ");
  }

  // A save of the page on screen: fetch it and put the new body in place of
  // the old. Faster than a reload (no new document, no scripts to run
  // again), and the reader keeps the scroll position, folds and filter
  // choices. Anything unexpected falls back to a reload.
  var asked = 0;
  function update() {
    var mine = ++asked;
    fetch(location.href, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
      var type = r.headers.get("content-type") || "";
      if (!r.ok || type.indexOf("text/html") !== 0) throw new Error("not a page");
      return r.text();
    }).then(function (html) {
      if (mine !== asked) return;
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (shape(doc) !== shape(document)) throw new Error("not in place");
      document.title = doc.title;
      swapHeadMeta(doc);
      var folds = Array.prototype.map.call(document.body.querySelectorAll("details"), function (f) { return f.open; });
      var body = document.adoptNode(doc.body);
      document.body.replaceWith(body);
      document.dispatchEvent(new CustomEvent("samsyn:content"));
      // What the reader opened or folded stays so, where the page keeps
      // its shape.
      var now = body.querySelectorAll("details");
      if (now.length === folds.length) {
        folds.forEach(function (open, i) { now[i].open = open; });
      }
    }).catch(function () {
      if (mine === asked) reload();
    });
  }

  // The page's own facts in the head (description, status, next review).
  function swapHeadMeta(doc) {
    var fresh = {};
    doc.head.querySelectorAll("meta[name]").forEach(function (m) { fresh[m.name] = m.content; });
    document.head.querySelectorAll("meta[name]").forEach(function (m) {
      if (!Object.prototype.hasOwnProperty.call(fresh, m.name)) { m.remove(); return; }
      if (m.content !== fresh[m.name]) m.content = fresh[m.name];
      delete fresh[m.name];
    });
    Object.keys(fresh).forEach(function (name) {
      var m = document.createElement("meta");
      m.name = name;
      m.content = fresh[name];
      document.head.appendChild(m);
    });
  }

  function currentKey() {
    var p = decodeURIComponent(location.pathname);
    if (p.indexOf(base) === 0) p = p.slice(base.length); else p = p.replace(/^\//, "");
    return p === "" || p.slice(-1) === "/" ? p + "index.html" : p;
  }

  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("samsyn-reload", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  // The page serve answers with while no build has succeeded yet.
  var noBuild = document.body.hasAttribute("data-samsyn-no-build");

  // The overlay says what the terminal said: the server sends the words.
  function overlay(d) {
    var diagnostics = d.errors || [];
    var hintLabel = d.hint_label || "";
    hideOverlay();
    var box = document.createElement("div");
    box.id = "samsyn-error-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "samsyn-error-title");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:16px/1.5 system-ui,sans-serif;padding:2rem";
    var h = document.createElement("h2");
    h.id = "samsyn-error-title";
    h.textContent = d.title || "Webbplatsen kunde inte byggas";
    h.style.cssText = "margin:0 0 .5rem;font-size:1.4rem;color:#ffb3b3";
    box.appendChild(h);
    if (d.note) {
      var note = document.createElement("p");
      note.id = "samsyn-error-note";
      note.style.cssText = "margin:0 0 1rem";
      note.textContent = d.note;
      box.appendChild(note);
    }
    diagnostics.forEach(function (d) {
      var item = document.createElement("section");
      item.style.cssText = "margin:0 0 1.25rem;border-left:4px solid #ff6b6b;padding-left:1rem";
      var where = document.createElement("p");
      where.style.cssText = "margin:0;font-family:monospace;color:#ffd27f";
      where.className = "samsyn-error-location";
      where.textContent = d.file + (d.line ? ":" + d.line + (d.col ? ":" + d.col : "") : "");
      var msg = document.createElement("p");
      msg.style.margin = ".25rem 0";
      msg.className = "samsyn-error-message";
      msg.textContent = d.message;
      item.appendChild(where);
      item.appendChild(msg);
      if (d.source_line) {
        var pre = document.createElement("pre");
        pre.style.cssText = "margin:.25rem 0;padding:.5rem;background:#000;color:#eee;white-space:pre-wrap";
        pre.textContent = d.line + " | " + d.source_line;
        item.appendChild(pre);
      }
      if (d.hint) {
        var hint = document.createElement("p");
        hint.style.cssText = "margin:0;color:#b9e6ff";
        hint.textContent = (hintLabel ? hintLabel + " " : "") + d.hint;
        item.appendChild(hint);
      }
      box.appendChild(item);
    });
    document.body.appendChild(box);
  }

  function hideOverlay() {
    var old = document.getElementById("samsyn-error-overlay");
    if (old) old.remove();
  }

  var events = new EventSource(base + "__samsyn/events");
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    // A different build after a reconnect means the server restarted or
    // rebuilt while we were away.
    if (build !== null && d.build !== build && !d.errors) { reload(); return; }
    // Fixed between this page's answer and its connecting: load the site.
    if (noBuild && !d.errors) { reload(); return; }
    build = d.build;
    if (d.errors) overlay(d); else hideOverlay();
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    build = d.build;
    hideOverlay();
    if (d.base && d.base !== base) {
      // base_url changed: this page now lives under another path.
      var p = location.pathname;
      p = p.indexOf(base) === 0 ? p.slice(base.length) : p.replace(/^\//, "");
      location.replace(d.base + p + location.search + location.hash);
      return;
    }
    // The first good build: the page asked for exists now.
    if (noBuild) { reload(); return; }
    if (d.css_only) swapCss();
    else if (d.all) reload();
    else if (d.changed.indexOf(currentKey()) !== -1) update();
  });
  events.addEventListener("build-error", function (e) {
    overlay(JSON.parse(e.data));
  });
})();
