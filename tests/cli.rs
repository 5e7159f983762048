//! The `samsyn` command line: exit codes, what it prints, `new` and `init`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;

/// samsyn in English: these tests read its English sentences (the
/// language tests below run it without `--lang`).
fn samsyn(args: &[&str]) -> Output {
    samsyn_in(&["--lang", "en"], args)
}

fn samsyn_in(lang: &[&str], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(lang)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run samsyn")
}

/// A site with one mistake, a misspelt key, in `language`.
fn site_with_a_typo(language: Option<&str>) -> tempfile::TempDir {
    let yaml = language.map_or(String::new(), |l| format!("language: {l}\n"));
    site(&[
        ("content/index.md", "---\ntitle: Start\nsummry: x\n---\n"),
        ("site.yaml", &yaml),
    ])
}

#[test]
fn diagnostics_are_swedish_by_default_english_for_language_en_and_as_lang_says() {
    let swedish = site_with_a_typo(None);
    let o = samsyn_in(&[], &["check", s(swedish.path())]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`summry`: okänd nyckel, menade du `summary`?"),
        "{err}"
    );
    assert!(err.contains("tips: nycklar för sorten `page`"), "{err}");
    assert!(
        err.contains("fel: 1 fel, 0 varning(ar); inget skrevs"),
        "{err}"
    );
    assert!(!err.contains("unknown field"), "{err}");
    let o = samsyn_in(&["--lang", "en"], &["check", s(swedish.path())]);
    let err = stderr(&o);
    assert!(
        err.contains("`summry`: unknown field, did you mean `summary`?"),
        "{err}"
    );
    assert!(err.contains("hint: keys for kind `page`"), "{err}");
    assert!(
        err.contains("error: 1 error(s), 0 warning(s); nothing was written"),
        "{err}"
    );

    let english = site_with_a_typo(Some("en"));
    let o = samsyn_in(&[], &["check", s(english.path())]);
    let err = stderr(&o);
    assert!(
        err.contains("`summry`: unknown field, did you mean `summary`?"),
        "{err}"
    );
    assert!(!err.contains("okänd"), "{err}");
    // --lang wins over site.yaml, after the command too.
    let o = samsyn_in(&[], &["check", s(english.path()), "--lang", "sv"]);
    assert!(stderr(&o).contains("okänd nyckel"), "{}", stderr(&o));
    // `sv-SE` is Swedish, a language without texts falls back to Swedish.
    for code in ["sv-SE", "fi"] {
        let other = site_with_a_typo(Some(code));
        let o = samsyn_in(&[], &["check", s(other.path())]);
        assert!(
            stderr(&o).contains("okänd nyckel"),
            "{code}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn summaries_are_in_the_sites_language_and_a_wrong_lang_is_a_usage_error() {
    let dir = site(CLEAN);
    let o = samsyn_in(&[], &["check", s(dir.path()), "--today", TODAY]);
    assert!(
        stdout(&o).contains("Inga fel: 4 sidor, 1 styrdokument: 1 gällande"),
        "{}",
        stdout(&o)
    );
    let o = samsyn_in(&[], &["build", s(dir.path()), "--today", TODAY]);
    assert!(stdout(&o).starts_with("Byggde 4 sidor"), "{}", stdout(&o));
    let o = samsyn_in(
        &["--lang", "en"],
        &["build", s(dir.path()), "--today", TODAY],
    );
    assert!(
        stdout(&o).starts_with("Nothing changed since the last build (4 pages"),
        "{}",
        stdout(&o)
    );
    let o = samsyn_in(&["--lang", "fi"], &["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Before any site.yaml: Swedish.
    let o = samsyn_in(&[], &["check", s(&dir.path().join("saknas"))]);
    assert!(
        stderr(&o).contains("det finns ingen mapp content"),
        "{}",
        stderr(&o)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const CLEAN: &[(&str, &str)] = &[
    (
        "content/index.md",
        "---\ntitle: Start\n---\n\nSe [rutinen](rutin.md).\n",
    ),
    (
        "content/rutin.md",
        "---\ntitle: Rutin\nkind: routine\nsummary: Så gör vi.\nowner: samordnare\nrevised: 2026-06-01\n---\n\nText.\n",
    ),
    (
        "content/samordnare.md",
        "---\ntitle: Samordnare\nkind: role\n---\n\nSamordnar.\n",
    ),
    (
        "content/kontakter.md",
        "---\ntitle: Kontakter\nkind: contacts\nreviewed: 2026-06-01\ncontacts:\n  - name: Ada Berg\n    role: samordnare\n---\n",
    ),
    // Nobody holding the owner role has an e-mail address: reports go
    // here, with no warning.
    ("site.yaml", "feedback_email: intranat@kommun.example\n"),
];

#[test]
fn check_exits_1_and_prints_file_line_col_on_errors() {
    let dir = site(&[
        (
            "content/roller/rektor.md",
            "---\ntitle: Rektor\nkind: role\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: Rutin\nkind: routine\nrevised: 2026-01-01\nowner: rektr\n---\n",
        ),
        ("content/b.md", "---\ntitle: B\nownr: x\n---\n"),
    ]);
    let o = samsyn(&["check", s(dir.path()), "--today", TODAY]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    let err = stderr(&o);
    assert!(err.contains("content/a.md:5:8"), "{err}");
    assert!(err.contains("content/b.md:3:1"), "{err}");
    assert!(err.contains("did you mean `rektor`?"), "{err}");
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn check_exits_0_on_a_clean_site() {
    let dir = site(CLEAN);
    let o = samsyn(&["check", s(dir.path()), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("No errors"), "{}", stdout(&o));
    assert!(!dir.path().join("output").exists(), "check writes nothing");
}

#[test]
fn check_never_prints_a_personnummer() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\nsummary: Elev 19121212-1212\n---\n\nNummer 121212-1212.\n",
    )]);
    let o = samsyn(&["check", s(dir.path()), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(1));
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        all.contains("content/a.md:3:") && all.contains("content/a.md:6:"),
        "{all}"
    );
    assert!(!all.contains("1212"), "the number was printed:\n{all}");
}

#[test]
fn build_prints_a_one_line_summary() {
    let dir = site(CLEAN);
    let out = dir.path().join("ut");
    let o = samsyn(&[
        "build",
        s(dir.path()),
        "--output",
        s(&out),
        "--today",
        TODAY,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1, "one line: {text:?}");
    assert!(
        text.contains("4 pages") && text.contains("1 document"),
        "{text}"
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    assert!(out.join("rutin/index.html").is_file());
}

#[test]
fn build_writes_to_site_output_by_default() {
    let dir = site(CLEAN);
    let o = samsyn(&["build", s(dir.path()), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("output/index.html").is_file());
}

#[test]
fn quiet_build_prints_nothing_on_success() {
    let dir = site(CLEAN);
    let out = dir.path().join("ut");
    let o = samsyn(&[
        "--quiet",
        "build",
        s(dir.path()),
        "--output",
        s(&out),
        "--today",
        TODAY,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
    assert!(out.join("index.html").is_file());
}

#[test]
fn quiet_build_with_warnings_prints_nothing() {
    let dir = site(&[("content/a.md", "---\ntitle: A\nkind: plan\n---\n")]);
    let o = samsyn(&["build", "-q", s(dir.path()), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(format!("{}{}", stdout(&o), stderr(&o)), "");
}

#[test]
fn quiet_build_still_prints_errors() {
    let dir = site(&[("content/a.md", "---\ntitle: A\nownr: x\n---\n")]);
    let o = samsyn(&["--quiet", "build", s(dir.path()), "--today", TODAY]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/a.md:3:1"), "{}", stderr(&o));
}

#[test]
fn failed_build_exits_1_and_writes_nothing() {
    let dir = site(&[("content/a.md", "---\ntitle: A\n---\n\n[x](saknas.md)\n")]);
    let out = dir.path().join("ut");
    let o = samsyn(&[
        "build",
        s(dir.path()),
        "--output",
        s(&out),
        "--today",
        TODAY,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/a.md:5:1"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn build_refuses_a_foreign_output_folder() {
    let dir = site(CLEAN);
    let out = dir.path().join("ut");
    write(&out, "annat.txt", b"inte samsyns");
    let o = samsyn(&[
        "build",
        s(dir.path()),
        "--output",
        s(&out),
        "--today",
        TODAY,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(samsyn::output::MARKER),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(out.join("annat.txt")).unwrap(),
        b"inte samsyns"
    );
}

#[test]
fn bad_today_is_a_usage_error() {
    let dir = site(CLEAN);
    let o = samsyn(&["check", s(dir.path()), "--today", "2026-02-30"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("2026-02-30"), "{}", stderr(&o));
}

#[test]
fn new_routine_creates_a_file_that_builds() {
    let dir = site(CLEAN);
    let o = samsyn(&["new", "routine", "rutiner/ny.md", "--site", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("content/rutiner/ny.md");
    let text = std::fs::read_to_string(&path).expect("the new file exists");
    assert!(
        text.starts_with("---\n") && text.contains("kind: routine"),
        "{text}"
    );
    let o = samsyn(&["check", s(dir.path())]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the new page builds as it is:\n{}",
        stderr(&o)
    );
    let out = dir.path().join("ut");
    let o = samsyn(&["build", s(dir.path()), "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("rutiner/ny/index.html").is_file());
}

#[test]
fn an_untouched_new_routine_is_not_clean_check_warns_in_swedish_at_every_place_to_fill_in() {
    let dir = site(CLEAN);
    let o = samsyn(&["new", "routine", "rutiner/ny.md", "--site", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let path = dir.path().join("content/rutiner/ny.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("summary: \"«fyll i»\""), "{text}");
    assert!(text.contains("owner: «fyll i»"), "{text}");
    let o = samsyn_in(&[], &["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "warnings, not errors");
    let err = stderr(&o);
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle} is not in\n{text}"))
    };
    let at = |line: usize| format!("content/rutiner/ny.md:{line}:");
    assert!(err.contains(&at(line_of("summary:"))), "{err}");
    assert!(err.contains(&at(line_of("owner:"))), "{err}");
    assert!(err.contains("`summary` är inte ifyllt"), "{err}");
    assert!(err.contains("`owner` är inte ifyllt"), "{err}");
    let body_markers = text.lines().filter(|l| l.starts_with("«fyll i")).count();
    assert_eq!(body_markers, 4, "{text}");
    assert_eq!(
        err.matches("«fyll i» från mallen står kvar i texten")
            .count(),
        body_markers,
        "{err}"
    );
    // Every warning names the file and line and says what to do.
    assert_eq!(err.matches("warning:").count(), 2 + body_markers, "{err}");
    assert_eq!(err.matches("tips:").count(), 2 + body_markers, "{err}");
    // Filled in as the markers ask, it is clean.
    let filled: String = text
        .replace("\"«fyll i»\"", "Så gör vi.")
        .replace("owner: «fyll i»", "owner: samordnare")
        .lines()
        .map(|l| match l.starts_with("«fyll i") {
            true => "Vår text.\n".to_string(),
            false => format!("{l}\n"),
        })
        .collect();
    std::fs::write(&path, filled).unwrap();
    let o = samsyn(&["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "", "filled in, no warnings");
}

#[test]
fn new_page_of_every_kind_builds() {
    let dir = site(CLEAN);
    for kind in samsyn::model::Kind::ALL {
        let path = format!("nytt/ny-{}.md", kind.key());
        let o = samsyn(&["new", kind.key(), &path, "--site", s(dir.path())]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "new {}: {}",
            kind.key(),
            stderr(&o)
        );
    }
    let o = samsyn(&["check", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = site(CLEAN);
    let o = samsyn(&["new", "routine", "rutin.md", "--site", s(dir.path())]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/rutin.md")).unwrap(),
        CLEAN[1].1
    );
}

#[test]
fn new_with_unknown_kind_names_the_kinds() {
    let dir = site(CLEAN);
    let o = samsyn(&["new", "rutin", "x.md", "--site", s(dir.path())]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("routine"), "{}", stderr(&o));
    assert!(!dir.path().join("content/x.md").exists());
}

#[test]
fn init_creates_a_site_that_check_accepts_with_zero_errors() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("ny-sajt");
    let o = samsyn(&["init", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("site.yaml").is_file() && dir.join("content").is_dir());
    let o = samsyn(&["check", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("No errors"), "{}", stdout(&o));
    assert_eq!(stderr(&o), "", "no warnings either");
}

#[test]
fn init_site_has_every_kind_and_builds() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("ny-sajt");
    assert_eq!(samsyn(&["init", s(&dir)]).status.code(), Some(0));
    let c = compile_ok(&dir);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // A snippet has no page: its text is in the routine that includes it.
    let routine = file(&c, "rutiner/exempelrutin/index.html");
    assert!(routine.contains("Text som flera sidor delar"));
    assert!(dir.join("content/delat/exempeltext.md").is_file());
    for kind in samsyn::model::Kind::ALL {
        if kind == samsyn::model::Kind::Snippet {
            continue;
        }
        assert!(
            c.site.pages.iter().any(|p| p.kind() == kind),
            "init has an example of {}",
            kind.key()
        );
    }
    let o = samsyn(&["build", s(&dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.join("output/index.html").is_file());
}

#[test]
fn init_refuses_an_existing_site() {
    let dir = site(CLEAN);
    let o = samsyn(&["init", s(dir.path())]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/index.md")).unwrap(),
        CLEAN[0].1
    );
}

/// Runs samsyn with stdout (or stderr) a pipe whose reading end is already
/// closed, as `samsyn build … | true` or a cron wrapper leaves it.
fn with_closed(args: &[&str], close_stderr: bool) -> Output {
    use std::os::fd::{FromRawFd, OwnedFd};
    let mut fds = [0; 2];
    // SAFETY: pipe() fills two new descriptors we own.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just created and are owned here only.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_samsyn"));
    cmd.args(args).env("NO_COLOR", "1");
    if close_stderr {
        cmd.stderr(std::process::Stdio::from(write))
            .stdout(std::process::Stdio::piped());
    } else {
        cmd.stdout(std::process::Stdio::from(write))
            .stderr(std::process::Stdio::piped());
    }
    cmd.output().expect("run samsyn")
}

#[test]
fn a_closed_stdout_or_stderr_never_panics_and_keeps_the_exit_code() {
    let ok = site(CLEAN);
    let out = ok.path().join("output");
    let o = with_closed(
        &["build", s(ok.path()), "-o", s(&out), "--today", TODAY],
        false,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(out.join("index.html").exists());

    let o = with_closed(&["check", s(ok.path()), "--today", TODAY], false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let bad = site(&[("content/a.md", "---\ntitle: A\nownr: x\n---\n")]);
    let o = with_closed(&["check", s(bad.path())], true);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stdout(&o).contains("panicked"));
    let o = with_closed(&["build", s(bad.path())], false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// The `Byggd` date of a build of `site` made with `TZ` set to `tz`.
fn built_on(site: &Path, tz: &str) -> String {
    let out = site.join(format!("out-{}", tz.len()));
    let o = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args(["build", s(site), "-o", s(&out), "--quiet"])
        .env("TZ", tz)
        .output()
        .expect("run samsyn");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let at = html.find("Byggd <time datetime=\"").expect("a build date") + 22;
    html[at..at + 10].to_string()
}

#[test]
fn today_is_the_local_date_where_the_build_runs() {
    let dir = site(CLEAN);
    // UTC+14 and UTC-12 are 26 hours apart: never the same date.
    for (tz, hours) in [("<+14>-14", 14), ("<-12>+12", -12), ("Europe/Stockholm", 0)] {
        let expect = |now: jiff::Timestamp| match hours {
            0 => now
                .to_zoned(jiff::tz::TimeZone::get(tz).expect("tzdata"))
                .date()
                .to_string(),
            h => (now + jiff::SignedDuration::from_hours(h))
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
        };
        let before = expect(jiff::Timestamp::now());
        let got = built_on(dir.path(), tz);
        let after = expect(jiff::Timestamp::now());
        assert!(
            got == before || got == after,
            "TZ={tz}: built on {got}, expected {before}"
        );
    }
}

#[test]
fn new_takes_the_site_folder_as_the_other_commands_do() {
    let dir = site(CLEAN);
    let o = samsyn(&["new", "routine", "rutiner/ny.md", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("content/rutiner/ny.md").is_file());
    // The old flag still works, but not both at once.
    let o = samsyn(&["new", "routine", "rutiner/ny2.md", "--site", s(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = samsyn(&[
        "new",
        "routine",
        "c.md",
        s(dir.path()),
        "--site",
        s(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let help = stdout(&samsyn(&["new", "--help"]));
    assert!(
        help.contains("[SITE_DIR]") && !help.contains("--site"),
        "{help}"
    );
}

#[test]
fn help_describes_every_argument_and_verbose_says_what_it_does() {
    let help = stdout(&samsyn(&["init", "--help"]));
    assert!(
        help.contains("<DIR>  The folder to create the site in"),
        "{help}"
    );
    for command in ["build", "check", "serve", "new", "init", "completions"] {
        let o = samsyn(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        let help = stdout(&o);
        let verbose = help
            .lines()
            .find(|l| l.contains("--verbose"))
            .unwrap_or_else(|| panic!("{command}: {help}"));
        assert!(
            verbose.contains("build, check and serve"),
            "{command}: {verbose}"
        );
        // Every argument and option has its sentence.
        for line in help
            .lines()
            .filter(|l| l.trim_start().starts_with(['-', '<', '[']))
        {
            assert!(
                line.trim().contains("  "),
                "{command}: undescribed {line:?}"
            );
        }
    }
}

#[test]
fn check_verbose_prints_the_time_of_each_stage() {
    let dir = site(CLEAN);
    let o = samsyn(&["check", s(dir.path()), "-v", "--today", TODAY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("timings: load"), "{}", stdout(&o));
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = samsyn(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for command in ["build", "check", "serve", "new", "init", "completions"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
        assert!(script.contains("base-url"), "{shell}");
    }
    let o = samsyn(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bash"), "{}", stderr(&o));
}

#[test]
fn bash_loads_the_bash_completions_and_completes_a_command() {
    let script = stdout(&samsyn(&["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("samsyn.bash");
    std::fs::write(&file, &script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(syntax.status.success(), "{}", stderr(&syntax));
    // Loaded for real: completing `samsyn comp` offers `completions`.
    let probe = format!(
        "source {}; COMP_WORDS=(samsyn comp); COMP_CWORD=1; COMP_LINE='samsyn comp'; COMP_POINT=11; _samsyn samsyn comp samsyn; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let o = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "completions", "{}", stderr(&o));
}

fn links_under(out: &Path, page: &str, base: &str) -> bool {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    hrefs(&html)
        .iter()
        .filter(|h| h.starts_with('/'))
        .all(|h| h.starts_with(base))
        && html.contains(&format!("href=\"{base}\""))
}

#[test]
fn base_url_on_the_command_line_stands_in_for_site_yamls() {
    let dir = site(CLEAN);
    write(
        dir.path(),
        "site.yaml",
        b"base_url: /fran-yaml/\nfeedback_email: a@kommun.example\n",
    );
    let out = dir.path().join("ut");
    let o = samsyn(&[
        "build",
        s(dir.path()),
        "-o",
        s(&out),
        "--today",
        TODAY,
        "--base-url",
        "/bus",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(links_under(&out, "rutin/index.html", "/bus/"));
    // check: checked as built there (a base URL is part of what it checks).
    for bad in ["javascript:alert(1)", "/a b/"] {
        for command in ["build", "check", "serve"] {
            let o = samsyn(&[command, s(dir.path()), "--base-url", bad]);
            assert_eq!(o.status.code(), Some(2), "{command} {bad}: {}", stderr(&o));
            assert!(stderr(&o).contains("invalid --base-url"), "{}", stderr(&o));
        }
    }
    let o = samsyn(&[
        "check",
        s(dir.path()),
        "--today",
        TODAY,
        "--base-url",
        "https://intra.example/bus/",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn serve_previews_under_the_path_of_base_url_from_the_command_line() {
    use std::io::{Read, Write};
    let dir = site(CLEAN);
    let mut child = Command::new(env!("CARGO_BIN_EXE_samsyn"))
        .args([
            "serve",
            "--port",
            "0",
            "--today",
            TODAY,
            "--base-url",
            "https://intra.example/bus/",
        ])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr = served_address(&mut child);
    let get = |target: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        write!(
            s,
            "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        raw
    };
    let page = get("/bus/rutin/");
    let root = get("/");
    let robots = get("/bus/robots.txt");
    let _ = child.kill();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("href=\"/bus/\""), "{page}");
    assert!(
        !page.contains("https://intra.example"),
        "only the path counts in serve"
    );
    assert!(
        page.to_ascii_lowercase()
            .contains("x-robots-tag: noindex, nofollow"),
        "{page}"
    );
    assert!(
        root.starts_with("HTTP/1.1 302") && root.contains("/bus/"),
        "{root}"
    );
    assert!(robots.ends_with("User-agent: *\nDisallow: /\n"), "{robots}");
}

/// `check` renders every page as `build` does, though it keeps none: a
/// template that fails on one page only fails the check, and nothing is
/// written (no `output/`, nothing beside it).
#[test]
fn check_fails_on_a_template_failing_on_one_page_and_writes_nothing() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/role.html");
    let template = std::fs::read_to_string(theme).unwrap();
    let failing = template.replacen(
        "{% block content %}",
        "{% block content %}{% if page.title == \"Trasig\" %}{{ page.finns_inte.alls }}{% endif %}",
        1,
    );
    assert_ne!(failing, template, "role.html has a content block");
    let mut files = vec![("site.yaml", "title: T\n".to_string())];
    files.push(("templates/role.html", failing));
    files.push((
        "content/roller/hel.md",
        "---\ntitle: Hel\nkind: role\n---\n".into(),
    ));
    files.push((
        "content/roller/trasig.md",
        "---\ntitle: Trasig\nkind: role\n---\n".into(),
    ));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = common::site(&files);
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let o = samsyn(&["check", s(dir.path()), "--today", TODAY]);
    assert_ne!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("finns_inte"), "{}", stderr(&o));
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");
}
