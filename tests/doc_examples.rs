//! Every public item of the solver modules shows how it is called (issue 15, item 1).
//!
//! The check reads the source of the modules below, lists every public item whose doc
//! comment holds no runnable example, and fails naming each as `file:line item`. The
//! examples themselves run under `cargo test --doc`; this check only makes sure none is
//! missing.
//!
//! # Rules of the scan
//!
//! It is a line-based scanner, not a Rust parser (a `syn` dependency would parse exactly
//! but costs a build of its own; the crate's source follows `cargo fmt`, so an item starts
//! on its own line and its doc comment sits on the lines just above it):
//!
//! - An *item* is a line that starts, after indentation, with `pub` followed by `fn`,
//!   `struct`, `enum`, `trait`, `type`, `const` or `static` (allowing the qualifiers
//!   `const`, `async`, `unsafe` and `extern "C"` before `fn`). This covers free items and
//!   `pub fn` in inherent `impl` blocks. Restricted visibility (`pub(crate)`, `pub(super)`,
//!   `pub(in ..)`) is not public and is skipped.
//! - `pub fn` in the inherent `impl` of a type the file declares without plain `pub`
//!   (`pub(crate) struct Modulus`) is not reachable from outside the crate and is skipped.
//! - Methods of trait impls (`impl Display for X`) cannot be written `pub`, so they are
//!   never items. A trait's own methods are not written `pub` either: the example on the
//!   trait covers them, as it does the methods of a type's trait impls.
//! - An item's doc comment is the run of `///` lines above it, with attribute lines
//!   (`#[..]`) and plain `//` comments allowed in between. It *has an example* when one of
//!   its code fences opens Rust code that runs: no info string, or only `rust`,
//!   `should_panic`, `standalone_crate` and `editionNNNN`. A fence marked `text`,
//!   `ignore`, `no_run`, `compile_fail` or another language (`toml`, `sh`) is not an
//!   example that runs.
//! - Whatever `#[cfg(test)]` marks (a `mod tests { .. }` block or a single item) is
//!   skipped. Braces are counted outside string and character literals and comments to
//!   find the end of a skipped block.
//!
//! The unit tests at the end run the scanner on inline snippets, so that a scanner that
//! reports nothing cannot pass unnoticed.
//!
//! To see the progress on some of the modules only, set `COMITY_DOC_MODULES` to a
//! comma-separated list (`COMITY_DOC_MODULES=game,power cargo test --test doc_examples`);
//! the test says which modules it skipped.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules whose public items must each carry a runnable example (issue 15, item 1).
const MODULES: [&str; 11] = [
    "game",
    "power",
    "rules",
    "model",
    "coop",
    "equilibrium",
    "bargaining",
    "repeated",
    "study",
    "caucus",
    "seats",
];

/// A public item without a runnable example: where it is and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Missing {
    line: usize,
    item: String,
}

