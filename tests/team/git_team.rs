//! A team sharing sheets through git: real clones with claimdesk's merge
//! driver installed (`claimdesk git setup`), changing the same claims in
//! every way and different claims, pulling both ways: never a conflict
//! marker in a sheet, nothing any side did lost, disputes where verdicts
//! differ. And sheets merged without the driver: a clear error on every
//! command, and `claimdesk resolve` mending them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;
use claimdesk::domain::claim::Tombstone;
use claimdesk::domain::{Doc, Sheet, Stamp, Status};
use predicates::prelude::*;

const NAME: &str = "karzai-taliban-talks";

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_claimdesk"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The environment every process here runs in: the built claimdesk first
/// on PATH (git runs the driver by name), no user configuration.
fn env(c: &mut Command) -> &mut Command {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin_dir()];
    dirs.extend(std::env::split_paths(&path));
    c.env("PATH", std::env::join_paths(dirs).unwrap())
        .env(
            "CLAIMDESK_CONFIG",
            "/nonexistent/claimdesk-test-config.toml",
        )
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", "/nonexistent")
}

/// Run git in `dir`: its output, or the test fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = env(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run git, success or not; what it printed.
fn git_any(dir: &Path, args: &[&str]) -> String {
    let out = env(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn claimdesk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    env(&mut c).current_dir(dir);
    c
}

fn sheet_of(dir: &Path) -> PathBuf {
    dir.join(format!("{NAME}.claims.toml"))
}

/// A bare origin holding the sample, and `n` clones of it, each with the
/// driver installed when `driver`.
struct Team {
    _dirs: Vec<tempfile::TempDir>,
    clones: Vec<PathBuf>,
}

fn team(n: usize, driver: bool) -> Team {
    let origin = tempfile::tempdir().unwrap();
    let seed = tempfile::tempdir().unwrap();
    git(origin.path(), &["init", "-q", "--bare", "-b", "main"]);
    git(seed.path(), &["init", "-q", "-b", "main"]);
    claimdesk::cli::write_sample(seed.path()).unwrap();
    if driver {
        claimdesk(seed.path())
            .args(["git", "setup"])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "added '*.claims.toml merge=claimdesk'",
            ));
    }
    git(seed.path(), &["add", "."]);
    git(seed.path(), &["commit", "-qm", "sample"]);
    let url = origin.path().to_str().unwrap().to_owned();
    let url = url.as_str();
    git(seed.path(), &["push", "-q", url, "main"]);
    let mut dirs = vec![origin, seed];
    let mut clones = Vec::new();
    for _ in 0..n {
        let d = tempfile::tempdir().unwrap();
        git(d.path(), &["clone", "-q", url, "."]);
        git(d.path(), &["config", "pull.rebase", "false"]);
        if driver {
            claimdesk(d.path())
                .args(["git", "setup"])
                .assert()
                .success();
        }
        clones.push(d.path().to_path_buf());
        dirs.push(d);
    }
    Team {
        _dirs: dirs,
        clones,
    }
}

fn mark(dir: &Path, who: &str, id: &str, status: &str, note: &str, source: &str) {
    claimdesk(dir)
        .args(["--analyst", who, "mark", &format!("{NAME}.txt"), id, status])
        .args(["--note", note, "--source", source])
        .assert()
        .success();
}

fn at(s: u32) -> Stamp {
    Stamp::parse(&format!("2026-12-01T10:00:{s:02}Z")).unwrap()
}

/// Edit the sheet as the TUI does (through the domain) and save.
fn edit(dir: &Path, change: impl FnOnce(&mut Sheet)) {
    let mut doc = Doc::open(&sheet_of(dir)).unwrap();
    change(&mut doc.sheet);
    doc.save().unwrap();
}

fn delete(sheet: &mut Sheet, id: &str, who: &str, s: u32) {
    let i = sheet.index_of(id).unwrap();
    let gone = sheet.claims.remove(i);
    sheet.deleted.push(Tombstone {
        id: gone.id,
        text: gone.text,
        deleted_at: at(s),
        by: who.into(),
        dismissed: false,
    });
}

/// Split a claim: it keeps its first `keep` characters, a new claim (the
/// next free id) takes the rest.
fn split(sheet: &mut Sheet, id: &str, keep: usize, article: &str) {
    let c = sheet.claim(id).unwrap().clone();
    let cut = c.anchor.start + keep;
    let new = sheet.next_id();
    let rest = claimdesk::domain::Claim::new(new, article, cut, c.anchor.end);
    let first = claimdesk::domain::Claim::new(id, article, c.anchor.start, cut);
    let mine = sheet.claim_mut(id).unwrap();
    mine.anchor = first.anchor;
    mine.text = first.text;
    sheet.claims.push(rest);
    sheet.sort();
}

