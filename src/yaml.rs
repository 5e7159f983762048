//! YAML into a generic value, with positions.
//!
//! `site.yaml` and front matter are read here, by serde-saphyr (YAML 1.2, in
//! Rust without `unsafe`), into a [`Value`]; `config` and `frontmatter` then
//! check every key themselves. Mappings keep the order they are written in,
//! and each key the byte offset it starts at. Numbers keep their text
//! (`2024`, `1.5`), so the lenient readers can take them as text; a number
//! written with a leading zero or `_` (`0701234567`) stays text. Tags are
//! read through: `!x 3` is `3`.
//!
//! Hostile YAML is an error at its position, never a hang or a crash:
//! nesting deeper than [`MAX_DEPTH`], and more than [`MAX_NODES`] values,
//! counting an alias as every value it repeats ("billion laughs"), are
//! refused while parsing.

use crate::lines::line_col;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Location, MessageFormatter, Spanned};

use crate::messages::{msg, Message};

mod flat;
mod quick;

/// How deeply sequences and mappings may nest. Front matter needs three or
/// four levels; the limit keeps the recursion of reading (and dropping) a
/// value far from the end of a thread's stack.
pub const MAX_DEPTH: usize = 64;

/// How many values (scalars, sequences, mappings) one text may hold,
/// counting an alias as every value it repeats.
pub const MAX_NODES: usize = 250_000;

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, as text: `2024`, `-3`, `1.5`.
    Number(String),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
}

impl Value {
    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A mapping, in the order it is written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    entries: Vec<Entry>,
}

/// One `key: value` of a [`Mapping`].
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Value,
    pub value: Value,
    /// Byte offset of the key in the text that was read (`None` if the
    /// parser did not say).
    pub offset: Option<usize>,
}

impl Mapping {
    pub fn new() -> Self {
        Mapping::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, with the key offsets.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// (key, value) pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|e| (&e.key, &e.value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|e| &e.key)
    }

    /// The value of the text key `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|e| e.key.as_str() == Some(key))
            .map(|e| &e.value)
    }
}

impl<'a> IntoIterator for &'a Mapping {
    type Item = (&'a Value, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, Entry>, fn(&Entry) -> (&Value, &Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|e| (&e.key, &e.value))
    }
}

/// Why a text is not YAML samsyn can read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What is wrong, without the position, in plain words
    /// ([`yamlhelp::explain`](crate::yamlhelp::explain)).
    pub message: Message,
    /// What to write instead.
    pub hint: Option<Message>,
    /// Byte offset in the text that was read.
    pub offset: usize,
}

/// A text read by [`read`]: its value, and where a value was written in
/// typographic quotes and read as if in straight ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub value: Value,
    /// Byte offset of each typographic opening quote read as a quote.
    pub typographic_quotes: Vec<usize>,
}

impl Error {
    /// 1-based (line, column) of the error in `text`, the text that was
    /// read, as samsyn numbers lines (at `\n`) and columns (in characters).
    pub fn position(&self, text: &str) -> (usize, usize) {
        line_col(text, self.offset)
    }
}

/// Reads one YAML document. Empty text (or only comments) is `Null`.
pub fn parse(text: &str) -> Result<Value, Error> {
    if let Some(value) = flat::read(text).or_else(|| quick::read(text)) {
        return Ok(value);
    }
    serde_saphyr::from_str_with_options::<Value>(text, options()).map_err(|e| {
        let offset = error_offset(text, &e);
        match message(&e) {
            Said::Ours(why) => Error {
                message: msg!("yaml.invalid", why = why),
                hint: None,
                offset,
            },
            Said::Parser(words) => {
                let e = crate::yamlhelp::explain(text, &words, offset);
                Error {
                    message: e.message,
                    hint: e.hint,
                    offset: e.offset,
                }
            }
        }
    })
}

/// Reads one YAML document as an editor wrote it: a value wholly in
/// typographic quotes (`“Hur vi gör”`) is read as if in straight ones.
/// Offsets (of keys, of errors) are offsets in `text`.
pub fn read(text: &str) -> Result<Read, Error> {
    let (straight, typographic_quotes) = crate::yamlhelp::straighten_quotes(text);
    Ok(Read {
        value: parse(&straight)?,
        typographic_quotes,
    })
}

/// An error's description: ours (limits, aliases), or the parser's, which
/// [`yamlhelp::explain`](crate::yamlhelp::explain) turns into plain words.
enum Said {
    Ours(Message),
    Parser(String),
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: MAX_NODES,
        },
        // YAML 1.2: `yes`, `no`, `on` and `off` are text, not booleans.
        strict_booleans: true,
        // `<<` is a key like any other (and so reported as unknown), not a
        // merge of another mapping.
        merge_keys: serde_saphyr::MergeKeyPolicy::AsOrdinary,
        // `0701234567` and `2024_01` are text: as numbers they would lose
        // their zero or their `_`.
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        // `.inf` and `.nan` are text, not an error.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        // The reporter shows the line itself.
        with_snippet: false,
    }
}

