//! Only articles are articles: claimdesk's own outputs (exports, sheets and
//! the files beside them) and hidden folders are never listed, counted or
//! opened as articles, and `init` refuses them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use claimdesk::domain::workspace::{Workspace, articles_in, sheets_in};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env("CLAIMDESK_CONFIG", "/nonexistent")
        .env("USER", "tester");
    c
}

fn names(root: &Path, paths: Vec<std::path::PathBuf>) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect()
}

/// A folder with the sample, every export of it written by claimdesk
/// itself, the files kept beside a sheet, a sheet an older claimdesk made
/// for an export, and a hidden folder.
fn cluttered() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let article = claimdesk::cli::write_sample(root).unwrap();
    for format in ["md", "csv", "json", "html", "claimreview"] {
        let out = bin()
            .args(["export", article.to_str().unwrap(), "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let doc = claimdesk::domain::Doc::open(&article).unwrap();
        let format: claimdesk::domain::export::Format = format.parse().unwrap();
        let path = claimdesk::domain::export::output_path_for(&doc, format);
        fs::write(&path, &out.stdout).unwrap();
    }
    let sheet = root.join("karzai-taliban-talks.claims.toml");
    for extra in [".lock", ".recovery", ".mine", ".1.mine"] {
        fs::write(format!("{}{extra}", sheet.display()), "x").unwrap();
    }
    let junk = "format = 1\narticle = \"karzai-taliban-talks.verification.md\"\nsha256 = \"00\"\n";
    fs::write(
        root.join("karzai-taliban-talks.verification.claims.toml"),
        junk,
    )
    .unwrap();
    fs::create_dir_all(root.join(".git/x")).unwrap();
    fs::write(root.join(".git/x/notes.txt"), "Hidden notes.\n").unwrap();
    dir
}

#[test]
fn a_folder_full_of_outputs_lists_only_its_article() {
    let dir = cluttered();
    let root = dir.path();
    assert!(root.join("karzai-taliban-talks.verification.md").exists());
    assert!(
        root.join("karzai-taliban-talks.verification.jsonld")
            .exists()
    );
    assert_eq!(
        names(root, articles_in(root).unwrap()),
        ["karzai-taliban-talks.txt"]
    );
    assert_eq!(
        names(root, sheets_in(root).unwrap()),
        ["karzai-taliban-talks.claims.toml"]
    );
    let ws = Workspace::discover(root).unwrap();
    let listed: Vec<&str> = ws.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(listed, ["karzai-taliban-talks.txt"]);

    let out = bin()
        .args(["stats", root.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(!stdout.contains("verification"), "{stdout}");
}

#[test]
fn init_refuses_claimdesks_own_files() {
    let dir = cluttered();
    let export = dir.path().join("karzai-taliban-talks.verification.md");
    let out = bin()
        .args(["init", export.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is an export written by claimdesk, not an article"),
        "{err}"
    );
    let junk = dir
        .path()
        .join("karzai-taliban-talks.verification.claims.toml");
    assert!(
        fs::read_to_string(junk)
            .unwrap()
            .contains("sha256 = \"00\"")
    );
    // Opening it (as the TUI and a workspace do) makes no sheet either.
    let lonely = tempfile::tempdir().unwrap();
    let copy = lonely.path().join("story.verification.md");
    fs::copy(&export, &copy).unwrap();
    assert!(claimdesk::domain::workspace::open_article(&copy).is_err());
    assert!(
        !lonely
            .path()
            .join("story.verification.claims.toml")
            .exists()
    );
}
