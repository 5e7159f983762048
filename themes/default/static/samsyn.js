/* samsyn default theme: small enhancements, no dependencies.
 *
 * Every page works without this file. It adds:
 *  - the "Meny" disclosure button for the main navigation on narrow screens,
 *  - a scroll wrapper around wide tables in page content,
 *  - the live filter on /documents/, kept in sync with the URL query,
 *  - today's date in the print stamp when a page is printed,
 *  - setting up the content again when `samsyn serve` swaps it in after a
 *    save (the "samsyn:content" event),
 *  - offline reading: registers the site's service worker, says so when a
 *    page is a saved copy read offline, lists the saved pages on the
 *    offline page.
 * The search page has its own script (search.js).
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("has-js");

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  /* ---------- Main navigation ---------- */

  function navParts() {
    return {
      button: document.querySelector(".nav-toggle"),
      header: document.querySelector(".site-header"),
      nav: document.getElementById("huvudmeny")
    };
  }

  function setNavOpen(parts, open) {
    parts.button.setAttribute("aria-expanded", open ? "true" : "false");
    parts.header.classList.toggle("nav-closed", !open);
  }

  function initNav() {
    var parts = navParts();
    if (!parts.button || !parts.header || !parts.nav) {
      return;
    }
    parts.button.hidden = false;
    setNavOpen(parts, false);
    parts.button.addEventListener("click", function () {
      setNavOpen(parts, parts.button.getAttribute("aria-expanded") !== "true");
    });
  }

  // Once per document, for whichever menu the page shows now.
  function initNavKeys() {
    var narrow = window.matchMedia("(max-width: 47.99em)");
    document.addEventListener("keydown", function (event) {
      var parts = navParts();
      if (event.key !== "Escape" || !narrow.matches || !parts.button || !parts.header) {
        return;
      }
      if (parts.button.getAttribute("aria-expanded") !== "true") {
        return;
      }
      if (parts.header.contains(document.activeElement)) {
        setNavOpen(parts, false);
        parts.button.focus();
      }
    });
  }

  /* ---------- Table of contents ---------- */

  /* Folded in the HTML so a phone shows the text first; open where the
     screen has room, unless the reader has folded it. */
  function initToc() {
    var fold = document.querySelector("details[data-toc]");
    if (fold && window.matchMedia("(min-width: 48em)").matches) {
      fold.open = true;
    }
  }

  /* ---------- Wide tables in content ---------- */

  function wrapTables() {
    var tables = document.querySelectorAll(".prose table");
    each(tables, function (table, index) {
      var parent = table.parentNode;
      if (parent.classList && parent.classList.contains("table-scroll")) {
        return;
      }
      var wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("tabindex", "0");
      var caption = table.caption;
      if (caption && caption.textContent.trim()) {
        if (!caption.id) {
          caption.id = "samsyn-tabell-" + (index + 1);
        }
        wrapper.setAttribute("aria-labelledby", caption.id);
      } else {
        wrapper.setAttribute("aria-label", "Tabell " + (index + 1));
      }
      parent.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });

    // Regions need distinct names: number tables that share one ("Tabell").
    var seen = {};
    var wrappers = document.querySelectorAll(".prose .table-scroll[aria-label]");
    each(wrappers, function (w) {
      var label = w.getAttribute("aria-label");
      seen[label] = (seen[label] || 0) + 1;
    });
    var numbered = {};
    each(wrappers, function (w) {
      var label = w.getAttribute("aria-label");
      if (seen[label] > 1) {
        numbered[label] = (numbered[label] || 0) + 1;
        w.setAttribute("aria-label", label + " " + numbered[label]);
      }
    });
  }

  /* ---------- Documents filter ---------- */

  function initFilter() {
    filter = null;
    var form = document.getElementById("samsyn-filter");
    var table = document.getElementById("samsyn-dokumenttabell");
    if (!form || !table || !table.tBodies.length) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var count = document.getElementById("samsyn-antal");
    var empty = document.getElementById("samsyn-inga-traffar");
    var total = rows.length;

    function hasOption(select, value) {
      return Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
    }

    function rowMatches(row, select) {
      var wanted = select.value;
      if (!wanted) {
        return true;
      }
      var data = row.getAttribute("data-" + select.getAttribute("data-filter")) || "";
      // kind and status hold one key; owners and organisations a list.
      return data.split(/\s+/).indexOf(wanted) !== -1;
    }

    function syncUrl() {
      if (!window.history || !window.history.replaceState || !window.URLSearchParams) {
        return;
      }
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) {
          params.set(select.name, select.value);
        } else {
          params.delete(select.name);
        }
      });
      var query = params.toString();
      window.history.replaceState(
        null,
        "",
        window.location.pathname + (query ? "?" + query : "") + window.location.hash
      );
    }

    function restore() {
      if (!window.URLSearchParams) {
        return;
      }
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var value = params.get(select.name);
        select.value = value !== null && hasOption(select, value) ? value : "";
      });
    }

    function apply(updateUrl) {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = selects.every(function (select) {
          return rowMatches(row, select);
        });
        row.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent =
          shown === total
            ? "Visar alla " + total + " dokument"
            : "Visar " + shown + " av " + total + " dokument";
      }
      if (empty) {
        empty.hidden = shown !== 0;
      }
      if (updateUrl) {
        syncUrl();
      }
    }

    form.hidden = false;
    restore();
    apply(false);

    // On a phone the filters start folded unless one is in use.
    var details = form.querySelector(".filter__details");
    var active = selects.some(function (select) {
      return select.value !== "";
    });
    if (details && !active && window.matchMedia("(max-width: 47.99em)").matches) {
      details.open = false;
    }

    form.addEventListener("change", function () {
      apply(true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply(true);
    });
    form.addEventListener("reset", function () {
      // The reset happens after this event; read the values afterwards.
      window.setTimeout(function () {
        apply(true);
      }, 0);
    });
    each(document.querySelectorAll("[data-filter-reset]"), function (button) {
      button.addEventListener("click", function () {
        form.reset();
        var first = selects[0];
        if (first) {
          first.focus();
        }
      });
    });
    filter = function () {
      restore();
      apply(false);
    };
  }

  // The filter of the body shown now (set again for each new body `samsyn
  // serve` puts in place): the one popstate listener applies it.
  var filter = null;

  function initHistory() {
    window.addEventListener("popstate", function () {
      if (filter) {
        filter();
      }
    });
  }

  /* ---------- Printing ---------- */

  function today() {
    var now = new Date();
    try {
      return now.toLocaleDateString("sv-SE", { day: "numeric", month: "long", year: "numeric" });
    } catch (e) {
      return now.toISOString().slice(0, 10);
    }
  }

  function stampPrintDate() {
    var text = today();
    each(document.querySelectorAll("[data-print-date]"), function (el) {
      el.textContent = text;
    });
  }

  // print.css prints the address of external links only; mark the links
  // that stay on this site (base_url may be an absolute URL).
  function markInternalLinks() {
    each(document.querySelectorAll("a[href]"), function (a) {
      if (a.host === window.location.host && /^https?:$/.test(a.protocol)) {
        a.setAttribute("data-internal", "");
      }
    });
  }

  function initPrint() {
    window.addEventListener("beforeprint", stampPrintDate);
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      var onChange = function (event) {
        if (event.matches) {
          stampPrintDate();
        }
      };
      if (print.addEventListener) {
        print.addEventListener("change", onChange);
      } else if (print.addListener) {
        print.addListener(onChange);
      }
    }
  }

  /* ---------- Offline reading ---------- */

  var MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli",
    "augusti", "september", "oktober", "november", "december"];

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function savedText(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) {
      return "Du läser en sparad kopia – du är offline.";
    }
    return "Du läser en sparad kopia från " + d.getDate() + " " + MONTHS[d.getMonth()] +
      " " + d.getFullYear() + " kl. " + two(d.getHours()) + "." + two(d.getMinutes()) +
      " – du är offline.";
  }

  // The service worker marks a page it answers from its cache with this
  // meta tag (a tag, not a script: the CSP allows no inline script).
  function showSaved() {
    var meta = document.querySelector('meta[name="samsyn:saved"]');
    var main = document.querySelector("#innehall > .wrap") || document.getElementById("innehall");
    if (!meta || !main) {
      return;
    }
    var notice = document.createElement("p");
    notice.className = "offline-notice";
    notice.setAttribute("role", "status");
    main.insertBefore(notice, main.firstChild);
    var text = savedText(meta.getAttribute("content"));
    // Filled once in the page, so that screen readers announce it.
    window.setTimeout(function () {
      notice.textContent = text;
    }, 100);
    window.addEventListener("online", function () {
      notice.textContent = "Du är online igen. Ladda om sidan för att se den senaste versionen.";
    });
  }

  function workerScope(meta) {
    return new URL("./", new URL(meta.getAttribute("content"), window.location.href)).href;
  }

  // The offline page lists the pages kept in this site's cache, by title.
  function listSaved(meta) {
    var list = document.getElementById("samsyn-sparade-lista");
    if (!list || !window.caches) {
      return;
    }
    var prefix = "samsyn " + workerScope(meta) + " ";
    var pages = [];
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf(prefix) === 0;
      }).map(function (k) {
        return caches.open(k).then(function (cache) {
          return cache.keys().then(function (requests) {
            return Promise.all(requests.map(function (r) {
              return cache.match(r).then(function (res) {
                if (!res || !res.headers.get("x-samsyn-saved")) {
                  return null;
                }
                return res.text().then(function (html) {
                  var doc = new DOMParser().parseFromString(html, "text/html");
                  pages.push({ url: r.url, title: doc.title || r.url });
                });
              });
            }));
          });
        });
      }));
    }).then(function () {
      pages.sort(function (a, b) {
        return a.title.localeCompare(b.title, "sv");
      });
      each(pages, function (p) {
        var li = document.createElement("li");
        li.className = "link-list__item";
        var a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      var section = document.getElementById("samsyn-sparade");
      if (section && pages.length) {
        section.hidden = false;
      }
    }).catch(function () {});
  }

  function initOffline() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    var meta = document.querySelector('meta[name="samsyn:offline-worker"]');
    showSaved();
    if (meta) {
      var register = function () {
        navigator.serviceWorker.register(meta.getAttribute("content"), {
          scope: new URL(workerScope(meta)).pathname
        }).catch(function () {});
      };
      // Installing fetches and keeps a few files: not while the page
      // itself is still loading and being laid out.
      if (document.readyState === "complete") {
        window.setTimeout(register, 500);
      } else {
        window.addEventListener("load", function () {
          window.setTimeout(register, 500);
        });
      }
      listSaved(meta);
      return;
    }
    // `samsyn serve`, or a site that turned offline reading off: a worker
    // an earlier build registered here must not answer for these pages.
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      each(registrations, function (r) {
        if (window.location.href.indexOf(r.scope) === 0) {
          r.unregister();
        }
      });
    }).catch(function () {});
  }

  // What lives in the page's body, set up again whenever it is new.
  function initContent() {
    initNav();
    initToc();
    wrapTables();
    initFilter();
    markInternalLinks();
  }

  function init() {
    initOffline();
    initNavKeys();
    initHistory();
    initContent();
    initPrint();
    // `samsyn serve` puts a new body in place after a save.
    document.addEventListener("samsyn:content", initContent);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
