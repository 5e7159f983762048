//! Writing the site: atomic replacement, no leftovers, refusing folders
//! samsyn did not write, and byte-identical builds.

mod common;

use std::path::Path;

use common::*;
use samsyn::error::Error;

const GOOD: &[(&str, &str)] = &[
    (
        "content/index.md",
        "---\ntitle: Start\n---\n\nSe [rutinen](rutin.md).\n",
    ),
    (
        "content/rutin.md",
        "---\ntitle: Rutin\nkind: routine\nrevised: 2026-06-01\n---\n\n## Syfte\n\nText.\n",
    ),
    ("content/bilaga.txt", "en bilaga\n"),
];

fn build(site: &Path, out: &Path) -> samsyn::error::Result<samsyn::Built> {
    samsyn::build(&opts(site), out)
}

fn build_ok(site: &Path, out: &Path) -> samsyn::Built {
    build(site, out).unwrap_or_else(|e| panic!("build failed: {e}"))
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(s.path(), &out);
    let before = snapshot(&out);
    assert!(before.contains_key("rutin/index.html") && before.contains_key("bilaga.txt"));

    write(
        s.path(),
        "content/rutin.md",
        b"---\ntitle: Rutin\nkind: routine\nownr: rektor\n---\n",
    );
    write(s.path(), "content/ny.md", b"---\ntitle: Ny sida\n---\n");
    match build(s.path(), &out) {
        Err(Error::Content { .. }) => {}
        Err(e) => panic!("expected content errors, got {e}"),
        Ok(_) => panic!("expected the broken site to fail"),
    }
    assert_eq!(
        snapshot(&out),
        before,
        "the output folder changed although the build failed"
    );
    assert_eq!(
        entries(parent.path()),
        ["output"],
        "no temporary folders are left behind"
    );
}

#[test]
fn failed_render_leaves_previous_output_byte_for_byte() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(s.path(), &out);
    let before = snapshot(&out);
    // A site template that does not render: not a content error, but the
    // output must survive it just the same.
    write(
        s.path(),
        "templates/document.html",
        b"{{ no_such_variable.field }}",
    );
    assert!(
        build(s.path(), &out).is_err(),
        "a broken template fails the build"
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(entries(parent.path()), ["output"]);
}

#[test]
fn successful_build_leaves_no_temporary_folders() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(s.path(), &out);
    build_ok(s.path(), &out);
    let names = entries(parent.path());
    assert_eq!(
        names,
        ["output"],
        "leftovers such as .output.samsyn-tmp-*: {names:?}"
    );
}

#[test]
fn leftovers_of_a_killed_build_are_removed() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    write(
        parent.path(),
        ".output.samsyn-tmp-999999/index.html",
        b"half written",
    );
    write(
        parent.path(),
        ".output.samsyn-old-999999/index.html",
        b"old",
    );
    build_ok(s.path(), &out);
    assert_eq!(entries(parent.path()), ["output"]);
}

#[test]
fn a_temporary_folder_of_a_running_build_is_left_alone() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    // A process that runs while we build (an older samsyn, say).
    let mut running = std::process::Command::new("sleep")
        .arg("30")
        .spawn()
        .unwrap();
    let live = format!(".output.samsyn-tmp-{}", running.id());
    write(
        parent.path(),
        &format!("{live}/index.html"),
        b"being written",
    );
    build_ok(s.path(), &out);
    assert!(
        parent.path().join(&live).join("index.html").exists(),
        "a live build's folder was deleted"
    );
    running.kill().unwrap();
    running.wait().unwrap();
    build_ok(s.path(), &out);
    assert!(
        !parent.path().join(&live).exists(),
        "a dead build's folder was kept"
    );
}

