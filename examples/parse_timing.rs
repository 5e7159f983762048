//! Times parsing every Markdown file of a site on one thread:
//! `cargo run --release --example parse_timing -- SITE_DIR [--pack | --pack-html]`.
//! With `--pack`, each body is also packed as a big site's build packs it
//! (LZ4), about a fifth of its parse stage; with `--pack-html`, only its
//! HTML, as serve packs it.

use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: parse_timing SITE_DIR [--pack | --pack-html]");
    let sources = samsyn::content::load(std::path::Path::new(&dir));
    let bytes: usize = sources.pages.iter().map(|p| p.text.len()).sum();
    let mode = std::env::args().nth(2);
    let pack = mode.as_deref() == Some("--pack");
    let pack_html = mode.as_deref() == Some("--pack-html");
    let t = Instant::now();
    let mut pages = 0;
    for file in &sources.pages {
        let (page, _) = samsyn::parse::parse_page(file, "/", &|_: &str| None);
        if let Some(mut page) = page {
            if pack {
                page.body.pack();
            } else if pack_html {
                page.body.pack_html();
            }
            pages += 1;
        }
    }
    let took = t.elapsed();
    println!(
        "{pages} pages, {} MB, {:?}: {:.1} µs per page, {:.0} MB/s",
        bytes / 1_000_000,
        took,
        took.as_micros() as f64 / pages as f64,
        bytes as f64 / took.as_secs_f64() / 1e6
    );
}
