"""api/pages.json and robots.txt of built sites, read by parsers nobody here
wrote: Python's json (strict: no duplicate keys, no NaN or Infinity) and
urllib.robotparser, with the rules README.md ("pages.json", "Not for search
engines") gives them.

    check_publish.py OUT BASE PUBLIC [OUT BASE PUBLIC ...]

OUT is a built site, BASE its base_url as site.yaml or --base-url gives it,
PUBLIC `true` or `false` (site.yaml's `public`).
Prints one line per problem; exits 1 if there was any.
"""

import datetime
import json
import sys
import urllib.robotparser
from pathlib import Path

import rfc3987

problems = []

PAGE_FIELDS = {
    "id": str,
    "kind": str,
    "title": str,
    "url": str,
    "status": str,
    "draft": bool,
    "next_review": (str, type(None)),
    "valid_from": (str, type(None)),
    "valid_until": (str, type(None)),
    "revision_date": (str, type(None)),
    "owners": list,
}
KINDS = {"agreement", "guideline", "routine", "plan", "policy", "report", "page",
         "role", "organisation", "forum", "contacts", "law"}
STATUSES = {"superseded", "upcoming", "expired", "overdue", "due", "current"}


def problem(where, what):
    problems.append(f"{where}: {what}")


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = {k for k in keys if keys.count(k) > 1}
    if dup:
        raise ValueError(f"duplicate keys {sorted(dup)}")
    return dict(pairs)


def refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


def check_pages_json(out, base):
    path = out / "api" / "pages.json"
    where = str(path)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"),
                         object_pairs_hook=no_duplicates, parse_constant=refuse_constant)
    except (OSError, ValueError) as e:
        problem(where, f"not strict JSON: {e}")
        return
    if not isinstance(doc, dict) or set(doc) != {"version", "today", "pages"}:
        problem(where, f"top level must be version, today and pages: {list(doc)[:5]}")
        return
    if doc["version"] != 1:
        problem(where, f"version {doc['version']!r}, not 1")
    date(where, "today", doc["today"])
    ids = []
    for n, page in enumerate(doc["pages"]):
        at = f"{where}: pages[{n}]"
        if set(page) != set(PAGE_FIELDS):
            problem(at, f"fields {sorted(page)} are not {sorted(PAGE_FIELDS)}")
            continue
        for field, kind in PAGE_FIELDS.items():
            if not isinstance(page[field], kind):
                problem(at, f"{field} is {page[field]!r}")
        ids.append(page["id"])
        if page["kind"] not in KINDS:
            problem(at, f"unknown kind {page['kind']!r}")
        if page["status"] not in STATUSES:
            problem(at, f"unknown status {page['status']!r}")
        if page["draft"]:
            problem(at, "a draft in a build without --drafts")
        for field in ("next_review", "valid_from", "valid_until", "revision_date"):
            if page[field] is not None:
                date(at, field, page[field])
        url = page["url"]
        if not url.startswith(base):
            problem(at, f"url {url!r} is not under {base!r}")
        if "://" in base and not rfc3987.match(url, rule="absolute_URI"):
            problem(at, f"url {url!r} is no absolute URI")
        if "://" not in base and not rfc3987.match(url, rule="relative_ref"):
            problem(at, f"url {url!r} is no URI path")
        for owner in page["owners"]:
            if set(owner) != {"id", "title", "holders"} or not all(
                    isinstance(h, str) for h in owner.get("holders", [None])):
                problem(at, f"owner {owner!r}")
    if ids != sorted(ids):
        problem(where, "pages are not sorted by id")
    if len(set(ids)) != len(ids):
        problem(where, "an id is listed twice")
    if not ids:
        problem(where, "no pages")


def date(where, field, value):
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        problem(where, f"{field} {value!r} is no ISO date")


def check_robots(out, base, public):
    path = out / "robots.txt"
    where = str(path)
    parser = urllib.robotparser.RobotFileParser()
    try:
        parser.parse(path.read_text("utf-8").splitlines())
    except OSError as e:
        problem(where, f"cannot read: {e}")
        return
    origin = base if "://" in base else "https://intranat.example" + base
    for page in ("", "rutiner/orosanmalan/", "api/pages.json"):
        if parser.can_fetch("Googlebot", origin + page) != public:
            problem(where, f"Googlebot {'may not' if public else 'may'} fetch {page or '/'}")
    sitemaps = parser.site_maps() or []
    want = [base + "sitemap.xml"] if public and "://" in base else []
    if sitemaps != want:
        problem(where, f"sitemaps {sitemaps} are not {want}")


def main(args):
    if not args or len(args) % 3:
        sys.exit(__doc__)
    for i in range(0, len(args), 3):
        out, base, public = Path(args[i]), args[i + 1], args[i + 2] == "true"
        check_pages_json(out, base)
        check_robots(out, base, public)
        for html in sorted(out.rglob("*.html")):
            text = html.read_text("utf-8")
            has = '<meta name="robots" content="noindex, nofollow">' in text
            if has == public:
                problem(str(html), "noindex meta tag " + ("present on a public site" if public else "missing"))
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
