//! The shape of the crate, checked: the modules under src/ form no cycle, and no source file
//! outgrows one concept.
//!
//! Each file of src/ is parsed (syn) and every path it names (`use` trees, types, calls) is
//! resolved to the module that defines it, following `use` re-exports. Two graphs are checked
//! for cycles: the top-level modules (`config`, `content`, `markdown`, … and the crate root),
//! and, inside each folder, its files (a folder's `mod.rs` is its face, so a file reaching
//! its parent is not a cycle, but two siblings reaching each other are).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// A module path inside the crate: `[]` is the crate root, `["output", "search"]` is
/// `crate::output::search`.
type ModPath = Vec<String>;

/// The most lines a file of src/ may have, tests at its end not counted.
const MAX_LINES: usize = 800;

struct Module {
    ast: syn::File,
}

/// Every module of the crate by path: files and inline `mod x { … }` blocks that are not tests.
fn modules(src: &Path) -> BTreeMap<ModPath, Module> {
    let mut found = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap();
        let mut segments: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if segments.last().is_some_and(|s| s == "mod") {
            segments.pop();
        }
        if segments == ["lib"] {
            segments.clear();
        }
        // The binary and test-only files are not part of the library's graph.
        if segments == ["main"] || segments.last().is_some_and(|s| s == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        found.insert(segments, Module { ast });
    }
    found
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

/// What one module names: the `use` imports (local name → full path) and every other path.
#[derive(Default)]
struct Names {
    imports: HashMap<String, ModPath>,
    paths: Vec<ModPath>,
}

struct Collector<'a> {
    names: &'a mut Names,
}