#[test]
fn a_second_build_while_one_runs_exits_saying_so_and_writes_nothing() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(s.path(), &out);
    let before = snapshot(&out);
    let held = samsyn::output::lock(&out).expect("the lock is free");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args([
            "build",
            s.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("en annan samsyn-byggning skriver i den här mappen"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("process {}", std::process::id())),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    drop(held);
    build_ok(s.path(), &out);
}

#[test]
fn builds_started_together_never_break_each_other() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_samsyn"))
            .args([
                "build",
                s.path().to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--today",
                TODAY,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..5 {
        let _ = std::fs::remove_dir_all(&out);
        let builds: Vec<_> = (0..4).map(|_| start()).collect();
        let mut ok = 0;
        for b in builds {
            let o = b.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&o.stderr);
            match o.status.code() {
                Some(0) => ok += 1,
                Some(1) => assert!(
                    stderr.contains("en annan samsyn-byggning skriver i den här mappen"),
                    "{stderr}"
                ),
                other => panic!("exit {other:?}: {stderr}"),
            }
        }
        assert!(ok >= 1);
        assert!(out.join("rutin/index.html").exists());
        let left: Vec<String> = entries(parent.path())
            .into_iter()
            .filter(|n| n.contains("samsyn-tmp") || n.contains("samsyn-old"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

#[test]
fn a_symlinked_output_folder_keeps_its_link() {
    let s = site(GOOD);
    let root = tempfile::tempdir().unwrap();
    let target = root.path().join("data/bus");
    std::fs::create_dir_all(root.path().join("www")).unwrap();
    let link = root.path().join("www/bus");
    // A link to a folder that does not exist yet, then to one that does.
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for _ in 0..2 {
        build_ok(s.path(), &link);
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "the link was replaced by a folder"
        );
        assert_eq!(std::fs::read_link(&link).unwrap(), target);
        assert!(target.join("rutin/index.html").exists());
    }
    assert!(!root.path().join("www").read_dir().unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains("samsyn-tmp")
    }));
}

#[test]
fn build_writes_the_marker_file() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(s.path(), &out);
    assert!(out.join(samsyn::output::MARKER).is_file());
}

/// Builds `site_dir` to disk and checks every file is what the in-memory
/// compile renders, and nothing else is there but the marker and the
/// manifest: a build lets go of parts of the site as it writes, and must
/// not let go of any a later page reads.
fn assert_written_as_compiled(site_dir: &Path) {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    build_ok(site_dir, &out);
    let c = compile_ok(site_dir);
    let snap = snapshot(&out);
    let site = site_dir.display();
    for path in c.rendered.files.keys() {
        let bytes = c.rendered.read(path).unwrap().unwrap();
        let on_disk = snap.get(path).and_then(|b| b.as_deref());
        assert!(
            on_disk == Some(&*bytes),
            "{site}: {path} on disk differs from the compile"
        );
    }
    let on_disk_files = snap.iter().filter(|(_, b)| b.is_some()).count();
    assert_eq!(
        on_disk_files,
        c.rendered.files.len() + 2,
        "{site}: every file plus the marker and the manifest"
    );
}

#[test]
fn written_files_match_the_compiled_site() {
    assert_written_as_compiled(site(GOOD).path());
}

#[test]
fn every_fixture_and_the_demo_site_are_written_as_they_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let fixtures = std::fs::read_dir(dir).unwrap().flatten();
    // Not `import`, which holds Word files for `samsyn import`.
    let sites: Vec<_> = fixtures
        .map(|e| e.path())
        .filter(|p| p.join("content").is_dir())
        .collect();
    assert!(sites.len() >= 9, "the fixture sites: {sites:?}");
    for site in sites.iter().chain([&demo_site()]) {
        assert_written_as_compiled(site);
    }
}

#[test]
fn rebuild_replaces_the_whole_output() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    write(
        s.path(),
        "content/borttagen.md",
        b"---\ntitle: Tas bort\n---\n",
    );
    build_ok(s.path(), &out);
    assert!(out.join("borttagen/index.html").is_file());
    std::fs::remove_file(s.path().join("content/borttagen.md")).unwrap();
    build_ok(s.path(), &out);
    assert!(
        !out.join("borttagen").exists(),
        "pages removed from content/ disappear from the output"
    );
    assert!(out.join("rutin/index.html").is_file());
}

#[test]
fn refuses_to_replace_a_folder_samsyn_did_not_write() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("dokument");
    write(&out, "viktigt.docx", b"someone's work");
    let before = snapshot(&out);
    match build(s.path(), &out) {
        Err(Error::Output { message, .. }) => {
            assert!(message.en().contains(samsyn::output::MARKER), "{message:?}")
        }
        Err(e) => panic!("expected an output error, got {e}"),
        Ok(_) => panic!("samsyn replaced a folder it did not write"),
    }
    assert_eq!(snapshot(&out), before, "the folder is untouched");
    assert_eq!(
        entries(parent.path()),
        ["dokument"],
        "nothing written beside it"
    );
}

#[test]
fn builds_into_an_existing_empty_folder() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    std::fs::create_dir(&out).unwrap();
    build_ok(s.path(), &out);
    assert!(out.join("index.html").is_file());
}

#[test]
fn builds_into_a_folder_that_does_not_exist_yet() {
    let s = site(GOOD);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("djup/mapp/output");
    build_ok(s.path(), &out);
    assert!(out.join("rutin/index.html").is_file());
}

#[test]
fn two_builds_of_the_demo_site_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    build_ok(&demo_site(), &a.path().join("output"));
    build_ok(&demo_site(), &b.path().join("output"));
    let (sa, sb) = (
        snapshot(&a.path().join("output")),
        snapshot(&b.path().join("output")),
    );
    assert_eq!(
        sa.keys().collect::<Vec<_>>(),
        sb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &sa {
        assert!(bytes == &sb[path], "{path} differs between two builds");
    }
}

#[test]
fn two_compiles_of_the_demo_site_render_the_same_bytes() {
    let a = compile_ok(&demo_site());
    let b = compile_ok(&demo_site());
    assert!(a.rendered == b.rendered, "rendered sites differ");
}

#[test]
fn site_static_folder_is_copied_to_the_output_root_as_it_is() {
    let dir = common::site(&[
        ("content/index.md", "---\ntitle: Start\n---\n\nHej.\n"),
        ("static/robots.txt", "User-agent: *\nDisallow: /\n"),
        (
            "static/Bilder/Logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("static/index.html", "must not replace the start page"),
    ]);
    let out = dir.path().join("output");
    samsyn::build(&common::opts(dir.path()), &out).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /\n"
    );
    assert!(
        out.join("Bilder/Logo.svg").is_file(),
        "kept as written, not lower-cased"
    );
    let start = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        start.contains("samsyn:kind"),
        "a generated page wins over a static file"
    );
}
