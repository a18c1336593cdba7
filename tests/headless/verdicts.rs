//! Verdicts stay honest when the article's words change: a reviewed claim
//! whose text was edited keeps its verdict but is marked `needs_review`,
//! everywhere it is shown (CLI, TUI, exports), until it is marked again.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use claimdesk::app::{Action, AppState, Filter, Keymap, update};
use claimdesk::domain::{Doc, Stamp, Status, Verdict, anchor};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const STORY: &str = "City council approves new bridge

The city council on Tuesday approved the new river bridge after a long debate.

Mayor Jane Ortiz said the bridge would cost $4.9 billion and open in 2029.

The contract went to a company run by Peter Marsh, the council said in a statement.
";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    c.env("CLAIMDESK_CONFIG", "/nonexistent")
        .env("USER", "tester");
    c
}

fn run(args: &[&str]) -> (String, String) {
    let out = bin().args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?}: {stdout}{stderr}");
    (stdout, stderr)
}

/// The story in a temporary folder with its sheet, every claim found.
fn story() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    fs::write(&article, STORY).unwrap();
    run(&["init", article.to_str().unwrap()]);
    (dir, article)
}

/// The id of the claim whose text contains `needle`.
fn id_of(article: &Path, needle: &str) -> String {
    let doc = Doc::open(article).unwrap();
    let c = doc.sheet.claims.iter().find(|c| c.text.contains(needle));
    c.unwrap_or_else(|| panic!("no claim with {needle:?}: {:#?}", doc.sheet.claims))
        .id
        .clone()
}

fn edit(article: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(article).unwrap();
    assert!(text.contains(from));
    fs::write(article, text.replace(from, to)).unwrap();
}

#[test]
fn a_changed_number_keeps_the_verdict_but_asks_for_a_second_look() {
    let (_dir, article) = story();
    let path = article.to_str().unwrap();
    let id = id_of(&article, "$4.9 billion");
    run(&["mark", path, &id, "confirmed"]);
    edit(&article, "$4.9 billion", "$4.93 billion");

    let (out, _) = run(&["check", path]);
    assert!(out.contains("verdict to re-check"), "{out}");
    assert!(
        out.contains("was \"…idge would cost $4.9 billion and open"),
        "{out}"
    );
    assert!(
        out.contains("now \"…idge would cost $4.93 billion and open"),
        "{out}"
    );
    run(&["check", path, "--fix"]);

    let doc = Doc::open(&article).unwrap();
    let c = doc.sheet.claim(&id).unwrap();
    assert!(c.needs_review);
    assert_eq!(c.status, Status::Confirmed, "the verdict is kept");
    assert_eq!(
        c.text,
        "the bridge would cost $4.93 billion and open in 2029"
    );
    let h = c
        .history
        .iter()
        .find(|h| h.field == "needs_review")
        .unwrap();
    assert_eq!(
        h.from,
        "the bridge would cost $4.9 billion and open in 2029"
    );
    assert_eq!(h.to, "the bridge would cost $4.93 billion and open in 2029");

    let (list, _) = run(&["list", path]);
    let row = list.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(
        row.contains("! confirmed") && row.contains("$4.93 billion"),
        "{row}"
    );
    let (stats, _) = run(&["stats", path]);
    assert!(stats.contains("to re-check   1"), "{stats}");
    let (check, _) = run(&["check", path]);
    assert!(check.contains("verdict to re-check"), "{check}");

    let (md, _) = run(&["export", path, "--format", "md"]);
    assert!(
        md.contains("! confirmed (verdict given on an earlier version of the text)"),
        "{md}"
    );
    let (json, _) = run(&["export", path, "--format", "json"]);
    assert!(json.contains("\"needs_review\": true"), "{json}");
    let (ld, err) = run(&["export", path, "--format", "claimreview"]);
    assert!(
        !ld.contains("4.93"),
        "a verdict on other words is not published: {ld}"
    );
    assert!(
        err.contains("1 with a verdict given on an earlier version of the text"),
        "{err}"
    );

    // Marking it again (the analyst looked) clears the flag.
    run(&["mark", path, &id, "confirmed"]);
    let doc = Doc::open(&article).unwrap();
    assert!(!doc.sheet.claim(&id).unwrap().needs_review);
    let sheet = fs::read_to_string(&doc.sheet_path).unwrap();
    assert!(!sheet.contains("needs_review = true"), "{sheet}");
    let (list, _) = run(&["list", path]);
    let row = list.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(row.contains("✔ confirmed"), "{row}");
    let (ld, _) = run(&["export", path, "--format", "claimreview"]);
    assert!(ld.contains("4.93"), "{ld}");
}

