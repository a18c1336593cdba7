//! Re-anchoring with real edits of the sample article: each claim must land
//! on the right text or become an orphan, and orphans are never lost.

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use claimdesk::domain::anchor::{self, Outcome};
use claimdesk::domain::{Doc, Stamp, Status};
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> Doc {
    Doc::open(&root().join("data/karzai-taliban-talks.txt")).unwrap()
}

/// Whitespace and typography folded, to compare found text with the quote.
fn plain(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn slice(text: &str, (s, e): (usize, usize)) -> String {
    text.chars().skip(s).take(e - s).collect()
}

/// Plan against `new`; every claim but `orphans` must be found on its own
/// text (up to typography and white space), except those in `changed`,
/// which must be found on the given new text.
fn check(new: &str, orphans: &[&str], changed: &[(&str, &str)]) {
    let doc = sample();
    let plan = anchor::plan(&doc.sheet.claims, new);
    for (r, c) in plan.iter().zip(&doc.sheet.claims) {
        if orphans.contains(&c.id.as_str()) {
            assert_eq!(r.outcome, Outcome::Orphan, "{} should be orphaned", c.id);
            continue;
        }
        let span = match r.outcome {
            Outcome::InPlace => (c.anchor.start, c.anchor.end),
            ref o => o
                .span()
                .unwrap_or_else(|| panic!("{} not found: {o:?}", c.id)),
        };
        let got = plain(&slice(new, span));
        let want = changed
            .iter()
            .find(|(id, _)| *id == c.id)
            .map_or_else(|| plain(&c.anchor.quote), |(_, t)| plain(t));
        assert_eq!(
            got, want,
            "{} landed on the wrong text ({:?})",
            c.id, r.outcome
        );
    }
}

#[test]
fn a_word_changed_inside_a_claim() {
    let text = sample().article.text;
    let new = text.replace(
        "could help induce the Taliban",
        "might help induce the Taliban",
    );
    check(
        &new,
        &[],
        &[(
            "C9",
            "might help induce the Taliban into talks on a peace deal in Afghanistan",
        )],
    );
    let plan = anchor::plan(&sample().sheet.claims, &new);
    assert!(
        matches!(plan[8].outcome, Outcome::Approximate { .. }),
        "{:?}",
        plan[8]
    );
}

#[test]
fn a_paragraph_inserted_before() {
    let text = sample().article.text;
    let new = format!(
        "KABUL (Reuters) - An opening paragraph added by the editor, with the Taliban in it.\n{text}"
    );
    check(&new, &[], &[]);
    let plan = anchor::plan(&sample().sheet.claims, &new);
    assert!(
        plan.iter()
            .all(|r| matches!(r.outcome, Outcome::Moved { .. }))
    );
}

#[test]
fn a_sentence_deleted() {
    let text = sample().article.text;
    let new = text.replace(
        "The US Embassy in Afghanistan declined immediate comment.\n",
        "",
    );
    assert_ne!(new, text);
    check(&new, &["C7"], &[]);
}

#[test]
fn curly_quotes_replaced_by_straight_ones() {
    let text = sample().article.text;
    let new = text.replace(['“', '”'], "\"").replace('’', "'");
    check(&new, &[], &[]);
}

#[test]
fn the_whole_article_reflowed() {
    let text = sample().article.text;
    // Hard-wrapped at 60 columns, paragraphs separated by blank lines.
    let mut new = String::new();
    for para in text.lines() {
        let mut width = 0;
        for word in para.split(' ') {
            if width > 0 && width + 1 + word.chars().count() > 60 {
                new.push('\n');
                width = 0;
            } else if width > 0 {
                new.push(' ');
                width += 1;
            }
            new.push_str(word);
            width += word.chars().count();
        }
        new.push_str("\n\n");
    }
    check(&new, &[], &[]);
}

#[test]
fn check_reports_then_fix_applies_and_orphans_survive() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("karzai-taliban-talks.txt");
    let sheet = dir.path().join("karzai-taliban-talks.claims.toml");
    fs::copy(root().join("data/karzai-taliban-talks.claims.toml"), &sheet).unwrap();
    let text = fs::read_to_string(root().join("data/karzai-taliban-talks.txt")).unwrap();
    // Review C7 first, then the editor deletes its sentence and adds a lead.
    fs::write(&article, &text).unwrap();
    let mut doc = Doc::open(&article).unwrap();
    doc.sheet
        .claim_mut("C7")
        .unwrap()
        .set_status(Status::Confirmed, "ana", Stamp::now());
    doc.save().unwrap();
    let edited = format!(
        "Updated: new lead.\n{}",
        text.replace(
            "The US Embassy in Afghanistan declined immediate comment.\n",
            ""
        )
    );
    fs::write(&article, &edited).unwrap();
    let before = fs::read(&sheet).unwrap();
    let bin = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
        c.env("CLAIMDESK_CONFIG", "/nonexistent")
            .env("USER", "tester");
        c
    };
    bin()
        .args(["check", article.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("15 claims: 0 in place, 14 moved, 0 approximate, 1 orphaned"))
        .stdout(predicate::str::contains("C7    orphaned     \"The US Embassy in Afghanistan declined immediate comment.\" not found"))
        .stdout(predicate::str::contains("run with --fix to apply"));
    assert_eq!(
        fs::read(&sheet).unwrap(),
        before,
        "check alone changes nothing"
    );
    bin()
        .args(["check", sheet.to_str().unwrap(), "--fix"])
        .assert()
        .success();
    let doc = Doc::open(&article).unwrap();
    assert!(!doc.article_changed(), "the sheet records the new hash");
    let c7 = doc.sheet.claim("C7").unwrap();
    assert!(c7.orphan);
    assert_eq!(c7.status, Status::Confirmed, "the orphan keeps its verdict");
    assert_eq!(
        c7.text,
        "The US Embassy in Afghanistan declined immediate comment."
    );
    for c in doc.sheet.claims.iter().filter(|c| !c.orphan) {
        assert_eq!(
            slice(&doc.article.text, (c.anchor.start, c.anchor.end)),
            c.anchor.quote
        );
        assert_eq!(c.history.last().unwrap().field, "anchor");
    }
    // The orphan survives another save and load.
    let mut doc = doc;
    doc.sheet
        .claim_mut("C1")
        .unwrap()
        .set_status(Status::Denied, "bo", Stamp::now());
    doc.save().unwrap();
    let again = Doc::open(&sheet).unwrap();
    assert!(again.sheet.claim("C7").unwrap().orphan);
    assert_eq!(again.sheet.claims.len(), 15);
    bin()
        .args(["check", article.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("the article is unchanged"));
}
