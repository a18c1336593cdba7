use super::*;
use crate::domain::claim::{Claim, Status, Tombstone};
use proptest::prelude::*;

const TEXT: &str = "Alice said the bridge is old. Bob said it is new. Carol said nothing.";

fn at(s: u32) -> Stamp {
    Stamp::parse(&format!("2026-11-28T10:00:{s:02}Z")).unwrap()
}

fn base() -> Sheet {
    let mut s = Sheet::new("a.txt", "00");
    s.claims = vec![
        Claim::new("C1", TEXT, 11, 28),
        Claim::new("C2", TEXT, 39, 48),
        Claim::new("C3", TEXT, 50, 68),
    ];
    s
}

/// The base and two copies of it, for the two sides to change.
fn sides() -> (Sheet, Sheet, Sheet) {
    let b = base();
    (b.clone(), b.clone(), b)
}

fn merged(b: &Sheet, o: &Sheet, t: &Sheet) -> Merged {
    let m = merge(b, o, t).unwrap();
    let swapped = merge(b, t, o).unwrap();
    assert_eq!(m.sheet, swapped.sheet, "the sides' order must not matter");
    m
}

#[test]
fn changes_to_different_claims_and_fields_both_survive() {
    let (b, mut o, mut t) = sides();
    o.claims[0].set_status(Status::Denied, "ana", at(1));
    t.claims[1].set_field("note", "checked".into(), "bo", at(2));
    t.claims[0].add_source("https://x.org", "bo", at(3));
    t.title = Some("Bridges".into());
    let m = merged(&b, &o, &t);
    assert_eq!(m.sheet.claims[0].status, Status::Denied);
    assert_eq!(m.sheet.claims[0].sources, vec!["https://x.org"]);
    assert_eq!(m.sheet.claims[0].history.len(), 2);
    assert_eq!(m.sheet.claims[1].note, "checked");
    assert_eq!(m.sheet.title.as_deref(), Some("Bridges"));
    assert!(m.disputed.is_empty());
}

#[test]
fn a_verdict_set_both_ways_is_a_dispute_kept_as_data() {
    let (b, mut o, mut t) = sides();
    o.claims[0].set_status(Status::Denied, "ana", at(1));
    t.claims[0].set_status(Status::Confirmed, "bo", at(2));
    let m = merged(&b, &o, &t);
    let c = &m.sheet.claims[0];
    assert_eq!(m.disputed, vec!["C1"]);
    assert_eq!(c.status, Status::Confirmed, "the later verdict stands");
    assert_eq!(c.reviewed_by.as_deref(), Some("bo"));
    let sides: Vec<_> = c
        .disputes
        .iter()
        .map(|d| (d.by.as_str(), d.status))
        .collect();
    assert_eq!(
        sides,
        vec![("ana", Status::Denied), ("bo", Status::Confirmed)]
    );
    assert_eq!(c.history.len(), 2, "both changes are in the history");
    // Written and read back.
    let text = sheet::render(&m.sheet);
    assert!(text.contains("[[claim.dispute]]"), "{text}");
    assert_eq!(sheet::parse(Path::new("x"), &text, None).unwrap(), m.sheet);
}

#[test]
fn a_verdict_given_both_ways_is_disputed_even_when_one_kept_the_status() {
    let (b, mut o, mut t) = sides();
    o.claims[0].set_status(Status::Unconfirmed, "cy", at(1));
    t.claims[0].set_status(Status::Denied, "bo", at(2));
    let m = merged(&b, &o, &t);
    let c = &m.sheet.claims[0];
    assert_eq!(m.disputed, vec!["C1"]);
    assert_eq!(
        (c.status, c.reviewed_by.as_deref()),
        (Status::Denied, Some("bo"))
    );
    assert!(
        c.disputes
            .iter()
            .any(|d| d.by == "cy" && d.status == Status::Unconfirmed)
    );
    // The same verdict given on both sides is no dispute.
    let mut t2 = b.clone();
    t2.claims[0].set_status(Status::Unconfirmed, "bo", at(2));
    assert!(merged(&b, &o, &t2).disputed.is_empty());
}

#[test]
fn notes_changed_both_ways_are_both_kept() {
    let (b, mut o, mut t) = sides();
    o.claims[2].set_field("note", "mine".into(), "ana", at(1));
    t.claims[2].set_field("note", "theirs".into(), "bo", at(1));
    let m = merged(&b, &o, &t);
    assert_eq!(m.sheet.claims[2].note, "[ana] mine\n\n[bo] theirs");
}

#[test]
fn sources_are_unioned_less_what_was_removed() {
    let mut b = base();
    b.claims[0].sources = vec!["s1".into(), "s2".into()];
    let mut o = b.clone();
    let mut t = b.clone();
    o.claims[0].remove_source(0, "ana", at(1));
    o.claims[0].add_source("s3", "ana", at(2));
    t.claims[0].add_source("s4", "bo", at(3));
    let m = merged(&b, &o, &t);
    assert_eq!(m.sheet.claims[0].sources, vec!["s2", "s3", "s4"]);
}

