//! The catalogue: every sentence samsyn says to an editor, in Swedish and
//! in English.
//!
//! The people who write a site's pages are municipal staff, and the site
//! speaks their language, so its diagnostics must too. A diagnostic does not
//! carry text: it carries a [`Message`], an entry's id and the values to put
//! in its `{placeholders}`, and is put into words only where it is shown
//! ([`Message::text`]), in the language of the site (`language` in
//! `site.yaml`) or of `--lang`. The terminal, `--format json` and the serve
//! overlay all render the same message the same way.
//!
//! The tests below fail when an entry lacks a language, when the two texts
//! of an entry name different placeholders, when an id is used in `src/`
//! that the catalogue lacks, or when an entry is used nowhere.

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// A language diagnostics can be shown in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish, the default: samsyn's sites are Swedish.
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// The language of a BCP 47 code (`sv`, `sv-SE`, `en`, `en-GB`); `None`
    /// for a language the catalogue has no texts for.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to show a site's diagnostics in: its own language when
    /// the catalogue has it, else Swedish.
    pub fn for_site(language: &str) -> Lang {
        Lang::from_code(language).unwrap_or_default()
    }
}

/// One entry of the catalogue.
#[derive(Debug)]
pub struct Entry {
    /// Stable id, `area.what` (`yaml.tab`, `links.unknown_page`).
    pub id: &'static str,
    /// The Swedish text, with `{name}` placeholders.
    pub sv: &'static str,
    /// The English text, with the same placeholders.
    pub en: &'static str,
}

