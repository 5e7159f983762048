//! Performance shape, counted rather than timed: the work of a build grows
//! linearly with the site, no page embeds a list of every other page, and
//! a rebuild writes only what changed.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

/// A site of `n` routines, each owned by one of three roles, with one
/// contact list naming a person for every role.
fn site_of(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for r in 0..3 {
        write(
            root,
            &format!("content/roller/roll{r}.md"),
            format!("---\ntitle: Roll {r}\nkind: role\n---\n\nAnsvarar för rutiner.\n").as_bytes(),
        );
    }
    let people: String = (0..3)
        .map(|r| format!("  - name: Person {r}\n    role: roll{r}\n"))
        .collect();
    write(
        root,
        "content/kontakter.md",
        format!(
            "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n{people}---\n"
        )
        .as_bytes(),
    );
    for i in 0..n {
        write(
            root,
            &format!("content/rutiner/rutin-{i}.md"),
            format!(
                "---\ntitle: Rutin {i}\nkind: routine\nowner: roll{}\nrevised: 2026-0{}-01\n---\n\n## Syfte\n\nText om rutin {i}.\n",
                i % 3,
                1 + i % 9
            )
            .as_bytes(),
        );
    }
    dir
}

fn renders(n: usize) -> (usize, usize) {
    let s = site_of(n);
    let c = compile_ok(s.path());
    let html = c
        .rendered
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    (c_renders(&s), html)
}

fn c_renders(s: &tempfile::TempDir) -> usize {
    let mut p = samsyn::project::Project::load(opts(s.path()));
    p.compile().unwrap_or_else(|e| panic!("{e}"));
    p.render_cache().timings.renders
}

#[test]
fn template_renders_are_one_per_page_and_one_per_list_row() {
    let (r, html) = renders(30);
    // Every HTML page once, plus one row per document in /documents/ and
    // one per reviewed page (the documents and the contact list) in
    // /reviews/: each row rendered once, not once per list page.
    assert_eq!(r, html + 30 + 31, "{r} renders for {html} pages");
}

#[test]
fn template_renders_grow_linearly_with_documents() {
    let (small, _) = renders(40);
    let (big, _) = renders(80);
    // 40 more documents: 40 pages and 2 × 40 list rows more, nothing else.
    assert_eq!(big - small, 3 * 40);
}

#[test]
fn a_document_page_does_not_grow_with_the_number_of_documents() {
    let largest_document_page = |n: usize| {
        let s = site_of(n);
        let c = compile_ok(s.path());
        c.rendered
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("rutiner/"))
            .map(|(p, _)| c.rendered.read(p).unwrap().unwrap().len())
            .max()
            .unwrap()
    };
    let small = largest_document_page(20);
    let big = largest_document_page(200);
    // The page names only its own owner, roles and links; a few bytes of
    // difference come from longer numbers in titles.
    assert!(
        big < small + 200,
        "a document page grew from {small} to {big} bytes"
    );
}

fn build(site: &Path, out: &Path) -> samsyn::Built {
    samsyn::build(&opts(site), out).unwrap_or_else(|e| panic!("build failed: {e}"))
}

#[test]
fn rebuild_with_nothing_changed_leaves_the_output_untouched() {
    let s = site_of(10);
    let out = s.path().join("output");
    let first = build(s.path(), &out);
    assert!(!first.unchanged);
    let before = snapshot(&out);
    let inode = std::fs::metadata(out.join("rutiner/rutin-1/index.html"))
        .unwrap()
        .ino();
    let again = build(s.path(), &out);
    assert!(again.unchanged, "nothing changed, yet it built again");
    assert_eq!(again.summary, first.summary);
    assert!(snapshot(&out) == before, "the output changed");
    let after = std::fs::metadata(out.join("rutiner/rutin-1/index.html")).unwrap();
    assert_eq!(after.ino(), inode, "the file was written again");
}

#[test]
fn rebuild_after_one_edit_links_the_rest_and_equals_a_fresh_build() {
    let s = site_of(10);
    let out = s.path().join("output");
    let first = build(s.path(), &out);
    let page = s.path().join("content/rutiner/rutin-3.md");
    let text = std::fs::read_to_string(&page).unwrap() + "\nEn ny mening.\n";
    std::fs::write(&page, text).unwrap();
    let second = build(s.path(), &out);
    assert!(!second.unchanged);
    assert!(
        second.stats.linked > first.stats.files / 2,
        "only {} of {} files linked",
        second.stats.linked,
        second.stats.files
    );
    assert!(second.stats.linked < second.stats.files);
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("output");
    build(s.path(), &fresh_out);
    let (a, b) = (snapshot(&out), snapshot(&fresh_out));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs from a fresh build");
    }
    let html = std::fs::read_to_string(out.join("rutiner/rutin-3/index.html")).unwrap();
    assert!(html.contains("En ny mening."));
}

#[test]
fn a_new_day_rebuilds_even_when_no_file_changed() {
    let s = site_of(5);
    let out = s.path().join("output");
    build(s.path(), &out);
    let mut next_day = opts(s.path());
    next_day.today = Some(today().tomorrow().unwrap());
    let built = samsyn::build(&next_day, &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(!built.unchanged, "review status depends on the day");
}

#[test]
fn a_title_edit_renders_its_list_rows_again_not_every_row() {
    let s = site_of(60);
    let mut opts = opts(s.path());
    opts.mode = samsyn::render::Mode::Serve;
    let mut project = samsyn::project::Project::load(opts);
    project.compile().unwrap_or_else(|e| panic!("{e}"));
    let page = s.path().join("content/rutiner/rutin-7.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("title: Rutin 7", "title: Rutin sju")).unwrap();
    project.apply_changes(&[page]);
    let c = project.compile().unwrap_or_else(|e| panic!("{e}"));
    let renders = project.render_cache().timings.renders;
    // The page, its two rows, the pages that list or link it (its owner
    // role, the lists, the start page): far fewer than the 60 rows of each
    // list again.
    assert!(
        renders < 20,
        "{renders} templates rendered for one title edit"
    );
    let documents = file(&c, "documents/index.html");
    assert!(documents.contains("Rutin sju") && !documents.contains("Rutin 7<"));
}

#[test]
fn render_error_after_batches_were_written_leaves_the_output_as_it_was() {
    // 300 routines fill the first batch; the page that fails comes after
    // them, when earlier pages are already linked into the new tree.
    let s = site_of(300);
    write(
        s.path(),
        "content/zz/sida.md",
        b"---\ntitle: Sida\nkind: page\n---\n\nText.\n",
    );
    let out = s.path().join("output");
    build(s.path(), &out);
    let before = snapshot(&out);
    let page = s.path().join("content/rutiner/rutin-5.md");
    let text = std::fs::read_to_string(&page).unwrap() + "\nÄndrad.\n";
    std::fs::write(&page, text).unwrap();
    write(
        s.path(),
        "templates/page.html",
        b"{{ no_such_variable.field }}",
    );
    let err = samsyn::build(&opts(s.path()), &out).expect_err("the template is broken");
    assert!(err.to_string().contains("page.html"), "{err}");
    assert!(snapshot(&out) == before, "the output changed");
    let beside: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("samsyn-tmp"))
        .collect();
    assert!(beside.is_empty(), "left behind: {beside:?}");
}
