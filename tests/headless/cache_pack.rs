//! The search pack of a folder: each sheet's part equals the one made from
//! the parsed sheet, warm or cold; an edit (even at the same size and
//! modification time), an added or removed sheet is seen; a pack that is
//! damaged, of another version or for another folder is ignored and
//! replaced; a broken sheet is reported every time and never packed; and
//! `claimdesk search FOLDER` prints the same with the pack, without it, and
//! with processes writing it at once.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;
use claimdesk::domain::cache::Cache;
use claimdesk::domain::cache::pack::{self, SheetPart};
use claimdesk::domain::{Result, sheet};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/karzai-taliban-talks.claims.toml"
);

/// A folder of three sheets (copies of the sample, one with an edited
/// claim), and a cache.
fn setup() -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("desk");
    fs::create_dir(dir.path().join("cache")).unwrap();
    let text = fs::read_to_string(SAMPLE).unwrap();
    let mut sheets = Vec::new();
    for (n, sub) in ["a", "b", "c"].iter().enumerate() {
        fs::create_dir_all(folder.join(sub)).unwrap();
        let path = folder.join(sub).join("talks.claims.toml");
        let text = if n == 1 {
            text.replacen("Taliban", "Parliament", 1)
        } else {
            text.clone()
        };
        fs::write(&path, text).unwrap();
        sheets.push(path);
    }
    (dir, folder, sheets)
}

fn cache_of(dir: &tempfile::TempDir) -> Cache {
    Cache::at(dir.path().join("cache").join("sheets"))
}

/// The parts of `sheets` through the pack in `dir`'s cache, its write
/// waited for.
fn parts(dir: &tempfile::TempDir, folder: &Path, sheets: &[PathBuf]) -> Vec<Result<SheetPart>> {
    let (parts, write) = pack::folder_parts_in(Some(cache_of(dir)), folder, sheets, &|| {});
    write.finish();
    parts
}

/// Each part is the one made from the sheet parsed now.
fn assert_fresh(parts: &[Result<SheetPart>], sheets: &[PathBuf]) {
    assert_eq!(parts.len(), sheets.len());
    for (part, path) in parts.iter().zip(sheets) {
        let text = fs::read_to_string(path).unwrap();
        let want = SheetPart::of(&sheet::parse(path, &text, None).unwrap());
        let part = part.as_ref().unwrap();
        assert_eq!(part.index.items(), want.index.items(), "{}", path.display());
        assert_eq!(part.rows, want.rows, "{}", path.display());
    }
}

fn pack_file(dir: &tempfile::TempDir, folder: &Path) -> PathBuf {
    cache_of(dir).pack_file(&fs::canonicalize(folder).unwrap())
}

#[test]
fn parts_equal_the_parsed_sheets_cold_and_warm() {
    let (dir, folder, sheets) = setup();
    assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
    let file = pack_file(&dir, &folder);
    assert!(file.is_file(), "a pack was written");
    assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
    let (no_cache, _) = pack::folder_parts_in(None, &folder, &sheets, &|| {});
    assert_fresh(&no_cache, &sheets);
}

#[test]
fn an_edit_at_the_same_size_and_time_is_seen() {
    let (dir, folder, sheets) = setup();
    parts(&dir, &folder, &sheets);
    let path = &sheets[2];
    let text = fs::read_to_string(path).unwrap();
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    let edited = text.replacen("contacts had been made", "contacts hod been made", 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    fs::write(path, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let now = parts(&dir, &folder, &sheets);
    assert_fresh(&now, &sheets);
    let texts: Vec<&str> = now[2]
        .as_ref()
        .unwrap()
        .index
        .items()
        .iter()
        .map(|i| i.text.as_str())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("contacts hod")),
        "{texts:?}"
    );
}

