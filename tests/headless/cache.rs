//! The sheet cache: a hit gives exactly the parsed sheet, any change to the
//! text misses (even at the same size and modification time), and a cache
//! file that is damaged, foreign, of another version or unwritable is
//! ignored and replaced, never an error.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common;
use assert_cmd::Command;
use claimdesk::domain::cache::Cache;
use claimdesk::domain::sheet;
use claimdesk::domain::{Claim, Sheet, Stamp, Status};
use proptest::prelude::*;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/karzai-taliban-talks");

/// A folder with a copy of the sample article and sheet, and a cache.
fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    fs::copy(
        format!("{SAMPLE}.txt"),
        dir.path().join("karzai-taliban-talks.txt"),
    )
    .unwrap();
    fs::copy(format!("{SAMPLE}.claims.toml"), &sheet).unwrap();
    let cache = Cache::at(dir.path().join("cache"));
    (dir, sheet, cache)
}

fn parsed(path: &Path, text: &str) -> Sheet {
    sheet::parse(path, text, None).unwrap()
}

#[test]
fn a_second_load_is_a_hit_equal_to_the_parse() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    assert!(cache.cached(&path, &text).is_none(), "cold cache");
    assert_eq!(cache.parse(&path, &text).unwrap(), parsed(&path, &text));
    assert_eq!(cache.cached(&path, &text), Some(parsed(&path, &text)));
    assert_eq!(cache.parse(&path, &text).unwrap(), parsed(&path, &text));
}

#[test]
fn an_edit_at_the_same_size_and_time_misses() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    cache.parse(&path, &text).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let edited = text.replacen("status = \"unconfirmed\"", "status = \"denied\"     ", 1);
    assert_eq!(edited.len(), text.len());
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert!(cache.cached(&path, &edited).is_none(), "the hash decides");
    let loaded = cache.parse(&path, &edited).unwrap();
    assert_eq!(loaded, parsed(&path, &edited));
    assert_ne!(loaded, parsed(&path, &text));
}

#[test]
fn a_sheet_replaced_by_checkout_misses_then_its_old_text_hits_again() {
    let (dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    cache.parse(&path, &text).unwrap();
    // git checkout writes a new file and renames it over the old one.
    let other = text.replacen("status = \"unconfirmed\"", "status = \"confirmed\"", 1);
    let temp = dir.path().join("checkout.tmp");
    fs::write(&temp, &other).unwrap();
    fs::rename(&temp, &path).unwrap();
    assert!(cache.cached(&path, &other).is_none());
    assert_eq!(cache.parse(&path, &other).unwrap(), parsed(&path, &other));
    // Back to the first text, in yet another file: the same sheet.
    fs::write(&temp, &text).unwrap();
    fs::rename(&temp, &path).unwrap();
    assert!(
        cache.cached(&path, &text).is_none(),
        "the entry was replaced"
    );
    assert_eq!(cache.parse(&path, &text).unwrap(), parsed(&path, &text));
    assert_eq!(cache.cached(&path, &text), Some(parsed(&path, &text)));
}

#[test]
fn damaged_cache_files_are_ignored_and_replaced() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    cache.parse(&path, &text).unwrap();
    let entry = cache.entry_file(&path);
    let good = fs::read(&entry).unwrap();
    let mut wrong_version = good.clone();
    wrong_version[8] = 2;
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0xff;
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("magic only", good[..8].to_vec()),
        ("wrong version", wrong_version),
        ("flipped byte", flipped),
        ("garbage", b"not a cache file at all \xff\xfe".to_vec()),
    ];
    for (what, bytes) in damages {
        fs::write(&entry, &bytes).unwrap();
        if let Some(hit) = cache.cached(&path, &text) {
            // A flipped byte inside a string may still decode: it must
            // then be caught as not this sheet, or be this sheet.
            assert_eq!(hit, parsed(&path, &text), "{what}");
        }
        assert_eq!(
            cache.parse(&path, &text).unwrap(),
            parsed(&path, &text),
            "{what}"
        );
        assert_eq!(fs::read(&entry).unwrap(), good, "{what}: replaced");
    }
}

#[test]
fn an_entry_for_another_sheet_is_not_used() {
    let (dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    cache.parse(&path, &text).unwrap();
    let twin = dir.path().join("twin.claims.toml");
    fs::copy(&path, &twin).unwrap();
    fs::copy(cache.entry_file(&path), cache.entry_file(&twin)).unwrap();
    assert!(cache.cached(&twin, &text).is_none());
    assert_eq!(cache.parse(&twin, &text).unwrap(), parsed(&twin, &text));
}

#[test]
fn a_read_only_cache_folder_is_no_error() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    let folder = cache.entry_file(&path).parent().unwrap().to_path_buf();
    fs::create_dir_all(&folder).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    for _ in 0..2 {
        assert_eq!(cache.parse(&path, &text).unwrap(), parsed(&path, &text));
    }
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn load_errors_keep_their_place() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    let bad = text.replacen("status = \"unconfirmed\"", "status = \"maybe\"", 1);
    let line = bad[..bad.find("\"maybe\"").unwrap()].matches('\n').count() + 1;
    for _ in 0..2 {
        let e = cache.parse(&path, &bad).unwrap_err().to_string();
        assert_eq!(e, sheet::parse(&path, &bad, None).unwrap_err().to_string());
        let place = format!("{}:{line}:", path.display());
        assert!(e.starts_with(&place), "{e}");
    }
    assert!(cache.cached(&path, &bad).is_none(), "errors are not cached");
}

