//! The fact block a municipal document opens with ("Dokumenttyp:
//! Riktlinje", "Beslutad av: …", as lines or as a two-column table),
//! found among the first blocks, taken out of the body, and mapped to
//! front matter keys in the site's own ids.

use crate::dates::{self, Interval};
use crate::keys;
use crate::messages::msg;
use crate::messages::{Lang, Message};
use crate::model::Kind;
use crate::search::tokenize;

use super::docx::{Block, Inline, Para, ParaStyle};

/// How many blocks from the start the fact block is looked for in.
const FACTS_WITHIN: usize = 12;
/// The longest label a "Label: value" line may have.
const MAX_LABEL_CHARS: usize = 40;

/// What a label of the fact block sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Kind,
    Text(&'static str),
    Date(&'static str),
    Interval(&'static str),
    Roles(&'static str),
    Organisations(&'static str),
}

/// Labels as documents write them (lower case, no colon), and their field.
const LABELS: &[(&str, Field)] = &[
    ("dokumenttyp", Field::Kind),
    ("typ av dokument", Field::Kind),
    ("beslutad av", Field::Text("decided_by")),
    ("fastställd av", Field::Text("decided_by")),
    ("beslutsdatum", Field::Date("decided")),
    ("beslutad", Field::Date("decided")),
    ("fastställd", Field::Date("decided")),
    ("diarienummer", Field::Text("diary_number")),
    ("diarienr", Field::Text("diary_number")),
    ("dnr", Field::Text("diary_number")),
    ("gäller för", Field::Organisations("applies_to")),
    ("giltig fr.o.m.", Field::Date("valid_from")),
    ("giltig from", Field::Date("valid_from")),
    ("giltig från", Field::Date("valid_from")),
    ("gäller från", Field::Date("valid_from")),
    ("giltig t.o.m.", Field::Date("valid_until")),
    ("giltig tom", Field::Date("valid_until")),
    ("giltig till", Field::Date("valid_until")),
    ("gäller till", Field::Date("valid_until")),
    ("dokumentansvarig", Field::Roles("owner")),
    ("ansvarig", Field::Roles("owner")),
    ("senast reviderad", Field::Date("revised")),
    ("reviderad", Field::Date("revised")),
    ("senast granskad", Field::Date("reviewed")),
    ("granskad", Field::Date("reviewed")),
    ("revideras", Field::Interval("review_interval")),
    ("revideringsintervall", Field::Interval("review_interval")),
];

/// Dokumenttyp words and the kind they name (compared by [`name_key`]).
const KIND_WORDS: &[(&str, Kind)] = &[
    ("överenskommelse", Kind::Agreement),
    ("riktlinje", Kind::Guideline),
    ("rutin", Kind::Routine),
    ("handlingsplan", Kind::Plan),
    ("plan", Kind::Plan),
    ("policy", Kind::Policy),
    ("rapport", Kind::Report),
    ("redovisning", Kind::Report),
];

/// One "label: value" pair of the fact block, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// The fact block, taken out of `blocks`: the first two-column table or
/// run of "Label: value" paragraphs, among the first blocks, with at
/// least one label the import knows.
pub fn take(blocks: &mut Vec<Block>) -> Vec<Fact> {
    let within = blocks.len().min(FACTS_WITHIN);
    for i in 0..within {
        if let Block::Table(rows) = &blocks[i] {
            if let Some(facts) = table_facts(rows) {
                blocks.remove(i);
                return facts;
            }
            continue;
        }
        let mut end = i;
        let mut facts = Vec::new();
        while let Some(Block::Para(p)) = blocks.get(end) {
            match line_facts(p) {
                Some(found) => facts.extend(found),
                None => break,
            }
            end += 1;
        }
        if facts.iter().any(|f| field(&f.label).is_some()) {
            blocks.drain(i..end);
            return facts;
        }
    }
    Vec::new()
}

fn table_facts(rows: &[Vec<Vec<Para>>]) -> Option<Vec<Fact>> {
    let mut facts = Vec::new();
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell_text(c)).collect();
        match cells.as_slice() {
            [label, value] => facts.push(Fact {
                label: label.trim().trim_end_matches(':').trim().to_string(),
                value: value.trim().to_string(),
            }),
            _ => return None,
        }
    }
    facts
        .iter()
        .any(|f| field(&f.label).is_some())
        .then_some(facts)
}

fn cell_text(paras: &[Para]) -> String {
    let texts: Vec<String> = paras.iter().map(|p| p.text().replace('\n', " ")).collect();
    texts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The facts of a paragraph whose every line is "Label: value"; an empty
/// paragraph has none (and does not end a run).
fn line_facts(p: &Para) -> Option<Vec<Fact>> {
    let image = p.inlines.iter().any(|i| matches!(i, Inline::Image(_)));
    if p.style != ParaStyle::Body || p.list.is_some() || image {
        return None;
    }
    let text = p.text();
    let mut facts = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (label, value) = line.split_once(':')?;
        let label = label.trim();
        let plain = !label.is_empty()
            && label.chars().count() <= MAX_LABEL_CHARS
            && label.chars().next().is_some_and(char::is_alphabetic)
            && !label.chars().any(|c| c.is_ascii_digit());
        if !plain {
            return None;
        }
        facts.push(Fact {
            label: label.to_string(),
            value: value.trim().to_string(),
        });
    }
    Some(facts)
}

fn field(label: &str) -> Option<Field> {
    let norm = label
        .trim()
        .trim_end_matches(':')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    LABELS.iter().find(|(l, _)| *l == norm).map(|(_, f)| *f)
}

/// A page of the site a name can stand for.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    /// Keys of its names (title, `short`, id), see [`name_key`].
    pub keys: Vec<String>,
}

/// The roles and organisations of the site, by name.
#[derive(Debug, Default, Clone)]
pub struct SiteNames {
    pub roles: Vec<Named>,
    pub organisations: Vec<Named>,
}

impl SiteNames {
    fn find<'a>(list: &'a [Named], name: &str) -> Option<&'a str> {
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        list.iter()
            .find(|n| n.keys.contains(&key))
            .map(|n| n.id.as_str())
    }
}

