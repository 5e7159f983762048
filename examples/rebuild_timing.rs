//! Times a full compile and an incremental recompile after touching one
//! document: `cargo run --release --example rebuild_timing -- SITE_DIR`.

use std::time::Instant;

use samsyn::project::Project;
use samsyn::render::Mode;
use samsyn::BuildOptions;

/// The allocator the `samsyn` binary uses, so times and profiles match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: rebuild_timing SITE_DIR");
    let dir = std::path::Path::new(&dir)
        .canonicalize()
        .expect("site dir exists");
    let opts = BuildOptions {
        today: samsyn::dates::parse_date("2026-11-22").ok(),
        include_drafts: true,
        mode: Mode::Serve,
        ..BuildOptions::new(&dir)
    };
    let t = Instant::now();
    let mut project = Project::load(opts);
    println!("load+parse {:?}", t.elapsed());
    let t = Instant::now();
    let c = project.compile().expect("site compiles");
    println!(
        "first compile {:?} (resolve {:?}, render {:?}, search {:?})",
        t.elapsed(),
        c.timings.resolve,
        c.timings.render,
        c.timings.search
    );
    let target = walkdir::WalkDir::new(dir.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.path().extension().is_some_and(|x| x == "md")
                && e.path().to_string_lossy().contains("rutiner")
        })
        .expect("a routine")
        .into_path();
    let original = std::fs::read_to_string(&target).expect("readable");
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for i in 0..rounds {
        std::fs::write(&target, format!("{original}\nÄndring {i}.\n")).expect("writable");
        let t = Instant::now();
        project.apply_changes(std::slice::from_ref(&target));
        let applied = t.elapsed();
        let c = project.compile().expect("site compiles");
        println!(
            "incremental: apply {:?}, resolve {:?}, render {:?}, search {:?}, total {:?}, {} changed",
            applied,
            c.timings.resolve,
            c.timings.render,
            c.timings.search,
            t.elapsed(),
            c.changed.len()
        );
        if std::env::var_os("STEPS").is_some() {
            println!(
                "  search steps: {:?}",
                project.render_cache().search_stats.steps
            );
        }
    }
    std::fs::write(&target, original).expect("writable");
}
