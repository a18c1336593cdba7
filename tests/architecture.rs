//! The layers import downward only: domain ← app ← view ← runtime ← cli,
//! with `config` and `sample` beside the domain (they may use it; it never
//! uses them, nor anything above it). The domain never mentions a terminal
//! crate.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every top-level module a file names through `crate::`, including those
/// in a grouped `use crate::{a, b::c}`.
fn crate_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // (files, modules they must never name)
    let rules: &[(&str, &[&str])] = &[
        ("domain", &["config", "app", "view", "runtime", "cli"]),
        ("config.rs", &["app", "view", "runtime", "cli"]),
        ("sample.rs", &["config", "app", "view", "runtime", "cli"]),
        ("app", &["view", "runtime", "cli"]),
        ("view", &["runtime", "cli"]),
        ("runtime", &["cli"]),
    ];
    let mut checked = 0;
    for (layer, banned) in rules {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        for f in files {
            let text = fs::read_to_string(&f).unwrap();
            for module in crate_modules(&text) {
                assert!(
                    !banned.contains(&module.as_str()),
                    "{} (layer `{layer}`) imports crate::{module}, a layer above it",
                    f.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} files checked");
}

#[test]
fn the_module_finder_sees_grouped_imports() {
    assert_eq!(
        crate_modules("use crate::{app::Action, view};\nlet x = crate::cli::warn;"),
        ["app", "view", "cli"]
    );
}

#[test]
fn domain_never_imports_the_terminal() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain"),
        &mut files,
    );
    assert!(files.len() >= 6);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        for banned in ["ratatui", "crossterm"] {
            assert!(
                !text.contains(banned),
                "{} mentions {banned}: the domain layer must stay terminal-free",
                f.display()
            );
        }
    }
}

/// Keys reach the app as commands of the keymap: only the keymap itself
/// names key codes (text editors take raw keys whole, by `input(key)`,
/// without naming any).
#[test]
fn only_the_keymap_matches_key_codes() {
    const ALLOWED: [&str; 1] = ["src/app/keymap.rs"];
    let mut files = Vec::new();
    for dir in ["src/app", "src/runtime", "src/view"] {
        rust_files(Path::new(dir), &mut files);
    }
    let mut found = Vec::new();
    for f in files {
        let name = f.to_string_lossy().replace('\\', "/");
        if ALLOWED.contains(&name.as_str()) {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains("KeyCode::") || line.contains("KeyModifiers::") {
                found.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "keys matched outside the keymap (bind a command in src/app/keymap.toml):\n{}",
        found.join("\n")
    );
}
