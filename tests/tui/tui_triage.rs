//! Triage in the TUI, key sequences on `update`: which claim a verdict
//! acts on in the article pane, Backspace and Esc after a search, several
//! claims selected at once (`V`, Space) and acted on as one undoable
//! change, assigning, the filters `f`/`F` cycle.

use crate::common;

use claimdesk::app::{AppState, Effect, Filter, Focus, Popup, update};
use claimdesk::domain::{Status, Verdict};
use common::tui::*;
use crossterm::event::KeyCode;

/// Move the article cursor with `w` to the first word of claim `id`.
fn cursor_to(s: &mut AppState, id: &str) {
    let start = s.doc.sheet.claim(id).unwrap().anchor.start;
    while s.article.nav.words[s.article.word].0 < start {
        update(s, ch('w'));
    }
}

fn status_of(s: &AppState, id: &str) -> Option<Status> {
    let c = s.doc.sheet.claim(id)?;
    c.is_reviewed().then_some(c.status)
}

#[test]
fn a_verdict_in_the_article_acts_on_the_claim_under_the_cursor() {
    let (_d, _p, mut s) = sample();
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, Focus::Article);
    cursor_to(&mut s, "C7");
    assert_eq!(selected_id(&s), "C1", "moving the cursor selects nothing");
    assert_eq!(update(&mut s, ch('c')), vec![Effect::Save]);
    assert_eq!(status_of(&s, "C7"), Some(Status::Confirmed));
    assert_eq!(status_of(&s, "C1"), None, "the selected claim is untouched");
    // The selection advanced, and the cursor went with it.
    assert_eq!(selected_id(&s), "C8");
    assert_eq!(s.claim_at_cursor(), s.list.selected);
    update(&mut s, ch('d'));
    assert_eq!(status_of(&s, "C8"), Some(Status::Denied));
    assert_eq!(s.claim_at_cursor(), s.list.selected);
}

#[test]
fn a_verdict_with_no_claim_under_the_cursor_says_so() {
    let (_d, _p, mut s) = sample();
    update(&mut s, key(KeyCode::Tab));
    // A word between the claims.
    while s.claim_at_cursor().is_some() {
        update(&mut s, ch('w'));
    }
    let before = s.doc.sheet.clone();
    assert!(update(&mut s, ch('u')).is_empty());
    assert_eq!(s.message.as_deref(), Some("no claim under the cursor"));
    assert_eq!(s.doc.sheet, before);
}

#[test]
fn backspace_never_undoes_and_reopens_a_search() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "c");
    assert!(update(&mut s, key(KeyCode::Backspace)).is_empty());
    assert_eq!(status_of(&s, "C1"), Some(Status::Confirmed));
    typed(&mut s, "/taliban");
    update(&mut s, key(KeyCode::Enter));
    assert!(!s.search.as_ref().unwrap().editing);
    update(&mut s, key(KeyCode::Backspace));
    let search = s.search.as_ref().unwrap();
    assert!(search.editing, "the query is open for editing again");
    assert_eq!(search.query, "taliban");
    assert_eq!(status_of(&s, "C1"), Some(Status::Confirmed));
    // Undo is still Ctrl-z.
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(status_of(&s, "C1"), None);
}

#[test]
fn esc_after_a_search_keeps_the_claim_found() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "jjjjjj");
    assert_eq!(selected_id(&s), "C7");
    let words = s.doc.sheet.claim("C14").unwrap().text.clone();
    let word = words.split_whitespace().max_by_key(|w| w.len()).unwrap();
    typed(&mut s, &format!("/{word}"));
    update(&mut s, key(KeyCode::Enter));
    while selected_id(&s) != "C14" {
        typed(&mut s, "n");
    }
    update(&mut s, key(KeyCode::Esc));
    assert!(s.search.is_none());
    assert_eq!(s.list.visible.len(), 15);
    assert_eq!(selected_id(&s), "C14");
    // Esc while typing cancels the search: the selection comes back.
    typed(&mut s, "k");
    let here = selected_id(&s);
    typed(&mut s, &format!("/{word}"));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(selected_id(&s), here);
}

#[test]
fn a_range_of_claims_takes_one_verdict_and_one_undo_brings_all_back() {
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    typed(&mut s, "jVjj");
    assert_eq!(s.chosen(), vec![1, 2, 3]);
    assert_eq!(s.chosen_status().as_deref(), Some("3 selected (range)"));
    assert_eq!(update(&mut s, ch('d')), vec![Effect::Save]);
    for id in ["C2", "C3", "C4"] {
        assert_eq!(status_of(&s, id), Some(Status::Denied), "{id}");
    }
    assert_eq!(status_of(&s, "C1"), None);
    assert!(s.chosen().is_empty(), "the selection is used up");
    assert_eq!(selected_id(&s), "C5", "on to the next claim not reviewed");
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(s.doc.sheet, before);
    update(&mut s, ctrl('y'));
    assert_eq!(status_of(&s, "C4"), Some(Status::Denied));
}

