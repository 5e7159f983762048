//! The common case of front matter, read from the YAML parser's events.
//!
//! serde-saphyr reads a document through serde, with budgets, tags, anchors,
//! merge keys and error reports; a page's front matter (and `site.yaml`)
//! needs none of them, and reading it that way took a quarter of a page's
//! parse; read from the events, it takes half as long. [`read`] builds the
//! [`Value`] straight from granit-parser's events (the parser serde-saphyr
//! itself reads with, set up as it sets it up) when the document is plain:
//! no tag, anchor or alias, no key written twice, shallow, and every plain
//! scalar one whose meaning is certain (text, a date, a whole number). For
//! anything else it says `None`, and serde-saphyr reads the document: its
//! value, or its error, is then the answer. The tests hold the two to the
//! same value on every document `read` answers.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use super::{Entry, Mapping, Value};

/// Nesting deeper than this goes to serde-saphyr, which enforces the
/// limits ([`super::MAX_DEPTH`]; the parser's own block nesting limit, 255,
/// is the same in both while that stays below it); front matter needs
/// three or four levels.
const MAX_DEPTH: usize = 16;

/// Mappings with more keys than this go to serde-saphyr (each key is
/// compared with those before it; front matter has a dozen or two).
pub(super) const MAX_KEYS: usize = 64;

/// Documents longer than this go to serde-saphyr, which enforces the
/// budgets on their size.
pub(super) const MAX_TEXT: usize = 64 * 1024;

/// How many values a document read here may hold (far below
/// [`super::MAX_NODES`]).
pub(super) const MAX_NODES: usize = 10_000;

/// `text`'s value, when it is a plain document that serde-saphyr reads
/// to this same value; `None` when serde-saphyr must read it.
pub(super) fn read(text: &str) -> Option<Value> {
    if text.len() > MAX_TEXT {
        return None;
    }
    let options = granit_parser::options! {
        // As serde-saphyr sets up the parser (its budget's parser options).
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: super::MAX_DEPTH,
        emit_comments: false,
    };
    let mut doc = Doc {
        parser: Parser::new_from_str_with_options(text, options),
        nodes: 0,
    };
    doc.expect(|e| matches!(e, Event::StreamStart))?;
    doc.expect(|e| matches!(e, Event::DocumentStart(_, None)))?;
    let (first, _) = doc.next()?;
    let value = doc.node(first, 0)?;
    doc.expect(|e| matches!(e, Event::DocumentEnd))?;
    doc.expect(|e| matches!(e, Event::StreamEnd))?;
    doc.parser.next().is_none().then_some(value)
}

/// The events of one document being read.
struct Doc<'a> {
    parser: Parser<'a, StrInput<'a>>,
    nodes: usize,
}

impl<'a> Doc<'a> {
    /// The next event; `None` at the end or at an error (serde-saphyr then
    /// reads the document and reports it).
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        self.parser.next()?.ok()
    }

    fn expect(&mut self, test: impl Fn(&Event<'a>) -> bool) -> Option<()> {
        let (event, _) = self.next()?;
        test(&event).then_some(())
    }

    /// The value that starts with `event`.
    fn node(&mut self, event: Event<'a>, depth: usize) -> Option<Value> {
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return None;
        }
        match event {
            Event::Scalar(text, style, 0, None) => scalar(&text, style),
            Event::SequenceStart(_, 0, None) => self.sequence(depth),
            Event::MappingStart(_, 0, None) => self.mapping(depth),
            _ => None,
        }
    }

    fn sequence(&mut self, depth: usize) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            match self.next()? {
                (Event::SequenceEnd, _) => return Some(Value::Sequence(items)),
                (event, _) => items.push(self.node(event, depth + 1)?),
            }
        }
    }

    fn mapping(&mut self, depth: usize) -> Option<Value> {
        let mut entries: Vec<Entry> = Vec::new();
        // Each key as written: borrowed from the text unless it had escapes.
        let mut written: Vec<Cow<'a, str>> = Vec::new();
        loop {
            let (event, span) = match self.next()? {
                (Event::MappingEnd, _) => return Some(Value::Mapping(Mapping { entries })),
                next => next,
            };
            // Only a scalar key has the offset serde-saphyr gives it here.
            let Event::Scalar(text, ..) = &event else {
                return None;
            };
            // serde-saphyr finds a key twice by its text (`true` and
            // `"true"` are one key) and by its value (`1` and `0x1`): a key
            // twice by either is an error there.
            let text = text.clone();
            let key = self.node(event, depth + 1)?;
            let twice = written.contains(&text) || entries.iter().any(|e| e.key == key);
            if twice || entries.len() == MAX_KEYS {
                return None;
            }
            written.push(text);
            let (event, _) = self.next()?;
            let value = self.node(event, depth + 1)?;
            entries.push(Entry {
                key,
                value,
                offset: span.start.byte_offset(),
            });
        }
    }
}

