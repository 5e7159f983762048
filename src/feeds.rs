//! Machine-readable outputs: `sitemap.xml`, `feed.xml` (Atom) and
//! `reviews.ics` (one calendar event per next review) and a review calendar
//! per role (`granskning.ics` beside the role's page, the reviews of what
//! it owns), so review dates land in the calendars of the people who own
//! them.
//!
//! They are read by clients nobody here wrote (crawlers, feed readers,
//! Outlook), so each follows its specification to the letter, and the
//! validators in CI hold them to it: the sitemap protocol wants absolute
//! addresses and at most 50 000 of them a file; Atom wants ids that are
//! absolute, permanent and unique; iCalendar wants CRLF lines folded at 75
//! octets, escaped text and absolute `URL`s. A site whose `base_url` is
//! only a path has no absolute addresses: it gets no sitemap, and its feed
//! and calendar leave out what would need one ([`notes`] says so).

use std::fmt::Write as _;

use rayon::prelude::*;

use crate::model::ReviewStatus;
use crate::render::url;
use crate::resolve::{Page, Site};

/// At most this many addresses in one sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// The site's address when `base_url` is a full `http(s)` URL: what every
/// absolute address starts with.
fn absolute_base(site: &Site) -> Option<&str> {
    let base = site.config.base_url.as_str();
    (base.starts_with("https://") || base.starts_with("http://")).then_some(base)
}

/// What a build with this configuration leaves out, one line each, for
/// the build's report.
pub fn notes(config: &crate::config::SiteConfig) -> Vec<crate::messages::Message> {
    if config.base_url.contains("://") {
        return Vec::new();
    }
    vec![crate::messages::msg!("feeds.no_full_address")]
}

/// The sitemap's files: `sitemap.xml` alone, or, past [`SITEMAP_LIMIT`]
/// addresses, `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`,
/// …; none without absolute addresses.
pub fn sitemaps(site: &Site) -> Vec<(String, String)> {
    let Some(base) = absolute_base(site) else {
        return Vec::new();
    };
    split_sitemap(base, &sitemap_locs(site), SITEMAP_LIMIT)
}

