//! What each fuzz target checks, shared by the libFuzzer targets
//! (`fuzz/fuzz_targets/*.rs`) and by `tests/fuzz_regressions.rs`, which
//! replays the seed corpora and every input that ever failed on stable Rust
//! in the ordinary `cargo test`.
//!
//! Each function takes the raw fuzz input and panics when an invariant
//! breaks (or when samsyn panics).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use samsyn::config::SiteConfig;
use samsyn::content::{Asset, SourceFile};
use samsyn::error::Diagnostics;
use samsyn::render::Mode;
use samsyn::resolve::ResolveOptions;
use samsyn::theme::Theme;

/// Front matter: any text through `samsyn::frontmatter::parse`, then the
/// diagnostics through the reporter (which slices the source by line and
/// column, so a wrong position would panic there).
pub fn frontmatter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let file = "content/rutiner/fuzz.md";
    let (fm, diags) = samsyn::frontmatter::parse(file, &text);
    if let Some(fm) = &fm {
        assert!(fm.body_offset <= text.len(), "body offset past the end");
        assert!(
            text.is_char_boundary(fm.body_offset),
            "body offset inside a character"
        );
    }
    let lines = text.split('\n').count();
    for d in &diags {
        assert_eq!(d.file, file);
        assert!(
            d.line <= lines,
            "diagnostic at line {} of {lines}: {d}",
            d.line
        );
    }
    let mut diags = Diagnostics(diags);
    diags.sort();
    diags.attach_lines(|f| (f == file).then(|| text.to_string()));
    let texts = BTreeMap::from([(file.to_string(), text.to_string())]);
    let _ = samsyn::report::to_string(&diags, &texts, samsyn::messages::Lang::En);
}

/// The personnummer guard: `scan` finds numbers of 10 or 12 digits at
/// valid, non-overlapping positions, and `mask` leaves nothing for `scan` to find and keeps the
/// text's length.
pub fn privacy(data: &[u8]) {
    use samsyn::privacy::{mask, scan};
    let text = String::from_utf8_lossy(data);
    let found = scan(&text);
    let mut end = 0;
    for f in &found {
        assert!(f.offset >= end, "findings overlap or are out of order");
        let s = &text[f.offset..f.offset + f.len];
        // Any script's digits, any dash or space between them, and
        // characters that show nothing; starting and ending with a digit.
        let digits = s.chars().filter(|c| c.is_numeric()).count();
        assert!(matches!(digits, 10 | 12), "{digits} digits in {s:?}");
        assert!(s.chars().next().is_some_and(char::is_numeric), "{s:?}");
        assert!(s.chars().next_back().is_some_and(char::is_numeric), "{s:?}");
        end = f.offset + f.len;
    }
    let masked = mask(&text);
    assert!(scan(&masked).is_empty(), "mask left a number behind");
    assert_eq!(masked.len(), text.len(), "mask changed the length");
    if found.is_empty() {
        assert_eq!(masked, text);
    }
}

/// The search tokenizer: `tokens` over any text never panics, never emits an
/// empty token, and emits only lower-case tokens; folding and stemming each
/// token (as the index does) never panics either, nor does stemming any
/// text at all.
pub fn tokenize(data: &[u8]) {
    use samsyn::search::tokenize::{definite, fold, lower, stem, tokens};
    let text = String::from_utf8_lossy(data);
    let _ = stem(&text);
    let mut n = 0usize;
    tokens(&text, |t| {
        n += 1;
        assert!(!t.is_empty(), "empty token");
        assert_eq!(lower(t), t, "token not lower-cased: {t:?}");
        let folded = fold(t);
        let _ = definite(&stem(&folded));
    });
    assert!(
        n <= text.len() * 2 + 1,
        "more tokens than the text can hold"
    );
}

