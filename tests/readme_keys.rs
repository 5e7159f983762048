//! README.md's key tables say what `keys::KEYS` says: the same keys for
//! the same kinds, with the same value and Swedish label. A key added to
//! one and not the other fails here.

use samsyn::keys::{self, KeyDef, KEYS};
use samsyn::model::Kind;

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    std::fs::read_to_string(path).expect("README.md is readable")
}

/// The text of the section that starts with `heading`, up to the next
/// heading of its level or above.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no `{heading}`"));
    let rest = &text[start + heading.len() + 2..];
    let end = rest.find("\n### ").or_else(|| rest.find("\n## "));
    &rest[..end.unwrap_or(rest.len())]
}

/// The body rows of the first table after `intro`, as cells.
fn table_after(text: &str, intro: &str) -> Vec<Vec<String>> {
    let start = text
        .find(intro)
        .unwrap_or_else(|| panic!("README.md has no `{intro}`"));
    text[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// `name` from "`name`".
fn code(cell: &str) -> &str {
    cell.trim().trim_matches('`')
}

/// Checks a `| key | value | meaning | shown as |` table against `want`.
fn check_key_table(rows: &[Vec<String>], want: &[&KeyDef], what: &str) {
    let names: Vec<&str> = rows.iter().map(|r| code(&r[0])).collect();
    let want_names: Vec<&str> = want.iter().map(|k| k.name).collect();
    assert_eq!(names, want_names, "README.md's table of {what}");
    for (row, key) in rows.iter().zip(want) {
        assert_eq!(row.len(), 4, "{row:?}");
        assert_eq!(row[1], key.slot.describe(), "value of `{}`", key.name);
        match key.label {
            Some(label) => assert_eq!(row[3], label, "label of `{}`", key.name),
            // Shown without a label: README says how, in English.
            None => assert!(
                row[3] == "—" || row[3].starts_with(|c: char| c.is_ascii_lowercase()),
                "`{}` has no label in KEYS, README.md shows `{}`",
                key.name,
                row[3]
            ),
        }
    }
}

fn common() -> Vec<&'static KeyDef> {
    KEYS.iter().filter(|k| k.is_common()).collect()
}

/// The keys of `kind` beyond the common ones.
fn extra(kind: Kind) -> Vec<&'static KeyDef> {
    keys::of_kind(kind).filter(|k| !k.is_common()).collect()
}

#[test]
fn common_and_governing_key_tables_match_the_key_table() {
    let text = readme();
    let every = section(&text, "### Every key");
    check_key_table(
        &table_after(every, "Keys every kind takes"),
        &common(),
        "common keys",
    );
    let governing = extra(Kind::GOVERNING[0]);
    for kind in Kind::GOVERNING {
        let names = |v: Vec<&KeyDef>| v.iter().map(|k| k.name).collect::<Vec<_>>();
        assert_eq!(names(extra(kind)), names(governing.clone()), "{kind:?}");
    }
    check_key_table(
        &table_after(every, "Keys of governing documents"),
        &governing,
        "governing document keys",
    );
}

#[test]
fn kinds_table_lists_each_kinds_keys_with_their_labels() {
    let text = readme();
    let rows = table_after(section(&text, "### Kinds"), "| `kind` |");
    let kinds: Vec<&str> = rows.iter().map(|r| code(&r[0])).collect();
    let all: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
    assert_eq!(kinds, all, "README.md's kinds table");
    for (row, kind) in rows.iter().zip(Kind::ALL) {
        assert_eq!(row[1], kind.label(), "label of kind `{}`", kind.key());
        let cell = row[2].as_str();
        let want = extra(kind);
        if kind.is_governing() {
            assert!(
                cell == "the governing document keys above" || cell == "〃",
                "{cell}"
            );
            continue;
        }
        if want.is_empty() {
            assert_eq!(cell, "none", "kind `{}` takes no extra keys", kind.key());
            continue;
        }
        let mut named = Vec::new();
        for part in cell.split("; ") {
            if let Some(also) = part.strip_prefix("also ") {
                // Keys the governing table shows, with their labels.
                named.extend(also.split('`').skip(1).step_by(2));
                continue;
            }
            let (name, rest) = part[1..].split_once('`').unwrap_or(("", ""));
            let def = keys::find(name).unwrap_or_else(|| panic!("`{name}` is no key"));
            let label = def.label.map(|l| format!(" ({l}):")).unwrap_or_default();
            assert!(rest.starts_with(&label), "`{name}`{rest}: want{label}");
            named.push(name);
        }
        named.sort_unstable();
        let mut want: Vec<&str> = want.iter().map(|k| k.name).collect();
        want.sort_unstable();
        assert_eq!(named, want, "keys of kind `{}` in README.md", kind.key());
    }
}

/// README's site.yaml table names every key `site.yaml` accepts, in the
/// order of `config::SITE_KEYS`, and no other.
#[test]
fn readme_site_yaml_table_matches_the_keys_site_yaml_accepts() {
    let text = readme();
    let rows = table_after(
        section(&text, "### site.yaml"),
        "| key | default | meaning |",
    );
    let names: Vec<&str> = rows.iter().map(|r| code(&r[0])).collect();
    assert_eq!(
        names,
        samsyn::config::SITE_KEYS,
        "README.md's site.yaml table"
    );
}
