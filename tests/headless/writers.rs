//! Several writers on one sheet: saves merge what others saved instead of
//! overwriting it, the disputed-verdicts popup answers only to `M`, `T` and
//! `Esc`, and concurrent `mark` calls and a TUI lose nothing they reported
//! as saved (the real binary, raced many times).

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use claimdesk::app::{Action, AppState, Effect, Keymap, Popup, update};
use claimdesk::domain::{Doc, Stamp, Status};
use common::{Pty, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn fixed_now() -> Stamp {
    Stamp::parse("2026-11-28T14:03:07Z").unwrap()
}

fn sample() -> (tempfile::TempDir, PathBuf, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = fixed_now;
    update(&mut s, Action::Resize(120, 40));
    (dir, article, s)
}

fn typed(s: &mut AppState, keys: &str) -> Vec<Effect> {
    keys.chars()
        .flat_map(|c| {
            let code = if c == '\x1b' {
                KeyCode::Esc
            } else {
                KeyCode::Char(c)
            };
            update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        })
        .collect()
}

/// Another writer (a CLI call, another window) saves a verdict on claim `i`.
fn elsewhere(article: &Path, i: usize, status: Status, note: &str) {
    let mut other = Doc::open(article).unwrap();
    let at = Stamp::parse("2026-11-28T14:00:00Z").unwrap();
    other.sheet.claims[i].set_status(status, "bo", at);
    other.sheet.claims[i].set_field("note", note.into(), "bo", at);
    other.save().unwrap();
}

/// The sample where another writer denied C1 while this window confirmed
/// it: the save merged, and C1 is disputed.
fn judged_both_ways() -> (tempfile::TempDir, PathBuf, AppState) {
    let (dir, article, mut s) = sample();
    elsewhere(&article, 0, Status::Denied, "CLI says no");
    let e = typed(&mut s, "c");
    perform_all(&mut s, e);
    (dir, article, s)
}

#[test]
fn a_save_merges_changes_to_other_claims_without_asking() {
    let (_d, article, mut s) = sample();
    elsewhere(&article, 1, Status::Denied, "from the CLI");
    let e = typed(&mut s, "c");
    perform_all(&mut s, e);
    assert!(s.popups.is_empty(), "nothing to ask: {:?}", s.popups);
    assert!(matches!(s.save, claimdesk::app::SaveState::Saved(_)));
    assert!(s.message.as_deref().unwrap().contains("merged"));
    let disk = Doc::open(&article).unwrap().sheet;
    assert_eq!(disk.claims[0].status, Status::Confirmed);
    assert_eq!(disk.claims[1].status, Status::Denied);
    assert_eq!(disk.claims[1].note, "from the CLI");
    assert_eq!(disk, s.doc.sheet);
    // With nothing unsaved, a change on disk is simply reloaded.
    elsewhere(&article, 2, Status::Denied, "again");
    let a = claimdesk::runtime::check_disk(&mut s).unwrap();
    update(&mut s, a);
    assert_eq!(s.doc.sheet.claims[2].status, Status::Denied);
}

#[test]
fn a_verdict_set_both_ways_asks_and_only_m_t_esc_answer() {
    let (_d, article, mut s) = judged_both_ways();
    let sheet = s.doc.sheet_path.clone();
    assert!(matches!(s.popups.last(), Some(Popup::Conflict)));
    let screen = common::draw(&s, 120, 40);
    assert!(screen.contains("Disputed verdicts"), "{screen}");
    assert!(screen.contains("denied by bo: CLI says no"), "{screen}");
    assert!(screen.contains("confirmed by you"), "{screen}");
    assert!(screen.contains("M keep mine"), "{screen}");
    // Both verdicts are in the sheet on disk already, as data.
    let disk = Doc::open(&article).unwrap().sheet;
    assert_eq!(disk.claims[0].disputes.len(), 2);
    // Everyday keys do nothing while it is open.
    let before = fs::read(&sheet).unwrap();
    let e = typed(&mut s, "jkqcdu");
    assert!(e.is_empty(), "{e:?}");
    assert!(matches!(s.popups.last(), Some(Popup::Conflict)));
    assert!(!s.session.quitting);
    assert_eq!(fs::read(&sheet).unwrap(), before);
    // Esc leaves it for later; the dispute stays in the sheet.
    assert!(typed(&mut s, "\x1b").is_empty());
    assert!(s.popups.is_empty());
    assert_eq!(
        Doc::open(&article).unwrap().sheet.claims[0].disputes.len(),
        2
    );
    // T takes theirs for this claim only.
    s.popups.push(Popup::Conflict);
    let e = typed(&mut s, "T");
    assert_eq!(e, vec![Effect::Save]);
    perform_all(&mut s, e);
    assert!(s.popups.is_empty());
    let c = &Doc::open(&article).unwrap().sheet.claims[0];
    assert_eq!(c.status, Status::Denied);
    assert!(c.disputes.is_empty());
    assert_eq!(c.history.last().unwrap().field, "dispute");
}

#[test]
fn keep_mine_settles_one_claim_and_keeps_the_others_work() {
    let (_d, article, mut s) = judged_both_ways();
    assert!(matches!(s.popups.last(), Some(Popup::Conflict)));
    // Meanwhile the CLI marks another claim.
    elsewhere(&article, 9, Status::Denied, "CLI on C10");
    let e = typed(&mut s, "M");
    perform_all(&mut s, e);
    assert!(s.popups.is_empty());
    let disk = Doc::open(&article).unwrap().sheet;
    assert_eq!(disk.claims[0].status, Status::Confirmed);
    assert!(disk.claims[0].disputes.is_empty());
    assert_eq!(
        disk.claims[9].status,
        Status::Denied,
        "the other's work stays"
    );
    assert_eq!(disk.claims[9].note, "CLI on C10");
}

// ------------------------------------------------------- the real binary

fn claimdesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env(
        "CLAIMDESK_CONFIG",
        "/nonexistent/claimdesk-test-config.toml",
    );
    c
}

