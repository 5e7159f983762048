//! Machine-readable outputs: `sitemap.xml`, `feed.xml` (Atom) and
//! `reviews.ics` (one calendar event per next review), so review dates land
//! in the calendars of the people who own them.

use std::fmt::Write as _;

use super::pages::url;
use crate::model::ReviewStatus;
use crate::resolve::Site;

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
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

/// Every published page and generated list.
pub fn sitemap(site: &Site) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
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
    ];
    let mut locs: Vec<(String, Option<String>)> = generated
        .iter()
        .map(|p| (format!("{base}{p}"), None))
        .collect();
    for p in &site.pages {
        let m = &p.parsed.meta;
        let lastmod = m.revised.max(m.reviewed).map(|d| d.to_string());
        locs.push((url(site, p), lastmod));
    }
    locs.sort();
    locs.dedup_by(|a, b| a.0 == b.0);
    for (loc, lastmod) in locs {
        let _ = write!(s, "  <url><loc>{}</loc>", xml(&loc));
        if let Some(d) = lastmod {
            let _ = write!(s, "<lastmod>{d}</lastmod>");
        }
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
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
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n");
    let _ = writeln!(
        s,
        "  <title>{} – senast reviderade</title>",
        xml(&site.config.title)
    );
    let _ = writeln!(s, "  <id>urn:samsyn:{}</id>", xml(&site.config.base_url));
    let _ = writeln!(s, "  <link rel=\"alternate\" href=\"{}\"/>", xml(base));
    let _ = writeln!(s, "  <link rel=\"self\" href=\"{}feed.xml\"/>", xml(base));
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
            "    <id>urn:samsyn:{}:{}</id>",
            xml(&site.config.base_url),
            xml(p.id().as_str())
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
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//samsyn//granskningskalender//SV".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            ics_text(&format!("Granskningar – {}", site.config.title))
        ),
    ];
    let stamp = format!("{}T000000Z", compact(site.today));
    for p in &site.pages {
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
        lines.push(format!(
            "DESCRIPTION:{}",
            ics_text(&format!(
                "{} – {}. Status i dag: {}.",
                p.kind().label(),
                p.title(),
                p.status.label()
            ))
        ));
        lines.push(format!("URL:{}", ics_text(&url(site, p))));
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

/// RFC 5545 text escaping.
fn ics_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
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
