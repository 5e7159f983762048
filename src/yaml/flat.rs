//! The commonest front matter, read line by line: every line `key: value`
//! at the margin, the value one plain scalar or a flow sequence of them
//! (`tags: [ansvar, styrning]`).
//!
//! [`quick`](super::quick) reads plain documents from the YAML parser's
//! events; building those events was still most of a front matter's
//! reading (a tenth of a page's parse). A document made only of such
//! lines needs no parser: [`read`] splits it, and gives each scalar the
//! meaning `quick` gives it (its [`plain`](super::quick::plain)). Anything
//! else, however harmless (a comment, a quote, an indented line, a blank
//! value, a tab, a `\r`), makes it say `None`, and `quick` reads the
//! document. The tests hold it to `quick` on every document it answers.

use super::quick::{plain, MAX_KEYS, MAX_NODES, MAX_TEXT};
use super::{Entry, Mapping, Value};

/// `text`'s value, when every line of it is a `key: value` this module
/// reads exactly as `quick` does; `None` otherwise.
pub(super) fn read(text: &str) -> Option<Value> {
    if text.len() > MAX_TEXT || text.contains('\r') {
        return None;
    }
    let mut entries: Vec<Entry> = Vec::new();
    // As `quick` counts them: the mapping, then every key, value and item.
    let mut nodes = 1;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (key_text, value_text) = split_line(line)?;
        let key = plain(key_text)?;
        let value = value(value_text)?;
        nodes += 2 + match &value {
            Value::Sequence(items) => items.len(),
            _ => 0,
        };
        // `quick` finds a key twice by its text or by its value; every key
        // here is plain, so the same text is the same value.
        let twice = entries.iter().any(|e| e.key == key);
        if twice || entries.len() == MAX_KEYS || nodes > MAX_NODES {
            return None;
        }
        entries.push(Entry {
            key,
            value,
            offset: Some(at),
        });
    }
    (!entries.is_empty()).then_some(Value::Mapping(Mapping { entries }))
}

/// Keys longer than this are left to `quick` (whose parser looks at most
/// 1024 characters ahead for a key's `:`); front matter's are a word.
const MAX_KEY_LEN: usize = 128;

/// A line's key and value: the key a word at the margin (letters, digits,
/// `_` and `-`, a letter or `_` first), then `: ` and a value.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let first = *line.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let end = line
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    // The parser looks this far for the `:` of a key (serde-saphyr's
    // budget sets it up so); past it, it is the one to say what happens.
    if end > MAX_KEY_LEN {
        return None;
    }
    let rest = line[end..].strip_prefix(": ")?;
    Some((&line[..end], rest.trim_matches(' ')))
}

/// A value: a flow sequence of plain scalars, or a plain scalar.
fn value(text: &str) -> Option<Value> {
    let Some(inner) = text.strip_prefix('[') else {
        return scalar(text, false);
    };
    let inner = inner.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return inner.is_empty().then_some(Value::Sequence(Vec::new()));
    }
    let items = inner
        .split(',')
        .map(|item| scalar(item.trim_matches(' '), true));
    items.collect::<Option<_>>().map(Value::Sequence)
}

/// A plain scalar's value, when nothing in it could make YAML read it as
/// anything but the text it is (an indicator first, a comment, a `: `, a
/// quote, a character YAML treats apart); in a flow sequence, no flow
/// indicator and no `:` either.
fn scalar(text: &str, in_flow: bool) -> Option<Value> {
    let first = *text.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) || text.ends_with(':') {
        return None;
    }
    let unsafe_char = |c: char| {
        matches!(c, '#' | '\'' | '"' | '[' | ']' | '{' | '}' | '\t')
            || (in_flow && matches!(c, ',' | ':'))
            || !printable(c)
    };
    if text.contains(unsafe_char) || text.contains(": ") {
        return None;
    }
    plain(text)
}