/// A name as compared: each word lower-cased, folded and stemmed, so
/// "Skolchefen", "skolchef" and "SKOLCHEFER" meet.
pub fn name_key(name: &str) -> String {
    let mut words = Vec::new();
    for word in name.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let lower = tokenize::lower(word);
        let folded = tokenize::fold(&lower);
        words.push(tokenize::stem(&folded));
    }
    words.join(" ")
}

/// The names of a list, split on commas, slashes and the like, then on
/// "och" and "samt" where the words around them are not one name
/// together ("Barn- och utbildningsförvaltningen" stays whole): the
/// longest run of words that names a page wins.
fn split_names(value: &str, is_name: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names = Vec::new();
    for part in value.split([',', '/', ';', '&', '+', '\n']) {
        let mut pieces: Vec<String> = vec![String::new()];
        for word in part.split_whitespace() {
            if matches!(word.to_lowercase().as_str(), "och" | "samt" | "and") {
                pieces.push(String::new());
            } else if let Some(last) = pieces.last_mut() {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(word);
            }
        }
        let pieces: Vec<String> = pieces
            .into_iter()
            .map(|n| n.trim().trim_end_matches('.').trim().to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let mut i = 0;
        while i < pieces.len() {
            let longest = (i + 1..=pieces.len())
                .rev()
                .find(|&j| j == i + 1 || is_name(&pieces[i..j].join(" och ")))
                .unwrap_or(i + 1);
            names.push(pieces[i..longest].join(" och "));
            i = longest;
        }
    }
    names
}

/// The front matter the facts make, and what could not be mapped.
#[derive(Debug, Default)]
pub struct Mapped {
    /// The document's kind, when Dokumenttyp names one.
    pub kind: Option<Kind>,
    /// `(key, YAML value)` in the order written.
    pub keys: Vec<(&'static str, String)>,
    /// YAML comment lines (without `# `) for what could not be mapped.
    pub comments: Vec<String>,
    /// What the editor is told could not be mapped.
    pub notes: Vec<Message>,
}

/// Maps the facts to front matter for a page of `kind` (`--kind`, or
/// else Dokumenttyp's). `lang` is the language of the comments written
/// into the page.
pub fn map(facts: &[Fact], kind: Option<Kind>, names: &SiteNames, lang: Lang) -> Mapped {
    let mut out = Mapped {
        kind: kind.or_else(|| {
            facts
                .iter()
                .filter(|f| field(&f.label) == Some(Field::Kind))
                .find_map(|f| kind_of(&f.value))
        }),
        ..Mapped::default()
    };
    for fact in facts.iter().filter(|f| !f.value.trim().is_empty()) {
        let v = &fact.value;
        let Some(field) = field(&fact.label) else {
            out.unmapped(
                msg!("import.unknown_label", label = &fact.label),
                msg!("import.comment_label", label = &fact.label, value = v),
                lang,
            );
            continue;
        };
        out.field(field, fact, names, lang);
    }
    out
}

/// The kind a Dokumenttyp value names.
pub fn kind_of(value: &str) -> Option<Kind> {
    let key = name_key(value);
    key.split(' ').find_map(|w| {
        KIND_WORDS
            .iter()
            .find(|(word, _)| name_key(word) == w)
            .map(|(_, k)| *k)
    })
}

impl Mapped {
    fn unmapped(&mut self, note: Message, comment: Message, lang: Lang) {
        self.notes.push(note);
        self.comments.push(one_line(&comment.text(lang)));
    }

    fn field(&mut self, field: Field, fact: &Fact, names: &SiteNames, lang: Lang) {
        let value = fact.value.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = match field {
            Field::Kind => {
                if kind_of(&value).is_none() {
                    self.notes.push(msg!("import.unknown_kind", value = &value));
                }
                return;
            }
            Field::Text(k)
            | Field::Date(k)
            | Field::Interval(k)
            | Field::Roles(k)
            | Field::Organisations(k) => k,
        };
        if let (Some(kind), Some(def)) = (self.kind, keys::find(key)) {
            if !def.kinds.contains(kind) {
                self.unmapped(
                    msg!("import.key_not_for_kind", key = key, kind = kind.key()),
                    msg!("import.comment_value", key = key, value = &value),
                    lang,
                );
                return;
            }
        }
        if self.keys.iter().any(|(k, _)| *k == key) {
            self.unmapped(
                msg!("import.twice", key = key, label = &fact.label),
                msg!("import.comment_value", key = key, value = &value),
                lang,
            );
            return;
        }
        match field {
            Field::Text(_) => self.keys.push((key, quoted(&value))),
            Field::Date(_) => self.date(key, &value, lang),
            Field::Interval(_) => match interval(&value) {
                Some(i) => self.keys.push((key, i.to_swedish())),
                None => self.unmapped(
                    msg!("import.bad_interval", key = key, value = &value),
                    msg!("import.comment_value", key = key, value = &value),
                    lang,
                ),
            },
            Field::Roles(_) => self.names(key, &value, &names.roles, true, lang),
            Field::Organisations(_) => self.names(key, &value, &names.organisations, false, lang),
            Field::Kind => {}
        }
    }

    fn date(&mut self, key: &'static str, value: &str, lang: Lang) {
        let found = value
            .split(|c: char| !(c.is_ascii_digit() || c == '-'))
            .find_map(|w| dates::parse_date(w).ok());
        match found {
            Some(d) => self.keys.push((key, d.to_string())),
            None => self.unmapped(
                msg!("import.bad_date", key = key, value = value),
                msg!("import.comment_value", key = key, value = value),
                lang,
            ),
        }
    }

    fn names(&mut self, key: &'static str, value: &str, list: &[Named], role: bool, lang: Lang) {
        let mut ids: Vec<&str> = Vec::new();
        for name in split_names(value, |n| SiteNames::find(list, n).is_some()) {
            match SiteNames::find(list, &name) {
                Some(id) => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                None => {
                    let note = if role {
                        msg!("import.unmatched_role", key = key, name = &name)
                    } else {
                        msg!("import.unmatched_organisation", key = key, name = &name)
                    };
                    let comment = msg!("import.comment_unmatched", key = key, name = &name);
                    self.unmapped(note, comment, lang);
                }
            }
        }
        if !ids.is_empty() {
            self.keys.push((key, format!("[{}]", ids.join(", "))));
        }
    }
}

/// An interval as documents write it: `1 år`, `vartannat år`, `årligen`.
fn interval(value: &str) -> Option<Interval> {
    let lower = value.to_lowercase();
    let lower = lower.trim().trim_end_matches('.');
    let words: &[(&str, &str)] = &[
        ("årligen", "1 år"),
        ("varje år", "1 år"),
        ("en gång per år", "1 år"),
        ("vartannat år", "2 år"),
        ("vart annat år", "2 år"),
        ("vart tredje år", "3 år"),
        ("vart fjärde år", "4 år"),
        ("halvårsvis", "6 månader"),
    ];
    let spelled = words.iter().find(|(w, _)| *w == lower).map(|(_, i)| *i);
    let text = spelled.unwrap_or(lower);
    let text = text.strip_prefix("var ").unwrap_or(text);
    Interval::parse(text).ok()
}

/// A YAML double-quoted scalar of `s`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text fit for one YAML comment line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_on_och_commas_and_slashes() {
        let none = |_: &str| false;
        assert_eq!(
            split_names("Skolchef och socialchef", none),
            vec!["Skolchef", "socialchef"]
        );
        assert_eq!(
            split_names("BU/SO, IFO samt LSS", none),
            vec!["BU", "SO", "IFO", "LSS"]
        );
        let bun = |n: &str| name_key(n) == name_key("Barn- och utbildningsförvaltningen");
        assert_eq!(
            split_names("Barn- och utbildningsförvaltningen och SO", bun),
            vec!["Barn- och utbildningsförvaltningen", "SO"]
        );
    }

    #[test]
    fn names_meet_in_other_forms() {
        assert_eq!(name_key("Skolchefen"), name_key("skolchef"));
        assert_eq!(name_key("SOCIALCHEFER"), name_key("Socialchef"));
        assert_ne!(name_key("Rektor"), name_key("Skolchef"));
    }

    #[test]
    fn kinds_and_intervals_read_as_written() {
        assert_eq!(kind_of("Riktlinje"), Some(Kind::Guideline));
        assert_eq!(kind_of("Lokal överenskommelse"), Some(Kind::Agreement));
        assert_eq!(kind_of("Handlingsplan"), Some(Kind::Plan));
        assert_eq!(kind_of("Redovisning"), Some(Kind::Report));
        assert_eq!(kind_of("Protokoll"), None);
        assert_eq!(
            interval("Vartannat år").map(|i| i.to_swedish()),
            Some("2 år".into())
        );
        assert_eq!(
            interval("1 år").map(|i| i.to_swedish()),
            Some("1 år".into())
        );
        assert!(interval("vid behov").is_none());
    }

    #[test]
    fn yaml_quoting_escapes() {
        assert_eq!(quoted(r#"BUN "a" \ b"#), r#""BUN \"a\" \\ b""#);
    }
}