impl Collector<'_> {
    fn use_tree(&mut self, prefix: &mut ModPath, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut full = prefix.clone();
                let name = n.ident.to_string();
                if name != "self" {
                    full.push(name.clone());
                }
                let local = if name == "self" {
                    prefix.last().cloned().unwrap_or_default()
                } else {
                    name
                };
                self.names.imports.insert(local, full.clone());
                self.names.paths.push(full);
            }
            syn::UseTree::Rename(r) => {
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.names
                    .imports
                    .insert(r.rename.to_string(), full.clone());
                self.names.paths.push(full);
            }
            syn::UseTree::Glob(_) => self.names.paths.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if !is_test(&item.attrs) {
            self.use_tree(&mut Vec::new(), &item.tree);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        // Inline modules other than tests are rare here; their paths count for the file.
        if !is_test(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_test(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if !is_test(&item.attrs) {
            syn::visit::visit_item_impl(self, item);
        }
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)` names a module without depending on it.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.names
            .paths
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Macro bodies are tokens, not syntax: pick out `crate::a::b` and `super::a` runs.
        let tokens = flatten(mac.tokens.clone());
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i] == "crate" || tokens[i] == "super" {
                let mut path = vec![tokens[i].clone()];
                let mut j = i + 1;
                while j + 1 < tokens.len() && tokens[j] == "::" {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                if path.len() > 1 {
                    self.names.paths.push(path);
                }
                i = j;
            } else {
                i += 1;
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// A macro's tokens as strings, groups opened up and `::` joined into one token.
fn flatten(stream: proc_macro2::TokenStream) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tree in stream {
        match tree {
            proc_macro2::TokenTree::Group(g) => out.extend(flatten(g.stream())),
            proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' => {
                if out.last().is_some_and(|l| l == ":") {
                    *out.last_mut().unwrap() = "::".into();
                } else {
                    out.push(":".into());
                }
            }
            other => out.push(other.to_string()),
        }
    }
    out
}

/// The crate's module graph: which module each module depends on.
struct Graph {
    edges: BTreeMap<ModPath, BTreeSet<ModPath>>,
}

impl Graph {
    fn new(modules: &BTreeMap<ModPath, Module>) -> Graph {
        let names: BTreeMap<&ModPath, Names> = modules
            .iter()
            .map(|(path, module)| {
                let mut names = Names::default();
                let mut collector = Collector { names: &mut names };
                for item in &module.ast.items {
                    collector.visit_item(item);
                }
                (path, names)
            })
            .collect();
        let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for (&here, found) in &names {
            for path in &found.paths {
                let Some(absolute) = absolute(here, path, found, modules) else {
                    continue;
                };
                let target = defining_module(&absolute, modules, &names, 0);
                if &target != here && (target.is_empty() || !here.starts_with(&target)) {
                    edges.entry(here.clone()).or_default().insert(target);
                }
            }
        }
        Graph { edges }
    }

    /// The cycles among `nodes` when every module is seen as `group(module)`.
    fn cycles(&self, group: impl Fn(&ModPath) -> Option<ModPath>) -> Vec<Vec<ModPath>> {
        let mut collapsed: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for (from, tos) in &self.edges {
            let Some(a) = group(from) else { continue };
            for to in tos {
                if let Some(b) = group(to).filter(|b| *b != a) {
                    collapsed.entry(a.clone()).or_default().insert(b);
                }
            }
        }
        let mut cycles: Vec<Vec<ModPath>> = strongly_connected(&collapsed)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        cycles.sort();
        cycles
    }
}

/// `path` as named in module `here`, made absolute; `None` for paths into other crates and
/// local names (variables, generics, std prelude).
fn absolute(
    here: &ModPath,
    path: &ModPath,
    names: &Names,
    modules: &BTreeMap<ModPath, Module>,
) -> Option<ModPath> {
    let first = path.first()?;
    let mut out: ModPath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => here.clone(),
        "super" => {
            let mut base = here.clone();
            let mut rest = path.iter().peekable();
            while rest.peek().is_some_and(|s| *s == "super") {
                base.pop();
                rest.next();
            }
            base.extend(rest.cloned());
            return Some(base);
        }
        name => {
            // A child module, or a name brought in by `use` (itself absolute or not).
            let mut child = here.clone();
            child.push(name.to_string());
            if modules.contains_key(&child) {
                child
            } else if let Some(import) = names.imports.get(name).filter(|i| *i != path) {
                let mut full = absolute(here, import, names, modules)?;
                full.extend(path[1..].iter().cloned());
                return Some(full);
            } else {
                return None;
            }
        }
    };
    out.extend(path[1..].iter().cloned());
    Some(out)
}

/// The module that defines what `path` names: the longest module prefix, followed through
/// that module's `use` when the rest names something it imported (a re-export).
fn defining_module(
    path: &ModPath,
    modules: &BTreeMap<ModPath, Module>,
    names: &BTreeMap<&ModPath, Names>,
    depth: usize,
) -> ModPath {
    let split = (0..=path.len())
        .rev()
        .find(|&k| modules.contains_key(&path[..k]))
        .unwrap_or(0);
    let module = path[..split].to_vec();
    if depth < 8 {
        if let (Some(item), Some(found)) = (path.get(split), names.get(&module)) {
            if let Some(import) = found.imports.get(item) {
                if let Some(mut target) = absolute(&module, import, found, modules) {
                    target.extend(path[split + 1..].iter().cloned());
                    return defining_module(&target, modules, names, depth + 1);
                }
            }
        }
    }
    module
}

/// Tarjan's algorithm: the strongly connected components of a small graph.
fn strongly_connected(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        graph: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: HashMap<&'a ModPath, usize>,
        low: HashMap<&'a ModPath, usize>,
        stack: Vec<&'a ModPath>,
        on_stack: BTreeSet<&'a ModPath>,
        out: Vec<Vec<ModPath>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a ModPath) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.out
}

fn name(m: &ModPath) -> String {
    match m.is_empty() {
        true => "crate root (lib.rs)".to_string(),
        false => m.join("::"),
    }
}

impl Graph {
    /// Each cycle with the module-level dependencies that make it, for the failure message.
    fn explain(
        &self,
        cycles: &[Vec<ModPath>],
        group: impl Fn(&ModPath) -> Option<ModPath>,
    ) -> String {
        let mut out = String::new();
        for cycle in cycles {
            let names: Vec<String> = cycle.iter().map(name).collect();
            out += &format!("  {{{}}}\n", names.join(", "));
            for (from, tos) in &self.edges {
                let Some(a) = group(from).filter(|a| cycle.contains(a)) else {
                    continue;
                };
                for to in tos {
                    if group(to).is_some_and(|b| b != a && cycle.contains(&b)) {
                        out += &format!("    {} uses {}\n", name(from), name(to));
                    }
                }
            }
        }
        out
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn top_level_modules_form_no_cycle() {
    let modules = modules(&src());
    let graph = Graph::new(&modules);
    // The crate root declares every module, so a module naming an item of lib.rs is a cycle.
    let top = |m: &ModPath| Some(m.first().cloned().into_iter().collect());
    let cycles = graph.cycles(top);
    assert!(
        cycles.is_empty(),
        "these top-level modules depend on each other in a circle:\n{}",
        graph.explain(&cycles, top)
    );
}

#[test]
fn files_of_a_folder_form_no_cycle() {
    let modules = modules(&src());
    let graph = Graph::new(&modules);
    let folders: BTreeSet<ModPath> = modules
        .keys()
        .filter(|m| m.len() >= 2)
        .map(|m| m[..m.len() - 1].to_vec())
        .collect();
    let mut found = String::new();
    for folder in &folders {
        let child = |m: &ModPath| {
            (m.len() > folder.len() && m.starts_with(folder)).then(|| m[..=folder.len()].to_vec())
        };
        found += &graph.explain(&graph.cycles(child), child);
    }
    assert!(
        found.is_empty(),
        "these files of one folder depend on each other in a circle:\n{found}"
    );
}

/// The cycle check sees a cycle when there is one: two modules naming each other, through
/// a `use` re-export and through a path inside a macro.
#[test]
fn the_cycle_check_finds_a_planted_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "mod a; mod b; mod c;");
    write("a/mod.rs", "mod x; mod y; pub use x::Thing;");
    write("a/x.rs", "pub struct Thing; fn f() { super::y::g(); }");
    write(
        "a/y.rs",
        "pub fn g() { let _ = format!(\"{:?}\", crate::a::Thing); }",
    );
    write("b.rs", "use crate::c::Other; pub struct B;");
    write("c.rs", "pub struct Other; fn f(_: crate::b::B) {}");
    let modules = modules(dir.path());
    let graph = Graph::new(&modules);
    let top = graph.cycles(|m| Some(m.first().cloned().into_iter().collect()));
    assert_eq!(
        top,
        vec![vec![vec!["b".to_string()], vec!["c".to_string()]]]
    );
    let inner = graph.cycles(|m| (m.len() == 2).then(|| m.clone()));
    let x = vec!["a".to_string(), "x".to_string()];
    let y = vec!["a".to_string(), "y".to_string()];
    assert_eq!(inner, vec![vec![x, y]]);
}

#[test]
fn no_source_file_outgrows_one_concept() {
    let mut long = Vec::new();
    for entry in walkdir::WalkDir::new(src()) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs")
            || path.file_stem().is_some_and(|s| s == "tests")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // A file's unit tests sit at its end, after `#[cfg(test)]`.
        let code = text.split("\n#[cfg(test)]\nmod tests").next().unwrap_or("");
        let lines = code.lines().count();
        if lines > MAX_LINES {
            long.push(format!(
                "  {} ({lines} lines)",
                path.strip_prefix(src()).unwrap().display()
            ));
        }
    }
    assert!(
        long.is_empty(),
        "these files have more than {MAX_LINES} lines outside their tests; split them by concept:\n{}",
        long.join("\n")
    );
}