/// One `mark` call: whether it said it saved.
fn mark(article: &Path, id: &str, note: &str, who: &str) -> bool {
    claimdesk()
        .args(["--analyst", who, "mark"])
        .arg(article)
        .args([id, "denied", "--note", note, "--source"])
        .arg(format!("https://example.org/{note}"))
        .output()
        .unwrap()
        .status
        .success()
}

/// `loops` concurrent loops of `calls` marks each (loop k on the claims
/// `ids(k)`); every acknowledged note and source must be in the final sheet.
fn race(loops: usize, calls: usize, ids: fn(usize, usize) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let acked: Vec<Vec<(String, String)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..loops)
            .map(|k| {
                let article = article.clone();
                scope.spawn(move || {
                    let mut acked = Vec::new();
                    for n in 0..calls {
                        let (id, note) = (ids(k, n), format!("L{k}-N{n}"));
                        if mark(&article, &id, &note, &format!("w{k}")) {
                            acked.push((id, note));
                        }
                    }
                    acked
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let sheet = Doc::open(&article).expect("the sheet parses").sheet;
    let mut count = 0;
    for (id, note) in acked.iter().flatten() {
        let c = sheet.claim(id).unwrap();
        assert!(
            c.history.iter().any(|h| h.field == "note" && h.to == *note),
            "{id}: the acknowledged note {note} is lost"
        );
        assert!(
            c.sources.contains(&format!("https://example.org/{note}")),
            "{id}: the source of {note} is lost"
        );
        count += 1;
    }
    assert_eq!(count, loops * calls, "every call said saved");
}

#[test]
fn two_concurrent_mark_loops_lose_nothing() {
    for _round in 0..3 {
        race(2, 12, |k, _| format!("C{}", k + 1));
        race(2, 12, |_, _| "C1".into());
    }
}

#[test]
fn eight_concurrent_mark_loops_lose_nothing() {
    for _round in 0..2 {
        race(8, 5, |k, n| format!("C{}", 1 + (k + n) % 8));
        race(8, 5, |_, _| "C3".into());
    }
}

/// A TUI marks claims while CLI loops mark others: every verdict the TUI
/// saved and every call the CLI acknowledged is in the sheet.
#[test]
fn a_tui_and_cli_loops_at_once_lose_nothing() {
    for _round in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let article = claimdesk::cli::write_sample(dir.path()).unwrap();
        let mut tui = Pty::spawn(
            dir.path(),
            &["--analyst".as_ref(), "tui".as_ref(), article.as_os_str()],
            &[],
            (100, 30),
        );
        tui.wait_for(&|s| s.contains("/15 reviewed"));
        let acked: Vec<bool> = std::thread::scope(|scope| {
            let loops: Vec<_> = (0..2)
                .map(|k| {
                    let article = article.clone();
                    scope.spawn(move || {
                        (0..8)
                            .map(|n| {
                                mark(
                                    &article,
                                    &format!("C{}", 12 + k),
                                    &format!("T{k}-{n}"),
                                    "cli",
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            // Five verdicts in the TUI (each moves to the next unreviewed
            // claim, all before C10).
            for _ in 0..5 {
                tui.send(b"c");
            }
            loops.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        tui.send(b"q");
        assert_eq!(tui.exit_code(), 0);
        assert!(acked.iter().all(|a| *a));
        let sheet = Doc::open(&article).unwrap().sheet;
        let by_tui = sheet
            .claims
            .iter()
            .flat_map(|c| &c.history)
            .filter(|h| h.by == "tui" && h.field == "status")
            .count();
        assert_eq!(by_tui, 5, "every verdict the TUI made is in the sheet");
        for k in 0..2 {
            let c = sheet.claim(&format!("C{}", 12 + k)).unwrap();
            let notes = c.history.iter().filter(|h| h.field == "note").count();
            assert_eq!(notes, 8, "C{}: every CLI note", 12 + k);
        }
    }
}

// ------------------------------------------------ links, modes, init

fn status_of(article: &Path, i: usize) -> Status {
    Doc::open(article).unwrap().sheet.claims[i].status
}

#[cfg(unix)]
#[test]
fn mark_writes_through_a_symlink_and_refuses_read_only_or_hard_linked_sheets() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let real = claimdesk::domain::store::sheet_path_for(&article);
    let link = dir.path().join("link.claims.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = claimdesk()
        .args(["mark"])
        .arg(&link)
        .args(["C1", "denied"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        status_of(&article, 0),
        Status::Denied,
        "written at the target"
    );
    // Read-only: refused, untouched.
    fs::set_permissions(&real, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&real).unwrap();
    let out = claimdesk()
        .args(["mark"])
        .arg(&article)
        .args(["C2", "denied"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is read-only"), "{err}");
    assert_eq!(fs::read(&real).unwrap(), before);
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // Hard-linked: reported, untouched.
    fs::set_permissions(&real, fs::Permissions::from_mode(0o644)).unwrap();
    let twin = dir.path().join("twin.toml");
    fs::hard_link(&real, &twin).unwrap();
    let out = claimdesk()
        .args(["mark"])
        .arg(&article)
        .args(["C2", "denied"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has 2 hard links"), "{err}");
    assert_eq!(fs::read(&twin).unwrap(), fs::read(&real).unwrap());
}

#[test]
fn init_force_refuses_a_broken_sheet_unless_told_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    fs::write(
        &article,
        "Alice said the bridge is 40 years old. Bob denied it.\n",
    )
    .unwrap();
    let sheet = claimdesk::domain::store::sheet_path_for(&article);
    let broken = "<<<<<<< HEAD\nformat = 1\n=======\n>>>>>>> theirs\n";
    fs::write(&sheet, broken).unwrap();
    let out = claimdesk()
        .arg("init")
        .arg(&article)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not parse") && err.contains("--discard-broken"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&sheet).unwrap(), broken);
    let out = claimdesk()
        .arg("init")
        .arg(&article)
        .args(["--force", "--discard-broken"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept = dir.path().join("story.claims.toml.broken");
    assert_eq!(fs::read_to_string(&kept).unwrap(), broken);
    assert!(Doc::open(&article).is_ok());
    // Lock files and unsaved work are kept out of git.
    let ignore = fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignore.contains("*.claims.toml.lock\n"), "{ignore}");
    assert!(ignore.contains("*.claims.toml.recovery*\n"), "{ignore}");
}

#[test]
fn the_disputed_verdicts_popup_snapshot() {
    let (_d, _article, mut s) = sample();
    let at = Stamp::parse("2026-11-28T14:00:00Z").unwrap();
    s.doc.sheet.claims[0].disputes = vec![
        claimdesk::domain::claim::Dispute {
            at,
            by: "ana".into(),
            status: Status::Confirmed,
            note: "the ministry confirmed".into(),
        },
        claimdesk::domain::claim::Dispute {
            at,
            by: "bo".into(),
            status: Status::Denied,
            note: "the embassy denied".into(),
        },
    ];
    s.popups.push(Popup::Conflict);
    insta::assert_snapshot!("disputed_verdicts_popup", common::draw(&s, 100, 30));
}

// ------------------------------------------------ locks and recovery files

/// A lock left empty (a full disk), holding garbage, or naming a live
/// process that is not claimdesk does not make the sheet read-only.
#[cfg(target_os = "linux")]
#[test]
fn broken_or_foreign_locks_are_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let sheet = claimdesk::domain::store::sheet_path_for(&article);
    let lock = claimdesk::domain::store::Lock::path_for(&sheet);
    let mut sleeper = Command::new("sleep").arg("60").spawn().unwrap();
    let host = fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let foreign = format!("{}\n{}\n2026-01-01T00:00:00Z\n", sleeper.id(), host.trim());
    for content in ["", "garbage", foreign.as_str()] {
        fs::write(&lock, content).unwrap();
        let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
        let screen = p.wait_for(&|s| s.contains("0/15 reviewed"));
        assert!(!screen.contains("READ-ONLY"), "{content:?}: {screen}");
        assert!(!screen.contains("process 0"), "{screen}");
        if content != foreign {
            p.wait_for(&|s| s.contains("took over an empty or unreadable lock"));
        }
        p.send(b"q");
        assert_eq!(p.exit_code(), 0);
        assert!(!lock.exists());
    }
    let _ = sleeper.kill();
    let _ = sleeper.wait();
}

#[test]
fn every_recovery_file_is_offered_in_turn() {
    let (_d, article, _) = sample();
    for status in [Status::Denied, Status::Confirmed] {
        let mut doc = Doc::open(&article).unwrap();
        doc.sheet.claims[3].set_status(status, "ana", fixed_now());
        doc.write_recovery().unwrap();
    }
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(120, 40));
    let first = s.doc.pending_recovery().unwrap();
    update(&mut s, Action::RecoveryFound(first.display().to_string()));
    // Restore the first: the second is offered at once, not touched.
    let e = typed(&mut s, "r");
    perform_all(&mut s, e);
    assert!(!first.exists());
    assert_eq!(status_of(&article, 3), Status::Denied);
    let second = s.doc.pending_recovery().unwrap();
    assert!(
        matches!(s.popups.last(), Some(Popup::Recovery { path }) if *path == second.display().to_string()),
        "{:?}",
        s.popups
    );
    // Write a third; discard the second: the third is offered.
    let mut doc = Doc::open(&article).unwrap();
    doc.sheet.claims[3].set_status(Status::Confirmed, "ana", fixed_now());
    doc.write_recovery().unwrap();
    let first = second;
    let e = typed(&mut s, "d");
    perform_all(&mut s, e);
    assert!(
        matches!(s.popups.last(), Some(Popup::Recovery { path }) if *path != first.display().to_string()),
        "{:?}",
        s.popups
    );
    assert!(!first.exists());
    // Restore the second: merged into the sheet; nothing more to offer.
    let e = typed(&mut s, "r");
    perform_all(&mut s, e);
    assert!(s.popups.is_empty(), "{:?}", s.popups);
    assert_eq!(status_of(&article, 3), Status::Confirmed);
    assert_eq!(s.doc.pending_recovery(), None);
}

/// Disputes left for later are offered again at the next start, and shown
/// in the claim's detail meanwhile.
#[test]
fn disputes_left_for_later_are_offered_at_the_next_start() {
    let (dir, article, mut s) = judged_both_ways();
    typed(&mut s, "\x1bg");
    let screen = common::draw(&s, 120, 40);
    // Each side on its own line: verdict, analyst, time, note.
    assert!(screen.contains("disputed: 2 verdicts"), "{screen}");
    assert!(screen.contains("  denied by bo at "), "{screen}");
    assert!(screen.contains("  confirmed by ana at "), "{screen}");
    drop(s);
    let args = ["--analyst".as_ref(), "ana".as_ref(), article.as_os_str()];
    let mut p = Pty::spawn(dir.path(), &args, &[], (100, 30));
    p.wait_for(&|s| s.contains("Disputed verdicts") && s.contains("T take theirs"));
    p.send(b"jkc");
    p.send(b"T");
    p.wait_for(&|s| s.contains("C1: denied kept"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let c = &Doc::open(&article).unwrap().sheet.claims[0];
    assert_eq!(c.status, Status::Denied);
    assert!(c.disputes.is_empty());
}

/// A signal while the sheet on disk no longer parses (a git conflict) and a
/// verdict is not saved: ours goes to a `.mine` file, offered at the next
/// start and merged in once the sheet is mended.
#[test]
fn a_signal_with_a_broken_sheet_on_disk_keeps_ours_in_a_mine_file() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let sheet = claimdesk::domain::store::sheet_path_for(&article);
    let good = fs::read_to_string(&sheet).unwrap();
    let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
    p.wait_for(&|s| s.contains("0/15 reviewed"));
    fs::write(&sheet, format!("<<<<<<< HEAD\n{good}")).unwrap();
    p.send(b"c");
    p.wait_for(&|s| s.contains("NOT SAVED"));
    let pid = p.child.process_id().unwrap().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(p.exit_code(), 143);
    let mine = dir.path().join("karzai-taliban-talks.claims.toml.mine");
    assert!(mine.exists(), "{}", String::from_utf8_lossy(&p.raw));
    // Mended (someone else's verdict on C2 meanwhile); the next start
    // offers ours and merges it.
    fs::write(&sheet, &good).unwrap();
    elsewhere(&article, 1, Status::Denied, "theirs");
    let mut p = Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
    p.wait_for(&|s| s.contains("Recovery") && s.contains("r restore"));
    p.send(b"r");
    p.wait_for(&|s| s.contains("restored"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let back = Doc::open(&article).unwrap().sheet;
    assert_eq!(back.counts().reviewed, 2);
    assert_eq!(back.claims[1].note, "theirs");
    assert!(!mine.exists());
}
