//! What a signal (SIGHUP, SIGTERM, SIGINT) or a terminal gone away must not
//! lose: changes not saved yet are saved; what could not be saved, and any
//! text typed into an open editor, go to the recovery file, which the next
//! start offers, as after a crash. When even that cannot be written (a full
//! disk), the typed text is printed on standard error: the last place left.

use crate::app::AppState;
use crate::domain::sheet::{self, Sheet};
use crate::domain::store::read_sheet_text;

/// Save and keep what is not saved yet; returns what to tell the user
/// (printed on standard error once the terminal is restored).
pub fn keep_on_exit(state: &mut AppState) -> Vec<String> {
    let doc = &mut state.doc;
    // A conflict is handled by the save: ours goes beside the sheet.
    let conflict = doc.is_dirty() && doc.changed_on_disk().unwrap_or(false);
    let mut notes: Vec<String> = super::effects::save_on_exit(doc).into_iter().collect();
    let save_failed = doc.is_dirty() && !conflict;
    let (recovery, typed) = match state.with_editor_text() {
        Some((with_text, what)) => (Some(with_text), Some(what)),
        None => (save_failed.then(|| state.doc.clone()), None),
    };
    let Some(recovery) = recovery else {
        return notes;
    };
    let what = typed
        .clone()
        .unwrap_or_else(|| "the changes that were not saved".into());
    match recovery.write_recovery() {
        Ok(path) => notes.push(format!(
            "{what}: kept in {}; the next start offers to restore it",
            path.display()
        )),
        Err(e) => {
            notes.push(format!("{what}: could not be kept: {e}"));
            if let Some(text) = typed.and_then(|_| typed_text(state)) {
                notes.push(format!("what you were typing: {text}"));
            }
        }
    }
    notes
}

/// The text in the open editor, as typed.
fn typed_text(state: &AppState) -> Option<String> {
    use crate::app::Popup;
    state.popups.iter().rev().find_map(|p| match p {
        Popup::Note { editor, .. } | Popup::Source { editor, .. } => {
            Some(editor.lines().join("\n"))
        }
        Popup::Claim { text, speaker, .. } => Some(format!(
            "{} (speaker: {})",
            text.lines().join("\n"),
            speaker.lines().join(" ")
        )),
        _ => None,
    })
}

/// After a quit that left work unsaved (the analyst chose to quit without
/// saving, or typed into an editor and quit from it): what was discarded,
/// claim by claim, or `None` when nothing was.
pub fn discarded_on_quit(state: &AppState) -> Option<String> {
    let doc = &state.doc;
    let mut parts = Vec::new();
    if doc.is_dirty() {
        let on_disk = read_sheet_text(&doc.sheet_path)
            .and_then(|text| sheet::parse(&doc.sheet_path, &text, None))
            .ok();
        let ids = on_disk
            .map(|d| changed_ids(&doc.sheet, &d))
            .unwrap_or_default();
        parts.push(if ids.is_empty() {
            "the changes that were not saved".to_owned()
        } else {
            format!("the unsaved changes to {}", ids.join(", "))
        });
    }
    if let Some((_, typed)) = state.with_editor_text() {
        parts.push(typed);
    }
    (!parts.is_empty()).then(|| {
        format!(
            "{}: quit without saving; discarded {}",
            doc.sheet_path.display(),
            parts.join(" and ")
        )
    })
}

/// The ids of the claims that differ between two versions of a sheet:
/// changed, added or removed.
fn changed_ids(now: &Sheet, before: &Sheet) -> Vec<String> {
    let mut ids: Vec<String> = now
        .claims
        .iter()
        .filter(|c| before.claim(&c.id) != Some(*c))
        .map(|c| c.id.clone())
        .collect();
    let removed = before.claims.iter().filter(|c| now.claim(&c.id).is_none());
    ids.extend(removed.map(|c| c.id.clone()));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Keymap, update};
    use crate::domain::{Doc, Stamp, Status};

    #[test]
    fn what_a_quit_discards_is_named_claim_by_claim() {
        let dir = tempfile::tempdir().unwrap();
        let article = crate::sample::write_sample(dir.path()).unwrap();
        let doc = Doc::open(&article).unwrap();
        let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
        assert_eq!(discarded_on_quit(&s), None, "nothing to discard");
        let at = Stamp::now();
        for id in ["C3", "C7"] {
            let claim = s.doc.sheet.claim_mut(id).unwrap();
            claim.set_status(Status::Denied, "ana", at);
        }
        s.doc.sheet.claims.retain(|c| c.id != "C9");
        let said = discarded_on_quit(&s).unwrap();
        assert!(
            said.ends_with("quit without saving; discarded the unsaved changes to C3, C7, C9"),
            "{said}"
        );
        update(
            &mut s,
            crate::app::Action::Run(crate::app::keymap::Command::EditNote),
        );
        let key = crate::app::keymap::key_event("x").unwrap();
        update(&mut s, crate::app::Action::Key(key));
        let said = discarded_on_quit(&s).unwrap();
        assert!(said.contains("C3, C7, C9 and the note of"), "{said}");
    }
}