#[test]
fn space_toggles_claims_and_esc_unselects_them() {
    let (_d, _p, mut s) = sample();
    // Space selects and moves on; Space again on a claim unselects it.
    typed(&mut s, "  j ");
    assert_eq!(s.chosen(), vec![0, 1, 3]);
    typed(&mut s, "k ");
    assert_eq!(s.chosen(), vec![0, 1]);
    // V ... V keeps a range with the toggled ones.
    typed(&mut s, "GVkV");
    assert_eq!(s.chosen(), vec![0, 1, 13, 14]);
    assert_eq!(s.chosen_status().as_deref(), Some("4 selected"));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.chosen().is_empty());
    assert_eq!(s.chosen_status(), None);
    // A claim the filter hides is not acted on.
    typed(&mut s, "gc ");
    assert_eq!(s.chosen(), vec![1]);
    typed(&mut s, "ff");
    assert_eq!(s.filter, Filter::Verdict(Verdict::Confirmed));
    assert!(s.chosen().is_empty());
    typed(&mut s, "F");
    assert_eq!(s.chosen(), vec![1]);
}

#[test]
fn deleting_the_selected_claims_asks_once_and_undoes_at_once() {
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    typed(&mut s, " j ");
    typed(&mut s, "x");
    assert!(matches!(
        s.popups.last(),
        Some(Popup::ConfirmDeleteMany { ids }) if ids == &["C1", "C3"]
    ));
    assert_eq!(typed(&mut s, "y"), vec![Effect::Save]);
    assert_eq!(s.claims().len(), 13);
    assert_eq!(s.doc.sheet.deleted.len(), 2);
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(s.doc.sheet, before);
    // "n" keeps them.
    typed(&mut s, " x");
    typed(&mut s, "n");
    assert_eq!(s.doc.sheet, before);
}

#[test]
fn assigning_the_selected_claims_defaults_to_the_analyst() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "V");
    typed(&mut s, "jj");
    typed(&mut s, "@");
    assert!(matches!(s.popups.last(), Some(Popup::Input { .. })));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![Effect::Save]);
    for id in ["C1", "C2", "C3"] {
        let c = s.doc.sheet.claim(id).unwrap();
        assert_eq!(c.assignee.as_deref(), Some("ana"), "{id}");
        assert_eq!(c.history.last().unwrap().field, "assignee");
    }
    assert_eq!(s.doc.sheet.claim("C4").unwrap().assignee, None);
    // The list shows the assignee before the text.
    let screen = draw(&s, 120, 40, &claimdesk::view::Theme::plain());
    let row = screen.lines().find(|l| l.contains(" C2 ")).unwrap();
    assert!(row.contains("@ana contacts had been made"), "{row}");
    // Another name: typed over the default.
    typed(&mut s, "G@");
    update(&mut s, ctrl('u'));
    for _ in 0..3 {
        update(&mut s, key(KeyCode::Backspace));
    }
    typed(&mut s, "bo");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        s.doc.sheet.claim("C15").unwrap().assignee.as_deref(),
        Some("bo")
    );
    // "mine": the analyst's own claims.
    while s.filter != Filter::Mine {
        typed(&mut s, "f");
    }
    let mine: Vec<&str> = s
        .list
        .visible
        .iter()
        .map(|&i| s.claims()[i].id.as_str())
        .collect();
    assert_eq!(mine, ["C1", "C2", "C3"]);
    // One undo takes the three back.
    update(&mut s, ctrl('z'));
    update(&mut s, ctrl('z'));
    assert!(s.claims().iter().all(|c| c.assignee.is_none()));
}

#[test]
fn f_cycles_forward_and_shift_f_backwards() {
    let (_d, _p, mut s) = sample();
    typed(&mut s, "F");
    let last = s.filter;
    assert_ne!(last, Filter::All);
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::All);
    typed(&mut s, "fF");
    assert_eq!(s.filter, Filter::All);
    typed(&mut s, "f");
    assert_eq!(s.filter, Filter::Verdict(Verdict::NotReviewed));
    typed(&mut s, "F");
    assert_eq!(s.filter, Filter::All);
}

