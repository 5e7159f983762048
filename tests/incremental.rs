//! An incremental rebuild must equal a fresh full build, byte for byte,
//! after every kind of edit an editor makes.

use std::path::{Path, PathBuf};

use samsyn::error::Error;
use samsyn::project::Project;
use samsyn::render::Mode;
use samsyn::BuildOptions;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A copy of the demo site in a temporary folder.
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    (tmp, dir)
}

fn options(dir: &Path) -> BuildOptions {
    BuildOptions {
        today: Some(samsyn::dates::parse_date("2026-11-22").unwrap()),
        include_drafts: true,
        mode: Mode::Serve,
        ..BuildOptions::new(dir)
    }
}

/// What a compile gave, in a form two compiles can be compared by: every
/// output's bytes and every warning as it is printed, or the errors.
#[derive(Debug, PartialEq)]
enum Outcome {
    Site(Vec<(String, Vec<u8>)>, Vec<String>),
    Errors(Vec<String>),
}

fn outcome(result: Result<samsyn::Compiled, Error>) -> Outcome {
    match result {
        Ok(c) => Outcome::Site(
            c.rendered
                .files
                .keys()
                .map(|k| (k.clone(), c.rendered.read(k).unwrap().unwrap().to_vec()))
                .collect(),
            c.warnings
                .iter()
                .map(|d| format!("{d} | {:?}", d.source_line))
                .collect(),
        ),
        Err(Error::Content { diagnostics, .. }) => {
            Outcome::Errors(diagnostics.iter().map(|d| d.to_string()).collect())
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn assert_same(incremental: Outcome, full: Outcome, step: &str) {
    if incremental == full {
        return;
    }
    match (&incremental, &full) {
        (Outcome::Site(a, wa), Outcome::Site(b, wb)) if a == b => {
            let only_a: Vec<&String> = wa.iter().filter(|w| !wb.contains(w)).collect();
            let only_b: Vec<&String> = wb.iter().filter(|w| !wa.contains(w)).collect();
            panic!("after {step}: warnings differ: incremental only {only_a:#?}\n full only {only_b:#?}");
        }
        (Outcome::Site(a, _), Outcome::Site(b, _)) => {
            let diff: Vec<&String> = a
                .iter()
                .zip(b.iter())
                .filter(|(x, y)| x != y)
                .map(|(x, _)| &x.0)
                .chain(if a.len() != b.len() {
                    a.last().map(|x| &x.0)
                } else {
                    None
                })
                .collect();
            panic!(
                "after {step}: incremental differs from full build in {diff:?} ({} vs {} files)",
                a.len(),
                b.len()
            );
        }
        _ => panic!("after {step}: incremental {incremental:?}\n full {full:?}"),
    }
}

/// One editor action; returns the paths it touched.
type Edit<'a> = dyn Fn() -> Vec<PathBuf> + 'a;

type Compile = fn(&mut Project) -> Result<samsyn::Compiled, Error>;

#[test]
fn incremental_rebuild_equals_full_rebuild_after_every_edit() {
    every_edit(Project::compile, &[]);
}

/// Serve compiles without the search index, and takes its quick path
/// (`pipeline::project::quick`) for a save that changed only what pages
/// say in their bodies: the result is still a full build's, warnings too.
#[test]
fn serve_rebuild_equals_full_rebuild_after_every_edit_quick_path_or_not() {
    every_edit(
        Project::compile_without_search,
        &[
            "adding a sentence to a document",
            "editing the text before a citation",
            "leaving a marker in a body",
            "removing the marker again",
        ],
    );
}

/// Runs every edit in turn through `compile`, comparing each result with
/// a fresh project's; the steps named in `quick` must take serve's quick
/// path.
fn every_edit(compile: Compile, quick: &[&str]) {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    assert!(
        matches!(outcome(compile(&mut project)), Outcome::Site(..)),
        "demo site builds"
    );
    let c = dir.join("content");
    let edit = |rel: &str, from: &str, to: &str| {
        let p = c.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} contains {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        p
    };
    let steps: Vec<(&str, Box<Edit>)> = vec![
        (
            "adding a sentence to a document",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "mötet blir av.",
                    "mötet blir av. Kallelsen skickas i god tid.",
                )]
            }),
        ),
        (
            // The citation's place in the HTML moves; its link must too.
            "editing the text before a citation",
            Box::new(|| {
                vec![edit(
                    "riktlinjer/riktlinje-skolfranvaro.md",
                    "Skollagen ålägger",
                    "I korthet: Skollagen ålägger",
                )]
            }),
        ),
        (
            "leaving a marker in a body",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Kallelsen skickas i god tid.",
                    "Kallelsen skickas «fyll i».",
                )]
            }),
        ),
        (
            "removing the marker again",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Kallelsen skickas «fyll i».",
                    "Kallelsen skickas i god tid.",
                )]
            }),
        ),
        (
            // The page linked to lists the new backlink.
            "linking to another page from a body",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Kallelsen skickas i god tid.",
                    "Kallelsen skickas i god tid, se [orosanmälan](orosanmalan.md).",
                )]
            }),
        ),
        (
            // The law's page lists the new citing page.
            "citing another law in a body",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "se [orosanmälan](orosanmalan.md).",
                    "se [orosanmälan](orosanmalan.md). Sekretess gäller enligt 26 kap. 1 § offentlighets- och sekretesslagen.",
                )]
            }),
        ),
        (
            // The warning at the citation of repealed law moves down a line.
            "adding a line above a warning in a body",
            Box::new(|| {
                vec![edit(
                    "rutiner/aterkoppling-efter-orosanmalan.md",
                    "## Vad socialtjänsten ska berätta\n",
                    "## Vad socialtjänsten ska berätta\n\nEtt nytt stycke.\n",
                )]
            }),
        ),
        (
            "changing a document's body",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "## ",
                    "## Nytt avsnitt\n\nText.\n\n## ",
                )]
            }),
        ),
        (
            // A new search term regroups the index's keys.
            "adding a word no page has",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Nytt avsnitt",
                    "Nytt avsnitt om kvastfeningar",
                )]
            }),
        ),
        (
            // Both pages that include the snippet show the new text.
            "changing an included snippet",
            Box::new(|| {
                vec![edit(
                    "delat/samtycke.md",
                    "### Checklista för samtycke",
                    "### Checklista för samtycke\n\nLäs den här listan först.\n\n## Ny rubrik",
                )]
            }),
        ),
        (
            "changing a page's tags (one merges with a tag in other case)",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "tags: [SIP, samordning, region]",
                    "tags: [sip, samordning, bus, Nytt ämne]",
                )]
            }),
        ),
        (
            "breaking a link in an included snippet",
            Box::new(|| {
                vec![edit(
                    "delat/samtycke.md",
                    "(../riktlinjer/",
                    "(../riktlinjerr/",
                )]
            }),
        ),
        (
            "fixing the link in the snippet",
            Box::new(|| {
                vec![edit(
                    "delat/samtycke.md",
                    "(../riktlinjerr/",
                    "(../riktlinjer/",
                )]
            }),
        ),
        (
            "including a snippet in one more page",
            Box::new(|| {
                vec![edit(
                    "rutiner/hog-franvaro.md",
                    "\n## ",
                    "\n{{#include ../delat/samtycke.md}}\n\n## ",
                )]
            }),
        ),
        (
            // The new tag sorts first and takes the address; the other
            // page's tag moves to `-2`.
            "adding a tag whose address another tag has",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Nytt ämne]",
                    "Nytt ämne, hälso och sjukvård]",
                )]
            }),
        ),
        (
            "changing a title others show",
            Box::new(|| vec![edit("roller/kurator.md", "title: ", "title: Skol")]),
        ),
        (
            // The citing routine's notice, status flag and role agenda
            // follow the law's dates.
            "moving a law's repeal into the future",
            Box::new(|| {
                vec![edit(
                    "lagar/socialtjanstlagen-2001.md",
                    "repealed: 2025-07-01",
                    "repealed: 2027-07-01",
                )]
            }),
        ),
        (
            "citing a law by name in a body",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "## ",
                    "Enligt 14 kap. 1 § socialtjänstlagen och LVU.\n\n## ",
                )]
            }),
        ),
        (
            "renaming a law, so a name no longer finds it",
            Box::new(|| vec![edit("lagar/lvu.md", "short: LVU", "short: LVUX")]),
        ),
        (
            "moving the only holder of a role to another (it falls vacant)",
            Box::new(|| {
                vec![edit(
                    "kontakter/socialtjansten.md",
                    "role: bus-samordnare",
                    "role: socialchef",
                )]
            }),
        ),
        (
            "adding a document",
            Box::new(|| {
                let p = c.join("rutiner/ny-rutin.md");
                std::fs::write(
                    &p,
                    "---\ntitle: Ny rutin\nkind: routine\nowner: kurator\nrevised: 2026-11-01\n---\n\n## Steg\n\nSe [SIP](sip.md).\n",
                )
                .unwrap();
                vec![p]
            }),
        ),
        (
            "renaming a file",
            Box::new(|| {
                let (a, b) = (
                    c.join("rutiner/ny-rutin.md"),
                    c.join("rutiner/annan-rutin.md"),
                );
                std::fs::rename(&a, &b).unwrap();
                vec![a, b]
            }),
        ),
        (
            "changing an id",
            Box::new(|| {
                vec![edit(
                    "rutiner/annan-rutin.md",
                    "title: Ny rutin",
                    "title: Ny rutin\nid: rutin-x",
                )]
            }),
        ),
        (
            "breaking a reference",
            Box::new(|| {
                vec![edit(
                    "rutiner/annan-rutin.md",
                    "owner: kurator",
                    "owner: kuratorr",
                )]
            }),
        ),
        (
            "fixing the reference",
            Box::new(|| {
                vec![edit(
                    "rutiner/annan-rutin.md",
                    "owner: kuratorr",
                    "owner: kurator",
                )]
            }),
        ),
        (
            "deleting a document",
            Box::new(|| {
                let p = c.join("rutiner/annan-rutin.md");
                std::fs::remove_file(&p).unwrap();
                vec![p]
            }),
        ),
        (
            "changing a contact list (who holds a role)",
            Box::new(|| vec![edit("kontakter/elevhalsa.md", "name: ", "name: Ny ")]),
        ),
        (
            // The linked page gets a backlink: reverse references follow
            // body links, not only front matter.
            "linking to a heading of another page",
            Box::new(|| {
                vec![edit(
                    "forum/ungdomsnatverk.md",
                    "\n---\n",
                    "\n---\n\nSe [SIP](../rutiner/sip.md#nytt-avsnitt-om-kvastfeningar).\n",
                )]
            }),
        ),
        (
            // Only sip.md changed, but the page linking to it breaks.
            "renaming the heading a link points to",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Nytt avsnitt om kvastfeningar",
                    "Annat avsnitt",
                )]
            }),
        ),
        (
            "fixing the heading",
            Box::new(|| {
                vec![edit(
                    "rutiner/sip.md",
                    "Annat avsnitt",
                    "Nytt avsnitt om kvastfeningar",
                )]
            }),
        ),
        (
            "making a parent chain go round in a circle",
            Box::new(|| {
                vec![edit(
                    "organisationer/linda-kommun.md",
                    "kind: organisation",
                    "kind: organisation\nparent: barn-och-utbildning",
                )]
            }),
        ),
        (
            "fixing the circle",
            Box::new(|| {
                vec![edit(
                    "organisationer/linda-kommun.md",
                    "\nparent: barn-och-utbildning",
                    "",
                )]
            }),
        ),
        (
            "giving two pages one id",
            Box::new(|| {
                vec![edit(
                    "organisationer/polisen.md",
                    "kind: organisation",
                    "kind: organisation\nid: sip",
                )]
            }),
        ),
        (
            // The error names the line of `id:`, which moved.
            "moving the duplicate id a line down",
            Box::new(|| {
                vec![edit(
                    "organisationer/polisen.md",
                    "\nid: sip",
                    "\n# flyttad\nid: sip",
                )]
            }),
        ),
        (
            "fixing the duplicate id",
            Box::new(|| {
                vec![edit(
                    "organisationer/polisen.md",
                    "\n# flyttad\nid: sip",
                    "",
                )]
            }),
        ),
        (
            // Documents the role owns write to the new address.
            "changing the e-mail address of a role holder",
            Box::new(|| {
                vec![edit(
                    "kontakter/elevhalsa.md",
                    "email: jonas.akerlund@",
                    "email: j.akerlund@",
                )]
            }),
        ),
        (
            "making the site public",
            Box::new(|| {
                let p = dir.join("site.yaml");
                let text = std::fs::read_to_string(&p).unwrap() + "public: true\n";
                std::fs::write(&p, text).unwrap();
                vec![p]
            }),
        ),
        (
            "changing site.yaml",
            Box::new(|| {
                let p = dir.join("site.yaml");
                let text = std::fs::read_to_string(&p)
                    .unwrap()
                    .replace("review_warning: 30 days", "review_warning: 200 days");
                std::fs::write(&p, text).unwrap();
                vec![p]
            }),
        ),
    ];
    // A misspelt name would require the quick path of no step at all.
    for q in quick {
        assert!(steps.iter().any(|(s, _)| s == q), "no step is named {q:?}");
    }
    for (step, apply) in steps {
        let paths = apply();
        project.apply_changes(&paths);
        let result = compile(&mut project);
        if let (Ok(c), true) = (&result, quick.contains(&step)) {
            assert!(c.quick, "{step} must take the quick path");
        }
        // Fixing the reference restores the last good build exactly; every
        // other step must change something, or it would test nothing.
        if let (Ok(c), false) = (&result, step.starts_with("fixing")) {
            assert!(
                !c.changed.is_empty(),
                "{step} changed no output, so it tests nothing"
            );
        }
        let incremental = outcome(result);
        let breaks = [
            "breaking",
            "renaming the heading",
            "making a parent chain",
            "giving two pages",
            "moving the duplicate",
        ];
        if breaks.iter().any(|b| step.starts_with(b)) {
            assert!(
                matches!(incremental, Outcome::Errors(_)),
                "{step} must break the build"
            );
        }
        let full = outcome(compile(&mut Project::load(options(&dir))));
        assert_same(incremental, full, step);
    }
}