/// Every message samsyn shows an editor. Keep entries grouped by the module
/// that says them.
pub static CATALOGUE: &[Entry] = &[
    // A sentence still written in code, not yet in the catalogue. Being
    // moved out: new messages never use it.
    Entry {
        id: "raw",
        sv: "{text}",
        en: "{text}",
    },
    // import: `samsyn import` (src/import/, its summary printed by main.rs).
    Entry {
        id: "import.wrote",
        sv: "Skrev {path}",
        en: "Wrote {path}",
    },
    Entry {
        id: "import.saved_image",
        sv: "  sparade bilden {path}",
        en: "  saved the image {path}",
    },
    Entry {
        id: "import.notes_heading",
        sv: "  Kom inte med, eller behöver ses över:",
        en: "  Not carried over, or to be looked at:",
    },
    Entry {
        id: "import.summary",
        sv: "{imported} av {total} dokument importerade; {failed} gick inte att importera (för dem skrevs ingenting)",
        en: "{imported} of {total} documents imported; {failed} could not be imported (nothing was written for them)",
    },
    Entry {
        id: "import.not_found",
        sv: "{file} finns inte",
        en: "{file} does not exist",
    },
    Entry {
        id: "import.read_failed",
        sv: "{file} gick inte att läsa: {why}",
        en: "{file} could not be read: {why}",
    },
    Entry {
        id: "import.write_failed",
        sv: "{path} gick inte att skriva: {why}; ingenting importerades",
        en: "{path} could not be written: {why}; nothing was imported",
    },
    Entry {
        id: "import.empty_folder",
        sv: "{dir} har inga .docx-filer att importera",
        en: "{dir} has no .docx files to import",
    },
    Entry {
        id: "import.no_site",
        sv: "{dir} har ingen content/-mapp, så det går inte att importera dit",
        en: "{dir} has no content/ folder to import into",
    },
    Entry {
        id: "import.no_site_hint",
        sv: "ange webbplatsens mapp med --site, eller skapa en webbplats med `samsyn init`",
        en: "name the site folder with --site, or create a site with `samsyn init`",
    },
    Entry {
        id: "import.not_docx",
        sv: "{file} är inget Word-dokument i formatet .docx",
        en: "{file} is not a Word document in the .docx format",
    },
    Entry {
        id: "import.not_docx_hint",
        sv: "öppna det i Word och spara det som .docx (Arkiv → Spara som); ett äldre .doc eller ett lösenordsskyddat dokument går inte att läsa",
        en: "open it in Word and save it as .docx (File → Save as); an old .doc or a password-protected document cannot be read",
    },
    Entry {
        id: "import.no_document",
        sv: "{file} innehåller inget Word-dokument",
        en: "{file} holds no Word document",
    },
    Entry {
        id: "import.too_big",
        sv: "{file} är för stort för att importeras (mer än 256 MB, uppackat eller som fil)",
        en: "{file} is too large to import (more than 256 MB, unpacked or as a file)",
    },
    Entry {
        id: "import.broken",
        sv: "{file}: delen {part} går inte att läsa ({why})",
        en: "{file}: the part {part} cannot be read ({why})",
    },
    Entry {
        id: "import.save_again_hint",
        sv: "öppna dokumentet i Word och spara det igen, och importera sedan på nytt",
        en: "open the document in Word, save it again and import it once more",
    },
    Entry {
        id: "import.personnummer",
        sv: "{file} innehåller ett personnummer; ingenting importerades",
        en: "{file} holds a personal identity number; nothing was imported",
    },
    Entry {
        id: "import.personnummer_hint",
        sv: "ta bort numret i Word (se även kommentarer, sidhuvud, sidfot och dokumentegenskaper) och importera igen",
        en: "remove the number in Word (look in comments, headers, footers and the document properties too) and import again",
    },
    Entry {
        id: "import.exists",
        sv: "{path} finns redan; ingenting skrevs",
        en: "{path} exists already; nothing was written",
    },
    Entry {
        id: "import.exists_hint",
        sv: "välj en annan sökväg med --output, eller flytta bort den befintliga filen först",
        en: "choose another path with --output, or move the existing file away first",
    },
    Entry {
        id: "import.bad_output",
        sv: "--output {path} måste vara en .md-fil eller en mapp under content/",
        en: "--output {path} must be a .md file or a folder under content/",
    },
    Entry {
        id: "import.bad_output_hint",
        sv: "skriv sökvägen från content/, t.ex. --output rutiner/ny-rutin.md eller --output rutiner/",
        en: "write the path from content/, e.g. --output rutiner/ny-rutin.md or --output rutiner/",
    },
    Entry {
        id: "import.no_kind",
        sv: "{file} säger inte vilken sorts dokument det är (ingen rad Dokumenttyp som samsyn känner igen); ingenting importerades",
        en: "{file} does not say what kind of document it is (no Dokumenttyp line samsyn knows); nothing was imported",
    },
    Entry {
        id: "import.kind_hint",
        sv: "ange sorten med --kind, t.ex. --kind guideline (agreement, guideline, routine, plan, policy eller report)",
        en: "give the kind with --kind, e.g. --kind guideline (agreement, guideline, routine, plan, policy or report)",
    },
    Entry {
        id: "import.unknown_kind",
        sv: "Dokumenttyp ”{value}” är ingen sort samsyn känner; sorten kommer från --kind",
        en: "Dokumenttyp “{value}” is no kind samsyn knows; the kind comes from --kind",
    },
    Entry {
        id: "import.unknown_label",
        sv: "raden ”{label}: …” i faktarutan hör inte till någon nyckel; den står som kommentar i sidhuvudet",
        en: "the line “{label}: …” of the fact block belongs to no key; it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.key_not_for_kind",
        sv: "{key} hör inte till sorten {kind}; raden står som kommentar i sidhuvudet",
        en: "{key} does not belong to the kind {kind}; the line is kept as a comment in the front matter",
    },
    Entry {
        id: "import.twice",
        sv: "{key} står två gånger i faktarutan (”{label}”); den andra står som kommentar i sidhuvudet",
        en: "{key} is in the fact block twice (“{label}”); the second is kept as a comment in the front matter",
    },
    Entry {
        id: "import.bad_date",
        sv: "{key}: ”{value}” är inget datum (ÅÅÅÅ-MM-DD); det står som kommentar i sidhuvudet",
        en: "{key}: “{value}” is not a date (YYYY-MM-DD); it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.bad_interval",
        sv: "{key}: ”{value}” är inget intervall (t.ex. 1 år, 6 månader); det står som kommentar i sidhuvudet",
        en: "{key}: “{value}” is not an interval (e.g. 1 år, 6 månader); it is kept as a comment in the front matter",
    },
    Entry {
        id: "import.unmatched_role",
        sv: "{key}: ”{name}” är ingen roll på webbplatsen; namnet står som kommentar i sidhuvudet",
        en: "{key}: “{name}” is no role of the site; the name is kept as a comment in the front matter",
    },
    Entry {
        id: "import.unmatched_organisation",
        sv: "{key}: ”{name}” är ingen organisation på webbplatsen (varken titel eller short); namnet står som kommentar i sidhuvudet",
        en: "{key}: “{name}” is no organisation of the site (neither title nor short); the name is kept as a comment in the front matter",
    },
    Entry {
        id: "import.comment_unmatched",
        sv: "{key}: {name} (matchar ingen sida på webbplatsen)",
        en: "{key}: {name} (matches no page of the site)",
    },
    Entry {
        id: "import.comment_value",
        sv: "{key}: {value} (kunde inte föras över)",
        en: "{key}: {value} (could not be carried over)",
    },
    Entry {
        id: "import.comment_label",
        sv: "{label}: {value} (ingen nyckel)",
        en: "{label}: {value} (no key)",
    },
    Entry {
        id: "import.title_from_file",
        sv: "dokumentet har ingen rubrik i formatet Rubrik (Title); titeln ”{title}” är gjord av filnamnet",
        en: "the document has no paragraph in the Title style; the title “{title}” is made from the file name",
    },
    Entry {
        id: "import.link_dropped",
        sv: "länken till ”{target}” är ingen webbadress; bara länktexten kom med",
        en: "the link to “{target}” is not a web address; only its text was carried over",
    },
    Entry {
        id: "import.anchors_dropped",
        sv: "{count} länkar till bokmärken i dokumentet blev vanlig text",
        en: "{count} links to bookmarks in the document became plain text",
    },
    Entry {
        id: "import.image_type",
        sv: "en bild i formatet {ext}, som webbläsare inte visar, kom inte med",
        en: "an image in the {ext} format, which browsers do not show, was not carried over",
    },
    Entry {
        id: "import.no_alt",
        sv: "bilden {image} har ingen alternativtext; skriv en i sidan (texten inom ![…])",
        en: "the image {image} has no alternative text; write one in the page (the text in ![…])",
    },
    Entry {
        id: "import.skipped.text_boxes",
        sv: "{count} textrutor kom inte med; för in texten i sidan för hand",
        en: "{count} text boxes were not carried over; copy their text into the page by hand",
    },
    Entry {
        id: "import.skipped.footnotes",
        sv: "{count} fotnoter kom inte med (bara hänvisningarna fanns i texten)",
        en: "{count} footnotes were not carried over",
    },
    Entry {
        id: "import.skipped.comments",
        sv: "{count} kommentarer kom inte med",
        en: "{count} comments were not carried over",
    },
    Entry {
        id: "import.skipped.fields",
        sv: "{count} fält (sidnummer, innehållsförteckning, datum …): bara texten de visade kom med",
        en: "{count} fields (page numbers, tables of contents, dates …): only the text they showed was carried over",
    },
    Entry {
        id: "import.skipped.equations",
        sv: "{count} formler kom inte med",
        en: "{count} equations were not carried over",
    },
    Entry {
        id: "import.skipped.objects",
        sv: "{count} inbäddade objekt, diagram eller äldre bilder kom inte med",
        en: "{count} embedded objects, charts or old-style pictures were not carried over",
    },
    Entry {
        id: "import.skipped.nested_tables",
        sv: "{count} tabeller i tabeller blev text i cellen runt dem",
        en: "{count} tables inside tables became text in the cell around them",
    },
    Entry {
        id: "import.skipped.toc",
        sv: "innehållsförteckningen ({count} rader) kom inte med",
        en: "the table of contents ({count} lines) was not carried over",
    },
    Entry {
        id: "import.skipped.headers_footers",
        sv: "sidhuvud och sidfot ({count} med text) kom inte med",
        en: "headers and footers ({count} with text) were not carried over",
    },
    Entry {
        id: "import.skipped.missing_images",
        sv: "{count} bilder fanns inte i filen (länkade bilder) och kom inte med",
        en: "{count} images were not in the file (linked images) and were not carried over",
    },
];