fn commit(dir: &Path, msg: &str) {
    git(dir, &["commit", "-qam", msg]);
}

fn load(dir: &Path) -> Sheet {
    Doc::open(&sheet_of(dir)).unwrap().sheet
}

fn assert_no_markers(dir: &Path) {
    let text = fs::read_to_string(sheet_of(dir)).unwrap();
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "markers in the sheet:\n{text}"
    );
}

/// Ana and Bo change C5 in every way and different claims besides.
/// Ana confirms C5 and Bo denies it, each with a note and a source.
fn verdicts_on_c5(ana: &Path, bo: &Path) {
    mark(
        ana,
        "ana",
        "C5",
        "confirmed",
        "ana saw the tape",
        "https://a.example/1",
    );
    mark(
        bo,
        "bo",
        "C5",
        "denied",
        "bo called the embassy",
        "https://b.example/1",
    );
}

fn disagree(ana: &Path, bo: &Path) {
    let article = fs::read_to_string(ana.join(format!("{NAME}.txt"))).unwrap();
    verdicts_on_c5(ana, bo);
    mark(
        ana,
        "ana",
        "C2",
        "confirmed",
        "ana on C2",
        "https://a.example/2",
    );
    mark(bo, "bo", "C3", "denied", "bo on C3", "https://b.example/3");
    edit(ana, |s| {
        let c = s.claim_mut("C6").unwrap();
        c.set_field("speaker", "Ana's speaker".into(), "ana", at(1));
        delete(s, "C7", "ana", 2);
        split(s, "C8", 5, &article);
    });
    edit(bo, |s| {
        let c = s.claim_mut("C7").unwrap();
        c.set_field("note", "bo edits a claim ana deleted".into(), "bo", at(3));
        split(s, "C9", 7, &article);
    });
    commit(ana, "ana");
    commit(bo, "bo");
}

