//! Every content error names the file, the line (and column where it
//! matters) and says what is wrong, and all errors of a site come in one run.

mod common;

use common::*;
use samsyn::error::{Diagnostic, Error};

const ROLE: (&str, &str) = (
    "content/roller/rektor.md",
    "---\ntitle: Rektor\nkind: role\n---\n\nLeder skolan.\n",
);
/// A contact list naming the holder of `rektor`, so that no page owned by
/// the role gets a warning of its own.
const HOLDER: (&str, &str) = (
    "content/kontakter/skolan.md",
    "---\ntitle: Kontakter\nkind: contacts\nowner: rektor\nreviewed: 2026-06-01\ncontacts:\n  - name: Anna\n    role: rektor\n    email: anna@skolan.example\n---\n",
);
const ORG: (&str, &str) = (
    "content/organisationer/bun.md",
    "---\ntitle: Barn- och utbildningsnämnden\nkind: organisation\nshort: BUN\n---\n",
);

#[test]
fn invalid_yaml_names_file_and_line() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Rutin\nsummary: en: två\nkind: routine\n---\n\nText.\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/a.md");
    assert_eq!((d.line, d.col), (3, 12), "{d}");
    assert_eq!(
        d.message.en(),
        "the value of `summary` contains `: `, which is read as the start of a new key"
    );
    assert_eq!(
        d.hint.map(|h| h.en()).as_deref(),
        Some("put straight quotation marks around the whole value: `summary: \"en: två\"`")
    );
}

#[test]
fn unclosed_yaml_list_is_reported_in_its_file() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Rutin\nkind: routine\nroles: [rektor\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/a.md");
    assert_eq!((d.line, d.col), (4, 8), "{d}");
    assert_eq!(
        d.message.en(),
        "the list that starts with `[` here is never closed with `]`"
    );
}

/// The report for one page's text, in English, and its one error.
fn report_of(page: &str) -> (String, Diagnostic) {
    let s = site(&[("content/a.md", page)]);
    let d = single_error(s.path());
    let (diags, texts) = match samsyn::compile(&opts(s.path())) {
        Err(Error::Content {
            diagnostics, texts, ..
        }) => (diagnostics, texts),
        _ => panic!("expected content errors"),
    };
    let report = samsyn::report::to_string(&diags, &texts, samsyn::messages::Lang::En);
    (report, d)
}

#[test]
fn tab_in_front_matter_is_named_and_pointed_at_exactly() {
    let (report, d) = report_of("---\ntitle: Rutin\n\tsummary: Text\n---\n");
    assert_eq!((d.line, d.col), (3, 1), "{d}");
    assert_eq!(
        d.message.en(),
        "there is a tab character here; `key: value` lines may only have spaces, not tabs"
    );
    assert!(d.hint.as_ref().unwrap().en().contains("spaces"), "{d}");
    // The tab is shown, and the caret is under it alone.
    let source = report
        .lines()
        .find(|l| l.contains("summary"))
        .expect(&report);
    let caret = report.lines().find(|l| l.contains('^')).expect(&report);
    assert!(source.contains("→summary"), "{report}");
    assert_eq!(source.find('→'), caret.find('^'), "{report}");
    assert_eq!(caret.trim_end().matches('^').count(), 1, "{report}");
}

#[test]
fn unclosed_quote_is_named_at_the_quote() {
    let (report, d) = report_of("---\ntitle: \"Rutin\nsummary: Text\n---\n");
    assert_eq!((d.line, d.col), (2, 8), "{d}");
    let caret = report.lines().find(|l| l.contains('^')).expect(&report);
    assert_eq!(caret.matches('^').count(), 1, "the quote alone:\n{report}");
    assert_eq!(
        d.message.en(),
        "the quotation mark \" opens here but is never closed"
    );
}

#[test]
fn wrongly_indented_line_is_named_as_indentation() {
    let (_, d) = report_of("---\ntitle: Rutin\n  summary: Text\n---\n");
    assert_eq!((d.line, d.col), (3, 3), "{d}");
    assert_eq!(
        d.message.en(),
        "this line is indented (starts with spaces) but does not belong to the line above"
    );
    let (_, d) =
        report_of("---\ntitle: K\nkind: contacts\ncontacts:\n  - name: A\n   role: x\n---\n");
    assert_eq!((d.line, d.col), (6, 4), "{d}");
    assert!(d.message.en().contains("indented"), "{d}");
}

#[test]
fn key_written_twice_is_named() {
    let (_, d) = report_of("---\ntitle: Rutin\ntitle: Igen\n---\n");
    assert_eq!(d.line, 3, "{d}");
    assert_eq!(d.message.en(), "`title` is written here a second time");
}

#[test]
fn list_where_one_value_is_expected_is_one_error() {
    let (_, d) = report_of("---\ntitle:\n  - Rutin\n  - Annan\n---\n");
    assert_eq!(d.line, 2, "{d}");
    assert_eq!(
        d.message.en(),
        "`title` takes one value, but a list is written here"
    );
}