/// The error's message, without the position (reported on its own) and
/// without anything that would make a terminal do something.
fn message(e: &serde_saphyr::Error) -> Said {
    let e = original(e);
    let ours: Message = match e {
        serde_saphyr::Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. } => {
            msg!("yaml.too_deep", depth = MAX_DEPTH)
        }
        // The parser's word for too many `[` or `{` inside each other.
        serde_saphyr::Error::ExternalMessage { msg, .. } if msg == "recursion limit exceeded" => {
            msg!("yaml.too_deep", depth = MAX_DEPTH)
        }
        serde_saphyr::Error::Budget {
            breach: BudgetBreach::Nodes { .. },
            ..
        } => msg!("yaml.too_many", count = MAX_NODES),
        serde_saphyr::Error::UnknownAnchor { .. } => {
            msg!("yaml.unknown_anchor")
        }
        serde_saphyr::Error::Budget { .. }
        | serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => {
            msg!("yaml.too_complex")
        }
        _ => {
            let words = serde_saphyr::UserMessageFormatter.format_message(e);
            return Said::Parser(clean(&words));
        }
    };
    Said::Ours(ours)
}

/// `text` without anything that would make a terminal do something.
fn clean(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            clean.extend(c.escape_debug());
        } else {
            clean.push(c);
        }
    }
    clean
}

/// The error behind alias and snippet wrappers.
fn original(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = e
    {
        e = error;
    }
    e
}

/// Byte offset of an error in `text`: from the parser's byte offset, else
/// its character offset, else its line and column.
fn error_offset(text: &str, e: &serde_saphyr::Error) -> usize {
    let Some(loc) = e.location().filter(|l| *l != Location::UNKNOWN) else {
        return 0;
    };
    let span = loc.span();
    if span != serde_saphyr::Span::UNKNOWN {
        if let Some(b) = byte_offset(text, span) {
            return b;
        }
        let chars = usize::try_from(span.offset()).unwrap_or(usize::MAX);
        return text
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| i);
    }
    // The parser breaks lines at `\r\n`, `\r` and `\n`, and counts columns
    // in characters.
    let (line, col) = (loc.line(), loc.column());
    let mut chars = text.char_indices().peekable();
    let mut l = 1;
    while l < line {
        match chars.next() {
            None => break,
            Some((_, '\r')) => {
                chars.next_if(|(_, c)| *c == '\n');
                l += 1;
            }
            Some((_, '\n')) => l += 1,
            Some(_) => {}
        }
    }
    for _ in 1..col {
        if chars.next_if(|(_, c)| *c != '\n' && *c != '\r').is_none() {
            break;
        }
    }
    chars.peek().map_or(text.len(), |(i, _)| *i)
}

