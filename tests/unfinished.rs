//! A scaffold is not a document: `check` warns of every governing document
//! without `owner` or `summary`, of empty sections and of `samsyn new`'s
//! «fyll i» markers left in, each at its file and line with a hint.

mod common;

use common::*;

const ROLE: (&str, &str) = (
    "content/roller/rektor.md",
    "---\ntitle: Rektor\nkind: role\n---\n\nLeder skolan.\n",
);
const CONTACTS: (&str, &str) = (
    "content/kontakter.md",
    "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n  - name: Ada Berg\n    role: rektor\n    email: ada.berg@kommun.example\n---\n",
);

/// (line, column, English message) of every warning about `file`, each
/// with a hint.
fn warnings_of(files: &[(&str, &str)], file: &str) -> Vec<(usize, usize, String)> {
    let s = site(files);
    let c = compile_ok(s.path());
    c.warnings
        .iter()
        .filter(|d| d.file == file)
        .map(|d| {
            assert!(d.hint.is_some(), "no hint: {d}");
            (d.line, d.col, d.message.en())
        })
        .collect()
}

#[test]
fn governing_document_without_owner_or_summary_is_warned_at_its_lines() {
    let routine = "---\ntitle: Rutin\nkind: routine\nrevised: 2026-06-01\n---\n\nText.\n";
    let page = "---\ntitle: Sida\n---\n\nText.\n";
    let got = warnings_of(
        &[("content/rutin.md", routine), ("content/sida.md", page)],
        "content/rutin.md",
    );
    assert_eq!(
        got,
        [
            (3, 1, "the document has no owner (`owner`)".to_string()),
            (3, 1, "the document has no summary (`summary`)".to_string()),
        ]
    );
    // Written but empty, they are warned of at their own lines.
    let routine = "---\ntitle: Rutin\nkind: routine\nsummary: \"\"\nowner: []\nrevised: 2026-06-01\n---\n\nText.\n";
    let got = warnings_of(&[("content/rutin.md", routine)], "content/rutin.md");
    assert_eq!(
        got,
        [
            (4, 1, "the document has no summary (`summary`)".to_string()),
            (5, 1, "the document has no owner (`owner`)".to_string()),
        ]
    );
    // A page that governs nothing needs neither.
    let none = warnings_of(&[("content/sida.md", page)], "content/sida.md");
    assert_eq!(none, []);
}

#[test]
fn empty_sections_are_warned_at_their_headings_but_not_those_with_subsections() {
    let body = "## Syfte\n\nText.\n\n## Ansvar\n## Arbetsgång\n\n### Steg ett\n\nGör så.\n\n### Steg två\n\n## Uppföljning\n";
    let routine = format!(
        "---\ntitle: Rutin\nkind: routine\nsummary: Så gör vi.\nowner: rektor\nrevised: 2026-06-01\n---\n\n{body}"
    );
    let got = warnings_of(
        &[ROLE, CONTACTS, ("content/rutin.md", &routine)],
        "content/rutin.md",
    );
    assert_eq!(
        got,
        [
            (13, 1, "the section “Ansvar” is empty".to_string()),
            (20, 1, "the section “Steg två” is empty".to_string()),
            (22, 1, "the section “Uppföljning” is empty".to_string()),
        ]
    );
    // Outside governing documents, a heading alone is the writer's choice.
    let page = format!("---\ntitle: Sida\n---\n\n{body}");
    assert_eq!(
        warnings_of(&[("content/sida.md", &page)], "content/sida.md"),
        []
    );
}

#[test]
fn markers_left_in_are_warned_on_every_kind_but_not_in_code_comments_or_drafts() {
    let page = "---\ntitle: Sida\nsummary: \"«Fyll i»\"  # «fyll i» i en kommentar är en hjälptext\n---\n\nFörst «fyll i: något» här.\n\n```\n«fyll i» i kod visas som det står\n```\n\nOch `«fyll i»` i kod i texten.\n";
    let got = warnings_of(&[("content/sida.md", page)], "content/sida.md");
    assert_eq!(
        got,
        [
            (
                3,
                11,
                "`summary` is not filled in: the template's «fyll i» is still there".to_string()
            ),
            (
                6,
                7,
                "the template's «fyll i» is still in the text".to_string()
            ),
        ]
    );
    // A draft is unfinished by definition.
    let draft = page.replace("title: Sida\n", "title: Sida\ndraft: true\n");
    assert_eq!(
        warnings_of(&[("content/sida.md", &draft)], "content/sida.md"),
        []
    );
}

#[test]
fn a_marker_in_an_included_text_is_warned_once_in_its_own_file() {
    let snippet = "---\ntitle: Delat\nkind: snippet\n---\n\n«fyll i: den delade texten»\n";
    let page = "---\ntitle: Sida\n---\n\nText.\n\n{{#include delat.md}}\n";
    let files = [("content/delat.md", snippet), ("content/sida.md", page)];
    assert_eq!(warnings_of(&files, "content/sida.md"), []);
    assert_eq!(
        warnings_of(&files, "content/delat.md"),
        [(
            6,
            1,
            "the template's «fyll i» is still in the text".to_string()
        )]
    );
}

#[test]
fn an_owner_left_as_the_marker_is_one_warning_not_an_unknown_role() {
    let routine = "---\ntitle: Rutin\nkind: routine\nsummary: Så gör vi.\nowner: «fyll i»  # roll-id\nrevised: 2026-06-01\n---\n\nText.\n";
    let s = site(&[ROLE, ("content/rutin.md", routine)]);
    let c = compile_ok(s.path());
    let of_routine: Vec<_> = c
        .warnings
        .iter()
        .filter(|d| d.file == "content/rutin.md")
        .collect();
    assert_eq!(of_routine.len(), 1, "{of_routine:?}");
    let d = of_routine[0];
    assert_eq!((d.line, d.col), (5, 8));
    assert_eq!(
        d.message.sv(),
        "`owner` är inte ifyllt: «fyll i» från mallen står kvar"
    );
    assert!(
        d.hint.as_ref().unwrap().sv().contains("owner: rektor"),
        "{d:?}"
    );
}