/// The item a line declares, as `kind name` (`fn shapley_shubik`), when it is a public item.
fn public_item(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("pub ")?;
    let mut words = rest.split_whitespace().peekable();
    // Qualifiers before `fn`; `const` is a qualifier only when `fn` follows.
    loop {
        match words.peek().copied() {
            Some("async") | Some("unsafe") => {
                words.next();
            }
            Some("extern") => {
                words.next();
                if words.peek().is_some_and(|w| w.starts_with('"')) {
                    words.next();
                }
            }
            Some("const") => {
                let mut ahead = words.clone();
                ahead.next();
                if matches!(ahead.peek().copied(), Some("fn" | "async" | "unsafe")) {
                    words.next();
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let kind = words.next()?;
    if !matches!(kind, "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static") {
        return None;
    }
    let mut name_word = words.next()?;
    if kind == "static" && name_word == "mut" {
        name_word = words.next()?;
    }
    let name: String = name_word.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then(|| format!("{kind} {name}"))
}

/// Whether a fence's info string (the text after the backticks) opens Rust code that runs.
fn runnable_fence(info: &str) -> bool {
    info.split(|c: char| c == ',' || c.is_whitespace()).filter(|token| !token.is_empty()).all(|token| {
        matches!(token, "rust" | "should_panic" | "standalone_crate") || token.starts_with("edition")
    })
}

/// The text of a doc line (`/// text`), or `None` for a line that is not a doc line.
fn doc_text(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let text = trimmed.strip_prefix("///")?;
    // `////` is an ordinary comment, not a doc comment.
    (!text.starts_with('/')).then_some(text)
}

/// Whether a doc comment, given as its lines' text, holds a runnable code example.
fn has_example(doc: &[&str]) -> bool {
    let mut in_fence = false;
    for text in doc {
        let Some(info) = text.trim_start().strip_prefix("```") else {
            continue;
        };
        if in_fence {
            in_fence = false;
        } else if runnable_fence(info.trim_start_matches('`')) {
            return true;
        } else {
            in_fence = true;
        }
    }
    false
}

/// The change in brace depth over a line, counting braces outside string and character
/// literals and comments. Raw strings spanning lines are not handled (the modules have none).
fn brace_delta(line: &str) -> i64 {
    let chars: Vec<char> = line.chars().collect();
    let mut delta = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            // A character literal ('{', '\''), not a lifetime ('a).
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
            }
            '{' => delta += 1,
            '}' => delta -= 1,
            _ => {}
        }
        i += 1;
    }
    delta
}

/// The names of the structs and enums a file declares with restricted or no visibility.
fn private_types(source: &str) -> Vec<String> {
    source
        .lines()
        .filter_map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("pub ") {
                return None;
            }
            let rest = trimmed
                .strip_prefix("pub(")
                .and_then(|r| r.split_once(") ").map(|(_, r)| r))
                .unwrap_or(trimmed);
            let name = rest.strip_prefix("struct ").or_else(|| rest.strip_prefix("enum "))?;
            Some(name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect())
        })
        .collect()
}

/// The type an inherent `impl` line is for (`impl<'a> Builder<'a> {` gives `Builder`), or
/// `None` for a trait impl or a line that is not an `impl`.
fn inherent_impl_type(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("impl")?;
    if line.contains(" for ") {
        return None;
    }
    // Skip the impl's generic parameters, which may nest (`impl<T: Into<Game>>`).
    let rest = if rest.starts_with('<') {
        let mut depth = 0;
        let end = rest.char_indices().find_map(|(i, c)| {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i + 1)
        })?;
        &rest[end..]
    } else if rest.starts_with(' ') {
        rest
    } else {
        return None;
    };
    let name: String = rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then_some(name)
}

/// The public items of one source file that have no runnable example.
fn scan(source: &str) -> Vec<Missing> {
    public_items(source).into_iter().filter(|(_, example)| !example).map(|(item, _)| item).collect()
}