#[test]
fn missing_closing_line_is_reported_at_the_opening_line() {
    let (_, d) = report_of("---\ntitle: Rutin\nsummary: Text\n\nBrödtext.\n");
    assert_eq!((d.line, d.col), (1, 1), "{d}");
    assert_eq!(
        d.message.en(),
        "the front matter starts with `---` here, but the `---` line that ends it is missing"
    );
}

#[test]
fn typographic_quotes_around_a_value_are_read_as_quotes_with_a_warning() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: “Rutin: så gör vi”\nsummary: ”Hur vi gör”\n---\n",
    )]);
    let c = compile_ok(s.path());
    let page = c
        .site
        .pages
        .iter()
        .find(|p| p.parsed.source == "content/a.md")
        .unwrap();
    assert_eq!(page.parsed.meta.title, "Rutin: så gör vi");
    assert_eq!(page.parsed.meta.summary.as_deref(), Some("Hur vi gör"));
    let lines: Vec<(usize, usize)> = c.warnings.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(lines, [(2, 8), (3, 10)], "{:?}", c.warnings);
    assert!(c
        .warnings
        .iter()
        .all(|d| d.message.en().contains("typographic")));
}

#[test]
fn yaml_errors_speak_swedish_by_default() {
    let (report, d) = report_of("---\ntitle: Rutin\n\tsummary: Text\n---\n");
    assert_eq!(
        d.message.sv(),
        "här står ett tabbtecken; raderna `nyckel: värde` får bara ha mellanslag, inte tabbar"
    );
    assert!(report.contains("content/a.md:3:1"), "{report}");
}

#[test]
fn site_yaml_errors_are_in_plain_words_too() {
    let s = site(&[
        ("site.yaml", "title: Lindå\n\tlanguage: sv\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line, d.col), ("site.yaml", 2, 1), "{d}");
    assert!(d.message.en().contains("tab character"), "{d}");
}

#[test]
fn missing_title_names_file_and_line() {
    let s = site(&[(
        "content/rutiner/utan-titel.md",
        "---\nkind: routine\nsummary: Något.\n---\n\nText.\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/rutiner/utan-titel.md");
    assert!((1..=2).contains(&d.line), "{d}");
    assert_eq!(d.message.en(), "missing `title`");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("title:"),
        "{d:?}"
    );
}

#[test]
fn empty_title_is_missing_title_at_its_line() {
    let s = site(&[("content/a.md", "---\nkind: page\ntitle: \"  \"\n---\n")]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 3), "{d}");
    assert_eq!(d.message.en(), "missing `title`");
}

#[test]
fn page_without_front_matter_is_an_error() {
    let s = site(&[("content/a.md", "# Rubrik\n\nText.\n")]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 1));
    assert!(d.message.en().contains("front matter"), "{d}");
}

#[test]
fn unknown_key_suggests_nearest() {
    let s = site(&[
        ROLE,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nownr: rektor\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 4, 1),
        "{d}"
    );
    assert!(d.message.en().contains("`ownr`"), "{d}");
    assert!(d.message.en().contains("did you mean `owner`?"), "{d}");
}

#[test]
fn unknown_key_in_a_contact_entry_suggests_nearest() {
    let s = site(&[
        ROLE,
        ("content/k.md", "---\ntitle: Kontakter\nkind: contacts\ncontacts:\n  - name: Anna\n    role: rektor\n    emial: anna@x.example\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/k.md", 7, 5),
        "{d}"
    );
    assert!(d.message.en().contains("did you mean `email`?"), "{d}");
}

#[test]
fn key_of_another_kind_is_rejected_and_names_that_kind() {
    let s = site(&[
        ROLE,
        (
            "content/roller/kurator.md",
            "---\ntitle: Kurator\nkind: role\ndecided_by: BUN\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line),
        ("content/roller/kurator.md", 4),
        "{d}"
    );
    assert!(
        d.message.en().contains("`decided_by`") && d.message.en().contains("`role`"),
        "{d}"
    );
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("`routine`"),
        "{d:?}"
    );
}

#[test]
fn unknown_kind_hint_names_the_closest_kind() {
    let s = site(&[("content/a.md", "---\ntitle: Rutin\nkind: rutine\n---\n")]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 3, 7),
        "{d}"
    );
    assert!(
        d.message.en().contains("`rutine`") && d.message.en().contains("kind"),
        "{d}"
    );
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean `routine`?"),
        "{d:?}"
    );
}

#[test]
fn draft_as_text_is_a_wrong_type() {
    let s = site(&[("content/a.md", "---\ntitle: Rutin\ndraft: \"ja\"\n---\n")]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 3), "{d}");
    assert!(
        d.message.en().contains("`draft`") && d.message.en().contains("true"),
        "{d}"
    );
}

#[test]
fn title_as_list_is_a_wrong_type() {
    let s = site(&[("content/a.md", "---\nkind: page\ntitle: [a, b]\n---\n")]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 3), "{d}");
    assert_eq!(
        d.message.en(),
        "`title` takes one value, but a list is written here"
    );
}