#[test]
fn the_queue_filter_keeps_claims_scored_at_the_threshold() {
    let (_d, _p, mut s) = sample();
    for (k, c) in s.doc.sheet.claims.iter_mut().enumerate() {
        c.score = claimdesk::domain::Score::parse([0.9, 0.62, 0.1][k % 3]);
    }
    while s.filter != Filter::Queue {
        typed(&mut s, "f");
    }
    let queue: Vec<usize> = (0..15).filter(|k| k % 3 != 2).collect();
    assert_eq!(s.list.visible, queue);
    assert_eq!(s.filter.label(), "queue (score ≥ 0.62)");
}

#[test]
fn snapshot_selected_rows_their_count_and_a_disputed_claim() {
    let (_d, _p, mut s) = sample();
    let now = fixed_now();
    let c3 = s.doc.sheet.claim_mut("C3").unwrap();
    c3.set_status(Status::Denied, "bo", now);
    for (by, status, note) in [
        ("ana", Status::Confirmed, "the minister said so on air"),
        ("bo", Status::Denied, ""),
    ] {
        c3.disputes.push(claimdesk::domain::claim::Dispute {
            at: now,
            by: by.into(),
            status,
            note: note.into(),
        });
    }
    typed(&mut s, " j k");
    assert_eq!(selected_id(&s), "C3");
    insta::assert_snapshot!(at(&mut s, 100, 30));
}

#[test]
fn dismissing_leaves_marked_tombstones_that_init_merge_respects() {
    let (dir, path, mut s) = sample();
    // C7 from the list, C8 under the article cursor.
    typed(&mut s, "jjjjjj");
    assert_eq!(selected_id(&s), "C7");
    let texts: Vec<String> = ["C7", "C8"]
        .iter()
        .map(|id| s.doc.sheet.claim(id).unwrap().text.clone())
        .collect();
    let effects = typed(&mut s, "X");
    assert_eq!(effects, vec![Effect::Save]);
    assert!(s.doc.sheet.claim("C7").is_none());
    update(&mut s, key(KeyCode::Tab));
    cursor_to(&mut s, "C8");
    let effects = typed(&mut s, "X");
    assert!(s.doc.sheet.claim("C8").is_none());
    assert!(s.doc.sheet.deleted.iter().all(|t| t.dismissed));
    assert_eq!(s.doc.sheet.deleted.len(), 2);
    common::perform_all(&mut s, effects);
    // The extractor would find both again: they stay out.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"))
        .env("XDG_DATA_HOME", dir.path().join(".data-home"))
        .env("XDG_CACHE_HOME", dir.path().join(".cache-home"))
        .args(["--analyst", "ana", "init"])
        .arg(&path)
        .args(["--merge", "--all"])
        .status()
        .unwrap();
    assert!(status.success());
    let after = claimdesk::domain::Doc::open(&path).unwrap();
    for t in &texts {
        assert!(
            !after
                .sheet
                .claims
                .iter()
                .any(|c| c.text.contains(t.as_str())),
            "{t} came back"
        );
    }
    // Several at once: one undo brings them all back.
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    typed(&mut s, " j X");
    assert_eq!(s.claims().len(), 13);
    update(&mut s, ctrl('z'));
    assert_eq!(s.doc.sheet, before);
}

#[test]
fn send_back_asks_why_and_records_it() {
    let (_d, _p, mut s) = sample();
    let c2 = s.doc.sheet.claim_mut("C2").unwrap();
    claimdesk::domain::team::give_verdict(c2, Status::Confirmed, "bo", fixed_now(), true);
    // Nothing pending on C1: refused at once.
    typed(&mut s, "B");
    assert!(s.popups.is_empty());
    assert_eq!(s.message.as_deref(), Some("C1: no verdict pending review"));
    typed(&mut s, "jB");
    assert!(matches!(s.popups.last(), Some(Popup::Input { .. })));
    // An empty note sends nothing back.
    update(&mut s, key(KeyCode::Enter));
    assert!(s.doc.sheet.claim("C2").unwrap().pending);
    typed(&mut s, "B");
    typed(&mut s, "the quote is from 2009");
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![Effect::Save]);
    let c2 = s.doc.sheet.claim("C2").unwrap();
    assert!(!c2.pending && !c2.is_reviewed());
    let h = c2.history.last().unwrap();
    assert_eq!((h.by.as_str(), h.field.as_str()), ("ana", "approval"));
    assert_eq!(h.to, "sent back: the quote is from 2009");
    assert!(h.from.contains("by bo"));
    update(&mut s, ctrl('z'));
    assert!(s.doc.sheet.claim("C2").unwrap().pending);
}

/// Someone else changes claim `id`'s note in the file; the TUI reloads.
fn changed_outside(s: &mut AppState, path: &std::path::Path, id: &str) {
    let mut other = claimdesk::domain::Doc::open(path).unwrap();
    let c = other.sheet.claim_mut(id).unwrap();
    c.set_field("note", "from elsewhere".into(), "bo", fixed_now());
    other.save().unwrap();
    assert!(s.doc.changed_on_disk().unwrap());
    s.doc.reload().unwrap();
    update(s, claimdesk::app::Action::Reloaded);
}