/// The request-path resolver of `samsyn serve`. The first byte picks the
/// base path, the rest is the request target (any string, as the HTTP
/// layer hands it over). An accepted path never contains a `..` or `.` segment,
/// a backslash or a NUL, never starts with `/` and never holds an empty
/// segment; asked for again, it resolves to itself.
pub fn serve_path(data: &[u8]) {
    use samsyn::serve::path::resolve;
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let target = String::from_utf8_lossy(rest);
    let base = ["/", "/bus/", "/intra/barn/"][pick as usize % 3];
    let Ok(rel) = resolve(&target, base) else {
        return;
    };
    assert!(!rel.starts_with('/'), "{target:?} → {rel:?} is absolute");
    assert!(!rel.contains('\\'), "{target:?} → {rel:?} has a backslash");
    assert!(!rel.contains('\0'), "{target:?} → {rel:?} has a NUL");
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, s) in segments.iter().enumerate() {
        assert!(*s != ".." && *s != ".", "{target:?} → {rel:?} climbs");
        assert!(
            !s.is_empty() || i + 1 == segments.len(),
            "{target:?} → {rel:?} has an empty segment"
        );
    }
    let again = format!("{base}{rel}");
    if !again.contains(['%', '?', '#']) {
        assert_eq!(
            resolve(&again, base).as_deref(),
            Ok(rel.as_str()),
            "{target:?}"
        );
    }
}

/// The tiny site the page pipeline target puts the fuzz input into, as
/// `content/rutiner/fuzz.md`: a start page, roles, organisations, a forum,
/// a contact list and a routine with headings to link to.
const SITE: &[(&str, &str)] = &[
    ("index.md", "---\ntitle: Start\n---\n\nVälkommen.\n"),
    (
        "roller/kurator.md",
        "---\ntitle: Kurator\nkind: role\norganisation: skola\nreports_to: rektor\n---\n\nKuratorn.\n",
    ),
    (
        "roller/rektor.md",
        "---\ntitle: Rektor\nkind: role\norganisation: skola\n---\n\nRektorn.\n",
    ),
    (
        "organisationer/skola.md",
        "---\ntitle: Skolan\nkind: organisation\nshort: Skolan\nparent: kommun\n---\n\nSkolan.\n",
    ),
    (
        "organisationer/kommun.md",
        "---\ntitle: Kommunen\nkind: organisation\n---\n\nKommunen.\n",
    ),
    (
        "forum/natverk.md",
        "---\ntitle: Nätverket\nkind: forum\nmembers: [kurator, rektor]\nchair: rektor\ncadence: varje månad\n---\n\n## Syfte\n\nSamverkan.\n",
    ),
    (
        "kontakter/elevhalsa.md",
        "---\ntitle: Elevhälsa\nkind: contacts\nowner: rektor\nreviewed: 2026-08-25\ncontacts:\n  - {name: Sara Bengtsson, role: kurator, unit: Skolan, phone: 070-174 06 21, email: sara@example.org}\n---\n",
    ),
    (
        "rutiner/orosanmalan.md",
        "---\ntitle: Orosanmälan\nkind: routine\nowner: kurator\nroles: [rektor]\nforums: [natverk]\napplies_to: [skola]\nrevised: 2026-05-01\n---\n\n## När ska du anmäla?\n\nGenast.\n\n## Så gör du\n\nRing.\n",
    ),
    (
        "tillganglighetsredogorelse.md",
        "---\ntitle: Tillgänglighetsredogörelse\n---\n\nOm webbplatsen.\n",
    ),
];

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    // A site folder that does not exist: only the embedded default theme.
    THEME.get_or_init(|| {
        Theme::load(Path::new("/nonexistent/samsyn-fuzz-site"), "default")
            .expect("the default theme compiles")
    })
}

