//! Times the search index of a site: a cold build, a rebuild with nothing
//! changed and rebuilds after editing one page's body in memory, each
//! checked against a cold build of the same site. `cargo run --release
//! --example search_timing -- SITE_DIR`. Reads the site, never writes to
//! it. With `SEARCH_DUMP=FILE` it also writes a digest of every index file
//! (to compare two versions of the code).

use std::sync::Arc;
use std::time::Instant;

use samsyn::render::Mode;
use samsyn::search::{self, Cache};
use samsyn::BuildOptions;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: search_timing SITE_DIR");
    let opts = BuildOptions {
        today: samsyn::dates::parse_date("2026-11-22").ok(),
        include_drafts: true,
        mode: Mode::Serve,
        ..BuildOptions::new(&dir)
    };
    let c = samsyn::compile(&opts).expect("site compiles");
    if let Ok(dump) = std::env::var("SEARCH_DUMP") {
        std::fs::write(dump, digest(&search::build(&c.site))).expect("dump written");
    }
    let mut cache = Cache::default();
    for _ in 0..2 {
        cache = Cache::default();
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let (_, s) = search::build_cached(&c.site, &mut cache);
        println!(
            "cold {:?} ({:.0} ms CPU): {:?}",
            t.elapsed(),
            (cpu_seconds() - cpu) * 1000.0,
            s.steps
        );
        println!(
            "entries {} keys {} shards {} fragment bytes {} index bytes {}",
            s.entries, s.keys, s.shards, s.fragment_bytes, s.index_bytes
        );
    }
    let repeat: usize = std::env::var("SEARCH_REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for _ in 0..repeat {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let (_, s) = search::build_cached(&c.site, &mut cache);
        println!(
            "unchanged {:?} ({:.0} ms CPU): {:?}, {} analysed",
            t.elapsed(),
            (cpu_seconds() - cpu) * 1000.0,
            s.steps,
            s.analysed
        );
    }
    let mut site = (*c.site).clone();
    let i = site
        .pages
        .iter()
        .position(|p| p.parsed.content_path.contains("rutiner"))
        .expect("a routine");
    for n in 0..3 {
        let mut parsed = (*site.pages[i].parsed).clone();
        parsed
            .body
            .text
            .push_str(&format!("\nÄndring {n} ordetsomintefanns{n}.\n"));
        parsed.fingerprint ^= n + 1;
        site.pages[i].parsed = Arc::new(parsed);
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let (files, s) = search::build_cached(&site, &mut cache);
        println!(
            "one edit {:?} ({:.0} ms CPU): {:?}, {} analysed",
            t.elapsed(),
            (cpu_seconds() - cpu) * 1000.0,
            s.steps,
            s.analysed
        );
        assert!(
            digest(&files) == digest(&search::build(&site)),
            "incremental equals cold"
        );
    }
}

/// One line per file: path, size and a hash of the bytes.
fn digest(files: &search::Files) -> String {
    use std::hash::{Hash, Hasher};
    let mut lines: Vec<String> = files
        .iter()
        .map(|(p, b)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b[..].hash(&mut h);
            format!("{p}\t{}\t{:016x}", b.len(), h.finish())
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// CPU seconds (user + system) this process has used: steadier than wall
/// time on a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: f64 = fields.get(11..13).map_or(0.0, |f| {
        f.iter().filter_map(|x| x.parse::<f64>().ok()).sum()
    });
    ticks / 100.0
}
