//! `samsyn new` and `samsyn init`: start pages and sites from templates
//! with commented hints, so editors do not start from a blank file.
//!
//! A new page is not a document yet: what the editor must write is marked
//! `«fyll i»` (or `«fyll i: what to write»`), in front matter values and
//! under every heading, so an editor sees it and `check` can find it
//! ([`markers`]); `parse` warns of each one left, of governing documents
//! without `owner` or `summary` and of empty sections.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::{Error, Result};
use crate::keys::{Line, KEYS};
use crate::messages::msg;
use crate::model::Kind;

/// What marks a place the editor must fill in: `«fyll i»`, or with what
/// to write, `«fyll i: varför rutinen finns»`. Guillemets, because an
/// editor sees them at once and no Swedish text starts one with "fyll i".
pub const MARKER: &str = "«fyll i»";

/// Byte offsets of every scaffold marker in `text`: a `«` followed by
/// `fyll i` in any case (`«fyll i»`, `«Fyll i: …»`).
pub fn markers(text: &str) -> Vec<usize> {
    const WORDS: &str = "fyll i";
    text.match_indices('«')
        .map(|(at, _)| at)
        .filter(|&at| {
            let rest = &text.as_bytes()[at + '«'.len_utf8()..];
            rest.len() >= WORDS.len()
                && rest[..WORDS.len()].eq_ignore_ascii_case(WORDS.as_bytes())
                && rest
                    .get(WORDS.len())
                    .is_none_or(|b| !b.is_ascii_alphabetic())
        })
        .collect()
}

/// Whether `text` holds a scaffold marker.
pub fn has_marker(text: &str) -> bool {
    !markers(text).is_empty()
}

/// Front matter and a body outline for a new page of `kind`.
pub fn page_template(kind: Kind, title: &str, today: Date) -> String {
    let mut s = format!("---\ntitle: {title}\nkind: {}\n", kind.key());
    s.push_str(&key_lines(kind, &today.to_string()));
    s.push_str("---\n\n");
    let outline = match kind {
        k if k.is_governing() => concat!(
            "## Syfte\n\n«fyll i: varför dokumentet finns och vad det ska leda till»\n\n",
            "## Ansvar\n\n«fyll i: vilka roller som gör vad»\n\n",
            "## Arbetsgång\n\n«fyll i: stegen, i den ordning de görs»\n\n",
            "## Uppföljning\n\n«fyll i: hur och när arbetet följs upp, och i vilket forum»\n",
        ),
        Kind::Role => {
            "## Uppdrag i samverkan\n\n«fyll i: vad rollen gör i samverkan kring barn och unga»\n"
        }
        Kind::Forum => concat!(
            "## Syfte\n\n«fyll i: vad forumet följer upp»\n\n",
            "## Mötesordning\n\n«fyll i: hur ofta forumet möts och hur dagordningen bestäms»\n",
        ),
        _ => "",
    };
    s.push_str(outline);
    s
}

/// The front matter lines [`KEYS`] gives new pages of `kind`, in place
/// order; hints of one place share a line.
fn key_lines(kind: Kind, today: &str) -> String {
    let mut lines: Vec<(u8, &str, Line)> = KEYS
        .iter()
        .flat_map(|k| k.scaffold.iter().map(move |s| (k, s)))
        .filter(|(_, s)| s.kinds.contains(kind))
        .map(|(k, s)| (s.place, k.name, s.line))
        .collect();
    lines.sort_by_key(|(place, _, _)| *place);
    let mut out = String::new();
    let mut hint_place = None;
    for (place, key, line) in lines {
        let joins = hint_place == Some(place);
        hint_place = None;
        match line {
            Line::Value(value, "") => out.push_str(&format!("{key}: {value}\n")),
            Line::Value(value, comment) => {
                let set = format!("{key}: {value}");
                out.push_str(&format!("{set:<21} # {comment}\n"));
            }
            Line::Block(block) => out.push_str(&format!("{key}:\n{block}")),
            Line::Hint(example) => {
                if joins {
                    out.pop();
                    out.push_str("  ");
                } else {
                    out.push_str("# ");
                }
                out.push_str(&format!("{key}: {example}\n"));
                hint_place = Some(place);
            }
        }
    }
    out.replace("{today}", today)
}