/// The whole page pipeline in memory: every page of the tiny site and the
/// fuzz input parsed, the site resolved (ids, references, links, anchors,
/// cycles, review status) and, without errors, rendered with the default
/// theme (pages, lists, feeds, search index); with errors, the diagnostics
/// go through the reporter as `samsyn check` prints them.
pub fn page_pipeline(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // As content::read_source does: a byte order mark is dropped.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let mut files: Vec<SourceFile> = SITE
        .iter()
        .map(|(p, t)| SourceFile {
            content_path: p.to_string(),
            text: t.to_string(),
        })
        .collect();
    files.push(SourceFile {
        content_path: "rutiner/fuzz.md".to_string(),
        text,
    });
    files.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let config = SiteConfig::default();
    let mut diags = Diagnostics::default();
    let mut parsed = Vec::new();
    let lookup = |p: &str| {
        files
            .iter()
            .find(|f| f.content_path == p)
            .map(|f| f.text.as_str())
    };
    for f in &files {
        let (page, d) = samsyn::parse::parse_page(f, &config.base_url, &lookup);
        diags.extend(d);
        parsed.extend(page.map(Arc::new));
    }
    let by_path: BTreeMap<&str, &str> = files
        .iter()
        .map(|f| (f.content_path.as_str(), f.text.as_str()))
        .collect();
    let text_of = |p: &str| by_path.get(p).copied().unwrap_or("");
    let assets = vec![Asset {
        content_path: "rutiner/flode.svg".into(),
        source: PathBuf::from("/nonexistent/samsyn-fuzz-site/content/rutiner/flode.svg"),
    }];
    let opts = ResolveOptions {
        today: samsyn::dates::parse_date("2026-11-22").expect("a date"),
        include_drafts: false,
    };
    let (site, resolve_diags) = samsyn::resolve::resolve(parsed, &text_of, assets, config, opts);
    diags.extend(resolve_diags);
    diags.sort();
    let site_text = |f: &str| {
        f.strip_prefix("content/")
            .and_then(|c| by_path.get(c))
            .map(|t| t.to_string())
    };
    diags.attach_lines(site_text);
    for d in diags.iter() {
        assert!(
            d.file.starts_with("content/"),
            "diagnostic names no content file: {d}"
        );
        if let Some(t) = site_text(&d.file) {
            assert!(
                d.line <= t.split('\n').count(),
                "diagnostic past the end of its file: {d}"
            );
        }
    }
    if std::env::var_os("SAMSYN_FUZZ_VERBOSE").is_some() {
        eprintln!(
            "{} diagnostic(s), {} error(s)",
            diags.0.len(),
            diags.error_count()
        );
        for d in diags.iter().take(5) {
            eprintln!("  {d}");
        }
    }
    if diags.has_errors() {
        let texts: BTreeMap<String, String> = diags
            .iter()
            .filter_map(|d| site_text(&d.file).map(|t| (d.file.clone(), samsyn::privacy::mask(&t))))
            .collect();
        let _ = samsyn::report::to_string(&diags, &texts, samsyn::messages::Lang::En);
        return;
    }
    let rendered = samsyn::pipeline::outputs::render(&site, theme(), Mode::Build)
        .expect("a site without errors renders");
    for path in rendered.files.keys() {
        assert!(
            !path.starts_with('/') && !path.split('/').any(|s| s == ".." || s.is_empty()),
            "output path {path:?} could leave the output folder"
        );
    }
}

/// The attachment checks: any bytes, read as any type an attachment can
/// have (the first byte picks it), never panic, and no message repeats a
/// personal identity number.
pub fn attachment(data: &[u8]) {
    const TYPES: &[&str] = &[
        "svg", "html", "xml", "docx", "xlsx", "pptx", "odt", "ods", "pdf", "txt", "csv", "json",
        "ics", "vcf", "eml", "rtf", "md", "svgz", "xhtml",
    ];
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = TYPES[pick as usize % TYPES.len()];
    let path = format!("bilaga.{ext}");
    for allow_html in [false, true] {
        for d in samsyn::attachment::check(&format!("content/{path}"), &path, bytes, allow_html) {
            let said = format!(
                "{} {}",
                d.message.en(),
                d.hint.map(|h| h.en()).unwrap_or_default()
            );
            assert!(
                samsyn::privacy::scan(&said).is_empty(),
                "a message repeats a number: {said}"
            );
        }
    }
}