#[test]
fn two_clones_that_disagree_merge_without_markers_both_ways() {
    let t = team(2, true);
    let (ana, bo) = (&t.clones[0], &t.clones[1]);
    let before = load(ana);
    let next = before.next_id();
    disagree(ana, bo);
    let (ana_side, bo_side) = (load(ana), load(bo));
    git(ana, &["push", "-q", "origin", "HEAD:refs/heads/ana"]);
    git(bo, &["push", "-q", "origin", "HEAD:refs/heads/bo"]);
    // Each pulls the other's work.
    git(bo, &["pull", "-q", "--no-edit", "origin", "ana"]);
    git(ana, &["pull", "-q", "--no-edit", "origin", "bo"]);
    for (dir, mine, theirs) in [(ana, &ana_side, &bo_side), (bo, &bo_side, &ana_side)] {
        assert_no_markers(dir);
        let s = load(dir);
        let c5 = s.claim("C5").unwrap();
        let sides: Vec<(&str, Status)> = c5
            .disputes
            .iter()
            .map(|d| (d.by.as_str(), d.status))
            .collect();
        assert!(sides.contains(&("ana", Status::Confirmed)), "{sides:?}");
        assert!(sides.contains(&("bo", Status::Denied)), "{sides:?}");
        assert!(c5.note.contains("[ana] ana saw the tape"), "{}", c5.note);
        assert!(
            c5.note.contains("[bo] bo called the embassy"),
            "{}",
            c5.note
        );
        assert!(c5.sources.contains(&"https://a.example/1".to_owned()));
        assert!(c5.sources.contains(&"https://b.example/1".to_owned()));
        assert_eq!(s.claim("C2").unwrap().status, Status::Confirmed);
        assert_eq!(s.claim("C3").unwrap().status, Status::Denied);
        assert_eq!(
            s.claim("C6").unwrap().speaker.as_deref(),
            Some("Ana's speaker")
        );
        assert!(s.claim("C7").is_none(), "deleted on one side stays deleted");
        assert!(s.deleted.iter().any(|d| d.id == "C7"));
        // Both splits made a claim under the same id: the first in the
        // article kept it, the other took the next free id, on both clones.
        let (made, other) = (mine.claim(&next).unwrap(), theirs.claim(&next).unwrap());
        let (first, second) = match made.anchor.start <= other.anchor.start {
            true => (made, other),
            false => (other, made),
        };
        assert_eq!(
            s.claim(&next).unwrap().text,
            first.text,
            "first keeps {next}"
        );
        assert!(
            s.claims
                .iter()
                .any(|c| c.text == second.text && c.id != next)
        );
        // Every change of every side is in the histories.
        for side in [&ana_side, &bo_side] {
            for c in &side.claims {
                let Some(m) = s.claims.iter().find(|m| m.id == c.id || m.text == c.text) else {
                    continue;
                };
                for h in &c.history {
                    assert!(m.history.contains(h) || s.deleted.iter().any(|d| d.id == c.id));
                }
            }
        }
    }
    // Both merges hold the same claims (whatever their ids).
    let texts = |s: &Sheet| {
        let mut v: Vec<String> = s.claims.iter().map(|c| c.text.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(texts(&load(ana)), texts(&load(bo)));
    // And the same ids: merging ana into bo and bo into ana gives the same
    // sheet, byte for byte.
    assert_eq!(
        fs::read_to_string(sheet_of(ana)).unwrap(),
        fs::read_to_string(sheet_of(bo)).unwrap()
    );
    // Pulling again merges the two merges: no marker, nothing lost, and
    // a second pull changes nothing.
    git(ana, &["pull", "-q", "--no-edit", "origin", "bo"]);
    let once = fs::read_to_string(sheet_of(ana)).unwrap();
    git(bo, &["push", "-q", "origin", "HEAD:refs/heads/bo"]);
    git(ana, &["pull", "-q", "--no-edit", "origin", "bo"]);
    assert_eq!(fs::read_to_string(sheet_of(ana)).unwrap(), once);
    assert_no_markers(ana);
    claimdesk(ana)
        .args(["list", &format!("{NAME}.txt")])
        .assert()
        .success();
}

#[test]
fn the_driver_run_again_on_its_own_result_changes_nothing() {
    let t = team(2, true);
    let (ana, bo) = (&t.clones[0], &t.clones[1]);
    disagree(ana, bo);
    git(ana, &["push", "-q", "origin", "HEAD:refs/heads/ana"]);
    git(bo, &["pull", "-q", "--no-edit", "origin", "ana"]);
    let merged = fs::read_to_string(sheet_of(bo)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (b, o, th) = (
        tmp.path().join("b"),
        tmp.path().join("o"),
        tmp.path().join("t"),
    );
    for p in [&b, &o, &th] {
        fs::write(p, &merged).unwrap();
    }
    claimdesk(tmp.path())
        .args(["merge-driver", "b", "o", "t", "a.claims.toml"])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&o).unwrap(), merged);
}

#[test]
fn three_clones_pulling_in_turn_keep_every_verdict() {
    let t = team(3, true);
    let (ana, bo, cy) = (&t.clones[0], &t.clones[1], &t.clones[2]);
    mark(ana, "ana", "C5", "confirmed", "ana", "https://a.example/1");
    mark(bo, "bo", "C5", "denied", "bo", "https://b.example/1");
    mark(cy, "cy", "C5", "unconfirmed", "cy", "https://c.example/1");
    mark(cy, "cy", "C4", "denied", "cy on C4", "https://c.example/4");
    for (d, who) in [(ana, "ana"), (bo, "bo"), (cy, "cy")] {
        commit(d, who);
    }
    git(ana, &["push", "-q", "origin", "main"]);
    git(bo, &["pull", "-q", "--no-edit", "origin", "main"]);
    git(bo, &["push", "-q", "origin", "main"]);
    git(cy, &["pull", "-q", "--no-edit", "origin", "main"]);
    git(cy, &["push", "-q", "origin", "main"]);
    git(ana, &["pull", "-q", "--no-edit", "origin", "main"]);
    for d in [ana, bo, cy] {
        assert_no_markers(d);
    }
    let s = load(ana);
    let c5 = s.claim("C5").unwrap();
    for (who, status) in [
        ("ana", Status::Confirmed),
        ("bo", Status::Denied),
        ("cy", Status::Unconfirmed),
    ] {
        assert!(
            c5.disputes
                .iter()
                .any(|d| d.by == who && d.status == status),
            "{who}: {:?}",
            c5.disputes
        );
        assert!(c5.sources.iter().any(|u| u.contains(&who[..1])));
    }
    assert_eq!(s.claim("C4").unwrap().status, Status::Denied);
    assert_eq!(s, load(cy));
}

#[test]
fn git_setup_is_idempotent() {
    let t = team(1, true);
    let dir = &t.clones[0];
    claimdesk(dir)
        .args(["git", "setup", "."])
        .assert()
        .success()
        .stdout(predicate::str::contains("already has"))
        .stdout(predicate::str::contains("already set"));
    let attributes = fs::read_to_string(dir.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.claims.toml merge=claimdesk\n");
    let driver = git(dir, &["config", "merge.claimdesk.driver"]);
    assert_eq!(driver.trim(), "claimdesk merge-driver %O %A %B %P");
    let outside = tempfile::tempdir().unwrap();
    claimdesk(outside.path())
        .args(["git", "setup"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not inside a git repository"));
}

#[test]
fn a_side_that_does_not_parse_leaves_git_markers_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let good = claimdesk::cli::SAMPLE_SHEET;
    let broken = good.replacen("[[claim]]", "[[claim]\n", 1);
    fs::write(tmp.path().join("b"), good).unwrap();
    let ours = good.replacen("[[claim]]", "# ours\n[[claim]]", 1);
    fs::write(tmp.path().join("o"), ours).unwrap();
    fs::write(tmp.path().join("t"), &broken).unwrap();
    claimdesk(tmp.path())
        .args(["merge-driver", "b", "o", "t", "a.claims.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.claims.toml (theirs)"));
    let o = fs::read_to_string(tmp.path().join("o")).unwrap();
    assert!(
        o.contains("<<<<<<< ours") && o.contains(">>>>>>> theirs"),
        "{o}"
    );
}

#[test]
fn markers_from_a_merge_without_the_driver_are_an_error_then_resolved() {
    let t = team(2, false);
    let (ana, bo) = (&t.clones[0], &t.clones[1]);
    verdicts_on_c5(ana, bo);
    commit(ana, "ana");
    commit(bo, "bo");
    git(ana, &["push", "-q", "origin", "main"]);
    let said = git_any(bo, &["pull", "--no-edit", "origin", "main"]);
    assert!(said.contains("CONFLICT"), "{said}");
    let sheet = format!("{NAME}.claims.toml");
    let expected = predicate::str::is_match(format!(
        r"^claimdesk: {sheet}:\d+: unresolved git merge conflict \(<<<<<<<\); run 'claimdesk git setup' and merge again, or 'claimdesk resolve {sheet}'"
    ))
    .unwrap();
    for args in [
        vec!["list", sheet.as_str()],
        vec!["stats", sheet.as_str()],
        vec!["export", sheet.as_str(), "--format", "md"],
        vec!["mark", sheet.as_str(), "C1", "denied"],
    ] {
        claimdesk(bo)
            .args(&args)
            .assert()
            .code(1)
            .stderr(expected.clone());
    }
    let conflicted = fs::read(sheet_of(bo)).unwrap();
    assert!(String::from_utf8_lossy(&conflicted).contains("<<<<<<<"));
    claimdesk(bo)
        .args(["resolve", &sheet])
        .assert()
        .success()
        .stdout(predicate::str::contains("resolved"));
    assert_no_markers(bo);
    let s = load(bo);
    let c5 = s.claim("C5").unwrap();
    assert_eq!(c5.disputes.len(), 2, "{:?}", c5.disputes);
    assert!(c5.note.contains("[ana]") && c5.note.contains("[bo]"));
    git(bo, &["add", &sheet]);
    git(bo, &["commit", "-qm", "resolved"]);
    claimdesk(bo)
        .args(["resolve", &sheet])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing to resolve"));
}

#[test]
fn disputes_show_in_list_stats_and_exports_until_marked() {
    let t = team(2, true);
    let (ana, bo) = (&t.clones[0], &t.clones[1]);
    verdicts_on_c5(ana, bo);
    commit(ana, "ana");
    commit(bo, "bo");
    git(ana, &["push", "-q", "origin", "main"]);
    git(bo, &["pull", "-q", "--no-edit", "origin", "main"]);
    let article = format!("{NAME}.txt");
    claimdesk(bo)
        .args(["list", &article, "--status", "disputed"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^C5 +⚡disputed ").unwrap())
        .stdout(predicate::str::contains("C4").not());
    claimdesk(bo)
        .args(["stats", &article])
        .assert()
        .success()
        .stdout(predicate::str::contains("disputed      1"));
    let json = claimdesk(bo)
        .args(["list", &article, "--format", "json", "--status", "disputed"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["claims"][0]["disputes"].as_array().unwrap().len(), 2);
    let md = claimdesk(bo)
        .args(["export", &article, "--format", "md"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("C5 · ⚡ disputed (unresolved)"), "{md}");
    let cr = claimdesk(bo)
        .args(["export", &article, "--format", "claimreview"])
        .output()
        .unwrap();
    let cr = String::from_utf8_lossy(&cr.stdout);
    assert!(
        !cr.contains("bo called the embassy") && !cr.contains("ana saw the tape"),
        "{cr}"
    );
    // Marking the claim settles it: recorded in the history, cleared.
    claimdesk(bo)
        .args(["--analyst", "cy", "mark", &article, "C5", "denied"])
        .assert()
        .success()
        .stdout(predicate::str::contains("dispute settled"));
    let c5 = load(bo).claim("C5").unwrap().clone();
    assert!(c5.disputes.is_empty());
    let last = c5.history.last().unwrap();
    assert_eq!((last.field.as_str(), last.by.as_str()), ("dispute", "cy"));
    assert!(last.from.contains("confirmed by ana") && last.from.contains("denied by bo"));
    claimdesk(bo)
        .args(["stats", &article])
        .assert()
        .success()
        .stdout(predicate::str::contains("disputed").not());
}