/// Printable as YAML 1.2 counts it, and no line break or byte order mark
/// (YAML's, or its 1.1's) either.
fn printable(c: char) -> bool {
    !(c < ' '
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Holds `read` to `quick::read` on `text`; returns whether it answered.
    fn agrees(text: &str) -> bool {
        let Some(flat) = read(text) else {
            return false;
        };
        assert_eq!(
            Some(&flat),
            super::super::quick::read(text).as_ref(),
            "{text:?}"
        );
        true
    }

    #[test]
    fn the_front_matter_of_most_pages_is_read_here() {
        let doc = "title: Rutin 14 om samordnad mottagning\nkind: routine\n\
                   summary: Så gör skola och socialtjänst, steg för steg.\n\
                   decided_by: Nämnd 7 2022-09-04 § 262\napplies_to: [org2, org7]\n\
                   owner: roll169\nroles: [roll38,roll152 ]\nforums: []\n\
                   revised: 2026-10-12\nreview_interval: 6 months\n\n\
                   tags: [styrning, ansvar]\nurl: https://example.se/a?b=c\nweight:   7\n";
        assert!(agrees(doc));
    }

    #[test]
    fn anything_else_is_left_to_quick() {
        for doc in [
            "",
            "\n",
            "a: 1\r\n",
            "a: 'x'\n",
            "a: x # note\n",
            "# rad\na: 1\n",
            "a:\n  - x\n",
            "a:\n",
            "a: \n",
            " a: 1\n",
            "a : 1\n",
            "a:1\n",
            "a: b: c\n",
            "a: [b, [c]]\n",
            "a: [b,]\n",
            "a: [b: c]\n",
            "a: [ ]\n",
            "a: {b: 1}\n",
            "a: x\tb\n",
            "a: -1\n",
            "a: 007\n",
            "a: x\u{85}y\n",
            "a: 1\na: 2\n",
            "true: 1\nTrue: 2\n",
            "a: &x 1\n",
            "a: |\n  rad\n",
            "---\na: 1\n",
        ] {
            assert_eq!(read(doc), None, "{doc:?}");
        }
        for doc in [
            format!("{}: 1\n", "k".repeat(2000)),
            format!("{}: 1\n", "k".repeat(129)),
        ] {
            assert_eq!(read(&doc), None, "{doc:?}");
        }
    }

    /// Documents of front-matter-shaped lines: keys YAML may take for one
    /// (`true` and `True`, `null` and `~`), values from `quick`'s tricky
    /// scalars, flow sequences, blank lines and stray spaces.
    fn lines(seed: u64, count: usize) -> Vec<String> {
        const KEYS: &[&str] = &[
            "title", "tags", "kind", "true", "True", "null", "NULL", "inf", "E", "a-b", "_x",
        ];
        const VALUES: &[&str] = &["x", "[a, b]", "[a,b ]", "[]", "[ ]", "[x, 7]", "7", ""];
        let scalars = super::super::quick::tests::SCALARS.iter();
        let values: Vec<&str> = VALUES.iter().copied().chain(scalars.copied()).collect();
        let mut pieces = vec!["\n".to_string(), " ".to_string()];
        for k in KEYS {
            for v in &values {
                pieces.push(format!("{k}: {v}\n"));
                pieces.push(format!("{k}:  {v} \n"));
            }
        }
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        crate::testgen::texts(seed, &pieces, 8, count).collect()
    }

    #[test]
    fn front_matter_shaped_documents_read_here_read_as_quick_and_serde_read_them() {
        let mut answered = 0;
        for doc in lines(0xf1a7_11e5, 20_000) {
            if agrees(&doc) {
                answered += 1;
                let serde = super::super::quick::tests::through_serde(&doc);
                assert_eq!(read(&doc), serde, "{doc:?}");
            }
        }
        // Keys written twice and unsure scalars leave many to quick.
        assert!(answered > 1_000, "{answered}");
    }

    #[test]
    fn the_limits_are_quicks() {
        let keys = |n: usize| (0..n).map(|i| format!("k{i}: {i}\n")).collect::<String>();
        assert!(read(&keys(MAX_KEYS)).is_some());
        assert_eq!(read(&keys(MAX_KEYS + 1)), None);
        let key = "k".repeat(MAX_KEY_LEN);
        assert!(agrees(&format!("{key}: 1\n")));
        let items = |n: usize| format!("a: [{}]\n", vec!["x"; n].join(", "));
        assert!(agrees(&items(MAX_NODES - 3)));
        assert_eq!(read(&items(MAX_NODES - 2)), None);
        assert_eq!(read(&format!("a: {}\n", "x".repeat(MAX_TEXT))), None);
    }

    #[test]
    fn generated_documents_read_here_read_as_quick_reads_them() {
        let mut answered = 0;
        for doc in super::super::quick::tests::documents(0x5eed_f1a7, 30_000) {
            answered += agrees(&doc) as usize;
        }
        for s in super::super::quick::tests::SCALARS {
            for doc in [format!("k: {s}\n"), format!("k: [{s}, x]\nl: {s}")] {
                answered += agrees(&doc) as usize;
            }
        }
        assert!(answered > 100, "{answered}");
    }
}