/// A scalar's value, when its meaning is certain.
fn scalar(text: &str, style: ScalarStyle) -> Option<Value> {
    match style {
        ScalarStyle::Plain => plain(text),
        ScalarStyle::SingleQuoted
        | ScalarStyle::DoubleQuoted
        | ScalarStyle::Literal
        | ScalarStyle::Folded => Some(Value::String(text.to_string())),
    }
}

/// A plain scalar's value: a null, a boolean as YAML 1.2 writes them,
/// text, or a whole number written as Rust writes it; `None` for anything
/// else YAML could read as other than text (`tRue`, `0x1f`, `.inf`, `1e3`,
/// `007`, `-1`).
pub(super) fn plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if first.is_ascii_digit() && is_whole_number(bytes) {
        return Some(Value::Number(text.to_string()));
    }
    // No null, boolean or number holds white space, and none is written
    // with a letter first but these words.
    let text_for_sure = text.contains([' ', '\t'])
        || (!first.is_ascii_digit()
            && !b"+-.~".contains(&first)
            && !NOT_TEXT.iter().any(|w| w.eq_ignore_ascii_case(text)))
        || is_date(bytes);
    text_for_sure.then(|| Value::String(text.to_string()))
}

/// Words that in some case are a null, a boolean or a float (as Rust's
/// parser reads floats): in any other case serde-saphyr reads them as
/// text, but it is the one to say so.
const NOT_TEXT: [&str; 6] = ["null", "true", "false", "inf", "infinity", "nan"];

/// `0`, or digits without a leading zero, few enough for a `u64`.
fn is_whole_number(bytes: &[u8]) -> bool {
    let digits = bytes.iter().all(u8::is_ascii_digit);
    digits && bytes.len() <= 18 && (bytes.len() == 1 || bytes[0] != b'0')
}