#[test]
fn unchanged_rebuild_reports_nothing_changed_and_an_edit_only_its_pages() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    project.compile().unwrap();
    assert!(project.compile().unwrap().changed.is_empty());
    let p = dir.join("content/rutiner/sip.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}\nEtt nytt stycke.\n")).unwrap();
    project.apply_changes(&[p]);
    let changed = project.compile().unwrap().changed;
    assert!(
        changed.contains(&"rutiner/sip/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"rutiner/orosanmalan/index.html".to_string()),
        "{changed:?}"
    );
}

/// `sed -i` saves through a temporary file without a dot in its name
/// (`sedAb12Cd`) and renames it over the page; vim probes a folder with a
/// file named `4913`. The watcher sees each appear and vanish: once gone, it
/// must be forgotten, not stay an attachment that cannot be read and fails
/// every rebuild after.
#[test]
fn a_vanished_temporary_file_without_a_dot_is_forgotten() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    project.compile().unwrap();
    let page = dir.join("content/rutiner/sip.md");
    let text = std::fs::read_to_string(&page).unwrap();
    for name in ["sedAb12Cd", "4913"] {
        let temp = dir.join("content/rutiner").join(name);
        std::fs::write(&temp, format!("{text}\nEtt nytt stycke.\n")).unwrap();
        project.apply_changes(std::slice::from_ref(&temp));
        std::fs::rename(&temp, &page).unwrap();
        project.apply_changes(&[temp, page.clone()]);
        let incremental = outcome(project.compile());
        if let Outcome::Errors(errors) = &incremental {
            panic!("after {name} vanished: {errors:?}");
        }
        let full = outcome(Project::load(options(&dir)).compile());
        assert_same(incremental, full, name);
    }
}