#[test]
fn added_and_removed_sheets_are_seen() {
    let (dir, folder, mut sheets) = setup();
    parts(&dir, &folder, &sheets);
    fs::remove_file(sheets.remove(1)).unwrap();
    assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
    let added = folder.join("d.claims.toml");
    fs::copy(SAMPLE, &added).unwrap();
    sheets.push(added);
    assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
    assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
}

#[test]
fn damaged_packs_are_ignored_and_replaced() {
    let (dir, folder, sheets) = setup();
    parts(&dir, &folder, &sheets);
    let file = pack_file(&dir, &folder);
    let good = fs::read(&file).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let mut other_version = good.clone();
    other_version[8] = other_version[8].wrapping_add(1);
    let damaged: [(&str, Vec<u8>); 5] = [
        ("a flipped byte", flipped),
        ("truncated", good[..good.len() / 3].to_vec()),
        ("empty", Vec::new()),
        ("another version", other_version),
        ("not a pack", b"cdsheet\0 something else entirely".to_vec()),
    ];
    for (what, bytes) in damaged {
        fs::write(&file, &bytes).unwrap();
        assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
        assert_ne!(fs::read(&file).unwrap(), bytes, "{what}: replaced");
        assert_fresh(&parts(&dir, &folder, &sheets), &sheets);
    }
}

#[test]
fn a_pack_for_another_folder_is_not_used() {
    let (dir, folder, sheets) = setup();
    parts(&dir, &folder, &sheets);
    // The same layout under another folder, with other claims.
    let other = dir.path().join("other");
    let mut others = Vec::new();
    for sheet in &sheets {
        let to = other.join(sheet.strip_prefix(&folder).unwrap());
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        let text = fs::read_to_string(sheet).unwrap();
        fs::write(&to, text.replace("Taliban", "Tolibon")).unwrap();
        others.push(to);
    }
    fs::create_dir_all(pack_file(&dir, &other).parent().unwrap()).unwrap();
    fs::copy(pack_file(&dir, &folder), pack_file(&dir, &other)).unwrap();
    assert_fresh(&parts(&dir, &other, &others), &others);
}

#[test]
fn a_broken_sheet_is_reported_every_time_and_never_packed() {
    let (dir, folder, sheets) = setup();
    fs::write(&sheets[1], "format = 1\nthis is = not toml =\n").unwrap();
    for _ in 0..2 {
        let now = parts(&dir, &folder, &sheets);
        let err = now[1].as_ref().err().expect("a parse error").to_string();
        assert!(err.contains("talks.claims.toml:2:"), "{err}");
        assert_fresh(&[now.into_iter().next().unwrap()], &sheets[..1]);
    }
}

#[test]
fn search_prints_the_same_with_and_without_the_pack_and_with_writers_at_once() {
    let (dir, folder, _) = setup();
    let xdg = dir.path().join("xdg");
    fs::create_dir(&xdg).unwrap();
    let run = |extra: &[&str], query: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"));
        cmd.args(extra)
            .args(["search", "--format", "json"])
            .arg(&folder)
            .arg(query)
            .env("XDG_CACHE_HOME", &xdg)
            .env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"));
        cmd
    };
    common::all_succeed_at_once(4, || run(&[], "talks"));
    let left: Vec<_> = fs::read_dir(xdg.join("claimdesk/sheets"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "one pack, no temporary file left: {left:?}");
    for query in ["talks", "parliament", "@karzai", "'peace !talks"] {
        let warm = run(&[], query).output().unwrap();
        let cold = run(&["--no-cache"], query).output().unwrap();
        assert!(warm.status.success(), "{query}");
        assert_eq!(
            String::from_utf8_lossy(&warm.stdout),
            String::from_utf8_lossy(&cold.stdout),
            "{query}"
        );
    }
    let status = run(&[], "talks")
        .arg("--status")
        .arg("unreviewed")
        .output()
        .unwrap();
    let status_cold = run(&["--no-cache"], "talks")
        .arg("--status")
        .arg("unreviewed")
        .output()
        .unwrap();
    assert_eq!(status.stdout, status_cold.stdout);
}
