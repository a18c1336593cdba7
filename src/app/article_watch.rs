//! The article changed on disk while it is open (an editor, a `git pull`):
//! its claims are found again exactly as on opening (the same path through
//! [`AppState::new`], so the same rules apply), the result is saved, and
//! what the analyst was doing carries over: the claim selected, the filter
//! and search, an open editor with its text, unsaved changes.

use super::{AppState, Effect, Popup};
use crate::domain::Article;

/// Take the new text of the article into the state; nothing happens when
/// its bytes are what the window already has.
pub fn on_change(state: &mut AppState, article: Article) -> Vec<Effect> {
    if article.sha256 == state.doc.article.sha256 || article.path != state.doc.article.path {
        return vec![];
    }
    let mut doc = state.doc.clone();
    doc.article = article;
    let mut fresh = state.successor(doc);
    let selected = state.selected_claim().map(|c| c.id.clone());
    fresh.session.read_only = state.session.read_only.take();
    fresh.workspace = state.workspace.take();
    fresh.session.sync_search_limit = state.session.sync_search_limit;
    fresh.focus = state.focus;
    fresh.filter = state.filter;
    fresh.search = state.search.take();
    // A split's cut points at the old text: it is the one popup dropped.
    fresh.popups = std::mem::take(&mut state.popups);
    fresh.popups.retain(|p| !matches!(p, Popup::Split { .. }));
    let (width, height) = (state.size.width, state.size.height);
    let reanchored = fresh.message.take();
    *state = fresh;
    super::update(state, super::Action::Resize(width, height));
    let mut effects = state.search_changed();
    if let Some(id) = selected {
        state.select_claim(&id);
    }
    state.message = reanchored.or_else(|| Some("the article changed on disk".into()));
    if state.session.read_only.is_none() {
        effects.extend(state.startup_effects());
    }
    effects
}
