//! Team keys: approving another analyst's verdict pending second review.

use super::{AppState, Effect, SaveState};
use crate::domain::sanitize;

/// Approve the selected claim's pending verdict (not one's own).
pub fn approve(state: &mut AppState) -> Vec<Effect> {
    let Some(index) = state.list.selected else {
        state.message = Some("no claim selected".into());
        return vec![];
    };
    let mut refused = None;
    let changed = state.change_claim(index, |c, by, at, _| {
        if let Err(e) = crate::domain::team::approve(c, by, at) {
            refused = Some(e);
        }
    });
    if let Some(e) = refused {
        state.message = Some(sanitize::line(&e).into_owned());
        return vec![];
    }
    let Some(effects) = changed else {
        return vec![];
    };
    let id = state.doc.sheet.claims.get(index).map(|c| c.id.clone());
    state.message = Some(format!(
        "{}: verdict approved",
        sanitize::line(&id.unwrap_or_default())
    ));
    state.save = SaveState::Saving;
    effects
}
