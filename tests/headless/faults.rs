//! Faults inflicted on real processes and file systems: kill -9 in the
//! middle of saves, a full disk, a read-only folder. Each test that needs
//! root (to mount a small tmpfs) skips cleanly without it.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use claimdesk::domain::sheet;
use claimdesk::domain::{Doc, Stamp, Status};
use common::{Unmount, mount_tmpfs};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_into(dir: &Path) -> PathBuf {
    let article = dir.join("karzai-taliban-talks.txt");
    fs::copy(root().join("data/karzai-taliban-talks.txt"), &article).unwrap();
    fs::copy(
        root().join("data/karzai-taliban-talks.claims.toml"),
        dir.join("karzai-taliban-talks.claims.toml"),
    )
    .unwrap();
    article
}

/// A small pseudo-random sequence, seeded: the test is repeatable.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn kill_9_during_saves_never_leaves_a_broken_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_into(dir.path());
    let sheet_path = dir.path().join("karzai-taliban-talks.claims.toml");
    let mut rng = Lcg(0x5eed);
    // How long one whole save takes here (the fastest of three, so a cold
    // first start does not stretch every round): kills land anywhere from
    // start-up to well after the rename.
    let mut fastest = Duration::from_secs(3600);
    for _ in 0..3 {
        let t0 = std::time::Instant::now();
        let ok = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args(["mark", article.to_str().unwrap(), "C1", "unconfirmed"])
            .env("CLAIMDESK_CONFIG", "/nonexistent")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(ok.success());
        fastest = fastest.min(t0.elapsed());
    }
    let span = (fastest.as_micros() as u64 * 3 / 2).clamp(1_000, 60_000);
    let (mut interrupted, mut completed) = (0, 0);
    for round in 0..300 {
        let before = fs::read_to_string(&sheet_path).unwrap();
        let old = sheet::parse(&sheet_path, &before, None).unwrap();
        let id = format!("C{}", rng.next(15) + 1);
        let status = ["confirmed", "unconfirmed", "denied"][rng.next(3) as usize];
        let note = format!("round {round}\nsecond line");
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args([
                "mark",
                article.to_str().unwrap(),
                &id,
                status,
                "--note",
                &note,
            ])
            .env("CLAIMDESK_CONFIG", "/nonexistent")
            .env("USER", "tester")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(span)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let after = fs::read_to_string(&sheet_path).unwrap();
        let new = sheet::parse(&sheet_path, &after, Some(2018))
            .unwrap_or_else(|e| panic!("round {round}: the sheet no longer parses: {e}"));
        if after == before {
            interrupted += 1;
            continue;
        }
        completed += 1;
        // Exactly the one change, whole.
        for (o, n) in old.claims.iter().zip(&new.claims) {
            if o.id == id {
                assert_eq!(n.status.as_str(), status, "round {round}");
                assert_eq!(n.note, note, "round {round}");
            } else {
                assert_eq!(o, n, "round {round}: another claim changed");
            }
        }
    }
    eprintln!(
        "kill -9: {interrupted} rounds killed before the rename, {completed} completed (delays up to {span} µs)"
    );
    assert_eq!(interrupted + completed, 300);
    // Temporary files of killed saves may stay behind, but never the sheet's name.
    let sheets = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".claims.toml")
        })
        .count();
    assert_eq!(sheets, 1);
}

/// Mount a tmpfs of `size` at `dir`; false (and the test skips) if this
/// process may not mount.
#[test]
#[cfg_attr(not(claimdesk_root), ignore = "needs root (mounts a small tmpfs)")]
fn full_disk_keeps_the_sheet_and_the_change_until_space_returns() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    fs::create_dir(&mnt).unwrap();
    assert!(
        mount_tmpfs(&mnt, "256k"),
        "cannot mount a tmpfs at {} although running as root",
        mnt.display()
    );
    let _guard = Unmount(mnt.clone());
    let article = sample_into(&mnt);
    let mut doc = Doc::open(&article).unwrap();
    let before = fs::read(&doc.sheet_path).unwrap();
    // Fill the disk.
    let filler = mnt.join("filler");
    let chunk = vec![b'x'; 4096];
    {
        use std::io::Write;
        let mut f = fs::File::create(&filler).unwrap();
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
    }
    doc.sheet
        .claim_mut("C4")
        .unwrap()
        .set_status(Status::Denied, "ana", Stamp::now());
    let e = doc.save().unwrap_err().to_string();
    assert!(e.contains("No space left on device"), "{e}");
    assert_eq!(
        fs::read(&doc.sheet_path).unwrap(),
        before,
        "the sheet on disk is byte-identical"
    );
    assert!(doc.is_dirty(), "the change is kept in memory");
    fs::remove_file(&filler).unwrap();
    doc.save().unwrap();
    assert_eq!(
        Doc::open(&article)
            .unwrap()
            .sheet
            .claim("C4")
            .unwrap()
            .status,
        Status::Denied
    );
}