/// A message to show: a catalogue id and the values of its placeholders.
/// Made with [`msg!`](crate::msg). Boxed, so that a diagnostic (two of
/// these) stays small enough to pass around in `Result`s.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Message(Box<Parts>);

#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
struct Parts {
    id: String,
    /// `(placeholder, value)`, in the order given.
    args: Vec<(String, String)>,
}

impl Message {
    /// The message of entry `id`, without values yet.
    pub fn new(id: &str) -> Self {
        Message(Box::new(Parts {
            id: id.to_string(),
            args: Vec::new(),
        }))
    }

    /// The entry's id.
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// The value given for placeholder `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.0
            .args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets placeholder `name` to `value`.
    pub fn arg(mut self, name: &str, value: impl Display) -> Self {
        self.0.args.push((name.to_string(), value.to_string()));
        self
    }

    /// The message in words, in `lang`. An id the catalogue lacks (a bug the
    /// tests catch) shows as the id and its values rather than nothing.
    pub fn text(&self, lang: Lang) -> String {
        let Some(entry) = entry(&self.0.id) else {
            let values: Vec<&str> = self.0.args.iter().map(|(_, v)| v.as_str()).collect();
            return format!("[{}] {}", self.0.id, values.join(" · "));
        };
        let template = match lang {
            Lang::Sv => entry.sv,
            Lang::En => entry.en,
        };
        fill(template, &self.0.args)
    }

