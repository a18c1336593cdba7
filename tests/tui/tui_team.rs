//! Disputed verdicts in the TUI, as key sequences on `update`: `f` offers
//! a "disputed" filter when some claim is disputed, a disputed claim comes
//! first in the review queue, and `c`/`u`/`d` settle it (recorded in the
//! history, the dispute cleared).

use claimdesk::app::{Action, AppState, Filter, Keymap, update};
use claimdesk::domain::claim::Dispute;
use claimdesk::domain::{Doc, Stamp, Status};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> Stamp {
    Stamp::parse("2026-12-01T10:00:00Z").unwrap()
}

/// The sample with C5 disputed between ana and bo.
fn disputed() -> (tempfile::TempDir, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let mut doc = Doc::open(&article).unwrap();
    let c5 = doc.sheet.claim_mut("C5").unwrap();
    c5.set_status(Status::Denied, "bo", now());
    for (by, status) in [("ana", Status::Confirmed), ("bo", Status::Denied)] {
        c5.disputes.push(Dispute {
            at: now(),
            by: by.into(),
            status,
            note: format!("{by}'s note"),
        });
    }
    doc.save().unwrap();
    let doc = Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "cy".into(), Keymap::default(), true, false);
    s.settings.clock = now;
    update(&mut s, Action::Resize(120, 40));
    s.popups.clear();
    (dir, s)
}

fn key(s: &mut AppState, c: char) {
    update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

fn selected_id(s: &AppState) -> String {
    s.claims()[s.list.selected.unwrap()].id.clone()
}

#[test]
fn f_offers_a_disputed_filter_when_some_claim_is_disputed() {
    let (_dir, mut s) = disputed();
    for _ in 0..5 {
        key(&mut s, 'f');
    }
    assert_eq!(s.filter, Filter::Disputed);
    let shown: Vec<&str> = s
        .list
        .visible
        .iter()
        .map(|&i| s.claims()[i].id.as_str())
        .collect();
    assert_eq!(shown, vec!["C5"]);
    key(&mut s, 'f');
    assert_eq!(s.filter, Filter::All);
}

#[test]
fn c_on_a_disputed_claim_settles_it_and_the_queue_takes_disputes_first() {
    let (_dir, mut s) = disputed();
    // Marking the first claim moves on to the disputed one first.
    key(&mut s, 'c');
    assert_eq!(selected_id(&s), "C5");
    key(&mut s, 'c');
    let c5 = s.doc.sheet.claim("C5").unwrap();
    assert!(c5.disputes.is_empty());
    assert_eq!(
        (c5.status, c5.reviewed_by.as_deref()),
        (Status::Confirmed, Some("cy"))
    );
    let last = c5.history.last().unwrap();
    assert_eq!(last.field, "dispute");
    assert_eq!(last.from, "confirmed by ana; denied by bo");
}

#[test]
fn under_second_review_a_tui_verdict_is_pending() {
    let (_dir, mut s) = disputed();
    s.settings.second_review = true;
    key(&mut s, 'd');
    let c1 = &s.doc.sheet.claims[0];
    assert!(c1.pending && c1.status == Status::Denied, "{c1:?}");
}

#[test]
fn y_approves_another_analysts_pending_verdict_only() {
    let (_dir, mut s) = disputed();
    s.settings.second_review = true;
    s.settings.advance = false;
    key(&mut s, 'd');
    assert!(s.doc.sheet.claims[0].pending);
    key(&mut s, 'Y');
    assert!(
        s.doc.sheet.claims[0].pending,
        "cy gave it: cy cannot approve it"
    );
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("second analyst"),
        "{:?}",
        s.message
    );
    s.settings.analyst = "ed".into();
    key(&mut s, 'Y');
    let c1 = &s.doc.sheet.claims[0];
    assert!(!c1.pending);
    let last = c1.history.last().unwrap();
    assert_eq!(
        (last.by.as_str(), last.from.as_str()),
        ("ed", "denied by cy (pending)")
    );
}
