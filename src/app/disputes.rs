//! Verdicts in dispute: after a save merged what another writer saved,
//! claims whose verdict was set differently on both sides carry both
//! verdicts (`Claim::disputes`). The conflict popup lists them and answers
//! only to keys nobody types by accident: `M` keeps my verdict for the
//! first disputed claim, `T` takes theirs, `Esc` leaves them for later (the
//! dispute stays in the sheet). Every other key, `j k q c` included, does
//! nothing while it is open.

use crossterm::event::KeyEvent;

use super::popup::{CONFLICT_CHOICES, Choice, choose};
use super::{AppState, Effect, Popup, SaveState};
use crate::domain::claim::{Change, Dispute};
use crate::domain::sanitize;
use crate::domain::store::MergeReport;

/// A save merged in what others saved: the claims may have changed under
/// the list; show the disputes if there are any.
pub fn merged(state: &mut AppState, at: String, report: MergeReport) -> Vec<Effect> {
    // Undo steps hold claims as they were before the merge: replaying
    // them could undo what the other writer did.
    state.edits.clear();
    if !state.doc.is_dirty() {
        state.save = SaveState::Saved(at);
    }
    let mut note = String::from("merged with changes saved elsewhere");
    if !report.renumbered.is_empty() {
        let moved: Vec<String> = report
            .renumbered
            .iter()
            .map(|(old, new)| format!("{}→{}", sanitize::line(old), sanitize::line(new)))
            .collect();
        note.push_str(&format!("; new claims renumbered {}", moved.join(", ")));
    }
    state.message = Some(note);
    let effects = state.search_changed();
    state.clamp();
    if first_disputed(state).is_some() && !matches!(state.popups.last(), Some(Popup::Conflict)) {
        state.popups.push(Popup::Conflict);
    }
    effects
}

/// The index of the first claim with a disputed verdict.
fn first_disputed(state: &AppState) -> Option<usize> {
    state
        .doc
        .sheet
        .claims
        .iter()
        .position(|c| !c.disputes.is_empty())
}

/// The lines the popup shows: each disputed claim and its verdicts.
pub fn summary(state: &AppState) -> Vec<String> {
    let disputed: Vec<_> = state
        .doc
        .sheet
        .claims
        .iter()
        .filter(|c| !c.disputes.is_empty())
        .collect();
    let mut lines = vec![format!(
        "{} claim(s) were judged differently here and elsewhere:",
        disputed.len()
    )];
    for c in disputed.iter().take(3) {
        lines.push(format!(
            "{}: {}",
            sanitize::line(&c.id),
            sanitize::line(&c.text)
        ));
        for d in &c.disputes {
            let who = if d.by == state.settings.analyst {
                "you"
            } else {
                &d.by
            };
            lines.push(format!(
                "  {} by {}: {}",
                d.status,
                sanitize::line(who),
                sanitize::line(&d.note)
            ));
        }
    }
    if disputed.len() > 3 {
        lines.push(format!("… and {} more", disputed.len() - 3));
    }
    if let Some(c) = disputed.first() {
        lines.push(format!(
            "M and T settle {} (the first).",
            sanitize::line(&c.id)
        ));
    }
    lines
}

/// The lines of a disputed claim's detail: a heading, then each side
/// (analyst, verdict, time, note).
pub fn detail_lines(c: &crate::domain::Claim) -> Vec<String> {
    let mut lines = vec![format!(
        "⚡ disputed: {} verdicts (c/u/d settles it)",
        c.disputes.len()
    )];
    for d in &c.disputes {
        let note = match d.note.trim() {
            "" => String::new(),
            n => format!(": {}", sanitize::line(n)),
        };
        lines.push(format!(
            "  {} by {} at {}{note}",
            d.status,
            sanitize::line(&d.by),
            d.at
        ));
    }
    lines
}

/// Whether the sheet holds verdicts still in dispute (offered at start).
pub fn any(state: &AppState) -> bool {
    first_disputed(state).is_some()
}

/// A key while the popup is open.
pub fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let mine = match choose(&CONFLICT_CHOICES, &key) {
        Some(Choice::Mine) => true,
        Some(Choice::Theirs) => false,
        Some(_) => {
            state.popups.pop();
            state.message = Some("disputes left in the sheet for later".into());
            return vec![];
        }
        _ => return vec![],
    };
    let Some(index) = first_disputed(state) else {
        state.popups.pop();
        return vec![];
    };
    let claim = &state.doc.sheet.claims[index];
    let Some(choice) = pick(&claim.disputes, &state.settings.analyst, mine) else {
        state.message = Some("none of these verdicts is yours: T takes theirs".into());
        return vec![];
    };
    let by = state.settings.analyst.clone();
    let at = (state.settings.clock)();
    let id = claim.id.clone();
    if let Some(c) = state.doc.sheet.claims.get_mut(index) {
        settle(c, &choice, &by, at);
    }
    state.edits.clear();
    state.save = SaveState::Saving;
    state.message = Some(format!("{}: {} kept", sanitize::line(&id), choice.status));
    if first_disputed(state).is_none() {
        state.popups.pop();
    }
    let mut effects = vec![Effect::Save];
    effects.extend(state.search_changed());
    effects
}

/// The verdict `M` (mine: the latest by this analyst) or `T` (theirs: the
/// latest by anyone else, else the earliest) settles on.
fn pick(disputes: &[Dispute], me: &str, mine: bool) -> Option<Dispute> {
    if mine {
        return disputes.iter().rev().find(|d| d.by == me).cloned();
    }
    disputes
        .iter()
        .rev()
        .find(|d| d.by != me)
        .or_else(|| disputes.first())
        .cloned()
}

/// Settle a claim's dispute on `choice`: its verdict, recorded in history.
fn settle(c: &mut crate::domain::Claim, choice: &Dispute, by: &str, at: crate::domain::Stamp) {
    c.set_status(choice.status, by, at);
    c.history.push(Change {
        at,
        by: by.to_owned(),
        field: "dispute".into(),
        from: format!("{} verdicts", c.disputes.len()),
        to: format!("{} (by {})", choice.status, choice.by),
    });
    c.disputes.clear();
}