/// `2026-01-15`: a date, which YAML 1.2 reads as text.
fn is_date(bytes: &[u8]) -> bool {
    let digit_at = |i: &usize| bytes[*i].is_ascii_digit();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(digit_at)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// What serde-saphyr reads `text` to, set up as `yaml::parse` sets it up.
    pub(crate) fn through_serde(text: &str) -> Option<Value> {
        serde_saphyr::from_str_with_options::<Value>(text, super::super::options()).ok()
    }

    /// Holds `read` to serde-saphyr on `text`: whatever it answers,
    /// serde-saphyr reads the same. Returns whether it answered.
    fn agrees(text: &str) -> bool {
        let Some(quick) = read(text) else {
            return false;
        };
        assert_eq!(Some(&quick), through_serde(text).as_ref(), "{text:?}");
        true
    }

    /// Scalars whose reading differs in subtle ways.
    pub(crate) const SCALARS: &[&str] = &[
        "Rutin för orosanmälan",
        "6 months",
        "2026-01-15",
        "2026-1-15",
        "20260115",
        "0",
        "7",
        "42",
        "007",
        "0x1f",
        "0o17",
        "0b101",
        "1_000",
        "1.5",
        ".5",
        "1e3",
        "1E3",
        "-1",
        "+1",
        "-0",
        "123456789012345678",
        "1234567890123456789",
        "99999999999999999999",
        ".inf",
        "-.inf",
        ".NaN",
        "nan",
        "NaN",
        "inf",
        "Infinity",
        "infinity",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRue",
        "false",
        "False",
        "FALSE",
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "é",
        "§ 12",
        "Nämnd 7 2018-09-21 § 243",
        "a: b",
        "a #b",
        "x#y",
        "'enkel'",
        "\"dubbel\\tflik\"",
        "\"\\u00e9\"",
        "'true'",
        "\"false\"",
        "'7'",
        "'~'",
        "''",
        "\"\"",
        "<<",
        "=",
        "-",
        "--",
        "e5",
        "E",
        "1 2",
        "1\t2",
        "true false",
        "12:30",
        "1:2:3",
        "0.",
        "00",
        "0_1",
        "Ö",
        "k2",
        "|",
        ">",
        "[]",
        "{}",
        "[a, b]",
        "{a: 1}",
        "&a x",
        "*a",
        "!x 3",
        "!!str 12",
        "!!int 12",
        "%",
        "@x",
        "`x`",
        "? x",
        ",",
        "a,b",
        "a]",
        "]",
        "\\",
        "\u{feff}x",
        "\u{a0}x",
    ];

    #[test]
    fn each_scalar_read_here_reads_the_same_through_serde_saphyr() {
        let mut answered = 0;
        for s in SCALARS {
            for doc in [
                format!("k: {s}\n"),
                format!("{s}: v\n"),
                format!("k: [{s}, x]\n"),
            ] {
                answered += agrees(&doc) as usize;
            }
            answered += agrees(&format!("k:\n  - {s}\n")) as usize;
        }
        // Most of these are read here; the rest are serde-saphyr's.
        assert!(answered > SCALARS.len(), "{answered}");
    }

    #[test]
    fn plain_front_matter_is_read_here() {
        let doc = "title: Rutin 14 om samordnad mottagning\nkind: routine\n\
                   summary: Så gör skola och socialtjänst.\ndecided_by: Nämnd 7 2022-09-04 § 262\n\
                   applies_to: [org2, org7]\nowner: roll169\nroles:\n  - roll38\n  - roll152\n\
                   revised: 2026-10-12\nreview_interval: 6 months\ntags: [styrning, ansvar]\n\
                   contacts:\n  - name: Anna\n    phone: \"070-123 45 67\"\n";
        assert!(agrees(doc));
    }

    #[test]
    fn what_only_serde_saphyr_reads_right_is_left_to_it() {
        for doc in [
            "a: &x 1\nb: *x\n",
            "a: !x 3\n",
            "a: 1\na: 2\n",
            "true: 1\n\"true\": 2\n",
            "{false: a, 'false': b}\n",
            "a: 007\n",
            "a: -1\n",
            "? [a]\n: 1\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: [1\n",
            "a:\n\tb: 1\n",
            "",
        ] {
            assert_eq!(read(doc), None, "{doc:?}");
        }
        let many_keys: String = (0..=MAX_KEYS).map(|i| format!("k{i}: {i}\n")).collect();
        assert_eq!(read(&many_keys), None);
        assert!(through_serde(&many_keys).is_some());
    }

    /// Documents of mappings, flow and block sequences and nested mappings,
    /// with keys and scalars from [`SCALARS`], indented right or wrong,
    /// with any of YAML's line breaks.
    pub(crate) fn documents(seed: u64, count: usize) -> impl Iterator<Item = String> {
        const PIECES: &[&str] = &[
            "\n",
            "\n",
            "\n",
            "  ",
            "  ",
            "    ",
            "- ",
            "- ",
            ": ",
            ": ",
            ":",
            "title",
            "tags",
            "owner",
            "kind",
            "[",
            "]",
            ", ",
            "{",
            "}",
            " #note",
            "# rad\n",
            "|\n  rad\n",
            ">\n  rad\n",
            "\r\n",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\t",
        ];
        let mut pieces: Vec<&str> = PIECES.to_vec();
        pieces.extend(SCALARS.iter().filter(|s| !s.contains('\n')));
        let pieces: &'static [&'static str] = Box::leak(pieces.into_boxed_slice());
        crate::testgen::texts(seed, pieces, 40, count)
    }

    #[test]
    fn keys_serde_saphyr_takes_for_one_are_left_to_it() {
        const KEYS: &[&str] = &[
            "true",
            "'true'",
            "\"true\"",
            "True",
            "1",
            "'1'",
            "0x1",
            "01",
            "~",
            "null",
            "''",
            "a",
            "'a'",
            "\"a\"",
            "? a",
            "2026-01-15",
            "'2026-01-15'",
            "1 2",
            "'1 2'",
        ];
        let lines: Vec<String> = KEYS.iter().map(|k| format!("{k}: v\n")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let mut answered = 0;
        for doc in crate::testgen::texts(7, &lines, 5, 5_000) {
            answered += agrees(&doc) as usize;
        }
        assert!(answered > 1_000, "{answered}");
    }

    #[test]
    fn generated_documents_read_here_read_the_same_through_serde_saphyr() {
        let mut answered = 0;
        for doc in documents(0x9e37_79b9_7f4a_7c15, 30_000) {
            answered += agrees(&doc) as usize;
        }
        // Random pieces make mostly broken YAML, but not only.
        assert!(answered > 300, "{answered}");
    }
}
