//! The shape of the code: inside each crate, no module reaches (by
//! `crate::` or `super::` paths) a module that reaches back to it, however
//! far round. A cycle means two modules can only be understood together.
//! And in the HTTP test binary, what tests share is in `support`: no test
//! module reaches into another. In the web crate a page's view struct sits
//! beside its template.
#![expect(clippy::unwrap_used, reason = "a test should fail loudly on any unexpected error")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const CRATES: [&str; 5] = ["byline-core", "byline-store", "byline-app", "byline-web", "byline"];

/// Every module of a crate by its path (`pages::people`), with its source
/// less comments and unit tests.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut name = relative.to_string_lossy().replace('/', "::");
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_owned();
            }
            if name == "lib" || name == "main" {
                name = String::new();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
            let code: String =
                code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
            found.insert(name, code);
        }
    }
    found
}

/// The longest module named by the start of `path` (`a::b::Item` → `a::b`).
fn module_of(modules: &BTreeMap<String, String>, path: &[&str]) -> Option<String> {
    (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains_key(m))
}

/// Which modules each module reaches, leaving out its own parents and
/// children (a module and its parts are one piece).
fn edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (name, code) in modules {
        let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
        let mut reached = BTreeSet::new();
        for (marker, base) in [("crate::", ""), ("super::", parent)] {
            for (at, _) in code.match_indices(marker) {
                let rest = &code[at + marker.len()..];
                let end = rest.find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':'));
                let path: Vec<&str> = base
                    .split("::")
                    .chain(rest[..end.unwrap_or(rest.len())].split("::"))
                    .filter(|p| !p.is_empty())
                    .collect();
                if let Some(target) = module_of(modules, &path)
                    && target != *name
                    && !target.is_empty()
                    && !name.starts_with(&format!("{target}::"))
                    && !target.starts_with(&format!("{name}::"))
                {
                    reached.insert(target);
                }
            }
        }
        graph.insert(name.clone(), reached);
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in &graph[&at] {
            if next == start {
                return Some([path.clone(), vec![start.to_owned()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_crate_has_an_import_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cycles = Vec::new();
    for krate in CRATES {
        let modules = modules(&root.join(krate).join("src"));
        assert!(modules.len() > 1, "{krate} was read");
        let graph = edges(&modules);
        for name in graph.keys() {
            if let Some(cycle) = cycle_from(&graph, name) {
                cycles.push(format!("{krate}: {}", cycle.join(" → ")));
                break;
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let modules: BTreeMap<String, String> = [
        ("a".to_owned(), "use crate::b::Thing;".to_owned()),
        ("b".to_owned(), "use super::c::Other;".to_owned()),
        ("c".to_owned(), "fn f() { crate::a::go() }".to_owned()),
        ("d".to_owned(), "use crate::a::Thing; // crate::d".to_owned()),
    ]
    .into();
    let graph = edges(&modules);
    assert_eq!(cycle_from(&graph, "a").unwrap(), ["a", "b", "c", "a"]);
    assert!(cycle_from(&graph, "d").is_none());
}

/// The `crate::` paths in `code` (comments left out) that lead anywhere but
/// `crate::support`.
fn paths_past_support(code: &str) -> Vec<String> {
    let code: String = code.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` and `other_crate::` are other crates.
        if code[..at].ends_with(|c: char| c == '$' || c == '_' || c.is_ascii_alphanumeric()) {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if &rest[..end] != "support" || !rest[end..].starts_with("::") {
            found.push(code[at..].chars().take_while(|c| !c.is_whitespace() && *c != ';').collect());
        }
    }
    found
}

#[test]
fn http_tests_share_helpers_only_through_support() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/http");
    let mut files = vec![root.clone()];
    let mut read = 0;
    let mut reaching = Vec::new();
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path == root.join("main.rs") {
            continue;
        }
        read += 1;
        let code = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(&root).unwrap().display().to_string();
        reaching.extend(paths_past_support(&code).into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(read > 10, "the HTTP tests were read");
    assert!(reaching.is_empty(), "test modules reach past crate::support:\n{}", reaching.join("\n"));
}

#[test]
fn the_support_check_finds_a_test_module_import() {
    let code = "use crate::support::{Browser, TestApp};\nuse crate::queue::staff;\n// crate::comments\n\
                fn f() { crate::accounts::location(x); byline_store::test_on_both_backends!(); $crate::x; }\n\
                use crate::{TestApp, select};\nuse crate::supporting::x;";
    assert_eq!(
        paths_past_support(code),
        ["crate::queue::staff", "crate::accounts::location(x)", "crate::{TestApp,", "crate::supporting::x"]
    );
}

/// Every `#[template(path = "...")]` in a web source file, as
/// (the file's folder under `src`, the template's path).
fn template_uses(src: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let folder = path.parent().unwrap().strip_prefix(src).unwrap().display().to_string();
                let text = std::fs::read_to_string(&path).unwrap();
                for rest in text.split("#[template(path = \"").skip(1) {
                    found.push((folder.clone(), rest.split('"').next().unwrap().to_owned()));
                }
            }
        }
    }
    found
}

#[test]
fn every_page_view_sits_beside_its_template() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../byline-web/src");
    let uses = template_uses(&src);
    assert!(uses.len() > 10, "the web crate's templates were found");
    let astray: Vec<String> = uses
        .iter()
        .filter(|(folder, template)| Path::new(template).parent() != Some(Path::new(folder)))
        .map(|(folder, template)| format!("src/{folder} renders {template}"))
        .collect();
    assert!(astray.is_empty(), "view structs away from their templates:\n{}", astray.join("\n"));
    for (_, template) in &uses {
        assert!(src.join(template).is_file(), "{template} is a file beside its view");
    }
}