/// Writes a new page of `kind` at `path` (under `content/` of `site_dir`
/// unless the path already starts there). Never overwrites.
pub fn new_page(site_dir: &Path, kind: Kind, path: &Path, today: Date) -> Result<PathBuf> {
    let rel = path.strip_prefix("content").unwrap_or(path);
    let mut target = site_dir.join("content").join(rel);
    if target.extension().is_none() {
        target.set_extension("md");
    }
    if target.extension().and_then(|e| e.to_str()) != Some("md") {
        return Err(Error::Usage(msg!(
            "scaffold.not_markdown",
            path = path.display()
        )));
    }
    if target.exists() {
        return Err(Error::Usage(msg!(
            "scaffold.exists",
            path = target.display()
        )));
    }
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    let title = capitalise(&stem);
    write_new(&target, &page_template(kind, &title, today))?;
    Ok(target)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io("writing", path, e))
}

/// Creates a new site in `dir`: `site.yaml`, a start page, an accessibility
/// statement and one example of every kind, all referring to each other.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
    if dir.join("content").exists() || dir.join("site.yaml").exists() {
        return Err(Error::Usage(msg!(
            "scaffold.site_exists",
            path = dir.display()
        )));
    }
    let files = example_files(today);
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

fn example_files(today: Date) -> Vec<(&'static str, String)> {
    let doc = |kind: &str, title: &str, extra: &str, body: &str| {
        format!(
            "---\ntitle: {title}\nkind: {kind}\nsummary: Exempel på {title_l} – byt ut mot er egen text.\ndecided_by: Nämnden {today} § 1\ndecided: {today}\napplies_to: [kommunen]\nowner: samordnare\nroles: [samordnare]\nforums: [samverkansgrupp]\nrevised: {today}\nreview_interval: 1 år\n{extra}---\n\n{body}",
            title_l = title.to_lowercase()
        )
    };
    vec![
        ("site.yaml", "title: Vår kommun – barn och unga i samverkan\nlanguage: sv\nbase_url: /\nreview_interval: 1 year\nreview_warning: 30 days\n".to_string()),
        ("content/index.md", "---\ntitle: Välkommen\n---\n\nHär samlas överenskommelser, riktlinjer och rutiner för samverkan kring barn och unga.\nBörja med [rutinen](rutiner/exempelrutin.md) eller sök i sidhuvudet.\n".to_string()),
        ("content/tillganglighetsredogorelse.md", "---\ntitle: Tillgänglighetsredogörelse\nsummary: Hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig service.\n---\n\n## Hur tillgänglig är webbplatsen?\n\nBeskriv här hur webbplatsen uppfyller kraven i WCAG 2.1 nivå AA och vilka brister som är kända.\n\n## Kontakta oss\n\nBeskriv hur man rapporterar brister i tillgängligheten.\n\n## Tillsyn\n\nMyndigheten för digital förvaltning (DIGG) har ansvar för tillsyn.\n".to_string()),
        ("content/organisationer/kommunen.md", "---\ntitle: Kommunen\nkind: organisation\nshort: KS\n---\n\nKommunens gemensamma organisation.\n".to_string()),
        ("content/roller/samordnare.md", "---\ntitle: Samordnare\nkind: role\norganisation: kommunen\n---\n\n## Uppdrag i samverkan\n\nHåller ihop arbetet och ser till att dokumenten granskas i tid.\n".to_string()),
        ("content/forum/samverkansgrupp.md", "---\ntitle: Samverkansgrupp\nkind: forum\nmembers: [samordnare]\nchair: samordnare\ncadence: två gånger per termin\n---\n\n## Syfte\n\nFöljer upp överenskommelser och rutiner.\n".to_string()),
        ("content/lagar/skollagen.md", "---\ntitle: Skollag (2010:800)\nkind: law\nsfs: \"2010:800\"\nnames: [skollagen]\nin_force: 2011-07-01\nurl: https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/skollag-2010800_sfs-2010-800/\n---\n\nEtt exempel på registret över lagar: en hänvisning i en text till skollagen, eller till 29 kap. 13 § skollagen, blir en länk hit.\n".to_string()),
        ("content/kontakter/kontaktlista.md", format!("---\ntitle: Kontaktlista\nkind: contacts\nowner: samordnare\nreviewed: {today}\nreview_interval: 6 månader\ncontacts:\n  - name: Förnamn Efternamn\n    role: samordnare\n    unit: Kommunen\n    phone: 0123-45 67 89\n    email: fornamn.efternamn@kommun.example\n---\n\nVem som har rollerna i dag.\n")),
        ("content/overenskommelser/exempeloverenskommelse.md", doc("agreement", "Överenskommelse", "", "## Syfte\n\nVarför parterna samverkar och vad det ska leda till för barn och unga.\n\n## Ansvar\n\nVad varje part ansvarar för.\n\n## Uppföljning\n\nHur och när överenskommelsen följs upp.\n")),
        ("content/riktlinjer/exempelriktlinje.md", doc("guideline", "Riktlinje", "", "## Syfte\n\nVad riktlinjen ska leda till.\n\n## Riktlinje\n\nVad som gäller, i korta stycken.\n")),
        ("content/delat/exempeltext.md", "---\ntitle: Exempeltext\nkind: snippet\n---\n\nText som flera sidor delar skrivs en gång och tas in med `{{#include …}}`.\n".to_string()),
        ("content/rutiner/exempelrutin.md", doc("routine", "Rutin", "related: [exempelriktlinje]\n", "## Syfte\n\nVarför rutinen finns och när den används.\n\n## Arbetsgång\n\n1. Första steget.\n2. Andra steget.\n\nRutinen bygger på skollagen. Se även [överenskommelsen](../overenskommelser/exempeloverenskommelse.md#syfte).\n\n{{#include ../delat/exempeltext.md}}\n")),
        ("content/planer/exempelplan.md", doc("plan", "Plan", "", "## Mål\n\nVad planen ska uppnå.\n\n## Aktiviteter\n\nVad som görs, av vem och när.\n")),
        ("content/policyer/exempelpolicy.md", doc("policy", "Policy", "", "## Ställningstagande\n\nVad kommunen står för.\n")),
        ("content/rapporter/exempelrapport.md", doc("report", "Rapport", "", "## Sammanfattning\n\nVad rapporten visar.\n")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_any_case_and_only_as_fyll_i() {
        let text = "a «fyll i» b «Fyll i: vad» c «FYLL I» «fyll in» «fyll» «annat»";
        assert_eq!(markers(text), vec![2, 15, 33]);
        assert!(has_marker(MARKER));
        assert!(!has_marker("«fyll"));
    }

    #[test]
    fn governing_templates_mark_owner_summary_and_every_section() {
        let today = crate::dates::parse_date("2026-01-15").unwrap();
        for kind in Kind::GOVERNING {
            let text = page_template(kind, "Test", today);
            assert!(text.contains("\nsummary: \"«fyll i»\""), "{text}");
            assert!(text.contains("\nowner: «fyll i»"), "{text}");
            let sections = text.matches("\n## ").count();
            let marked = text.matches("\n«fyll i: ").count();
            assert!(sections > 0 && marked == sections, "{text}");
        }
        let page = page_template(Kind::Page, "Test", today);
        assert!(!has_marker(&page), "{page}");
    }

    #[test]
    fn every_kind_template_parses() {
        let today = crate::dates::parse_date("2026-01-15").unwrap();
        for kind in Kind::ALL {
            let text = page_template(kind, "Test", today);
            let (fm, diags) = crate::frontmatter::parse("content/x.md", &text);
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
            assert!(
                fm.is_some() && errors.is_empty(),
                "{kind:?}: {errors:?}\n{text}"
            );
        }
    }
}
