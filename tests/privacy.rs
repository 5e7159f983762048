//! The personnummer guard: valid Swedish personal identity numbers (and
//! samordningsnummer) fail the build with file and line; Luhn failures,
//! phone numbers and dates do not.

mod common;

use common::*;

/// The (line, col) of every personnummer error of a one-page site.
fn caught(front: &str, body: &str) -> Vec<(usize, usize)> {
    let text = format!("---\ntitle: Sida\n{front}---\n\n{body}");
    let s = site(&[("content/sida.md", &text)]);
    match samsyn::compile(&opts(s.path())) {
        Ok(_) => Vec::new(),
        Err(samsyn::error::Error::Content { diagnostics, .. }) => diagnostics
            .iter()
            .filter(|d| d.is_error())
            .inspect(|d| assert!(d.message.contains("personnummer"), "unexpected error {d}"))
            .map(|d| {
                assert_eq!(d.file, "content/sida.md");
                (d.line, d.col)
            })
            .collect(),
        Err(e) => panic!("{e}"),
    }
}

const VALID: &[(&str, &str)] = &[
    ("12 digits with dash", "19121212-1212"),
    ("10 digits with dash", "121212-1212"),
    ("10 digits with plus (100 years or older)", "121212+1212"),
    ("12 digits without separator", "191212121212"),
    ("samordningsnummer (day + 60)", "701063-2391"),
    ("samordningsnummer, 12 digits", "19701063-2391"),
    ("12 digits, born in the 2000s", "201212121212"),
];

#[test]
fn valid_numbers_in_the_body_are_caught_at_their_line_and_column() {
    for (what, n) in VALID {
        let found = caught(
            "",
            &format!("Första raden.\n\nEleven har nummer {n} enligt ärendet.\n"),
        );
        assert_eq!(found, [(7, 19)], "{what}: {n}");
    }
}

#[test]
fn valid_numbers_in_front_matter_are_caught() {
    for (what, n) in VALID {
        let found = caught(&format!("summary: Gäller {n}\n"), "Text.\n");
        assert_eq!(found, [(3, 17)], "{what}: {n}");
    }
}

#[test]
fn numbers_in_tables_links_and_headings_are_caught() {
    let found = caught(
        "",
        "## Elev 121212-1212\n\n| Namn | Nummer |\n|---|---|\n| A | 19121212-1212 |\n\n[ärende](https://example.com/?pnr=191212121212)\n",
    );
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        [5, 9, 11],
        "{found:?}"
    );
}

#[test]
fn every_number_in_a_file_is_reported() {
    let found = caught("", "121212-1212 och 19121212-1212\n\n701063-2391\n");
    assert_eq!(found, [(5, 1), (5, 17), (7, 1)]);
}

#[test]
fn luhn_failures_are_not_personnummer() {
    for n in [
        "121212-1213",
        "19121212-1213",
        "191212121213",
        "701063-2392",
    ] {
        assert_eq!(caught("", &format!("Nummer {n}.\n")), [], "{n}");
    }
}

#[test]
fn impossible_dates_are_not_personnummer() {
    // Month 13 and day 32 with an otherwise valid check digit.
    for n in ["121312-1211", "121232-1218"] {
        assert_eq!(caught("", &format!("Nummer {n}.\n")), [], "{n}");
    }
}

#[test]
fn phone_numbers_are_not_personnummer() {
    for n in [
        "070-123 45 67",
        "0701234567",
        "08-123 456 78",
        "+46 70 123 45 67",
        "+46701234567",
        "0123-45 67 89",
    ] {
        assert_eq!(
            caught(&format!("summary: Ring {n}\n"), &format!("Ring {n}.\n")),
            [],
            "{n}"
        );
    }
}

#[test]
fn dates_and_diary_numbers_are_not_personnummer() {
    let body =
        "Beslutad BUN 2019-12-03 § 121, diarienummer BUN 2019/123, gäller 2024-01-01–2026-12-31.\n";
    assert_eq!(caught("", body), []);
}

#[test]
fn ten_digits_without_separator_are_left_alone() {
    // The shape of a mobile number; the spec requires `-` or `+` for 10 digits.
    assert_eq!(caught("", "Nummer 1212121212.\n"), []);
}

#[test]
fn a_number_inside_a_longer_number_is_not_caught() {
    assert_eq!(caught("", "Referens 9121212-12120.\n"), []);
}

#[test]
fn contact_list_phone_numbers_build() {
    let s = site(&[
        ("content/roller/kurator.md", "---\ntitle: Kurator\nkind: role\n---\n"),
        (
            "content/kontakter.md",
            "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n  - name: Anna\n    role: kurator\n    phone: 070-123 45 67\n  - name: Bo\n    role: kurator\n    phone: 08-123 456 78\n---\n",
        ),
    ]);
    compile_ok(s.path());
}

#[test]
fn the_number_is_masked_in_the_printed_report() {
    let s = site(&[(
        "content/a.md",
        "---\ntitle: A\nsummary: Elev 19121212-1212\n---\n\nOch 121212-1212 här.\n",
    )]);
    let Err(samsyn::error::Error::Content {
        diagnostics, texts, ..
    }) = samsyn::compile(&opts(s.path()))
    else {
        panic!("expected content errors")
    };
    let report = samsyn::report::to_string(&diagnostics, &texts);
    assert!(report.contains("content/a.md:3:"), "{report}");
    assert!(report.contains("content/a.md:6:"), "{report}");
    assert!(
        !report.contains("1212"),
        "the number leaked into the report:\n{report}"
    );
    for text in texts.values() {
        assert!(!text.contains("1212"), "the number leaked into the texts");
    }
}

#[test]
fn a_number_in_site_yaml_is_caught() {
    // site.yaml's title is printed on every page.
    let s = site(&[
        ("site.yaml", "language: sv\ntitle: Elev 19121212-1212\n"),
        ("content/a.md", "---\ntitle: A\n---\n"),
    ]);
    let d = single_error(s.path());
    assert_eq!(
        (d.file.as_str(), d.line, d.col),
        ("site.yaml", 2, 13),
        "{d}"
    );
    assert!(d.message.contains("personnummer"), "{d}");
}
