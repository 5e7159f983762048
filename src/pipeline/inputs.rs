//! One hash over everything a build is made from, so `build` can leave an
//! output folder alone when nothing changed since it was written.
//!
//! It must cover every input, or a build would wrongly be skipped: the
//! samsyn binary, the options and the day review status is computed for,
//! `site.yaml`, every Markdown file's text, and the size and time of every
//! asset and of every file under `static/`, `templates/` and `themes/`.
//! (Per-page fingerprints, which decide what to render again, are
//! `render::inputs`.)

use std::hash::{Hash, Hasher};
use std::path::Path;

use jiff::civil::Date;
use rayon::prelude::*;

use super::BuildOptions;
use crate::content::Sources;

/// The hash of every input of building `sources` with `opts` on `today`
/// by the samsyn named `identity`.
pub(crate) fn hash(opts: &BuildOptions, today: Date, sources: &Sources, identity: &str) -> u64 {
    let mut h = crate::hash::fingerprinter();
    identity.hash(&mut h);
    today.to_string().hash(&mut h);
    opts.include_drafts.hash(&mut h);
    format!("{:?}", opts.mode).hash(&mut h);
    opts.base_url.hash(&mut h);
    std::fs::read(opts.site_dir.join("site.yaml"))
        .ok()
        .hash(&mut h);
    let pages: Vec<u64> = sources
        .pages
        .par_iter()
        .map(|p| {
            let mut h = crate::hash::fingerprinter();
            (&p.content_path, &p.text).hash(&mut h);
            h.finish()
        })
        .collect();
    pages.hash(&mut h);
    for a in &sources.assets {
        a.content_path.hash(&mut h);
        stamp(&a.source).hash(&mut h);
    }
    format!("{:?}", sources.diagnostics).hash(&mut h);
    for dir in ["static", "templates", "themes"] {
        tree(&opts.site_dir.join(dir), &mut h);
    }
    h.finish()
}

/// Size and modification time of a file (or `None` if it cannot be read).
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// Every entry under `dir`, in name order, with its type and stamp.
fn tree(dir: &Path, h: &mut impl Hasher) {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) => {
                e.path().hash(h);
                e.file_type().is_dir().hash(h);
                stamp(e.path()).hash(h);
            }
            Err(e) => e.to_string().hash(h),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    fn sources(text: &str) -> Sources {
        Sources {
            site_dir: "/nonexistent".into(),
            config: Default::default(),
            pages: vec![SourceFile {
                content_path: "a.md".into(),
                text: text.into(),
            }],
            assets: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn a_changed_page_text_or_day_changes_the_hash() {
        let opts = BuildOptions::new("/nonexistent");
        let day = Date::constant(2026, 11, 22);
        let base = hash(&opts, day, &sources("x"), "v");
        assert_eq!(base, hash(&opts, day, &sources("x"), "v"));
        assert_ne!(base, hash(&opts, day, &sources("y"), "v"));
        assert_ne!(
            base,
            hash(&opts, day.tomorrow().unwrap(), &sources("x"), "v")
        );
        assert_ne!(base, hash(&opts, day, &sources("x"), "w"));
    }
}