#[test]
fn list_of_ids_given_a_mapping_is_a_wrong_type() {
    let s = site(&[
        ROLE,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nroles:\n  rektor: ja\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 4), "{d}");
    assert!(d.message.en().contains("`roles`"), "{d}");
}

#[test]
fn impossible_date_names_line_and_column() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Plan\nkind: plan\nrevised: 2019-02-30\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 4, 10),
        "{d}"
    );
    assert!(
        d.message.en().contains("`revised`") && d.message.en().contains("2019-02-30"),
        "{d}"
    );
}

#[test]
fn date_in_wrong_format_is_an_error() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Plan\nkind: plan\ndecided: 3 mars 2024\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 4), "{d}");
    assert!(d.message.en().contains("YYYY-MM-DD"), "{d}");
}

#[test]
fn valid_until_before_valid_from_is_reported_at_valid_until() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Plan\nkind: plan\nrevised: 2026-01-01\nvalid_from: 2026-01-01\nvalid_until: 2025-12-31\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 6), "{d}");
    assert!(
        d.message.en().contains("`valid_until`") && d.message.en().contains("`valid_from`"),
        "{d}"
    );
}

#[test]
fn bad_review_interval_is_an_error() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Plan\nkind: plan\nrevised: 2026-01-01\nreview_interval: ett år\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/a.md", 5), "{d}");
    assert!(d.message.en().contains("review_interval"), "{d}");
}

#[test]
fn reference_to_missing_id_hints_closest_existing_id() {
    let s = site(&[
        ROLE,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: rektr\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 8),
        "{d}"
    );
    assert!(d.message.en().contains("`rektr`"), "{d}");
    assert_eq!(
        d.hint.as_ref().map(|h| h.en()),
        Some("did you mean `rektor`?".to_string()),
        "{d:?}"
    );
}