#[test]
fn undo_survives_a_reload_when_its_claims_are_unchanged() {
    let (_d, path, mut s) = sample();
    let effects = typed(&mut s, "cd");
    common::perform_all(&mut s, effects);
    changed_outside(&mut s, &path, "C10");
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .contains("2 undo step(s) kept")
    );
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(status_of(&s, "C2"), None);
    update(&mut s, ctrl('z'));
    assert_eq!(status_of(&s, "C1"), None);
    assert_eq!(s.doc.sheet.claim("C10").unwrap().note, "from elsewhere");
    // A change elsewhere to a claim the history touches: that step and
    // older ones are forgotten, newer ones kept.
    let (_d, path, mut s) = sample();
    let effects = typed(&mut s, "cd");
    common::perform_all(&mut s, effects);
    changed_outside(&mut s, &path, "C1");
    assert_eq!(update(&mut s, ctrl('z')), vec![Effect::Save]);
    assert_eq!(status_of(&s, "C2"), None);
    assert!(update(&mut s, ctrl('z')).is_empty());
    assert_eq!(s.message.as_deref(), Some("nothing to undo"));
    assert_eq!(status_of(&s, "C1"), Some(Status::Confirmed));
}

#[test]
fn a_claim_added_over_another_offers_to_merge_into_it() {
    let (_d, _p, mut s) = sample();
    let before = s.doc.sheet.clone();
    let c2 = s.doc.sheet.claim("C2").unwrap().clone();
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "j");
    assert_eq!(typed(&mut s, "a"), vec![Effect::Save]);
    assert_eq!(s.message.as_deref(), Some("added C16 over C2's words"));
    assert!(matches!(
        s.popups.last(),
        Some(Popup::Overlap { new, old }) if new == "C16" && old == "C2"
    ));
    let screen = draw(&s, 120, 40, &claimdesk::view::Theme::plain());
    assert!(screen.contains("C16 overlaps C2"), "{screen}");
    // m merges: C2 now covers the sentence, C16 is gone and free again.
    let effects = typed(&mut s, "m");
    assert!(effects.contains(&Effect::Save));
    assert!(s.popups.is_empty());
    assert!(s.doc.sheet.claim("C16").is_none());
    assert_eq!(s.claims().len(), 15);
    let merged = s.doc.sheet.claim("C2").unwrap();
    assert!(merged.anchor.start < c2.anchor.start);
    assert!(merged.text.starts_with("Earlier this year"));
    assert_eq!(merged.history.last().unwrap().field, "text");
    assert_eq!(s.doc.sheet.next_id(), "C16");
    // One undo takes the merge back to the sheet as it was.
    update(&mut s, ctrl('z'));
    assert_eq!(s.doc.sheet, before);
}

#[test]
fn esc_on_an_overlap_keeps_both_claims_as_they_are() {
    let (_d, _p, mut s) = sample();
    update(&mut s, key(KeyCode::Tab));
    typed(&mut s, "ja");
    update(&mut s, key(KeyCode::Esc));
    assert!(s.popups.is_empty());
    assert!(s.doc.sheet.claim("C16").is_some() && s.doc.sheet.claim("C2").is_some());
    assert_eq!(s.message.as_deref(), Some("kept both C16 and C2"));
}

#[test]
fn the_real_binary_marks_a_range_at_once_and_dismisses_one() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let args = ["--analyst".as_ref(), "ana".as_ref(), article.as_os_str()];
    let mut p = common::Pty::spawn(dir.path(), &args, &[], (100, 30));
    p.wait_for(&|s| s.contains("Claims 15/15"));
    p.send(b"jVjj");
    p.wait_for(&|s| s.contains("3 selected (range)"));
    p.send(b"d");
    p.wait_for(&|s| s.contains("C2, C3, C4 marked denied"));
    p.send(b"X");
    p.wait_for(&|s| s.contains("dismissed C5 as not a claim") && s.contains("saved"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    for id in ["C2", "C3", "C4"] {
        assert_eq!(status_of_doc(&doc, id), Some(Status::Denied), "{id}");
    }
    assert!(doc.sheet.claim("C5").is_none());
    assert!(
        doc.sheet
            .deleted
            .iter()
            .any(|t| t.id == "C5" && t.dismissed)
    );
}

fn status_of_doc(doc: &claimdesk::domain::Doc, id: &str) -> Option<Status> {
    let c = doc.sheet.claim(id)?;
    c.is_reviewed().then_some(c.status)
}