#[test]
#[cfg_attr(not(claimdesk_root), ignore = "needs root (mounts a small tmpfs)")]
fn read_only_folder_is_a_clear_error_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("ro");
    fs::create_dir(&mnt).unwrap();
    assert!(
        mount_tmpfs(&mnt, "1m"),
        "cannot mount a tmpfs at {} although running as root",
        mnt.display()
    );
    let _guard = Unmount(mnt.clone());
    let article = sample_into(&mnt);
    let sheet = mnt.join("karzai-taliban-talks.claims.toml");
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mnt)
        .status()
        .unwrap();
    assert!(remount.success());
    let before = fs::read(&sheet).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(["mark", article.to_str().unwrap(), "C1", "denied"])
        .env("CLAIMDESK_CONFIG", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("karzai-taliban-talks.claims.toml: cannot create a temporary file beside it: Read-only file system"),
        "{err}"
    );
    assert!(err.contains("claim C1 was not saved"), "{err}");
    assert_eq!(fs::read(&sheet).unwrap(), before);
}

/// Sheets that are not sheets: each a clear error with its position, the
/// file never overwritten, never an empty workbench.
#[test]
fn hostile_sheets_are_refused_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let article = sample_into(dir.path());
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    let good = fs::read(&sheet).unwrap();
    let head = "format = 1\narticle = \"karzai-taliban-talks.txt\"\nsha256 = \"x\"\n";
    let nested = format!("{head}x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "claims.toml: is empty"),
        (vec![0u8; 4096], "claims.toml:1:1: contains a NUL byte"),
        (good[..good.len() / 2].to_vec(), "claims.toml:"),
        (
            [&good[..100], b"\xff\xfe", &good[100..]].concat(),
            "claims.toml:3:",
        ),
        (
            [b"\xef\xbb\xbf".as_slice(), &good].concat(),
            "claims.toml:1:1: starts with a byte-order mark",
        ),
        (
            b"format = 1\narticle = \"a.txt\"\n".to_vec(),
            "claims.toml:1:1: missing field `sha256`",
        ),
        (
            b"format = \"1\"\narticle = \"a.txt\"\nsha256 = \"x\"\n".to_vec(),
            "claims.toml:1:1: unknown sheet format \"1\"",
        ),
        (nested.into_bytes(), "claims.toml:4:"),
    ];
    for (bytes, message) in cases {
        fs::write(&sheet, &bytes).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args(["mark", article.to_str().unwrap(), "C1", "denied"])
            .env("CLAIMDESK_CONFIG", "/nonexistent")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{message}: {err}");
        assert!(err.contains(message), "expected {message:?} in {err:?}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert_eq!(
            fs::read(&sheet).unwrap(),
            bytes,
            "{message}: never overwritten"
        );
    }
    // A sheet over the size limit is refused before it is read.
    let big = fs::File::create(&sheet).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(["list", sheet.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is 209715200 bytes, over the 67108864 byte (64 MiB) limit")
    );
}

/// Articles that are not articles, and big ones that are.
#[test]
fn hostile_and_huge_articles() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let e = claimdesk::domain::Article::load(&fifo)
            .unwrap_err()
            .to_string();
        assert!(e.contains("pipe.txt: is not a regular file"), "{e}");
    }
    let e = claimdesk::domain::Article::load(Path::new("/dev/zero"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("/dev/zero: is not a regular file"), "{e}");
    // One line of 1 MB, and 50 MB of text: both load.
    let line = dir.path().join("line.txt");
    fs::write(&line, "word ".repeat(200_000)).unwrap();
    let a = claimdesk::domain::Article::load(&line).unwrap();
    assert_eq!(a.char_len(), 1_000_000);
    assert_eq!(a.slice(999_995, 1_000_000), Some("word "));
    let big = dir.path().join("big.txt");
    let para = "The council said the bridge, built in 1974, carries 12,000 cars a day.\n";
    fs::write(&big, para.repeat(50_000_000 / para.len())).unwrap();
    let a = claimdesk::domain::Article::load(&big).unwrap();
    assert!(a.text.len() > 49_000_000);
    let mid = a.char_len() / 2;
    assert_eq!(a.char_of(a.byte_of(mid).unwrap()), Some(mid));
}