#[test]
fn a_changed_name_inside_a_claim_is_flagged_and_a_paraphrase_kept() {
    let (_dir, article) = story();
    let mut doc = Doc::open(&article).unwrap();
    let text = doc.article.text.clone();
    let needle = "The contract went to a company run by Peter Marsh";
    let s = text[..text.find(needle).unwrap()].chars().count();
    let mut named = claimdesk::domain::Claim::new("C90", &text, s, s + needle.chars().count());
    named.set_status(Status::Denied, "ana", Stamp::now());
    let mut paraphrased = named.clone();
    paraphrased.id = "C91".into();
    paraphrased.text = "Marsh's firm got the contract".into();
    let unreviewed = {
        let mut c = named.clone();
        c.id = "C92".into();
        c.reviewed_at = None;
        c
    };
    doc.sheet.claims = vec![named, paraphrased, unreviewed];
    doc.save().unwrap();
    edit(&article, "Peter Marsh", "Peter Walsh");

    let mut doc = Doc::open(&article).unwrap();
    let plan = anchor::plan(&doc.sheet.claims, &doc.article.text);
    let recheck = anchor::verdicts_to_recheck(&doc.sheet.claims, &doc.article.text, &plan);
    let ids: Vec<&str> = recheck.iter().map(|(c, _)| c.id.as_str()).collect();
    assert_eq!(ids, ["C90", "C91"], "only verdicts are re-checked");
    let (text, sha) = (doc.article.text.clone(), doc.article.sha256.clone());
    anchor::fix(&mut doc.sheet, &text, &sha, &plan, "ana", Stamp::now());
    let get = |id: &str| doc.sheet.claim(id).unwrap().clone();
    assert!(get("C90").needs_review);
    assert_eq!(
        get("C90").text,
        "The contract went to a company run by Peter Walsh"
    );
    assert!(get("C91").needs_review);
    assert_eq!(
        get("C91").text,
        "Marsh's firm got the contract",
        "a paraphrase is kept"
    );
    assert!(get("C91").anchor.quote.ends_with("Peter Walsh"));
    assert!(!get("C92").needs_review, "no verdict, nothing to re-check");
    assert_eq!(
        get("C92").text,
        "The contract went to a company run by Peter Walsh"
    );
    let h = get("C92").history.last().cloned().unwrap();
    assert_eq!(
        (h.field.as_str(), h.to.as_str()),
        ("text", get("C92").text.as_str())
    );

    // The detail shows the flag, and both texts for the paraphrase.
    doc.save().unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(120, 40));
    s.list.selected = s.doc.sheet.claims.iter().position(|c| c.id == "C91");
    let screen = common::draw(&s, 120, 40);
    assert!(
        screen.contains("! verdict given on an earlier version"),
        "{screen}"
    );
    assert!(
        screen.contains("article now: The contract went to a"),
        "{screen}"
    );
}

#[test]
fn typography_alone_is_not_a_change_of_words() {
    assert!(!anchor::words_changed(
        "he said “yes” — twice",
        "he said \"yes\" -  twice"
    ));
    assert!(anchor::words_changed(
        "cost $4.9 billion",
        "cost $4.93 billion"
    ));
    assert!(anchor::words_changed(
        "run by Peter Marsh",
        "run by Peter Walsh"
    ));
}

#[test]
fn an_old_sheet_without_the_field_is_written_back_byte_for_byte() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let sheet = fs::read_to_string(root.join("data/karzai-taliban-talks.claims.toml")).unwrap();
    assert!(!sheet.contains("needs_review"));
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let mut doc = Doc::open(&article).unwrap();
    doc.sheet.claims[0].note = "touched".into();
    doc.save().unwrap();
    doc.sheet.claims[0].note = String::new();
    doc.save().unwrap();
    assert_eq!(fs::read_to_string(&doc.sheet_path).unwrap(), sheet);
}

#[test]
fn approximate_matches_snap_to_whole_words() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    edit(&article, "many Afghans", "a number of Afghans");
    run(&["check", article.to_str().unwrap(), "--fix"]);
    let doc = Doc::open(&article).unwrap();
    let c13 = doc.sheet.claim("C13").unwrap();
    assert!(
        c13.text.starts_with("a number of Afghans, among them"),
        "{}",
        c13.text
    );
    assert!(c13.text.ends_with("ouster of the Taliban government"));
}

// ---------------------------------------------------------------- TUI

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[test]
fn the_tui_flags_on_open_puts_it_first_and_a_new_verdict_clears_it() {
    let (_dir, article) = story();
    let path = article.to_str().unwrap();
    let id = id_of(&article, "$4.9 billion");
    for c in Doc::open(&article).unwrap().sheet.claims {
        run(&["mark", path, &c.id, "denied"]);
    }
    run(&["mark", path, &id, "confirmed"]);
    edit(&article, "$4.9 billion", "$4.93 billion");

    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(120, 40));
    let message = s.message.clone().unwrap_or_default();
    assert!(message.contains("1 to re-check"), "{message}");
    assert!(message.chars().count() <= 80, "{message}");
    let screen = common::draw(&s, 120, 40);
    let row = screen
        .lines()
        .find(|l| l.contains(&format!("! {id} ")))
        .unwrap();
    assert!(row.contains("the bridge would cost $4.93"), "{row}");

    // The review queue (the "not reviewed" filter) starts with it.
    while s.filter != Filter::Verdict(Verdict::NotReviewed) {
        update(&mut s, key('f'));
    }
    let first = s.list.visible.first().copied().unwrap();
    assert_eq!(s.doc.sheet.claims[first].id, id);
    s.list.selected = Some(first);
    let e = update(&mut s, key('c'));
    common::perform_all(&mut s, e);
    let c = s.doc.sheet.claim(&id).unwrap();
    assert!(!c.needs_review && c.status == Status::Confirmed);
    let saved = Doc::open(&article).unwrap();
    assert!(!saved.sheet.claim(&id).unwrap().needs_review, "saved");
}