/// A folder whose name has a dot is a folder all the same: removed while
/// serving, its pages go with it.
#[test]
fn a_removed_folder_with_a_dot_in_its_name_takes_its_pages_along() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    let folder = dir.join("content/avtal.2024");
    std::fs::create_dir(&folder).unwrap();
    let page = folder.join("sida.md");
    std::fs::write(&page, "---\ntitle: Avtal 2024\n---\n\nText.\n").unwrap();
    project.apply_changes(&[folder.clone(), page]);
    assert!(project
        .compile()
        .unwrap()
        .rendered
        .files
        .contains_key("avtal.2024/sida/index.html"));
    std::fs::remove_dir_all(&folder).unwrap();
    project.apply_changes(&[folder]);
    let full = outcome(Project::load(options(&dir)).compile());
    assert_same(outcome(project.compile()), full, "removing avtal.2024/");
}

/// Symbolic links in a folder made while serving follow the rule of a full
/// load: a link out of content/ (or nowhere) is an error and never read, a
/// link to a file inside is followed, a linked folder inside is not entered.
#[cfg(unix)]
#[test]
fn links_in_a_folder_made_while_serving_follow_the_full_build_rule() {
    use std::os::unix::fs::symlink;
    let (_tmp, dir) = demo_copy();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("hemlig.md");
    std::fs::write(&secret, "---\ntitle: Hemlig\n---\n\nHemligt.\n").unwrap();
    std::fs::write(outside.path().join("hemlig.txt"), "hemligt").unwrap();
    std::fs::create_dir(outside.path().join("under")).unwrap();
    std::fs::write(
        outside.path().join("under/mer.md"),
        "---\ntitle: Mer\n---\n",
    )
    .unwrap();
    let mut project = Project::load(options(&dir));
    project.compile().unwrap();
    let c = dir.join("content");
    let new = c.join("ny");
    let make_folder = || {
        std::fs::create_dir(&new).unwrap();
        let links = [
            (secret.clone(), new.join("hemlig.md")),
            (outside.path().join("hemlig.txt"), new.join("hemlig.txt")),
            (outside.path().to_path_buf(), new.join("utanfor")),
            (new.join("slinga"), new.join("slinga")),
            (
                c.join("rutiner/flode-orosanmalan.svg"),
                new.join("flode.svg"),
            ),
            (c.join("rutiner"), new.join("rutiner")),
        ];
        let mut paths = vec![new.clone()];
        for (target, link) in links {
            symlink(target, &link).unwrap();
            paths.push(link);
        }
        // A watcher that follows links reports paths through linked folders.
        for through in ["utanfor/hemlig.md", "utanfor/under", "rutiner/sip.md"] {
            paths.push(new.join(through));
        }
        paths
    };
    let check = |project: &mut Project, step: &str| {
        let incremental = outcome(project.compile());
        let full = outcome(Project::load(options(&dir)).compile());
        assert!(
            !new.exists()
                || matches!(&full, Outcome::Errors(e) if e.iter().any(|d| d.contains("content/ny/hemlig.txt"))),
            "the full build refuses the link out: {full:?}"
        );
        assert_same(incremental, full, step);
    };
    // The watcher may report only the new folder, or every file in it too.
    let paths = make_folder();
    project.apply_changes(&paths[..1]);
    check(&mut project, "a folder of links, reported as the folder");
    std::fs::remove_dir_all(&new).unwrap();
    project.apply_changes(std::slice::from_ref(&new));
    check(&mut project, "removing the folder");
    let paths = make_folder();
    project.apply_changes(&paths);
    check(&mut project, "a folder of links, reported file by file");
    std::fs::remove_file(new.join("hemlig.md")).unwrap();
    std::fs::write(
        new.join("hemlig.md"),
        "---\ntitle: Inte hemlig\n---\n\nText.\n",
    )
    .unwrap();
    project.apply_changes(&[new.join("hemlig.md")]);
    check(&mut project, "replacing a link by a file");
}