    /// The message in English (tests and logs read this).
    pub fn en(&self) -> String {
        self.text(Lang::En)
    }

    /// The message in Swedish.
    pub fn sv(&self) -> String {
        self.text(Lang::Sv)
    }

    /// Replaces every value with `f(value)`: masking personal identity
    /// numbers reaches the values, never the catalogue's own words.
    pub fn map_values(&mut self, f: impl Fn(&str) -> String) {
        for (_, value) in &mut self.0.args {
            *value = f(value);
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::new("raw").arg("text", text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::from(text.to_string())
    }
}

/// A catalogue message: the id, then `name = value` for each placeholder
/// (`msg!` with `"keys.unknown", key = k`).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

fn entry(id: &str) -> Option<&'static Entry> {
    static BY_ID: OnceLock<HashMap<&'static str, &'static Entry>> = OnceLock::new();
    BY_ID
        .get_or_init(|| CATALOGUE.iter().map(|e| (e.id, e)).collect())
        .get(id)
        .copied()
}

/// `template` with every `{name}` replaced by its value; a brace that does
/// not open a known placeholder is kept as written.
fn fill(template: &str, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let value = close.and_then(|c| {
            let name = &after[..c];
            args.iter().find(|(n, _)| n == name).map(|(_, v)| (c, v))
        });
        match value {
            Some((c, v)) => {
                out.push_str(v);
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, sorted.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(c)
                if c > 0
                    && after[..c]
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_') =>
            {
                names.push(&after[..c]);
                rest = &after[c + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        for e in CATALOGUE {
            assert!(!e.sv.trim().is_empty(), "{}: no Swedish text", e.id);
            assert!(!e.en.trim().is_empty(), "{}: no English text", e.id);
            assert_eq!(
                placeholders(e.sv),
                placeholders(e.en),
                "{}: the Swedish and English texts name different placeholders",
                e.id
            );
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut seen = BTreeSet::new();
        for e in CATALOGUE {
            assert!(seen.insert(e.id), "{} is in the catalogue twice", e.id);
        }
    }

    /// Every id given to `msg!` in `src/` names an entry, and every entry is used.
    #[test]
    fn every_id_used_is_in_the_catalogue_and_every_entry_is_used() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        for file in walkdir::WalkDir::new(&root) {
            let file = file.expect("src/ is readable");
            if file.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(file.path()).expect("a source file");
            for (i, _) in text.match_indices("msg!(\"") {
                let rest = &text[i + 6..];
                if let Some(end) = rest.find('"') {
                    used.insert(rest[..end].to_string());
                }
            }
        }
        let known: BTreeSet<String> = CATALOGUE.iter().map(|e| e.id.to_string()).collect();
        let missing: Vec<_> = used.difference(&known).collect();
        assert!(
            missing.is_empty(),
            "used but not in the catalogue: {missing:?}"
        );
        let unused: Vec<_> = known
            .difference(&used)
            .filter(|id| id.as_str() != "raw")
            .collect();
        assert!(
            unused.is_empty(),
            "in the catalogue but used nowhere: {unused:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let args = vec![("key".to_string(), "ownr".to_string())];
        assert_eq!(fill("`{key}` {okänd} {", &args), "`ownr` {okänd} {");
        assert_eq!(placeholders("{a} {b_c} {A} {}"), vec!["a", "b_c"]);
    }

    #[test]
    fn languages_are_read_from_codes() {
        assert_eq!(Lang::from_code("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_code("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_code("fi"), None);
        assert_eq!(Lang::for_site("fi"), Lang::Sv);
    }

    #[test]
    fn an_unknown_id_shows_its_values() {
        let m = Message::new("nope").arg("x", "y");
        assert_eq!(m.en(), "[nope] y");
    }
}
