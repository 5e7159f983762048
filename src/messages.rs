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
    // encoding: a page saved in another encoding than UTF-8.
    Entry {
        id: "encoding.utf16",
        sv: "filen är sparad som {encoding} utan byte order mark, inte som UTF-8",
        en: "the file is saved as {encoding} without a byte order mark, not as UTF-8",
    },
    Entry {
        id: "encoding.utf16_bom",
        sv: "filen är sparad som {encoding} (med byte order mark), inte som UTF-8",
        en: "the file is saved as {encoding} (with a byte order mark), not as UTF-8",
    },
    Entry {
        id: "encoding.windows_1252",
        sv: "filen är sparad som Windows-1252 (”ANSI”), inte som UTF-8: tecknet `{character}` här går inte att läsa",
        en: "the file is saved as Windows-1252 (“ANSI”), not as UTF-8: the character `{character}` here cannot be read",
    },
    Entry {
        id: "encoding.save_as_utf8",
        sv: "spara filen som UTF-8: Arkiv → Spara som → Kodning: UTF-8 (så heter det i Anteckningar och i de flesta andra program)",
        en: "save the file as UTF-8: File → Save as → Encoding: UTF-8 (so it is called in Notepad and most other editors)",
    },
    // frontmatter: a page's keys.
    Entry {
        id: "frontmatter.unclosed",
        sv: "sidhuvudet börjar med `---` här, men raden `---` som avslutar det saknas",
        en: "the front matter starts with `---` here, but the `---` line that ends it is missing",
    },
    Entry {
        id: "frontmatter.unclosed_hint",
        sv: "skriv en rad med bara `---` efter den sista raden `nyckel: värde`, före sidans text",
        en: "write a line with only `---` after the last `key: value` line, before the page's text",
    },
    Entry {
        id: "frontmatter.list_for_one",
        sv: "`{key}` tar ett enda värde, men här står en lista",
        en: "`{key}` takes one value, but a list is written here",
    },
    Entry {
        id: "frontmatter.list_for_one_hint",
        sv: "skriv värdet på samma rad, utan `-` och utan `[ ]`: `{key}: …`",
        en: "write the value on the same line, without `-` and without `[ ]`: `{key}: …`",
    },
    // resolve: references between pages, and links.
    Entry {
        id: "refs.did_you_mean",
        sv: "menade du `{near}`?",
        en: "did you mean `{near}`?",
    },
    Entry {
        id: "refs.unknown_near",
        sv: "menade du `{near}`? Andra närliggande id som `{key}` kan ange: {ids}",
        en: "did you mean `{near}`? Other close ids `{key}` can name: {ids}",
    },
    Entry {
        id: "refs.unknown_far",
        sv: "inget id liknar det; de närmaste som `{key}` kan ange: {ids} (ett id är filnamnet utan .md, eller nyckeln `id:`)",
        en: "no id is similar; the closest `{key}` can name: {ids} (an id is the file name without .md, or the `id:` key)",
    },
    Entry {
        id: "refs.no_page_of_kind",
        sv: "webbplatsen har ännu ingen sida av sorten `{kind}`",
        en: "the site has no page of kind `{kind}` yet",
    },
    Entry {
        id: "refs.wrong_kind_only",
        sv: "menade du sidan `{near}` av sorten `{kind}`?",
        en: "did you mean the {kind} `{near}`?",
    },
    Entry {
        id: "refs.wrong_kind_near",
        sv: "menade du sidan `{near}` av sorten `{kind}`? Andra närliggande av sorten `{kind}`: {ids}",
        en: "did you mean the {kind} `{near}`? Other close ones of kind `{kind}`: {ids}",
    },
    Entry {
        id: "refs.wrong_kind_far",
        sv: "ange en sida av sorten `{kind}`; de närmaste: {ids}",
        en: "name a page of kind `{kind}`; the closest: {ids}",
    },
    Entry {
        id: "links.without_md",
        sv: "menade du `{suggestion}`? Länkar till sidor slutar på `.md`",
        en: "did you mean `{suggestion}`? Links to pages end in `.md`",
    },
    // yamlhelp: the common YAML mistakes, in plain words.
    Entry {
        id: "yaml.tab",
        sv: "här står ett tabbtecken; raderna `nyckel: värde` får bara ha mellanslag, inte tabbar",
        en: "there is a tab character here; `key: value` lines may only have spaces, not tabs",
    },
    Entry {
        id: "yaml.tab_hint",
        sv: "ta bort tabben och skriv mellanslag i stället (till exempel två)",
        en: "remove the tab and type spaces instead (two, say)",
    },
    Entry {
        id: "yaml.unclosed_quote",
        sv: "citattecknet {quote} öppnas här men stängs aldrig",
        en: "the quotation mark {quote} opens here but is never closed",
    },
    Entry {
        id: "yaml.unclosed_quote_hint",
        sv: "skriv ett {quote} till i slutet av värdet, på samma rad",
        en: "write another {quote} at the end of the value, on the same line",
    },
    Entry {
        id: "yaml.unclosed_bracket",
        sv: "listan som börjar med `[` här stängs aldrig med `]`",
        en: "the list that starts with `[` here is never closed with `]`",
    },
    Entry {
        id: "yaml.unclosed_bracket_hint",
        sv: "skriv `]` efter det sista värdet, på samma rad: `roles: [rektor, kurator]`",
        en: "write `]` after the last value, on the same line: `roles: [rektor, kurator]`",
    },
    Entry {
        id: "yaml.after_quote",
        sv: "värdet slutar vid det andra citattecknet, men det står mer text efter det",
        en: "the value ends at the second quotation mark, but more text follows it",
    },
    Entry {
        id: "yaml.after_quote_hint",
        sv: "sätt citattecken runt hela värdet, och använd ' inuti: `title: \"Rutin för 'Trygg skola'\"`",
        en: "put the quotation marks around the whole value, and use ' inside: `title: \"Rutin för 'Trygg skola'\"`",
    },
    Entry {
        id: "yaml.duplicate_key",
        sv: "`{key}` står här en gång till",
        en: "`{key}` is written here a second time",
    },
    Entry {
        id: "yaml.duplicate_key_hint",
        sv: "varje nyckel får stå en gång; ta bort den ena raden `{key}:` eller slå ihop dem",
        en: "each key may be written once; remove one of the `{key}:` lines or merge them",
    },
    Entry {
        id: "yaml.indentation",
        sv: "raden är indragen (börjar med mellanslag) men hör inte till raden ovanför",
        en: "this line is indented (starts with spaces) but does not belong to the line above",
    },
    Entry {
        id: "yaml.indentation_hint",
        sv: "börja raden där de andra nycklarna börjar; bara rader under en nyckel utan värde (som `contacts:`) dras in, alla lika långt",
        en: "start the line where the other keys start; only lines under a key without a value (such as `contacts:`) are indented, all by the same amount",
    },
    Entry {
        id: "yaml.colon_in_value",
        sv: "värdet i `{key}` innehåller `: `, som läses som början på en ny nyckel",
        en: "the value of `{key}` contains `: `, which is read as the start of a new key",
    },
    Entry {
        id: "yaml.colon_in_value_hint",
        sv: "sätt raka citattecken runt hela värdet: `{key}: \"{value}\"`",
        en: "put straight quotation marks around the whole value: `{key}: \"{value}\"`",
    },
    Entry {
        id: "yaml.unreadable",
        sv: "raden går inte att läsa som `nyckel: värde` ({detail})",
        en: "this line cannot be read as `key: value` ({detail})",
    },
    Entry {
        id: "yaml.unreadable_hint",
        sv: "skriv en `nyckel: värde` per rad, och sätt raka citattecken runt värden som innehåller `: ` eller börjar med `[`, `{`, `*` eller `&`",
        en: "write one `key: value` per line, and put straight quotation marks around values that contain `: ` or start with `[`, `{`, `*` or `&`",
    },
    Entry {
        id: "yaml.typographic_quotes",
        sv: "värdet står inom typografiska citattecken (som Word sätter in); de lästes som vanliga citattecken",
        en: "the value is in typographic quotation marks (as Word writes them); they were read as straight ones",
    },
    Entry {
        id: "yaml.typographic_quotes_hint",
        sv: "skriv raka citattecken (\") i stället, eller inga alls",
        en: "write straight quotation marks (\") instead, or none",
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