#[test]
fn threads_writing_one_entry_at_once_leave_a_whole_one() {
    let (_dir, path, cache) = setup();
    let text = fs::read_to_string(&path).unwrap();
    let dir = cache.entry_file(&path).parent().unwrap().to_path_buf();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let cache = Cache::at(&dir);
                for _ in 0..10 {
                    assert_eq!(cache.parse(&path, &text).unwrap(), parsed(&path, &text));
                    let _ = fs::remove_file(cache.entry_file(&path));
                }
                cache.parse(&path, &text).unwrap();
            });
        }
    });
    assert_eq!(cache.cached(&path, &text), Some(parsed(&path, &text)));
    let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary files left: {left:?}");
}

#[test]
fn processes_writing_at_once_and_no_cache() {
    let (dir, path, _) = setup();
    let xdg = dir.path().join("xdg");
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"));
        cmd.args(extra)
            .arg("stats")
            .arg(&path)
            .env("XDG_CACHE_HOME", &xdg)
            .env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    };
    let entries = || fs::read_dir(xdg.join("claimdesk/sheets")).map_or(0, |d| d.count());
    // No cache is made under a cache home that does not exist.
    Command::from_std(run(&[], &[])).assert().success();
    assert!(!xdg.exists());
    fs::create_dir(&xdg).unwrap();
    Command::from_std(run(&["--no-cache"], &[]))
        .assert()
        .success();
    Command::from_std(run(&[], &[("CLAIMDESK_NO_CACHE", "1")]))
        .assert()
        .success();
    assert_eq!(entries(), 0, "the cache stays off");
    common::all_succeed_at_once(4, || run(&[], &[]));
    assert_eq!(entries(), 1);
    let text = fs::read_to_string(&path).unwrap();
    let cache = Cache::at(xdg.join("claimdesk/sheets"));
    assert_eq!(cache.cached(&path, &text), Some(parsed(&path, &text)));
    let warm = run(&[], &[]).output().unwrap();
    let cold = run(&["--no-cache"], &[]).output().unwrap();
    assert_eq!(warm.stdout, cold.stdout);
}

fn stamp(n: u32) -> Stamp {
    Stamp::parse(&format!(
        "2026-{:02}-{:02}T{:02}:{:02}:07+0{}:00",
        1 + n % 12,
        1 + n % 28,
        n % 24,
        n % 60,
        n % 6
    ))
    .unwrap()
}

fn arb_sheet() -> impl Strategy<Value = Sheet> {
    let claim = (
        "[a-zA-Z ,.'\"é—\n]{1,60}",
        proptest::option::of("[A-Za-z ]{1,12}"),
        0u32..4,
        "[a-z \n\\\\]{0,20}",
        proptest::collection::vec("https://[a-z]{1,8}\\.org", 0..3),
        any::<bool>(),
        0u32..1000,
    );
    (
        proptest::collection::vec(claim, 0..12),
        proptest::option::of("[a-z]{1,10}"),
    )
        .prop_map(|(claims, title)| {
            let mut sheet = Sheet::new("a.txt", "00");
            sheet.byline = title.clone();
            sheet.language = title.as_ref().map(|_| "en".to_owned());
            sheet.title = title;
            let mut article = String::new();
            for (i, (text, speaker, status, note, sources, orphan, n)) in
                claims.into_iter().enumerate()
            {
                let start = article.chars().count();
                article.push_str(&text);
                let end = article.chars().count();
                article.push(' ');
                let mut c = Claim::new(format!("C{}", i + 1), &article, start, end);
                c.speaker = speaker;
                if n % 3 == 0 {
                    // Text edited away from the article's words: a quote of its own.
                    c.text = format!("{} (edited)", c.text);
                }
                c.note = note;
                c.sources = sources;
                c.orphan = orphan;
                c.score = Some(claimdesk::domain::Score::new(n as f32 / 1000.0));
                if status > 0 {
                    let s = [Status::Confirmed, Status::Unconfirmed, Status::Denied];
                    c.set_status(s[status as usize - 1], "ana", stamp(n));
                }
                // Every optional field of a claim goes through the cache too.
                c.assignee = c.speaker.clone();
                c.pending = status > 0 && n % 2 == 0;
                c.needs_review = status > 0 && n % 5 == 0;
                if n % 7 == 0 {
                    c.disputes.push(claimdesk::domain::claim::Dispute {
                        at: stamp(n),
                        by: "bo".into(),
                        status: Status::Denied,
                        note: "no".into(),
                    });
                }
                sheet.claims.push(c);
            }
            // Tombstones, deleted and dismissed, and the article's history.
            for (i, dismissed) in [false, true].into_iter().enumerate() {
                if sheet.claims.len() > i {
                    sheet.deleted.push(claimdesk::domain::claim::Tombstone {
                        id: format!("C{}", 100 + i),
                        text: "gone".into(),
                        deleted_at: stamp(i as u32),
                        by: "bo".into(),
                        dismissed,
                    });
                }
            }
            if let Some(site) = sheet.title.clone() {
                let field = claimdesk::domain::meta::Field::Site;
                claimdesk::domain::meta::set(&mut sheet, field, &site, "ana", stamp(2)).unwrap();
            }
            sheet
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn loaded_from_the_cache_equals_parsed(sheet in arb_sheet()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.claims.toml");
        let text = sheet::render(&sheet);
        fs::write(&path, &text).unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        let first = cache.parse(&path, &text).unwrap();
        let again = cache.cached(&path, &text);
        prop_assert_eq!(&first, &parsed(&path, &text));
        prop_assert_eq!(again.as_ref(), Some(&first));
    }
}