/// Every kind of field a page shows of another page (a holder's phone,
/// e-mail, unit, note and role; a document's status; an organisation's
/// title) re-renders the pages that show it, and the result equals a full
/// build. A context that read a neighbour its fingerprint does not hash
/// would keep its old bytes here.
#[test]
fn an_edit_to_what_a_neighbour_shows_renders_the_pages_that_show_it() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    project.compile().unwrap();
    let c = dir.join("content");
    let kurator = "roller/kurator/index.html";
    let steps: [(&str, &str, &str, &str, &[&str]); 8] = [
        // (file, from, to, what it is, pages that show it)
        (
            "kontakter/elevhalsa.md",
            "070-174 06 21",
            "070-174 06 29",
            "phone",
            &[kurator],
        ),
        (
            "kontakter/elevhalsa.md",
            "sara.bengtsson@",
            "sara.b@",
            "e-mail",
            &[kurator],
        ),
        (
            "kontakter/elevhalsa.md",
            "unit: Lindåskolan och",
            "unit: Lindå och",
            "unit",
            &[kurator],
        ),
        (
            "kontakter/elevhalsa.md",
            "måndag–onsdag",
            "måndag–tisdag",
            "note",
            &[kurator],
        ),
        (
            "kontakter/elevhalsa.md",
            "role: kurator, unit: Lindå och",
            "role: skolskoterska, unit: Lindå och",
            "role",
            &[kurator, "roller/skolskoterska/index.html"],
        ),
        (
            "rutiner/sip.md",
            "revised: 2026-04-02",
            "revised: 2024-04-02",
            "status",
            &[
                "roller/bus-samordnare/index.html",
                kurator,
                "organisationer/barn-och-utbildning/index.html",
            ],
        ),
        (
            "organisationer/barn-och-utbildning.md",
            "title: ",
            "title: Nya ",
            "organisation title",
            &[kurator],
        ),
        (
            "rutiner/sip.md",
            "review_interval: 2 years",
            "",
            "review interval",
            &["rutiner/sip/index.html"],
        ),
    ];
    for (rel, from, to, what, shown_on) in steps {
        let p = c.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} contains {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        project.apply_changes(&[p]);
        let result = project.compile();
        let changed = result
            .as_ref()
            .map(|c| c.changed.clone())
            .unwrap_or_default();
        for page in shown_on {
            assert!(
                changed.iter().any(|c| c == page),
                "changing a {what} did not render {page} again: {changed:?}"
            );
        }
        let full = outcome(Project::load(options(&dir)).compile());
        assert_same(outcome(result), full, what);
    }
}