#[test]
fn deleted_on_one_side_stays_deleted() {
    let (b, mut o, mut t) = sides();
    let gone = o.claims.remove(1);
    o.deleted.push(Tombstone {
        id: gone.id,
        text: gone.text,
        deleted_at: at(1),
        by: "ana".into(),
        dismissed: false,
    });
    t.claims[1].set_status(Status::Denied, "bo", at(2));
    let m = merged(&b, &o, &t);
    assert!(m.sheet.claim("C2").is_none());
    assert_eq!(m.sheet.deleted.len(), 1);
}

#[test]
fn a_claim_moved_both_ways_takes_one_side_whole() {
    let (b, mut o, mut t) = sides();
    o.claims[0].anchor = anchor_at(0, 5);
    t.claims[0].anchor = anchor_at(30, 40);
    let m = merged(&b, &o, &t);
    let a = &m.sheet.claims.iter().find(|c| c.id == "C1").unwrap().anchor;
    assert!(a.start <= a.end);
    assert!(
        *a == o.claims[0].anchor || *a == t.claims[0].anchor,
        "{a:?}"
    );
}

fn anchor_at(start: usize, end: usize) -> crate::domain::claim::Anchor {
    crate::domain::claim::Anchor::from_text(TEXT, start, end)
}

#[test]
fn a_claim_made_under_an_id_the_other_side_made_and_deleted_is_kept() {
    let (b, mut o, mut t) = sides();
    o.claims.push(Claim::new("C4", TEXT, 0, 5));
    t.deleted.push(Tombstone {
        id: "C4".into(),
        text: "Bob".into(),
        deleted_at: at(1),
        by: "bo".into(),
        dismissed: false,
    });
    let m = merged(&b, &o, &t);
    assert_eq!(m.sheet.claim("C5").map(|c| c.text.as_str()), Some("Alice"));
    assert_eq!(m.renumbered, vec![("C4".to_owned(), "C5".to_owned())]);
    assert!(m.sheet.claim("C4").is_none());
}

#[test]
fn claims_added_both_sides_under_one_id_are_both_kept() {
    let (b, mut o, mut t) = sides();
    o.claims.push(Claim::new("C4", TEXT, 0, 5));
    t.claims.push(Claim::new("C4", TEXT, 30, 33));
    let m = merged(&b, &o, &t);
    assert_eq!(m.sheet.claims.len(), 5);
    assert_eq!(m.renumbered, vec![("C4".to_owned(), "C5".to_owned())]);
    // The same claim added on both sides is one claim.
    let mut t2 = b.clone();
    t2.claims.push(Claim::new("C4", TEXT, 0, 5));
    assert_eq!(merged(&b, &o, &t2).sheet.claims.len(), 4);
}

/// Realistic edits of a sheet, as the TUI and CLI make them.
fn edit() -> impl Strategy<Value = (usize, u8, u32, String)> {
    (0usize..4, 0u8..5, 0u32..60, "[a-z ]{0,12}")
}

fn apply(sheet: &mut Sheet, edits: &[(usize, u8, u32, String)], who: &str) {
    for (i, op, s, text) in edits {
        let id = sheet.next_id();
        if sheet.claims.is_empty() || *op == 4 {
            let start = (*s as usize) % 60;
            sheet.claims.push(Claim::new(id, TEXT, start, start + 5));
            sheet.sort();
            continue;
        }
        let i = *i % sheet.claims.len();
        if *op == 3 {
            let gone = sheet.claims.remove(i);
            sheet.deleted.push(Tombstone {
                id: gone.id,
                text: gone.text,
                deleted_at: at(*s),
                by: who.into(),
                dismissed: false,
            });
            continue;
        }
        let c = &mut sheet.claims[i];
        match op {
            0 => c.set_status(Status::ALL[*s as usize % 3], who, at(*s)),
            1 => c.set_field("note", text.clone(), who, at(*s)),
            _ => {
                c.add_source(text, who, at(*s));
            }
        }
    }
}

proptest! {
    #[test]
    fn merging_with_an_unchanged_side_gives_the_other(
        xs in proptest::collection::vec(edit(), 0..6),
        ys in proptest::collection::vec(edit(), 0..6),
    ) {
        let b = base();
        let mut x = b.clone();
        apply(&mut x, &xs, "ana");
        prop_assert_eq!(&merge(&b, &x, &b).unwrap().sheet, &x);
        prop_assert_eq!(&merge(&b, &b, &x).unwrap().sheet, &x);
        let mut y = b.clone();
        apply(&mut y, &ys, "bo");
        let m = merge(&b, &x, &y).unwrap();
        prop_assert_eq!(&m.sheet, &merge(&b, &y, &x).unwrap().sheet);
        // Nothing a side recorded is lost: each claim not deleted is
        // in the result (maybe under a new id) with all its history.
        for side in [&x, &y] {
            for s in &side.claims {
                if m.sheet.deleted.iter().any(|t| t.id == s.id && t.text == s.text) {
                    continue;
                }
                let kept = m.sheet.claims.iter().any(|c| {
                    c.text == s.text
                        && c.anchor == s.anchor
                        && s.history.iter().all(|h| c.history.contains(h))
                });
                prop_assert!(kept, "{} lost", s.id);
            }
        }
    }
}
