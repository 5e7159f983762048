"""feed.xml, reviews.ics and the roles' granskning.ics of built sites, against parsers nobody here wrote
(lxml, feedparser, rfc3987, icalendar, ics) and the rules of RFC 4287 and
RFC 5545 they leave to the producer.

    check_feeds.py OUT BASE LANG SITE [OUT BASE LANG SITE ...]

OUT is a built site, BASE its full address ("" when base_url is only a
path: then nothing may be relative where an absolute address is required,
so rel="self" and URL must be absent), LANG site.yaml's language, SITE a
name for the site: builds of one site at different addresses must have the
same feed and entry ids (RFC 4287: permanent), different sites different
ones (universally unique).
Prints one line per problem; exits 1 if there was any.
"""

import re
import sys
from pathlib import Path

import feedparser
import icalendar
import ics
import rfc3987
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
URN = re.compile(r"^urn:[a-z0-9][a-z0-9-]{0,30}[a-z0-9]:[^/?#][^?#]*$", re.IGNORECASE)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION", "COMMENT"}

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def absolute_iri(value):
    return rfc3987.match(value, rule="absolute_IRI") is not None


def check_atom(out, base, lang):
    path = out / "feed.xml"
    where = str(path)
    data = path.read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        problem(where, f"not well-formed XML: {e}")
        return []
    parsed = feedparser.parse(data)
    if parsed.bozo:
        problem(where, f"feedparser: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problem(where, f"feedparser reads it as {parsed.version!r}, not Atom 1.0")
    if root.tag != ATOM + "feed":
        problem(where, f"the root is {root.tag}, not atom:feed")
    if root.get(XML_LANG) != lang:
        problem(where, f"xml:lang is {root.get(XML_LANG)!r}, site.yaml says {lang!r}")
    ids = []
    for node, label in [(root, "feed")] + [(e, "entry") for e in root.findall(ATOM + "entry")]:
        for name in ("id", "title", "updated"):
            found = node.findall(ATOM + name)
            if len(found) != 1:
                problem(where, f"{label} has {len(found)} atom:{name} (RFC 4287 wants exactly one)")
        ident = node.findtext(ATOM + "id") or ""
        if not absolute_iri(ident):
            problem(where, f"{label} id {ident!r} is not an absolute IRI (RFC 4287 4.2.6)")
        if ident.lower().startswith("urn:") and not URN.match(ident):
            problem(where, f"{label} id {ident!r} is not a valid URN (RFC 8141)")
        ids.append(ident)
        updated = node.findtext(ATOM + "updated") or ""
        if not RFC3339.match(updated):
            problem(where, f"{label} updated {updated!r} is not an RFC 3339 date-time")
        for link in node.findall(ATOM + "link"):
            href = link.get("href") or ""
            rel = link.get("rel", "alternate")
            if rel == "self":
                if not base:
                    problem(where, f"a rel=self link {href!r} although the site has no full address")
                elif href != base + "feed.xml":
                    problem(where, f"rel=self is {href!r}, not {base}feed.xml")
            elif base and not href.startswith(base):
                problem(where, f"{label} link {href!r} is not under {base}")
            elif not base and not href.startswith("/"):
                problem(where, f"{label} link {href!r} is neither absolute nor site-absolute")
        if label == "entry" and not node.findall(ATOM + "link"):
            problem(where, "an entry has no link")
    if root.find(ATOM + "author") is None:
        problem(where, "the feed has no atom:author (RFC 4287 4.1.1)")
    if len(set(ids)) != len(ids):
        problem(where, "ids are not unique")
    if len(ids) < 2:
        problem(where, "the feed has no entries to check")
    return ids


def unescaped_separator(value):
    """Whether a TEXT value has a `,` or `;` not escaped with a backslash."""
    escaped = False
    for c in value:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c in ",;":
            return True
    return False


def check_ics(path, base, may_be_empty=False):
    where = str(path)
    data = path.read_bytes()
    if not data.endswith(b"\r\n"):
        problem(where, "does not end with CRLF")
    raw_lines = data.split(b"\r\n")[:-1]
    for n, line in enumerate(raw_lines, 1):
        if b"\n" in line or b"\r" in line:
            problem(where, f"line {n}: a bare LF or CR (RFC 5545 3.1: CRLF only)")
        if len(line) > 75:
            problem(where, f"line {n}: {len(line)} octets (RFC 5545 3.1: at most 75)")
        if any(b < 0x20 and b != 0x09 for b in line) or 0x7F in line:
            problem(where, f"line {n}: a control character")
    text = data.decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    for line in unfolded:
        name, _, value = line.partition(":")
        prop = name.split(";")[0]
        if prop in TEXT_PROPERTIES and unescaped_separator(value):
            problem(where, f"{prop}: an unescaped `,` or `;` in {value!r} (RFC 5545 3.3.11)")
        if prop == "URL":
            if not base:
                problem(where, f"URL {value!r} although the site has no full address")
            elif not (value.startswith(base) and absolute_iri(value)):
                problem(where, f"URL {value!r} is not an absolute address under {base}")
    try:
        cal = icalendar.Calendar.from_ical(text)
    except Exception as e:  # noqa: BLE001 - any refusal is the finding
        problem(where, f"icalendar refuses it: {e}")
        return
    events = cal.walk("VEVENT")
    if not events and not may_be_empty:
        problem(where, "no events to check")
    uids = [str(e.get("UID")) for e in events]
    if len(set(uids)) != len(uids):
        problem(where, "UIDs are not unique")
    for e in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if e.get(required) is None:
                problem(where, f"an event without {required}")
    if base and not all(e.get("URL") for e in events):
        problem(where, "an event without URL although the site's address is known")
    try:
        other = ics.Calendar(text)
    except Exception as e:  # noqa: BLE001
        problem(where, f"the ics package refuses it: {e}")
        return
    if len(other.events) != len(events):
        problem(where, f"ics reads {len(other.events)} events, icalendar {len(events)}")


def main(args):
    if not args or len(args) % 4:
        sys.exit(__doc__)
    ids_of = {}
    for i in range(0, len(args), 4):
        out, base, lang, site = Path(args[i]), args[i + 1], args[i + 2], args[i + 3]
        ids = check_atom(out, base, lang)
        check_ics(out / "reviews.ics", base)
        # Every role's calendar (granskning.ics beside its page), held to
        # the same rules; a role that owns nothing has an empty one.
        role_calendars = sorted(out.glob("**/granskning.ics"))
        if not role_calendars:
            problem(out, "no role calendar (granskning.ics) to check")
        with_events = 0
        for path in role_calendars:
            check_ics(path, base, may_be_empty=True)
            with_events += b"BEGIN:VEVENT" in path.read_bytes()
        if role_calendars and not with_events:
            problem(out, "no role calendar has an event")
        if site in ids_of and ids_of[site] != ids:
            problem(out / "feed.xml", f"ids differ from another build of {site}: they must not change with base_url")
        ids_of.setdefault(site, ids)
    feed_ids = [ids[0] for ids in ids_of.values() if ids]
    if len(set(feed_ids)) != len(feed_ids):
        problem("feed.xml", f"different sites share a feed id: {feed_ids}")
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