/// Serve keeps a content page unrendered until a browser asks for it (a
/// county's site rendered whole does not fit in a laptop's memory), and
/// so the lists and feeds of every document (seconds each at a county's
/// size, which a start need not wait for); what it renders then is what a
/// full build has at that path.
#[test]
fn serve_renders_pages_lists_and_feeds_on_request_with_a_full_builds_bytes() {
    let (_tmp, dir) = demo_copy();
    let served = Project::load(options(&dir))
        .compile_without_search()
        .unwrap();
    let full = Project::load(options(&dir)).compile().unwrap();
    let on_request: Vec<&String> = served
        .rendered
        .files
        .iter()
        .filter(|(_, f)| matches!(f, samsyn::output::OutputFile::OnRequest(_)))
        .map(|(p, _)| p)
        .collect();
    let pages = served.site.pages.len();
    assert!(
        on_request.len() * 2 > pages,
        "only {} of {pages} content pages left for their requests",
        on_request.len()
    );
    let lists = [
        "documents/index.html",
        "reviews/index.html",
        "feed.xml",
        "reviews.ics",
        "api/pages.json",
        "robots.txt",
        "roller/bus-samordnare/granskning.ics",
    ];
    for list in lists {
        assert!(
            on_request.iter().any(|p| *p == list),
            "{list} was rendered before its request"
        );
    }
    assert!(
        !on_request.iter().any(|p| *p == "roles/index.html"),
        "roles/index.html is small: serve renders it at once"
    );
    for path in on_request {
        let bytes = served.rendered.read(path).unwrap().unwrap();
        assert_eq!(
            &*bytes,
            &*full.rendered.read(path).unwrap().unwrap(),
            "{path}"
        );
    }
}

