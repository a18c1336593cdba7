//! Prior fact-checks in the TUI: the matches of each claim (loaded once,
//! off the UI thread, when the TUI starts), the `P` popup listing them,
//! Enter opening one's address, `y` copying its url into the claim's
//! sources and its verdict into the note (one undoable change).

use std::sync::Arc;

use crossterm::event::KeyEvent;

use super::keymap::Command;
use super::{AppState, Effect, Popup};
use crate::domain::factcheck::prior::{Prior, PriorMatches};
use crate::domain::link::is_web_url;

impl AppState {
    /// The effect that loads the fact-check libraries and matches every
    /// claim against them (the runtime answers with `Action::PriorReady`).
    pub fn load_prior_effect(&self) -> Effect {
        Effect::LoadPrior {
            sheet: self.doc.sheet_path.clone(),
            claims: self
                .claims()
                .iter()
                .map(|c| (c.id.clone(), c.text.clone()))
                .collect(),
        }
    }

    /// The prior fact-checks of a claim, best first.
    pub fn prior_of(&self, id: &str) -> &[Prior] {
        self.prior.as_deref().map_or(&[], |p| p.of(id))
    }
}

/// After another article of the workspace was opened: its claims'
/// matches are loaded (the old ones dropped).
pub fn on_switch(state: &mut AppState, before: &std::path::Path) -> Option<Effect> {
    if state.doc.sheet_path == before {
        return None;
    }
    state.prior = None;
    Some(state.load_prior_effect())
}

/// The claims changed (an edit, an undo, a reload, a merge): the next
/// [`refresh`] compares their texts with the ones matched.
pub fn claims_changed(state: &mut AppState) {
    if let Some(prior) = state.prior.as_mut().filter(|p| p.current) {
        Arc::make_mut(prior).current = false;
    }
}

/// After every action: claims edited or added since they were matched
/// are matched again (a few milliseconds each, on this thread). Nothing
/// is looked at while the claims have not changed since the last look,
/// so a keystroke costs nothing however long the sheet.
pub fn refresh(state: &mut AppState) {
    let Some(prior) = state.prior.as_mut() else {
        return;
    };
    if prior.current || prior.index.is_none() {
        return;
    }
    let claims: Vec<(&str, &str)> = state
        .doc
        .sheet
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    // Only the claims whose text changed are matched again; the others
    // keep their matches.
    let fresh = Arc::make_mut(prior);
    fresh.refresh(&claims);
    fresh.current = true;
}

/// The matches arrived.
pub fn ready(state: &mut AppState, matches: Arc<PriorMatches>) -> Vec<Effect> {
    if matches
        .sheet
        .as_deref()
        .is_some_and(|s| s != state.doc.sheet_path)
    {
        // Late: another article was opened since.
        return vec![];
    }
    state.prior = Some(matches);
    state.refresh_visible();
    vec![]
}

/// `P`: list the selected claim's prior fact-checks.
pub fn open(state: &mut AppState) -> Vec<Effect> {
    let Some(id) = state.selected_claim().map(|c| c.id.clone()) else {
        return vec![];
    };
    if state.prior.is_none() {
        state.message = Some("the fact-check library is still loading".into());
    } else if state.prior_of(&id).is_empty() {
        state.message = Some(format!("no prior fact-check of {id} in the library"));
    } else {
        state.popups.push(Popup::Prior { id, sel: 0 });
    }
    vec![]
}

/// A key in the `P` popup.
pub fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Some(Popup::Prior { id, sel }) = state.popups.last().cloned() else {
        return vec![];
    };
    let n = state.prior_of(&id).len();
    let cmd = state.settings.keymap.command(&key);
    let set = |state: &mut AppState, s: usize| {
        if let Some(Popup::Prior { sel, .. }) = state.popups.last_mut() {
            *sel = s;
        }
    };
    let is = |c| state.settings.keymap.is(&key, c);
    let (ok, copy_key, cancel) = (is(Command::Ok), is(Command::PickCopy), is(Command::Cancel));
    match (ok, cmd) {
        (true, _) => {
            let Some(url) = state.prior_of(&id).get(sel).map(|p| p.record.url.clone()) else {
                return vec![];
            };
            if !is_web_url(&url) {
                state.message = Some(format!("not a web address, not opened: {url}"));
                return vec![];
            }
            state.message = Some(format!("opening {url}"));
            return vec![Effect::OpenUrl(url)];
        }
        _ if copy_key => return copy(state, &id, sel),
        _ if cancel => {
            state.popups.pop();
        }
        (_, Some(Command::Close | Command::Prior | Command::Quit)) => {
            state.popups.pop();
        }
        (_, Some(Command::Down)) => set(state, (sel + 1).min(n.saturating_sub(1))),
        (_, Some(Command::Up)) => set(state, sel.saturating_sub(1)),
        (_, Some(c @ (Command::Undo | Command::Redo))) => return state.run(c),
        _ => {}
    }
    vec![]
}

/// `y`: the match's url into the sources, its verdict into the note.
fn copy(state: &mut AppState, id: &str, sel: usize) -> Vec<Effect> {
    if let Some(why) = &state.session.read_only {
        state.message = Some(format!("read-only: {why}"));
        return vec![];
    }
    let Some(prior) = state.prior_of(id).get(sel).cloned() else {
        return vec![];
    };
    let Some(i) = state.doc.sheet.index_of(id) else {
        return vec![];
    };
    let line = format!("Checked before: {}", prior.record.summary());
    let changed = state.change_claim(i, |c, by, at, _| {
        if !prior.record.url.is_empty() {
            c.add_source(&prior.record.url, by, at);
        }
        if !c.note.contains(&line) {
            let note = if c.note.trim().is_empty() {
                line.clone()
            } else {
                format!("{}\n{line}", c.note.trim_end())
            };
            c.set_field("note", note, by, at);
        }
    });
    if let Some(effects) = changed {
        state.message = Some(format!("copied into {id}: {}", prior.record.summary()));
        effects
    } else {
        state.message = Some(format!("{id} already has this fact-check"));
        vec![]
    }
}