/// A span's byte offset, if the parser gave one that lies in `text`.
fn byte_offset(text: &str, span: serde_saphyr::Span) -> Option<usize> {
    let b = usize::try_from(span.byte_offset()?).ok()?;
    text.is_char_boundary(b).then_some(b)
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_i128<E>(self, n: i128) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_u128<E>(self, n: u128) -> Result<Value, E> {
        Ok(Value::Number(n.to_string()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // `{:?}` keeps a `.0` on whole numbers: `1.0`, not `1`.
        Ok(Value::Number(format!("{n:?}")))
    }

    fn visit_char<E>(self, c: char) -> Result<Value, E> {
        Ok(Value::String(c.to_string()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    /// `!!binary`, decoded.
    fn visit_bytes<E>(self, b: &[u8]) -> Result<Value, E> {
        Ok(Value::String(String::from_utf8_lossy(b).into_owned()))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let value = map.next_value()?;
            entries.push(Entry {
                offset: span_byte_offset(key.referenced),
                key: key.value,
                value,
            });
        }
        Ok(Value::Mapping(Mapping { entries }))
    }
}

/// A location's byte offset, as the parser gave it.
fn span_byte_offset(loc: Location) -> Option<usize> {
    if loc == Location::UNKNOWN {
        return None;
    }
    usize::try_from(loc.span().byte_offset()?).ok()
}

/// Whether any text in a YAML value, as YAML reads it, holds a personal
/// identity number.
pub fn holds_personnummer(v: &Value) -> bool {
    any_text(v, &|s| !crate::privacy::scan(s).is_empty())
}

/// Whether any text in a YAML value, as YAML reads it (`"\e"` is an
/// escape character), holds a control character other than tab and line
/// feed, which feeds, calendars and web pages cannot carry.
pub fn holds_control_character(v: &Value) -> bool {
    any_text(v, &|s| {
        s.chars().any(|c| c.is_control() && c != '\t' && c != '\n')
    })
}

/// Whether `test` holds for any key or text in `v`.
fn any_text(v: &Value, test: &dyn Fn(&str) -> bool) -> bool {
    match v {
        Value::String(s) | Value::Number(s) => test(s),
        Value::Sequence(items) => items.iter().any(|i| any_text(i, test)),
        Value::Mapping(m) => m
            .iter()
            .any(|(k, v)| any_text(k, test) || any_text(v, test)),
        Value::Null | Value::Bool(_) => false,
    }
}

/// A scalar as text: editors write `title: 2024` and mean the text.
pub fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(text: &str) -> Mapping {
        match parse(text) {
            Ok(Value::Mapping(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn scalars_as_the_lenient_readers_need_them() {
        let m = mapping(
            "title: 2024\nrevised: 2026-06-01\nlist: [a, 1]\ndraft: true\nyes: no\nphone: 0701234567\nratio: 1.0\nnothing:\ninf: .inf\n",
        );
        assert_eq!(m.get("title"), Some(&Value::Number("2024".into())));
        // YAML 1.2 has no dates: a date is text the caller parses.
        assert_eq!(m.get("revised"), Some(&Value::String("2026-06-01".into())));
        assert_eq!(
            m.get("list"),
            Some(&Value::Sequence(vec![
                Value::String("a".into()),
                Value::Number("1".into())
            ]))
        );
        assert_eq!(m.get("draft"), Some(&Value::Bool(true)));
        assert_eq!(m.get("yes"), Some(&Value::String("no".into())));
        assert_eq!(m.get("phone"), Some(&Value::String("0701234567".into())));
        assert_eq!(m.get("ratio"), Some(&Value::Number("1.0".into())));
        assert_eq!(m.get("nothing"), Some(&Value::Null));
        assert_eq!(m.get("inf"), Some(&Value::String(".inf".into())));
    }

    #[test]
    fn keys_keep_their_order_and_offsets() {
        let text = "b: 1\n\"a\": 2\nc:\n  d: 3\n";
        let m = mapping(text);
        let keys: Vec<_> = m.keys().filter_map(Value::as_str).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        let lines: Vec<_> = m
            .entries()
            .iter()
            .map(|e| line_col(text, e.offset.unwrap()))
            .collect();
        assert_eq!(lines, [(1, 1), (2, 1), (3, 1)]);
        let Some(Value::Mapping(inner)) = m.get("c") else {
            panic!()
        };
        assert_eq!(line_col(text, inner.entries()[0].offset.unwrap()), (4, 3));
    }

    #[test]
    fn empty_text_is_null_and_tags_are_read_through() {
        assert_eq!(parse(""), Ok(Value::Null));
        assert_eq!(parse("# only a comment\n"), Ok(Value::Null));
        assert_eq!(
            mapping("a: !x 3\nb: !!str 4\n").get("b"),
            Some(&Value::String("4".into()))
        );
    }

    #[test]
    fn errors_are_at_their_line_and_column() {
        for (text, at) in [
            ("title: A\nsummary: en: två\n", (2, 12)),
            ("title: A\nroles: [rektor\n", (2, 8)),
            ("a: 1\nb: 2\na: 3\n", (3, 1)),
            ("title: A\r\nkind: plan\r\nx: [\r\n", (3, 4)),
            // A lone carriage return breaks the parser's lines, not ours.
            ("title: a\r\r\rlanguage: [sv\nx: y\n", (2, 2)),
            ("a: *nope\n", (1, 4)),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.position(text), at, "{text:?}: {e:?}");
            let detail = e.message.value("detail").unwrap_or_default();
            assert!(!detail.contains("line"), "{e:?}");
        }
    }

    #[test]
    fn hostile_yaml_is_an_error_not_a_crash() {
        let deep_flow = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let deep_block = format!("a:\n{}x\n", "- ".repeat(100_000));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for w in ["a", "b", "c", "d", "e", "f", "g", "h", "i"].windows(2) {
            let aliases = vec![format!("*{}", w[0]); 9].join(", ");
            bomb.push_str(&format!("{}: &{} [{aliases}]\n", w[1], w[1]));
        }
        bomb.push_str("tags: *i\n");
        for text in [deep_flow, deep_block, bomb] {
            let e = parse(&text).unwrap_err();
            let (line, _) = e.position(&text);
            assert!(line <= text.lines().count(), "{e:?}");
        }
        let e = parse(&format!("a:\n{}x\n", "- ".repeat(100))).unwrap_err();
        assert_eq!(
            e.message.en(),
            "invalid YAML: nested more than 64 levels deep"
        );
    }

    #[test]
    fn messages_hold_no_control_characters() {
        let e = parse("\"a\x1bb\": 1\n\"a\x1bb\": 2\n").unwrap_err();
        assert!(!e.message.en().contains('\x1b'), "{e:?}");
    }

    #[test]
    fn line_col_counts_characters_after_the_last_newline() {
        let text = "å: 1\nä: ö\r\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('ö').unwrap()), (2, 4));
        assert_eq!(line_col(text, text.len()), (3, 1));
        assert_eq!(line_col(text, 1), (1, 1));
    }
}