/// A template that fails on the pages serve would render only on request
/// fails serve's compile, as it fails a build: the last good site stays
/// served, rather than an error page at each request.
#[test]
fn a_template_failing_on_pages_left_for_their_requests_fails_serves_compile() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    assert!(project.compile_without_search().is_ok());
    let (_, failing) = theme_template_failing_with("role.html", "page.finns_inte.alls");
    let broken = write_template(&dir, "role.html", &failing);
    project.apply_changes(&[broken]);
    let result = project.compile_without_search();
    assert!(
        result.is_err(),
        "serve compiled a site whose role pages cannot be rendered"
    );
}

/// The default theme's template `name`, and a copy of it that outputs
/// `expr` at the start of its content block (one that fails on every page
/// it renders when `expr` names nothing).
fn theme_template_failing_with(name: &str, expr: &str) -> (String, String) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let template = std::fs::read_to_string(theme.join(name)).unwrap();
    let block = "{% block content %}";
    let failing = template.replacen(block, &format!("{block}{{{{ {expr} }}}}"), 1);
    assert_ne!(failing, template, "{name} has a content block");
    (template, failing)
}

/// Writes `text` as the site's own template `name`; returns its path.
fn write_template(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join("templates").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// `/documents/` as `compiled` serves it.
fn documents_list(compiled: &samsyn::Compiled) -> std::sync::Arc<[u8]> {
    compiled
        .rendered
        .read("documents/index.html")
        .unwrap()
        .unwrap()
}

/// `/documents/` as a full compile of `dir` makes it.
fn full_documents_list(dir: &Path) -> std::sync::Arc<[u8]> {
    documents_list(&Project::load(options(dir)).compile().unwrap())
}

/// A list of every document fails at its request in serve, since serve
/// renders it only then: the error names the template (serve's answer
/// adds the output, `tests/serve.rs`), and the rest of the site is served. A fixed template gives the list a
/// full build has, not the failure or an older render.
#[test]
fn a_failing_list_template_names_the_list_at_its_request_and_a_fix_clears_it() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    let before = documents_list(&project.compile_without_search().unwrap());
    let (template, failing) =
        theme_template_failing_with("documents.html", "documents.finns_inte.alls");
    let broken = write_template(&dir, "documents.html", &failing);
    project.apply_changes(std::slice::from_ref(&broken));
    let served = project.compile_without_search().unwrap();
    let error = served.rendered.read("documents/index.html").unwrap();
    let error = error.unwrap_err().to_string();
    assert!(error.contains("documents.html"), "{error}");
    assert!(served.rendered.read("roles/index.html").unwrap().is_ok());
    write_template(
        &dir,
        "documents.html",
        &template.replacen("</h1>", " (lokal)</h1>", 1),
    );
    project.apply_changes(std::slice::from_ref(&broken));
    let after = documents_list(&project.compile_without_search().unwrap());
    assert_ne!(
        after, before,
        "the fixed template's list, not the first one"
    );
    assert_eq!(after, full_documents_list(&dir));
}

