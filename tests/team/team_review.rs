//! Assignment, second review and the activity log, through the real
//! binary: `assign`, `list --assignee`, `second_review = true` in the
//! workspace's `claimdesk.toml`, `approve` (or `--send-back`) by another
//! analyst only, pending verdicts kept out of ClaimReview, `log`.

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;
use claimdesk::domain::Doc;
use predicates::prelude::*;

const NAME: &str = "karzai-taliban-talks";

fn claimdesk(dir: &Path, who: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env(
        "CLAIMDESK_CONFIG",
        "/nonexistent/claimdesk-test-config.toml",
    )
    .current_dir(dir)
    .args(["--analyst", who]);
    c
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    claimdesk::cli::write_sample(dir.path()).unwrap();
    dir
}

fn article() -> String {
    format!("{NAME}.txt")
}

#[test]
fn claims_are_assigned_and_listed_by_assignee() {
    let dir = workspace();
    let d = dir.path();
    claimdesk(d, "ed")
        .args(["assign", &article(), "C2", "C4", "--to", "bo"])
        .assert()
        .success()
        .stdout("C2: assigned to bo\nC4: assigned to bo\n");
    claimdesk(d, "ed")
        .args(["list", &article(), "--assignee", "bo"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^C2 .*  @bo\nC4 .*  @bo\n$").unwrap());
    claimdesk(d, "ed")
        .args(["assign", &article(), "C99", "--to", "bo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no claim with id \"C99\""));
    let doc = Doc::open(&d.join(article())).unwrap();
    let h = doc
        .sheet
        .claim("C2")
        .unwrap()
        .history
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (h.by.as_str(), h.field.as_str(), h.to.as_str()),
        ("ed", "assignee", "bo")
    );
}

#[test]
fn second_review_keeps_a_verdict_pending_until_another_analyst_approves() {
    let dir = workspace();
    let d = dir.path();
    fs::write(d.join("claimdesk.toml"), "second_review = true\n").unwrap();
    claimdesk(d, "ana")
        .args(["mark", &article(), "C3", "denied"])
        .assert()
        .success()
        .stdout(predicate::str::contains("pending second review"));
    let cr = claimdesk(d, "ana")
        .args(["export", &article(), "--format", "claimreview"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&cr.stderr).contains("pending second review"));
    let md = claimdesk(d, "ana")
        .args(["export", &article(), "--format", "md"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&md.stdout).contains("denied (pending second review)"));
    // The analyst who gave it cannot approve it.
    claimdesk(d, "ana")
        .args(["approve", &article(), "C3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a second analyst must review it"));
    claimdesk(d, "bo")
        .args(["approve", &article(), "C3"])
        .assert()
        .success()
        .stdout("C3: denied approved\n");
    let doc = Doc::open(&d.join(article())).unwrap();
    let c3 = doc.sheet.claim("C3").unwrap();
    assert!(!c3.pending);
    let h = c3.history.last().unwrap();
    assert_eq!(
        (h.by.as_str(), h.from.as_str()),
        ("bo", "denied by ana (pending)")
    );
    // Sent back: no longer reviewed, the reason in the history.
    claimdesk(d, "ana")
        .args(["mark", &article(), "C4", "confirmed"])
        .assert()
        .success();
    claimdesk(d, "bo")
        .args([
            "approve",
            &article(),
            "C4",
            "--send-back",
            "one source only",
        ])
        .assert()
        .success();
    let doc = Doc::open(&d.join(article())).unwrap();
    let c4 = doc.sheet.claim("C4").unwrap();
    assert!(!c4.is_reviewed() && !c4.pending);
    assert_eq!(c4.history.last().unwrap().to, "sent back: one source only");
    // The log: newest first, both names.
    let log = claimdesk(d, "ed")
        .args(["log", ".", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&log.stdout).unwrap();
    let rows = v.as_array().unwrap();
    let ats: Vec<&str> = rows.iter().map(|r| r["at"].as_str().unwrap()).collect();
    assert!(
        ats.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {ats:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r["by"] == "bo" && r["claim"] == "C4" && r["field"] == "approval")
    );
    assert!(rows.iter().any(|r| r["by"] == "ana" && r["claim"] == "C3"));
    claimdesk(d, "ed")
        .args(["log", &article(), "--since", "2999-01-01"])
        .assert()
        .success()
        .stdout("");
    claimdesk(d, "ed")
        .args(["log", &article(), "--since", "yesterday"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--since yesterday"));
}

#[test]
fn a_broken_claimdesk_toml_is_an_error_with_its_place() {
    let dir = workspace();
    let d = dir.path();
    fs::write(d.join("claimdesk.toml"), "second_review = yes\n").unwrap();
    claimdesk(d, "ana")
        .args(["mark", &article(), "C3", "denied"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("claimdesk.toml:1:"));
}