#[test]
fn missing_id_in_a_list_is_located_at_its_column() {
    let s = site(&[
        ROLE,
        ("content/roller/kurator.md", "---\ntitle: Kurator\nkind: role\n---\n"),
        ("content/a.md", "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nroles: [kurator, rektorn]\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 18),
        "{d}"
    );
    assert!(d.message.en().contains("`rektorn`"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("`rektor`"),
        "{d:?}"
    );
}

#[test]
fn contact_role_must_exist() {
    let s = site(&[
        ROLE,
        ("content/k.md", "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n  - name: Anna\n    role: rektor\n  - name: Bo\n    role: rektro\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/k.md", 9), "{d}");
    assert!(d.message.en().contains("`rektro`"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("`rektor`"),
        "{d:?}"
    );
}

#[test]
fn reference_to_page_of_wrong_kind_is_an_error() {
    let s = site(&[
        ROLE,
        ORG,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: bun\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 8),
        "{d}"
    );
    assert!(d.message.en().contains("`bun`"), "{d}");
    assert!(
        d.message.en().contains("organisation") && d.message.en().contains("role"),
        "{d}"
    );
    assert!(d.message.en().contains("`owner`"), "{d}");
}

#[test]
fn applies_to_naming_a_role_names_the_applies_to_key() {
    let s = site(&[
        ROLE,
        ORG,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\napplies_to: [rektor]\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 14),
        "{d}"
    );
    assert!(
        d.message.en().contains("`rektor`") && d.message.en().contains("`applies_to`"),
        "{d}"
    );
}

#[test]
fn forum_chair_must_be_a_role() {
    let s = site(&[
        ROLE,
        ORG,
        (
            "content/f.md",
            "---\ntitle: Forum\nkind: forum\nmembers: [rektor]\nchair: bun\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/f.md", 5, 8),
        "{d}"
    );
    assert!(
        d.message.en().contains("`bun`") && d.message.en().contains("`chair`"),
        "{d}"
    );
}

#[test]
fn duplicate_id_names_both_files() {
    let s = site(&[
        (
            "content/a/rutin.md",
            "---\ntitle: Rutin A\nid: samma\n---\n",
        ),
        (
            "content/b/rutin.md",
            "---\ntitle: Rutin B\nsummary: B.\nid: samma\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/b/rutin.md", 4), "{d}");
    assert!(d.message.en().contains("duplicate id `samma`"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or_default()
            .contains("content/a/rutin.md"),
        "{d:?}"
    );
}

#[test]
fn duplicate_default_id_from_file_stems_is_an_error() {
    let s = site(&[
        ("content/a/rutin.md", "---\ntitle: Rutin A\n---\n"),
        ("content/b/rutin.md", "---\ntitle: Rutin B\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/b/rutin.md");
    assert!(d.message.en().contains("`rutin`"), "{d}");
}

#[test]
fn broken_relative_link_names_file_line_and_column() {
    let s = site(&[
        (
            "content/rutiner/a.md",
            "---\ntitle: A\n---\n\nFörsta stycket.\n\nSe [planen](../planer/plan.md) här.\n",
        ),
        ("content/planer/plam.md", "---\ntitle: Plan\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/rutiner/a.md", 7, 4),
        "{d}"
    );
    assert!(d.message.en().contains("../planer/plan.md"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or_default()
            .contains("planer/plam.md"),
        "{d:?}"
    );
}

#[test]
fn broken_link_to_missing_file_that_is_not_markdown() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n[bilaga](bilaga.pdf)\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 1),
        "{d}"
    );
    assert!(d.message.en().contains("bilaga.pdf"), "{d}");
}

#[test]
fn broken_anchor_names_file_and_line() {
    let s = site(&[
        (
            "content/a.md",
            "---\ntitle: A\n---\n\nText.\n\nLäs [mer](b.md#ansvar-och-styrnin).\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\n---\n\n## Ansvar och styrning\n\nText.\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 7, 5),
        "{d}"
    );
    assert!(d.message.en().contains("#ansvar-och-styrnin"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or_default()
            .contains("#ansvar-och-styrning"),
        "{d:?}"
    );
}

#[test]
fn broken_anchor_on_the_same_page_is_an_error() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\n## Syfte\n\nSe [nedan](#mal).\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 7, 4),
        "{d}"
    );
    assert!(d.message.en().contains("#mal"), "{d}");
}

#[test]
fn personnummer_error_names_file_and_line_without_the_number() {
    let s = site(&[(
        "content/rutiner/elev.md",
        "---\ntitle: Elevärende\n---\n\nÄrendet gäller eleven\nmed nummer 19121212-1212 i klass 7B.\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/rutiner/elev.md", 6, 12),
        "{d}"
    );
    assert!(d.message.en().contains("personnummer"), "{d}");
    for text in [
        Some(d.message.en()),
        d.hint.as_ref().map(|h| h.en()),
        d.source_line.clone(),
        Some(d.to_string()),
    ]
    .into_iter()
    .flatten()
    {
        assert!(!text.contains("1212"), "the number leaked into {text:?}");
    }
    assert!(
        d.source_line
            .as_deref()
            .unwrap_or_default()
            .contains("med nummer"),
        "{d:?}"
    );
}

#[test]
fn personnummer_never_appears_in_any_diagnostic_of_the_file() {
    // The number is also an id that does not exist and an unknown key: the
    // messages about those must not repeat it either.
    let s = site(&[
        ROLE,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: 19121212-1212\nroles: [rektor, 121212-1212]\n---\n\nText.\n",
        ),
    ]);
    let diags = diagnostics(s.path());
    assert!(
        diags
            .iter()
            .any(|d| d.message.en().contains("personnummer") && d.line == 5),
        "{}",
        describe(&diags.0)
    );
    assert!(
        diags
            .iter()
            .any(|d| d.message.en().contains("personnummer") && d.line == 6),
        "{}",
        describe(&diags.0)
    );
    for d in diags.iter() {
        for text in [
            Some(d.message.en()),
            d.hint.as_ref().map(|h| h.en()),
            d.source_line.clone(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(
                !text.contains("1212"),
                "the number leaked into {text:?} ({d})"
            );
        }
    }
}

#[test]
fn file_that_is_not_utf8_names_line_and_column() {
    let dir = site(&[("content/ok.md", "---\ntitle: OK\n---\n")]);
    write(
        dir.path(),
        "content/word.md",
        b"---\ntitle: Karl\n---\n\nH\xe4lsa fr\xe5n Word\n",
    );
    let d = single_error(dir.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/word.md", 5, 2),
        "{d}"
    );
    assert!(d.message.en().contains("UTF-8"), "{d}");
}

#[test]
fn missing_content_folder_is_an_error() {
    let s = site(&[("site.yaml", "title: Tom\n")]);
    let d = single_error(s.path());
    assert!(d.file.starts_with("content"), "{d}");
    assert!(d.message.en().contains("content"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("init"),
        "{d:?}"
    );
}

#[test]
fn unknown_site_yaml_key_suggests_nearest() {
    let s = site(&[
        ("site.yaml", "title: Kommun\nbase_ulr: /bus/\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("site.yaml", 2), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("`base_url`"),
        "{d:?}"
    );
}

#[test]
fn all_errors_of_a_site_are_reported_in_one_run() {
    let s = site(&[
        ROLE,
        ("content/a.md", "---\ntitle: A\nkind: [routine\n---\n"),
        ("content/b.md", "---\ntitle: B\nkind: routine\nownr: rektor\nrevised: 2026-01-01\n---\n"),
        ("content/c.md", "---\ntitle: C\nkind: routine\nowner: rektr\nrevised: 2026-01-01\n---\n\n[x](saknas.md)\n"),
        ("content/d.md", "---\ntitle: D\n---\n\nPersonnummer 121212-1212.\n"),
    ]);
    let errs = errors(s.path());
    let files: std::collections::BTreeSet<&str> = errs.iter().map(|d| d.file.as_str()).collect();
    assert!(
        errs.len() >= 5,
        "expected every error, got:\n{}",
        describe(&errs)
    );
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "content/a.md",
            "content/b.md",
            "content/c.md",
            "content/d.md"
        ]
    );
    // Parse errors and resolve errors of one file come together.
    assert_eq!(
        errs.iter().filter(|d| d.file == "content/c.md").count(),
        2,
        "{}",
        describe(&errs)
    );
}

#[test]
fn diagnostics_are_sorted_by_file_and_line() {
    let s = site(&[
        ("content/b.md", "---\ntitle: B\nfoo: 1\nbar: 2\n---\n"),
        ("content/a.md", "---\ntitle: A\nbaz: 1\n---\n"),
    ]);
    let errs = errors(s.path());
    let at: Vec<(&str, usize)> = errs.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        at,
        [
            ("content/a.md", 3),
            ("content/b.md", 3),
            ("content/b.md", 4)
        ]
    );
}

#[test]
fn published_page_referencing_a_draft_gets_a_clear_error() {
    let s = site(&[
        (
            "content/roller/ny-roll.md",
            "---\ntitle: Ny roll\nkind: role\ndraft: true\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: ny-roll\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 8),
        "{d}"
    );
    assert!(
        d.message.en().contains("`ny-roll`") && d.message.en().contains("draft"),
        "{d}"
    );
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .unwrap_or_default()
            .contains("--drafts"),
        "{d:?}"
    );
}

#[test]
fn published_page_linking_to_a_draft_gets_a_clear_error() {
    let s = site(&[
        (
            "content/utkast.md",
            "---\ntitle: Utkast\ndraft: true\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\n---\n\nSe [utkastet](utkast.md).\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("content/a.md", 5, 4),
        "{d}"
    );
    assert!(d.message.en().contains("draft"), "{d}");
}

#[test]
fn reference_to_a_draft_is_fine_when_drafts_are_included() {
    let s = site(&[
        (
            "content/roller/ny-roll.md",
            "---\ntitle: Ny roll\nkind: role\ndraft: true\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: ny-roll\n---\n",
        ),
    ]);
    compile_opts_ok(&opts_drafts(s.path()));
}

#[test]
fn circular_parent_is_an_error() {
    let s = site(&[
        (
            "content/a.md",
            "---\ntitle: A\nkind: organisation\nparent: b\n---\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\nkind: organisation\nparent: a\n---\n",
        ),
    ]);
    let errs = errors(s.path());
    assert!(!errs.is_empty());
    assert!(
        errs.iter().all(|d| d.message.en().contains("circle")),
        "{}",
        describe(&errs)
    );
    assert_eq!(errs[0].line, 4, "{}", describe(&errs));
}

#[test]
fn cli_report_shows_file_line_and_hint() {
    let s = site(&[
        ROLE,
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nownr: rektor\n---\n",
        ),
    ]);
    let (diags, texts) = match samsyn::compile(&opts(s.path())) {
        Err(samsyn::error::Error::Content {
            diagnostics, texts, ..
        }) => (diagnostics, texts),
        _ => panic!("expected content errors"),
    };
    let report = samsyn::report::to_string(&diags, &texts, samsyn::messages::Lang::En);
    assert!(report.contains("content/a.md:4:1"), "{report}");
    assert!(report.contains("did you mean `owner`?"), "{report}");
    assert!(
        report.contains("ownr: rektor"),
        "the offending line is shown:\n{report}"
    );
}

#[test]
fn two_files_at_the_same_address_is_an_error() {
    let s = site(&[
        (
            "content/rutiner.md",
            "---\ntitle: Rutiner\nid: rutiner-sida\n---\n",
        ),
        (
            "content/rutiner/index.md",
            "---\ntitle: Rutiner igen\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert!(d.message.en().contains("/rutiner/"), "{d}");
    assert!(
        d.hint
            .as_ref()
            .map(|h| h.en())
            .as_deref()
            .unwrap_or_default()
            .contains("content/rutiner"),
        "{d:?}"
    );
}

#[test]
fn a_page_at_an_address_samsyn_publishes_itself_is_an_error() {
    // The generated list used to replace such a page without a word.
    for (file, address) in [
        ("content/documents.md", "/documents/"),
        ("content/search/index.md", "/search/"),
        ("content/tags/samverkan.md", "/tags/samverkan/"),
    ] {
        let s = site(&[(file, "---\ntitle: Egen sida\n---\n\nText.\n")]);
        let d = single_error(s.path());
        assert_eq!(d.file, file, "{d}");
        assert!(d.message.en().contains(address), "{d}");
        assert!(d.message.sv().contains("samsyn själv publicerar"), "{d}");
    }
    // A page whose folder is a file samsyn writes could not be written.
    let s = site(&[("content/feed.xml.md", "---\ntitle: Flöde\n---\n\nText.\n")]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/feed.xml.md", "{d}");
    assert!(d.message.en().contains("/feed.xml/"), "{d}");
    // index.md is the start page.
    let start = site(&[("content/index.md", "---\ntitle: Start\n---\n\nText.\n")]);
    assert!(file(&compile_ok(start.path()), "index.html").contains("<title>Start"));
}

#[test]
fn an_attachment_at_a_file_samsyn_writes_itself_is_an_error() {
    // It used to replace the API file or the review calendar without a word.
    for file in ["content/api/pages.json", "content/reviews.ics"] {
        let s = site(&[(file, "x\n")]);
        let d = single_error(s.path());
        assert_eq!(d.file, file, "{d}");
        assert!(
            d.message.sv().contains("samsyn publicerar själv en fil"),
            "{d}"
        );
    }
}

#[test]
fn windows_line_endings_keep_line_numbers() {
    let s = site(&[(
        "content/a.md",
        "---\r\ntitle: A\r\nownr: x\r\n---\r\n\r\nText.\r\n\r\n[x](saknas.md)\r\n",
    )]);
    let errs = errors(s.path());
    let at: Vec<(usize, usize)> = errs.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(at, [(3, 1), (8, 1)], "{}", describe(&errs));
    assert!(
        errs.iter()
            .all(|d| !d.source_line.as_deref().unwrap_or_default().ends_with('\r')),
        "{errs:?}"
    );
}

#[test]
fn byte_order_mark_is_ignored() {
    let s = site(&[(
        "content/a.md",
        "\u{feff}---\ntitle: Från Word\n---\n\nText.\n",
    )]);
    let c = compile_ok(s.path());
    assert_eq!(c.site.pages[0].title(), "Från Word");
}

#[test]
fn byte_order_mark_does_not_shift_error_columns() {
    let s = site(&[("content/a.md", "\u{feff}---\ntitle: A\nkind: rutine\n---\n")]);
    let d = single_error(s.path());
    assert_eq!((d.line, d.col), (3, 7), "{d}");
}

#[test]
fn link_out_of_the_content_folder_is_an_error() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nSe [readme](../README.md) och [bild](../../bild.png).\n",
    )]);
    let errs = errors(s.path());
    let at: Vec<(usize, usize)> = errs.iter().map(|d| (d.line, d.col)).collect();
    assert_eq!(at, [(5, 4), (5, 31)], "{}", describe(&errs));
    assert!(errs.iter().all(|d| d.file == "content/a.md"));
    assert!(errs[0].message.en().contains("../README.md"), "{}", errs[0]);
}

#[test]
fn control_characters_are_an_error_at_their_line() {
    for (what, front, line, col) in [
        ("U+0001 in a title", "title: Rutin\u{1}\n", 2, 13),
        (
            "a lone carriage return",
            "title: Rutin\nsummary: Första\rAndra\n",
            3,
            16,
        ),
        ("an escape sequence", "title: \"Rutin\\e[2J\"\n", 2, 1),
        ("DEL", "title: Rutin\u{7f}\n", 2, 13),
    ] {
        let s = site(&[("content/rutin.md", &format!("---\n{front}---\n\nText.\n"))]);
        let errs = errors(s.path());
        let d = errs
            .iter()
            .find(|d| {
                d.message.en().contains("control character")
                    && !d.message.en().contains("invalid YAML")
            })
            .unwrap_or_else(|| panic!("{what}: {}", describe(&errs)));
        assert_eq!(
            (d.file.as_str(), d.line),
            ("content/rutin.md", line),
            "{what}: {d}"
        );
        if what != "an escape sequence" {
            assert_eq!(d.col, col, "{what}: {d}");
        }
    }
}

#[test]
fn windows_line_endings_and_tabs_are_no_control_characters() {
    let s = site(&[(
        "content/rutin.md",
        "---\r\ntitle: Rutin\r\n---\r\n\r\nText\tmed tabb.\r\n",
    )]);
    compile_ok(s.path());
}

#[test]
fn a_law_without_an_sfs_number_is_an_error_at_its_file() {
    let s = site(&[(
        "content/lagar/skollagen.md",
        "---\ntitle: Skollag\nkind: law\nnames: [skollagen]\n---\n",
    )]);
    let d = single_error(s.path());
    assert_eq!(d.file, "content/lagar/skollagen.md");
    assert_eq!(d.message.en(), "missing `sfs`", "{d}");
}

#[test]
fn a_malformed_or_repeated_sfs_number_is_an_error_at_its_line() {
    let s = site(&[
        (
            "content/lagar/a.md",
            "---\ntitle: Lag A\nkind: law\nsfs: \"2010-800\"\n---\n",
        ),
        (
            "content/lagar/b.md",
            "---\ntitle: Lag B\nkind: law\nsfs: \"2010:800\"\n---\n",
        ),
        (
            "content/lagar/c.md",
            "---\ntitle: Lag C\nkind: law\nsummary: Samma nummer.\nsfs: \"2010:800\"\n---\n",
        ),
    ]);
    let errs = errors(s.path());
    let shown: Vec<String> = errs
        .iter()
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message.en()))
        .collect();
    assert_eq!(
        shown,
        [
            "content/lagar/a.md:4: `2010-800` is not an SFS number",
            "content/lagar/c.md:5: SFS 2010:800 is registered twice",
        ]
    );
}

#[test]
fn replaced_by_must_name_a_law() {
    let s = site(&[
        ROLE,
        (
            "content/lagar/a.md",
            "---\ntitle: Lag A\nkind: law\nsfs: \"2001:1\"\nreplaced_by: rektor\n---\n",
        ),
    ]);
    let d = single_error(s.path());
    assert_eq!((d.file.as_str(), d.line), ("content/lagar/a.md", 5), "{d}");
    assert!(d.message.en().contains("needs a page of kind `law`"), "{d}");
}

#[test]
fn misspelt_kind_is_one_message_and_keys_are_checked_against_the_kind_meant() {
    let s = site(&[
        ROLE,
        HOLDER,
        ORG,
        (
            "content/rutiner/a.md",
            "---\ntitle: Rutin\nkind: rutin\nsummary: Så gör vi.\nowner: rektor\nroles: [rektor]\napplies_to: [bun]\ndecided_by: BUN\ndecided: 2026-01-01\nrevised: 2026-01-01\nreview_interval: 1 year\n---\n",
        ),
    ]);
    let all = diagnostics(s.path());
    assert_eq!(all.0.len(), 1, "{all:#?}");
    let d = &all.0[0];
    assert_eq!((d.line, d.col), (3, 7), "{d}");
    assert!(
        d.hint
            .as_ref()
            .unwrap()
            .en()
            .contains("did you mean `routine`?"),
        "{d}"
    );
    // A key the kind meant does not take is still reported.
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Rutin\nkind: rutin\nshort: X\n---\n",
    )]);
    let errs = errors(s.path());
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs[1].message.en().contains("not a key of kind `routine`"),
        "{errs:#?}"
    );
}

#[test]
fn kind_far_from_any_is_one_message_and_keys_are_not_checked() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: Rutin\nkind: xyzzy\nowner: rektor\nroles: [rektor]\ndecided_by: BUN\n---\n",
    )]);
    let all = diagnostics(s.path());
    assert_eq!(all.0.len(), 1, "{all:#?}");
    assert!(all.0[0].message.en().contains("unknown kind"), "{all:#?}");
}

#[test]
fn impossible_review_date_is_the_only_message() {
    let s = site(&[
        ROLE,
        HOLDER,
        (
            "content/a.md",
            "---\ntitle: Plan\nkind: plan\nsummary: S.\nowner: rektor\nrevised: 2026-13-01\n---\n",
        ),
    ]);
    let all = diagnostics(s.path());
    assert_eq!(all.0.len(), 1, "{all:#?}");
    let d = &all.0[0];
    assert_eq!((d.line, d.col), (6, 10), "{d}");
    assert!(d.message.en().contains("2026-13-01"), "{d}");
}

/// `text` in UTF-16, with or without a byte order mark.
fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out: Vec<u8> = match (bom, little_endian) {
        (false, _) => vec![],
        (true, true) => vec![0xFF, 0xFE],
        (true, false) => vec![0xFE, 0xFF],
    };
    for u in text.encode_utf16() {
        out.extend(if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// The one error of a site with `content/a.md` written as `bytes`, and the
/// report of it.
fn report_of_bytes(bytes: &[u8]) -> (String, Diagnostic) {
    let dir = site(&[("content/ok.md", "---\ntitle: OK\n---\n")]);
    write(dir.path(), "content/a.md", bytes);
    let d = single_error(dir.path());
    let Err(Error::Content {
        diagnostics, texts, ..
    }) = samsyn::compile(&opts(dir.path()))
    else {
        panic!("expected content errors")
    };
    let report = samsyn::report::to_string(&diagnostics, &texts, samsyn::messages::Lang::En);
    (report, d)
}

#[test]
fn utf16_files_are_named_utf16_in_the_usual_layout() {
    let page = "---\r\ntitle: Hälsa\r\n---\r\n\r\nText.\r\n";
    for (little_endian, bom, said) in [
        (true, true, "UTF-16 LE (with a byte order mark)"),
        (false, true, "UTF-16 BE (with a byte order mark)"),
        (true, false, "UTF-16 LE without a byte order mark"),
        (false, false, "UTF-16 BE without a byte order mark"),
    ] {
        let (report, d) = report_of_bytes(&utf16(page, little_endian, bom));
        assert_eq!(
            (d.file.as_str(), d.line, d.col),
            ("content/a.md", 1, 1),
            "{d}"
        );
        assert_eq!(
            d.message.en(),
            format!("the file is saved as {said}, not as UTF-8")
        );
        assert!(report.contains("┌─ content/a.md:1:1"), "{report}");
        assert!(report.contains("1 │ ---"), "the line is shown:\n{report}");
        assert!(report.contains("hint: save the file as UTF-8"), "{report}");
    }
}

#[test]
fn windows_1252_file_is_named_with_its_character_and_line() {
    let (report, d) = report_of_bytes(b"---\ntitle: Karl\n---\n\nH\xe4lsa fr\xe5n Word\n");
    assert_eq!((d.line, d.col), (5, 2), "{d}");
    assert_eq!(
        d.message.en(),
        "the file is saved as Windows-1252 (“ANSI”), not as UTF-8: the character `ä` here cannot be read"
    );
    assert!(report.contains("┌─ content/a.md:5:2"), "{report}");
    assert!(report.contains("5 │ Hälsa från Word"), "{report}");
    let caret = report.lines().find(|l| l.contains('^')).expect(&report);
    assert_eq!(caret.matches('^').count(), 1, "the `ä` alone:\n{report}");
    assert_eq!(d.source_line.as_deref(), Some("Hälsa från Word"));
}

#[test]
fn link_without_md_suggests_the_file() {
    let s = site(&[
        ("content/rutiner/orosanmalan.md", "---\ntitle: Orosanmälan\n---\n\n## Syfte\n"),
        (
            "content/planer/a.md",
            "---\ntitle: A\n---\n\nSe [rutinen](../rutiner/orosanmalan) och [syftet](../rutiner/orosanmalan#syfte).\n",
        ),
    ]);
    let errs = errors(s.path());
    let hints: Vec<String> = errs.iter().map(|d| d.hint.as_ref().unwrap().en()).collect();
    assert_eq!(
        hints,
        [
            "did you mean `../rutiner/orosanmalan.md`? Links to pages end in `.md`",
            "did you mean `../rutiner/orosanmalan.md#syfte`? Links to pages end in `.md`",
        ],
        "{errs:#?}"
    );
}

const ROLES: [(&str, &str); 5] = [
    (
        "content/roller/rektor.md",
        "---\ntitle: Rektor\nkind: role\n---\n",
    ),
    (
        "content/roller/rektorsassistent.md",
        "---\ntitle: Assistent\nkind: role\n---\n",
    ),
    (
        "content/roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\n---\n",
    ),
    (
        "content/roller/skolskoterska.md",
        "---\ntitle: Skolsköterska\nkind: role\n---\n",
    ),
    (
        "content/organisationer/rektorsomrade.md",
        "---\ntitle: Rektorsområde\nkind: organisation\n---\n",
    ),
];

#[test]
fn unknown_id_lists_the_closest_three_of_the_right_kind() {
    let s = site(&{
        let mut f = ROLES.to_vec();
        f.push((
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nroles: [rektr]\nowner: zzz\n---\n",
        ));
        f
    });
    let errs: Vec<Diagnostic> = errors(s.path())
        .into_iter()
        .filter(|d| d.file == "content/a.md")
        .collect();
    let hints: Vec<String> = errs.iter().map(|d| d.hint.as_ref().unwrap().en()).collect();
    assert!(
        hints.contains(
            &"did you mean `rektor`? Other close ids `roles` can name: `rektorsassistent`, `kurator`"
                .to_string()
        ),
        "{hints:#?}"
    );
    // Nothing close: the three closest roles still, never the organisation.
    let far = hints
        .iter()
        .find(|h| h.starts_with("no id is similar"))
        .expect("far hint");
    assert!(far.contains("`owner` can name:"), "{far}");
    let listed = far
        .split("can name:")
        .nth(1)
        .unwrap()
        .split(" (")
        .next()
        .unwrap();
    assert_eq!(listed.matches('`').count(), 6, "three ids: {far}");
    assert!(!far.contains("rektorsomrade"), "{far}");
}

#[test]
fn underline_under_a_masked_personnummer_ends_with_the_number() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n\nElev 19121212-1212. Och \"19121212-1212\".\n",
    )]);
    let Err(Error::Content {
        diagnostics, texts, ..
    }) = samsyn::compile(&opts(s.path()))
    else {
        panic!("expected errors")
    };
    let report = samsyn::report::to_string(&diagnostics, &texts, samsyn::messages::Lang::En);
    let carets: Vec<&str> = report.lines().filter(|l| l.contains('^')).collect();
    assert_eq!(carets.len(), 2, "{report}");
    for caret in carets {
        assert_eq!(caret.matches('^').count(), 13, "{report}");
    }
    let source = report.lines().find(|l| l.contains("Elev")).unwrap();
    let caret = report.lines().find(|l| l.contains('^')).unwrap();
    let end = caret.rfind('^').unwrap();
    assert_eq!(&source[end + 1..end + 2], ".", "{report}");
}

#[test]
fn underline_under_a_broken_link_covers_the_whole_link() {
    let (report, _) = report_of("---\ntitle: A\n---\n\nSe [rutinen](saknas.md) nu.\n");
    let source = report.lines().find(|l| l.contains("Se [")).unwrap();
    let caret = report.lines().find(|l| l.contains('^')).unwrap();
    let (from, to) = (caret.find('^').unwrap(), caret.rfind('^').unwrap());
    assert_eq!(&source[from..=to], "[rutinen](saknas.md)", "{report}");
}
