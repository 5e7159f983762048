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
    // serve: a build that failed.
    Entry {
        id: "serve.failed_title",
        sv: "Webbplatsen kunde inte byggas",
        en: "The site could not be built",
    },
    Entry {
        id: "serve.kept_last_good",
        sv: "Den senaste fungerande versionen visas fortfarande. Rätta felet och spara igen.",
        en: "The last good build is still being served; fix the error and save again.",
    },
    Entry {
        id: "serve.no_good_build",
        sv: "Webbplatsen har inte gått att bygga någon gång än, så varje sida visar felet. Rätta felet och spara, så visas sidan.",
        en: "There is no good build yet, so every page shows the error; fix it and save, and the page appears.",
    },
    // parse::unfinished: a page that is not finished yet.
    Entry {
        id: "unfinished.marker_key",
        sv: "`{key}` är inte ifyllt: «fyll i» från mallen står kvar",
        en: "`{key}` is not filled in: the template's «fyll i» is still there",
    },
    Entry {
        id: "unfinished.marker_key_hint",
        sv: "skriv det som ska stå här i stället för «fyll i», eller ta bort raden om den inte behövs",
        en: "write what belongs here in place of «fyll i», or remove the line if it is not needed",
    },
    Entry {
        id: "unfinished.marker_body",
        sv: "«fyll i» från mallen står kvar i texten",
        en: "the template's «fyll i» is still in the text",
    },
    Entry {
        id: "unfinished.marker_body_hint",
        sv: "skriv texten i stället för «fyll i …», eller ta bort avsnittet om det inte behövs",
        en: "write the text in place of «fyll i …», or remove the section if it is not needed",
    },
    Entry {
        id: "unfinished.no_owner",
        sv: "dokumentet har ingen dokumentansvarig (`owner`)",
        en: "the document has no owner (`owner`)",
    },
    Entry {
        id: "unfinished.owner_hint",
        sv: "skriv id för den roll som ansvarar för dokumentet, t.ex. `owner: rektor` (id är rollsidans filnamn utan .md); då vet läsarna vem de ska vända sig till",
        en: "write the id of the role responsible for the document, e.g. `owner: rektor` (the id is the role page's file name without .md), so readers know whom to ask",
    },
    Entry {
        id: "unfinished.no_summary",
        sv: "dokumentet har ingen sammanfattning (`summary`)",
        en: "the document has no summary (`summary`)",
    },
    Entry {
        id: "unfinished.summary_hint",
        sv: "skriv en eller två meningar om vad dokumentet handlar om, t.ex. `summary: Så gör du en orosanmälan.`; de visas i listor och sökträffar",
        en: "write one or two sentences on what the document is about, e.g. `summary: How to report a concern.`; lists and search results show them",
    },
    Entry {
        id: "unfinished.empty_section",
        sv: "avsnittet ”{heading}” är tomt",
        en: "the section “{heading}” is empty",
    },
    Entry {
        id: "unfinished.empty_section_hint",
        sv: "skriv avsnittets text under rubriken, eller ta bort rubriken om avsnittet inte behövs",
        en: "write the section's text under the heading, or remove the heading if the section is not needed",
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