/// `locs` as one sitemap, or as an index and parts of at most `limit`.
fn split_sitemap(
    base: &str,
    locs: &[(String, Option<String>)],
    limit: usize,
) -> Vec<(String, String)> {
    if locs.len() <= limit {
        return vec![("sitemap.xml".into(), urlset(locs))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, part) in locs.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        let _ = writeln!(
            index,
            "  <sitemap><loc>{}</loc></sitemap>",
            xml(&format!("{base}{name}"))
        );
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

/// Escapes text for XML content and attributes. Characters XML 1.0 cannot
/// hold (C0 controls but tab and line breaks) are left out: front matter
/// with them is an error, so this only keeps a slip from making the whole
/// file unreadable.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c < ' ' && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Every published page and generated list: (absolute address, last
/// modified), sorted.
fn sitemap_locs(site: &Site) -> Vec<(String, Option<String>)> {
    let base = &site.config.base_url;
    let generated = [
        "",
        "documents/",
        "reviews/",
        "roles/",
        "organisations/",
        "forums/",
        "contacts/",
        "search/",
        "tags/",
    ];
    let mut locs: Vec<(String, Option<String>)> = generated
        .iter()
        .map(|p| (format!("{base}{p}"), None))
        .collect();
    let tags = crate::tags::TagIndex::new(site);
    locs.extend(tags.tags.into_iter().map(|t| (t.url, None)));
    for p in &site.pages {
        let m = &p.parsed.meta;
        let lastmod = m.revised.max(m.reviewed).map(|d| d.to_string());
        locs.push((url(site, p), lastmod));
    }
    locs.sort();
    locs.dedup_by(|a, b| a.0 == b.0);
    locs
}

/// One sitemap file.
fn urlset(locs: &[(String, Option<String>)]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (loc, lastmod) in locs {
        let _ = write!(s, "  <url><loc>{}</loc>", xml(loc));
        if let Some(d) = lastmod {
            let _ = write!(s, "<lastmod>{d}</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    s
}

/// The feed's id: a `tag:` URI (RFC 4151) named for the site's title, so
/// it is an absolute URI, stays the same when the site moves to another
/// address (`base_url`), and differs between sites. An entry's id adds the
/// page's id, which stays with the page when its file moves.
fn tag_id(site: &Site, page_id: Option<&str>) -> String {
    let title: String = crate::search::tokenize::fold(&site.config.title.to_lowercase())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let title = title
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let site_part = if title.is_empty() {
        "webbplats".to_string()
    } else {
        title
    };
    match page_id {
        None => format!("tag:samsyn,2026:{site_part}"),
        Some(id) => format!(
            "tag:samsyn,2026:{site_part}/{}",
            crate::urls::encode_path(id)
        ),
    }
}

/// `robots.txt` (RFC 9309): unless site.yaml says `public: true`, every
/// crawler is asked to stay out; a public site lets them in and names its
/// sitemap when it has one. It works only at the host's root: under a
/// base path, crawlers never read it, and the pages' `noindex` must do.
pub fn robots(site: &Site) -> String {
    if !site.config.public {
        return "User-agent: *\nDisallow: /\n".into();
    }
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = absolute_base(site) {
        let _ = writeln!(s, "\nSitemap: {base}sitemap.xml");
    }
    s
}

/// The 50 most recently revised governing documents.
pub fn atom(site: &Site) -> String {
    let mut docs: Vec<(jiff::civil::Date, usize)> = site
        .documents()
        .filter_map(|i| {
            let m = &site.pages[i].parsed.meta;
            m.revised.max(m.reviewed).or(m.decided).map(|d| (d, i))
        })
        .collect();
    docs.sort_by(|a, b| b.cmp(a));
    docs.truncate(50);
    let updated = docs.first().map_or(site.today, |d| d.0);
    let base = &site.config.base_url;
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&site.config.language)
    );
    let _ = writeln!(
        s,
        "  <title>{} – senast reviderade</title>",
        xml(&site.config.title)
    );
    let _ = writeln!(s, "  <id>{}</id>", xml(&tag_id(site, None)));
    let _ = writeln!(s, "  <link rel=\"alternate\" href=\"{}\"/>", xml(base));
    // A relative `self` means nothing to a reader that copied the feed's
    // address: only an absolute one is written.
    if let Some(base) = absolute_base(site) {
        let _ = writeln!(s, "  <link rel=\"self\" href=\"{}feed.xml\"/>", xml(base));
    }
    let _ = writeln!(s, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(
        s,
        "  <author><name>{}</name></author>",
        xml(&site.config.title)
    );
    for (date, i) in docs {
        let p = &site.pages[i];
        let _ = writeln!(s, "  <entry>");
        let _ = writeln!(s, "    <title>{}</title>", xml(p.title()));
        let _ = writeln!(
            s,
            "    <id>{}</id>",
            xml(&tag_id(site, Some(p.id().as_str())))
        );
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" href=\"{}\"/>",
            xml(&url(site, p))
        );
        let _ = writeln!(s, "    <updated>{date}T00:00:00Z</updated>");
        let _ = writeln!(
            s,
            "    <category term=\"{}\" label=\"{}\"/>",
            p.kind().key(),
            p.kind().label()
        );
        if let Some(summary) = &p.parsed.meta.summary {
            let _ = writeln!(s, "    <summary>{}</summary>", xml(summary));
        }
        let _ = writeln!(s, "  </entry>");
    }
    s.push_str("</feed>\n");
    s
}

/// One all-day event per next review, for documents still in force.
pub fn ics(site: &Site) -> String {
    let name = format!("Granskningar – {}", site.config.title);
    calendar(site, &name, site.pages.iter())
}

/// A role's review calendar: one all-day event per next review of exactly
/// the documents and contact lists it owns (still in force), as
/// `(output path, text)` beside the role's page.
pub fn role_calendars(site: &Site) -> Vec<(String, String)> {
    site.pages
        .par_iter()
        .filter(|p| p.kind() == crate::model::Kind::Role)
        .map(|role| {
            let name = format!("Granskningar – {} – {}", role.title(), site.config.title);
            let owned = role.rev.owns.iter().map(|&i| &site.pages[i]);
            let path = crate::urls::role_calendar(&role.parsed.url_path);
            (path, calendar(site, &name, owned))
        })
        .collect()
}

/// A calendar named `name` with the next review of each of `pages` that
/// has one and is still in force.
fn calendar<'p>(site: &Site, name: &str, pages: impl Iterator<Item = &'p Page>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//samsyn//granskningskalender//SV".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("X-WR-CALNAME:{}", ics_text(name)),
    ];
    let stamp = format!("{}T000000Z", compact(site.today));
    for p in pages {
        let Some(next) = p.next_review else { continue };
        if matches!(
            p.status,
            ReviewStatus::Superseded | ReviewStatus::Expired | ReviewStatus::Draft
        ) {
            continue;
        }
        let end = next.tomorrow().unwrap_or(next);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:{}-granskning@samsyn",
            ics_text(p.id().as_str())
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", compact(next)));
        lines.push(format!("DTEND;VALUE=DATE:{}", compact(end)));
        lines.push(format!(
            "SUMMARY:{}",
            ics_text(&format!("Granskning: {}", p.title()))
        ));
        let law = match p.needs_review() {
            true => " Hänvisar till upphävd lag.",
            false => "",
        };
        lines.push(format!(
            "DESCRIPTION:{}",
            ics_text(&format!(
                "{} – {}. Status i dag: {}.{law}",
                p.kind().label(),
                p.title(),
                p.status.label()
            ))
        ));
        // URL's value is a URI (RFC 5545 3.8.4.6), never a relative path.
        if absolute_base(site).is_some() {
            lines.push(format!("URL:{}", url(site, p)));
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn compact(d: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// RFC 5545 text escaping (3.3.11); control characters, which TEXT cannot
/// hold, are left out (front matter with them is an error already).
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 5545 line folding: at most 75 octets a line, CRLF endings, never
/// splitting a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_parts() {
        let locs: Vec<(String, Option<String>)> = (0..5)
            .map(|i| (format!("https://a.example/p{i}/"), None))
            .collect();
        let files = split_sitemap("https://a.example/", &locs, 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(files[0].1.contains("<sitemapindex"));
        assert!(files[0]
            .1
            .contains("<loc>https://a.example/sitemap-3.xml</loc>"));
        assert_eq!(files[3].1.matches("<url>").count(), 1);
        assert_eq!(split_sitemap("https://a.example/", &locs, 5).len(), 1);
    }

    #[test]
    fn xml_and_ics_text_never_carry_control_characters() {
        assert_eq!(xml("a\u{1}b\u{1b}c\td"), "abc\td");
        assert_eq!(ics_text("a\u{1}b\rc\nd"), "abc\\nd");
    }

    #[test]
    fn long_ics_lines_fold_on_character_boundaries() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "å".repeat(60)), &mut out);
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "å".repeat(60))
        );
    }
}