/// A list serve rendered at a request is kept for the compiles after it
/// while what it lists is unchanged, and let go of by the first compile
/// that changes it: what is read then is a full build's list again.
#[test]
fn a_list_rendered_at_a_request_is_kept_until_what_it_lists_changes() {
    let (_tmp, dir) = demo_copy();
    let mut project = Project::load(options(&dir));
    let first = project.compile_without_search().unwrap();
    assert!(project.kept_listings().is_empty(), "nothing asked for yet");
    documents_list(&first);
    assert_eq!(project.kept_listings(), ["documents/index.html"]);

    // A stylesheet of the site's own changes no list.
    let css = dir.join("static/egen.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: black; }\n").unwrap();
    project.apply_changes(std::slice::from_ref(&css));
    let second = project.compile_without_search().unwrap();
    assert!(!second.quick, "a full compile, not the quick path");
    assert_eq!(project.kept_listings(), ["documents/index.html"]);
    assert_eq!(documents_list(&second), full_documents_list(&dir));

    // A new title is in the list: the kept one goes.
    let page = dir.join("content/rutiner/hog-franvaro.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let retitled = text.replacen("title: ", "title: Omdöpt ", 1);
    assert_ne!(retitled, text, "the page has a title");
    std::fs::write(&page, retitled).unwrap();
    project.apply_changes(std::slice::from_ref(&page));
    let third = project.compile_without_search().unwrap();
    assert!(project.kept_listings().is_empty());
    let list = documents_list(&third);
    assert!(String::from_utf8_lossy(&list).contains("Omdöpt "));
    assert_eq!(list, full_documents_list(&dir));
}

/// Serve's start from its parse cache gives what parsing every file gives,
/// byte for byte and warning for warning, after the files changed while
/// serve was not running: an edited page, a new one, and an included file
/// edited (its includer is parsed again, never taken from the cache).
#[test]
fn a_start_from_the_parse_cache_equals_a_start_that_parses_every_file() {
    let (_tmp, dir) = demo_copy();
    let start = || Project::for_serve(options(&dir), samsyn::content::load(&dir));
    let mut first = start();
    assert_eq!(first.parses_from_cache(), 0);
    first.compile_without_search().unwrap();
    let write = first
        .parse_cache_writer()
        .expect("a first start keeps its parses");
    write().unwrap();
    assert!(first.parse_cache_writer().is_none(), "kept once");
    let content = dir.join("content");
    let edited = content.join("rutiner/hog-franvaro.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        format!("{text}\nEn mening skriven medan serve var stängd.\n"),
    )
    .unwrap();
    let new = "---\ntitle: Ny rutin\n---\nSkriven medan serve var stängd. [Länk](saknas.md)\n";
    std::fs::write(content.join("rutiner/ny.md"), new).unwrap();
    let snippet = content.join("delat/samtycke.md");
    let text = std::fs::read_to_string(&snippet).unwrap();
    std::fs::write(&snippet, format!("{text}\nTillägg i det delade stycket.\n")).unwrap();

    let mut second = start();
    let pages = second.page_count();
    let taken = second.parses_from_cache();
    // Not the edited, new or included file, nor a page with an include line.
    assert!(
        taken > pages / 2 && taken <= pages - 4,
        "{taken} of {pages} taken"
    );
    let fresh = Project::from_sources(options(&dir), samsyn::content::load(&dir));
    assert_same(
        outcome(second.compile()),
        outcome({ fresh }.compile()),
        "a start from the parse cache",
    );
    // The pages it lacked are kept; a start after it, with nothing changed,
    // has nothing to keep, though pages with an include line (never kept)
    // were parsed again.
    second
        .parse_cache_writer()
        .expect("the new parses are kept")()
    .unwrap();
    let mut third = start();
    assert_eq!(third.parses_from_cache(), taken + 3);
    assert!(third.parse_cache_writer().is_none());
}