/// Every public item of one source file, and whether its doc comment has a runnable example.
fn public_items(source: &str) -> Vec<(Missing, bool)> {
    let private = private_types(source);
    // While inside the inherent `impl` of a private type: the depth at which it ends.
    let mut private_impl_until: Option<i64> = None;
    let mut items = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    let mut depth: i64 = 0;
    // While skipping a `#[cfg(test)]` block: the depth at which it ends.
    let mut skip_until: Option<i64> = None;
    // Whether a `#[cfg(test)]` attribute waits for the item it applies to.
    let mut cfg_test_pending = false;
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        let before = depth;
        if doc_text(line).is_none() && !trimmed.starts_with("//") {
            depth += brace_delta(line);
        }
        if let Some(end) = skip_until {
            if depth <= end {
                skip_until = None;
            }
            continue;
        }
        if let Some(text) = doc_text(line) {
            doc.push(text);
            continue;
        }
        if trimmed.starts_with("#[") || trimmed.starts_with("#![") {
            if trimmed.starts_with("#[cfg(test)]") {
                cfg_test_pending = true;
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        if cfg_test_pending {
            cfg_test_pending = false;
            doc.clear();
            if depth > before {
                skip_until = Some(before);
            }
            continue;
        }
        if let Some(end) = private_impl_until
            && depth <= end
        {
            private_impl_until = None;
        }
        if let Some(name) = inherent_impl_type(line)
            && private.contains(&name)
            && depth > before
        {
            private_impl_until = Some(before);
        }
        if let Some(item) = public_item(line)
            && private_impl_until.is_none()
        {
            items.push((Missing { line: index + 1, item }, has_example(&doc)));
        }
        doc.clear();
    }
    items
}

/// The source files of a module: `src/<module>.rs` and every `.rs` file under `src/<module>/`.
fn module_files(root: &Path, module: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    let single = root.join("src").join(format!("{module}.rs"));
    if single.is_file() {
        files.push(single);
    }
    walk(&root.join("src").join(module), &mut files);
    files.sort();
    files
}

#[test]
fn every_public_item_of_the_solver_modules_has_a_runnable_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let chosen: Vec<String> = match std::env::var("COMITY_DOC_MODULES") {
        Ok(list) => list.split(',').map(|m| m.trim().to_string()).collect(),
        Err(_) => MODULES.iter().map(|m| m.to_string()).collect(),
    };
    for module in &chosen {
        assert!(
            MODULES.contains(&module.as_str()),
            "COMITY_DOC_MODULES names `{module}`, expected some of {MODULES:?}"
        );
    }
    let skipped: Vec<&str> = MODULES.iter().copied().filter(|m| !chosen.iter().any(|c| c == m)).collect();
    if !skipped.is_empty() {
        eprintln!("COMITY_DOC_MODULES: not checking {skipped:?}");
    }
    let mut report = Vec::new();
    for module in &chosen {
        let files = module_files(root, module);
        assert!(!files.is_empty(), "no source found for module `{module}`");
        // Every module has public items: finding none means the scanner has stopped seeing them.
        let mut found = 0;
        for path in files {
            let source =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let shown = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            for (m, has_example) in public_items(&source) {
                found += 1;
                if !has_example {
                    report.push(format!("{shown}:{} {}", m.line, m.item));
                }
            }
        }
        assert!(found > 0, "no public items found in module `{module}`; is the scanner broken?");
    }
    assert!(
        report.is_empty(),
        "{} public items have no runnable doc example:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[cfg(test)]
mod scanner {
    use super::*;

    fn items(source: &str) -> Vec<String> {
        scan(source).into_iter().map(|m| m.item).collect()
    }

    #[test]
    fn an_undocumented_public_function_is_reported() {
        let source = "pub fn quota() -> u64 {\n    4\n}\n";
        assert_eq!(scan(source), vec![Missing { line: 1, item: "fn quota".into() }]);
    }

    #[test]
    fn a_doc_comment_without_code_is_reported() {
        let source = "/// The quota.\npub const QUOTA: u64 = 4;\n";
        assert_eq!(items(source), ["const QUOTA"]);
    }

    #[test]
    fn an_example_counts_only_when_it_runs() {
        let source = [
            "/// ```\n/// assert_eq!(1, 1);\n/// ```\npub fn plain() {}",
            "/// ```rust,should_panic\n/// panic!();\n/// ```\npub fn marked() {}",
            "/// ```text\n/// 1\n/// ```\npub fn text() {}",
            "/// ```ignore\n/// x\n/// ```\npub fn ignored() {}",
            "/// ```no_run\n/// x\n/// ```\npub fn not_run() {}",
            "/// ```toml\n/// a = 1\n/// ```\npub struct Toml;",
        ]
        .join("\n");
        assert_eq!(items(&source), ["fn text", "fn ignored", "fn not_run", "struct Toml"]);
    }

    #[test]
    fn a_text_block_then_a_rust_block_has_an_example() {
        // The closing fence of the text block must not read as an opening Rust fence.
        let closing_only = "/// ```text\n/// x\n/// ```\npub fn f() {}\n";
        assert_eq!(items(closing_only), ["fn f"]);
        let both = "/// ```text\n/// x\n/// ```\n/// ```\n/// f();\n/// ```\npub fn f() {}\n";
        assert!(items(both).is_empty());
    }

    #[test]
    fn attributes_between_doc_and_item_are_allowed_and_blank_lines_end_a_doc() {
        let source = "/// ```\n/// x();\n/// ```\n#[derive(Debug)]\n#[non_exhaustive]\npub enum E { A }\n\n/// ```\n/// y();\n/// ```\n\npub struct S;\n";
        // The doc above `S` is cut off by the blank line, so `S` has none.
        assert_eq!(items(source), ["struct S"]);
    }

    #[test]
    fn methods_of_inherent_impls_count_and_restricted_items_do_not() {
        let source = "impl Game {\n    /// Doc.\n    pub fn members(&self) {}\n    pub(crate) fn hidden(&self) {}\n    fn private(&self) {}\n    pub const fn size(&self) -> usize { 0 }\n}\n";
        assert_eq!(items(source), ["fn members", "fn size"]);
    }

    #[test]
    fn methods_of_a_private_type_are_skipped() {
        let source = "pub(crate) struct Modulus(pub u32);\nimpl Modulus {\n    pub fn add(self) {}\n}\nstruct Hidden<'a>(&'a u8);\nimpl<'a> Hidden<'a> {\n    pub fn get(&self) {}\n}\npub struct Open;\nimpl Open {\n    pub fn shown(&self) {}\n}\n";
        assert_eq!(items(source), ["struct Open", "fn shown"]);
    }

    #[test]
    fn trait_impl_methods_and_trait_methods_are_covered_by_the_type_or_trait() {
        let source = "/// ```\n/// x();\n/// ```\npub trait T {\n    /// Doc.\n    fn f(&self);\n}\nimpl std::fmt::Display for S {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) }\n}\n";
        assert!(items(source).is_empty());
    }

    #[test]
    fn cfg_test_modules_and_items_are_skipped() {
        let source = "#[cfg(test)]\nmod tests {\n    pub fn helper() { let s = \"}\"; let c = '}'; }\n    pub struct Fixture;\n}\n#[cfg(test)]\npub fn one_line() {}\npub fn after() {}\n";
        assert_eq!(scan(source), vec![Missing { line: 8, item: "fn after".into() }]);
    }

    #[test]
    fn item_kinds_and_qualifiers_are_recognised() {
        assert_eq!(public_item("pub const fn new() {}").as_deref(), Some("fn new"));
        assert_eq!(public_item("    pub async unsafe fn go()").as_deref(), Some("fn go"));
        assert_eq!(public_item("pub const MAX: u8 = 1;").as_deref(), Some("const MAX"));
        assert_eq!(public_item("pub static mut N: u8 = 1;").as_deref(), Some("static N"));
        assert_eq!(public_item("pub type Index<T> = Vec<T>;").as_deref(), Some("type Index"));
        assert_eq!(public_item("pub trait SimpleGame: Sync {").as_deref(), Some("trait SimpleGame"));
        assert_eq!(public_item("pub struct Coalition(u64);").as_deref(), Some("struct Coalition"));
        assert_eq!(public_item("pub mod power;"), None);
        assert_eq!(public_item("pub use crate::game::Game;"), None);
        assert_eq!(public_item("pub(crate) fn hidden()"), None);
        assert_eq!(public_item("    pub weights: Vec<u64>,"), None);
    }

    #[test]
    fn the_modules_are_all_found() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for module in MODULES {
            assert!(!module_files(root, module).is_empty(), "module {module}");
        }
    }
}
