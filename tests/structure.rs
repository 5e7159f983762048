//! The shape of the code, held by tests so it stays as ARCHITECTURE.md
//! describes it: no import circle between top-level modules (the crate
//! root counts as one), no function over 100 lines and no `impl` block
//! over 500 in `src/`. A crude reading of the source (by lines and
//! indentation, as rustfmt writes it), which is all these rules need.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `.rs` file under src/ but main.rs, with the top-level module it
/// belongs to (`lib` for lib.rs), its text cut before its test module and
/// stripped of line comments.
fn modules() -> Vec<(String, PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "main.rs"))
        .map(|p| {
            let rel = p.strip_prefix(&src).expect("under src/");
            let first = rel.components().next().expect("a component");
            let name = first.as_os_str().to_string_lossy();
            let module = name.trim_end_matches(".rs").to_string();
            let text = std::fs::read_to_string(&p).expect("readable");
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            (module, p, code)
        })
        .collect()
}

/// Module → the top-level modules its code names as `crate::name`
/// (anything else at the crate root counts as `lib`). The crate root
/// names its modules by `name::`.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let names: BTreeSet<String> = mods.iter().map(|m| m.0.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _, code) in &mods {
        let edges = graph.entry(module.clone()).or_default();
        let mut named = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            named.push(first_word(&code[i + 7..]));
        }
        for (i, _) in code.match_indices("use crate::{") {
            named.extend(top_level_items(&code[i + 12..]));
        }
        if module == "lib" {
            for (i, _) in code.match_indices("::") {
                let before = &code[..i];
                let start = before
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |s| s + 1);
                if before[..start].ends_with("::") {
                    continue;
                }
                named.push(before[start..].to_string());
            }
        }
        for mut n in named {
            // `crate::msg!` is the catalogue's macro, exported at the root.
            if n == "msg" {
                n = "messages".into();
            }
            if n.is_empty() || n == *module {
                continue;
            }
            if names.contains(&n) {
                edges.insert(n);
            } else if module != "lib" {
                edges.insert("lib".into());
            }
        }
    }
    graph
}

fn first_word(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The first path segment of each item of a `use crate::{…};` list.
fn top_level_items(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(first_word(s[start..i].trim_start()));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(first_word(s[start..i].trim_start()));
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

/// A cycle through `from`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("a path is never empty");
        for next in graph.get(last).into_iter().flatten() {
            if next == from {
                let mut cycle = path.clone();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_import_circle_between_top_level_modules() {
    let graph = import_graph();
    assert!(graph.len() > 20, "the source was not found: {graph:?}");
    assert!(
        graph["render"].contains("output") && graph["pipeline"].contains("render"),
        "the reading finds no imports: {graph:?}"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import circles:\n{}", cycles.join("\n"));
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut graph = import_graph();
    graph
        .get_mut("privacy")
        .expect("privacy")
        .insert("pipeline".into());
    assert!(cycle_from(&graph, "privacy").is_some());
}

/// (file:line, kind, lines) of every `fn` and `impl` block longer than
/// its limit.
fn long_blocks() -> Vec<(String, &'static str, usize)> {
    let mut long = Vec::new();
    for (_, path, code) in modules() {
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let head = trimmed
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub(super) ")
                .trim_start_matches("const ")
                .trim_start_matches("unsafe ");
            let (kind, limit) = if head.starts_with("fn ") {
                ("fn", 100)
            } else if head.starts_with("impl") && !trimmed.starts_with("impl Trait") {
                ("impl", 500)
            } else {
                continue;
            };
            if line.trim_end().ends_with(';') {
                continue;
            }
            let close = format!("{indent}}}");
            let end = lines[i + 1..]
                .iter()
                .position(|l| l.trim_end() == close)
                .map_or(lines.len(), |p| i + 1 + p);
            let n = end - i + 1;
            if n > limit {
                long.push((format!("{}:{}", path.display(), i + 1), kind, n));
            }
        }
    }
    long
}

#[test]
fn no_function_over_100_lines_and_no_impl_over_500() {
    let long = long_blocks();
    let report: Vec<String> = long
        .iter()
        .map(|(at, kind, n)| format!("{at}: {kind} of {n} lines"))
        .collect();
    assert!(report.is_empty(), "too long:\n{}", report.join("\n"));
}
