//! The review loop on the command line, through the real binary: taking a
//! verdict back, ids in any case, sources that are not links, the
//! `reviewed` and `orphan` filters, `list` over a folder, `init` refusing
//! pages and PDFs, `search` with `@speaker` / `#article` words and its
//! cut-off, `dismiss` with `init --merge`, and `meta`.

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;
use claimdesk::domain::Doc;
use predicates::prelude::*;

const NAME: &str = "karzai-taliban-talks";

fn claimdesk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env("CLAIMDESK_CONFIG", dir.join("no-config.toml"))
        .env("XDG_DATA_HOME", dir.join(".data-home"))
        .env("XDG_CACHE_HOME", dir.join(".cache-home"))
        .current_dir(dir)
        .args(["--analyst", "ana"]);
    c
}

fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    claimdesk::cli::write_sample(dir.path()).unwrap();
    dir
}

fn article() -> String {
    format!("{NAME}.txt")
}

fn doc(dir: &Path) -> Doc {
    Doc::open(&dir.join(article())).unwrap()
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn mark_unreviewed_takes_the_verdict_back_and_history_says_so() {
    let dir = sample();
    let d = dir.path();
    claimdesk(d)
        .args(["mark", &article(), "C3", "denied"])
        .assert()
        .success();
    claimdesk(d)
        .args(["mark", &article(), "C3", "unreviewed"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "C3: not reviewed (was denied), saved to",
        ));
    let doc = doc(d);
    let c = doc.sheet.claim("C3").unwrap();
    assert!(!c.is_reviewed());
    assert_eq!(c.reviewed_by, None);
    let last = c.history.last().unwrap();
    assert_eq!(
        (last.field.as_str(), last.from.as_str(), last.by.as_str()),
        ("status", "denied", "ana")
    );
    assert!(last.to.contains("not reviewed"), "{last:?}");
    let listed = stdout(claimdesk(d).args(["list", &article(), "--status", "unreviewed"]));
    assert!(listed.lines().any(|l| l.starts_with("C3 ")), "{listed}");
}

#[test]
fn ids_are_taken_in_any_case() {
    let dir = sample();
    let d = dir.path();
    claimdesk(d)
        .args(["mark", &article(), "c3", "confirmed"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("C3: confirmed"));
    claimdesk(d)
        .args(["assign", &article(), "c4", "C5", "--to", "bo"])
        .assert()
        .success();
    claimdesk(d)
        .args(["similar", &article(), "c3"])
        .assert()
        .success();
    let doc = doc(d);
    assert!(doc.sheet.claim("C3").unwrap().is_reviewed());
    assert_eq!(
        doc.sheet.claim("C4").unwrap().assignee.as_deref(),
        Some("bo")
    );
    claimdesk(d)
        .args(["mark", &article(), "c99", "denied"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no claim with id \"c99\" (known ids: C1, C2,",
        ));
}

#[test]
fn a_source_that_is_not_a_link_is_kept_with_a_warning() {
    let dir = sample();
    let d = dir.path();
    claimdesk(d)
        .args(["mark", &article(), "C3", "denied"])
        .args([
            "--source",
            "Reuters, 3 May",
            "--source",
            "https://example.org/x",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning: source \"Reuters, 3 May\" is not a web address (kept as a citation)",
        ))
        .stderr(predicate::str::contains("example.org").not());
    let doc = doc(d);
    assert_eq!(
        doc.sheet.claim("C3").unwrap().sources,
        ["Reuters, 3 May", "https://example.org/x"]
    );
}

#[test]
fn status_reviewed_and_orphan_filter_and_list_marks_orphans() {
    let dir = sample();
    let d = dir.path();
    claimdesk(d)
        .args(["mark", &article(), "C2", "unconfirmed"])
        .assert()
        .success();
    claimdesk(d)
        .args(["mark", &article(), "C4", "denied"])
        .assert()
        .success();
    let reviewed = stdout(claimdesk(d).args(["list", &article(), "--status", "reviewed"]));
    let ids: Vec<&str> = reviewed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(ids, ["C2", "C4"], "{reviewed}");
    // The article loses C7's sentence: C7 becomes an orphan.
    let path = d.join(article());
    let text = fs::read_to_string(&path).unwrap();
    let gone = "The US Embassy in Afghanistan declined immediate comment.";
    assert!(text.contains(gone));
    fs::write(&path, text.replace(gone, "")).unwrap();
    claimdesk(d)
        .args(["check", &article(), "--fix"])
        .assert()
        .success();
    let orphans = stdout(claimdesk(d).args(["list", &article(), "--status", "orphan"]));
    assert_eq!(orphans.lines().count(), 1, "{orphans}");
    assert!(orphans.starts_with("C7 "), "{orphans}");
    assert!(
        orphans.contains("(orphan: not found in the article)"),
        "{orphans}"
    );
    let all = stdout(claimdesk(d).args(["list", &article()]));
    assert_eq!(all.matches("(orphan:").count(), 1, "{all}");
    let json = stdout(claimdesk(d).args(["list", &article(), "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let flagged: Vec<&str> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["orphan"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["C7"]);
    // The same filters in exports and search.
    let csv = stdout(claimdesk(d).args([
        "export",
        &article(),
        "--format",
        "csv",
        "--status",
        "orphan",
    ]));
    assert_eq!(csv.lines().count(), 2, "a header and C7: {csv}");
    assert!(csv.contains(",C7,"), "{csv}");
    let json = stdout(claimdesk(d).args([
        "export",
        &article(),
        "--format",
        "json",
        "--status",
        "reviewed",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["filter"], "reviewed");
    let ids: Vec<&str> = v["articles"][0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C2", "C4"]);
    let found = stdout(claimdesk(d).args([
        "search",
        &article(),
        "talks",
        "--status",
        "reviewed",
        "--all",
    ]));
    assert!(found.contains(" C4 "), "{found}");
    assert!(
        found
            .lines()
            .all(|l| l.contains(" C2 ") || l.contains(" C4 ")),
        "{found}"
    );
    claimdesk(d)
        .args(["list", &article(), "--status", "sideways"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("reviewed"));
}

#[test]
fn list_takes_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    claimdesk::cli::write_sample(&d.join("a")).unwrap();
    claimdesk::cli::write_sample(&d.join("b/c")).unwrap();
    claimdesk(d)
        .args(["mark", "b/c/karzai-taliban-talks.txt", "C5", "denied"])
        .assert()
        .success();
    let out = stdout(claimdesk(d).args(["list", ".", "--status", "denied"]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("b/c/karzai-taliban-talks.claims.toml  C5 "),
        "{out}"
    );
    let all = stdout(claimdesk(d).args(["list", "."]));
    assert_eq!(all.lines().count(), 30, "{all}");
    let json = stdout(claimdesk(d).args(["list", ".", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sheets = v["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[0]["sheet"], "a/karzai-taliban-talks.claims.toml");
    assert_eq!(sheets[1]["claims"].as_array().unwrap().len(), 15);
    // A broken sheet is said, the others listed, and the exit is 1.
    fs::write(d.join("a/karzai-taliban-talks.claims.toml"), "format = [").unwrap();
    claimdesk(d)
        .args(["list", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "b/c/karzai-taliban-talks.claims.toml  C1 ",
        ))
        .stderr(predicate::str::contains("1 sheet in . could not be read"));
}

#[test]
fn init_refuses_pages_pdfs_and_addresses_and_points_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let html = "<!doctype html><html><body><p>The minister said so.</p></body></html>";
    fs::write(d.join("story.html"), html).unwrap();
    fs::write(d.join("saved.txt"), html).unwrap();
    fs::write(d.join("paper.pdf"), "%PDF-1.4\n").unwrap();
    fs::write(
        d.join("notes.md"),
        "<b>Bold</b> claims, the minister said.\n",
    )
    .unwrap();
    for (input, what) in [
        ("story.html", "a web page"),
        ("saved.txt", "a web page"),
        ("paper.pdf", "a PDF"),
        ("https://example.org/story", "a web address"),
    ] {
        claimdesk(d)
            .args(["init", input])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "{input}: is {what}, not a text article; bring it in with `claimdesk add {input}`"
            )));
    }
    assert!(!d.join("story.claims.toml").exists());
    assert!(!d.join("saved.claims.toml").exists());
    // Markdown that starts with a tag is still text.
    claimdesk(d).args(["init", "notes.md"]).assert().success();
    // A FIFO is never opened to look inside: the loader refuses it.
    let made = Command::new("mkfifo")
        .arg(d.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    claimdesk(d)
        .args(["init", "pipe.txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a regular file"));
}

#[test]
fn search_takes_speaker_and_article_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    claimdesk::cli::write_sample(&d.join("kabul")).unwrap();
    claimdesk::cli::write_sample(&d.join("other")).unwrap();
    let out = stdout(claimdesk(d).args(["search", ".", "@gates"]));
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.lines()
            .all(|l| l.contains("C15") && l.contains("Robert Gates")),
        "{out}"
    );
    let out = stdout(claimdesk(d).args(["search", ".", "@GATES #kabul talks"]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("kabul/karzai-taliban-talks.claims.toml"),
        "{out}"
    );
    claimdesk(d)
        .args(["search", ".", "@nobody"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no claims match \"@nobody\""));
}

#[test]
fn search_leaves_out_matches_far_below_the_best_unless_all() {
    let dir = sample();
    let d = dir.path();
    let scores = |extra: &[&str]| -> Vec<i64> {
        let json = stdout(
            claimdesk(d)
                .args(["search", &article(), "taliban", "--format", "json"])
                .args(extra),
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["score"].as_i64().unwrap())
            .collect()
    };
    let all = scores(&["--all"]);
    let cut = scores(&[]);
    let best = all[0];
    let floor = claimdesk::cli::search::cut_off(best);
    assert!(
        all.iter().any(|&s| s < floor),
        "the sample has weak matches: {all:?}"
    );
    assert!(cut.iter().all(|&s| s >= floor), "{cut:?}");
    assert_eq!(cut.len(), all.iter().filter(|&&s| s >= floor).count());
    let json = stdout(claimdesk(d).args(["search", &article(), "taliban", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["total"].as_u64(), Some(all.len() as u64));
    assert_eq!(v["left_out"].as_u64(), Some((all.len() - cut.len()) as u64));
    claimdesk(d)
        .args(["search", &article(), "taliban"])
        .assert()
        .success()
        .stderr(predicate::str::contains("--all shows every match"));
}

#[test]
fn dismissed_claims_leave_tombstones_and_init_merge_never_brings_them_back() {
    let dir = sample();
    let d = dir.path();
    claimdesk(d)
        .args(["dismiss", &article(), "c7", "C8"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "C7, C8: dismissed as not claims",
        ));
    let before = doc(d);
    assert!(before.sheet.claim("C7").is_none());
    let t: Vec<_> = before
        .sheet
        .deleted
        .iter()
        .filter(|t| t.dismissed)
        .collect();
    assert_eq!(t.len(), 2);
    let sheet = fs::read_to_string(d.join(format!("{NAME}.claims.toml"))).unwrap();
    assert_eq!(sheet.matches("dismissed = true").count(), 2, "{sheet}");
    // The extractor would find C7's sentence again: it stays out.
    claimdesk(d)
        .args(["init", &article(), "--merge", "--all"])
        .assert()
        .success();
    let after = doc(d);
    assert!(
        !after
            .sheet
            .claims
            .iter()
            .any(|c| c.text.contains("declined immediate comment")
                || c.text.contains("UN Security Council split")),
        "a dismissed claim came back (in the extractor's own bounds)"
    );
    claimdesk(d)
        .args(["mark", &article(), "C7", "denied"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("C7 was dismissed"));
}

#[test]
fn meta_prints_sets_and_records_the_articles_facts_for_claimreview() {
    let dir = sample();
    let d = dir.path();
    let shown = stdout(claimdesk(d).args(["meta", &article()]));
    assert!(shown.contains("source_url  -"), "{shown}");
    claimdesk(d)
        .args(["meta", &article(), "--url", "Reuters"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a web address"))
        .stderr(predicate::str::contains("nothing changed"));
    claimdesk(d)
        .args(["meta", &article(), "--published", "18 June"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    claimdesk(d)
        .args(["meta", &article(), "--url", "https://example.org/karzai"])
        .args(["--published", "2010-06-18", "--site", "Reuters"])
        .assert()
        .success()
        .stdout(predicate::str::contains("source_url, published, site set"));
    let doc = doc(d);
    assert_eq!(
        doc.sheet.source_url.as_deref(),
        Some("https://example.org/karzai")
    );
    assert_eq!(doc.sheet.site.as_deref(), Some("Reuters"));
    let fields: Vec<&str> = doc.sheet.history.iter().map(|h| h.field.as_str()).collect();
    assert_eq!(fields, ["source_url", "published", "site"]);
    assert!(doc.sheet.history.iter().all(|h| h.by == "ana"));
    let shown = stdout(claimdesk(d).args(["meta", &article()]));
    assert!(shown.contains("published   2010-06-18"), "{shown}");
    let log = stdout(claimdesk(d).args(["log", &article()]));
    assert!(log.contains("https://example.org/karzai"), "{log}");
    // ClaimReview: the article's address and date are the appearance.
    claimdesk(d)
        .args(["mark", &article(), "C3", "denied"])
        .assert()
        .success();
    let cr = stdout(claimdesk(d).args(["export", &article(), "--format", "claimreview"]));
    let v: serde_json::Value = serde_json::from_str(&cr).unwrap();
    let review = if v.is_array() { &v[0] } else { &v };
    let appearance = &review["itemReviewed"]["appearance"];
    assert_eq!(appearance["url"], "https://example.org/karzai", "{cr}");
    assert!(cr.contains("2010-06-18"), "{cr}");
}
