// samsyn serve: live reload and build errors in the browser. Injected only by
// `samsyn serve`; never part of a built site.
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
    else if (d.all || d.changed.indexOf(currentKey()) !== -1) reload();
  });
  events.addEventListener("build-error", function (e) {
    overlay(JSON.parse(e.data));
  });
})();
