//! Loading a sheet by the stamp of its file: a settled, unchanged sheet
//! comes from its cache entry without its text being read, and any doubt
//! (a young stamp, an edit in place at the same size and modification
//! time, a file replaced by rename) is a miss, the text read and hashed.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use claimdesk::domain::Sheet;
use claimdesk::domain::cache::Cache;
use claimdesk::domain::cache::pack::SETTLED;
use claimdesk::domain::cache::stamp::Stamped;
use claimdesk::domain::sheet;
use sha2::{Digest, Sha256};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/karzai-taliban-talks.claims.toml"
);

/// A folder with a copy of the sample sheet, and a cache.
fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    fs::copy(SAMPLE, &sheet).unwrap();
    let cache = Cache::at(dir.path().join("cache"));
    (dir, sheet, cache)
}

/// Load the sheet at `path` through `cache` as a reader does: its stamp
/// taken, then its text read.
fn load(cache: &Cache, path: &Path) -> (String, Sheet) {
    let stamped = Stamped::of_path(path);
    let text = fs::read_to_string(path).unwrap();
    let sheet = cache
        .parse_stamped(path, &text, stamped, &|_, _| {})
        .unwrap();
    (text, sheet)
}

fn by_stamp(cache: &Cache, path: &Path) -> Option<Sheet> {
    let now = Stamped::of_path(path).unwrap();
    cache.by_stamp(path, &now).map(|hit| hit.sheet)
}

/// Wait until every stamp written so far is settled.
fn settle() {
    std::thread::sleep(SETTLED + std::time::Duration::from_millis(200));
}

/// The sheet's text with one verdict changed, at the same size.
fn edited(text: &str) -> String {
    let edited = text.replacen("status = \"unconfirmed\"", "status = \"denied\"     ", 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    edited
}

fn set_modified(path: &Path, modified: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

#[test]
fn a_settled_sheet_loads_by_its_stamp_and_an_edit_in_place_is_caught() {
    let (_dir, path, cache) = setup();
    let (text, first) = load(&cache, &path);
    assert_eq!(first, sheet::parse(&path, &text, None).unwrap());
    assert!(
        by_stamp(&cache, &path).is_none(),
        "a young stamp is no proof"
    );
    settle();
    // Read and hashed once more: the same text, now with a settled stamp.
    assert_eq!(load(&cache, &path).1, first);
    let now = Stamped::of_path(&path).unwrap();
    let hit = cache.by_stamp(&path, &now).expect("loaded by the stamp");
    assert_eq!(hit.sheet, first);
    assert_eq!(hit.len, text.len());
    assert_eq!(
        hit.sha256,
        <[u8; 32]>::from(Sha256::digest(text.as_bytes()))
    );
    assert!(!hit.crlf);
    assert_eq!(by_stamp(&cache, &path), Some(first.clone()), "again");

    // Another program edits it in place at the same size and time.
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let other = edited(&text);
    fs::write(&path, &other).unwrap();
    set_modified(&path, modified);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert!(by_stamp(&cache, &path).is_none(), "the change time moved");
    let (_, loaded) = load(&cache, &path);
    assert_eq!(loaded, sheet::parse(&path, &other, None).unwrap());
    assert_ne!(loaded, first);
}

#[test]
fn a_sheet_replaced_by_rename_is_a_miss_even_with_the_same_text() {
    let (dir, path, cache) = setup();
    load(&cache, &path);
    settle();
    let (text, first) = load(&cache, &path);
    assert_eq!(by_stamp(&cache, &path), Some(first.clone()));
    // git checkout writes a new file and renames it over the old one.
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let temp = dir.path().join("checkout.tmp");
    fs::write(&temp, &text).unwrap();
    set_modified(&temp, modified);
    fs::rename(&temp, &path).unwrap();
    assert!(by_stamp(&cache, &path).is_none(), "another file");
    // The text decides: the same sheet, from the entry, hashed.
    assert_eq!(load(&cache, &path).1, first);
    // And a replacement with other text is another sheet.
    let other = edited(&text);
    fs::write(&temp, &other).unwrap();
    set_modified(&temp, modified);
    fs::rename(&temp, &path).unwrap();
    assert!(by_stamp(&cache, &path).is_none());
    assert_eq!(
        load(&cache, &path).1,
        sheet::parse(&path, &other, None).unwrap()
    );
}

#[test]
fn a_sheet_loaded_without_a_stamp_never_loads_by_one() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    cache.parse(&path, &text).unwrap();
    assert!(by_stamp(&cache, &path).is_none());
    assert_eq!(
        cache.cached(&path, &text),
        Some(sheet::parse(&path, &text, None).unwrap())
    );
}

#[cfg(unix)]
#[test]
fn an_entry_whose_stamp_still_stands_is_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, path, cache) = setup();
    load(&cache, &path);
    settle();
    load(&cache, &path);
    let entry = cache.entry_file(&path);
    let written = fs::metadata(&entry).unwrap().ino();
    // Held open, so that a new entry renamed over it cannot reuse its inode.
    let _held = fs::File::open(&entry).unwrap();
    // Loaded again through its text (as a small sheet always is): the
    // entry is used as it is, not written again (a write is a rename).
    assert!(by_stamp(&cache, &path).is_some());
    load(&cache, &path);
    load(&cache, &path);
    assert_eq!(fs::metadata(&entry).unwrap().ino(), written);
}
