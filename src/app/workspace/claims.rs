//! Every claim of the workspace: searched (off the UI thread when there
//! are many), filtered, opened at the claim.

use super::*;
use crate::domain::search::scope::Scope;

/// Open the workspace-wide claims view.
pub fn open_claims(state: &mut AppState) -> Vec<Effect> {
    if state.workspace.is_none() {
        return not_in_workspace(state);
    }
    if still_loading(state) {
        return vec![];
    }
    let sync_limit = state.sync_search_limit;
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    // Disjoint fields: the workspace changes, the doc is read.
    w.sync_current(&state.doc);
    let mut view = ClaimsView {
        editing: true,
        ..ClaimsView::default()
    };
    let effects = search_claims(w, &mut view, sync_limit);
    w.overlay = Some(Overlay::Claims(view));
    effects
}

/// Whether the claim at `pos` passes the status filter and the query's
/// `@speaker` / `#article` words.
fn in_scope(scope: &Scope, w: &WorkspaceState, filter: Filter, pos: usize) -> bool {
    let Some((item, c)) = w.flat_claim(pos) else {
        return false;
    };
    filter.matches(c) && scope.keeps(c.speaker.as_deref(), &item.name)
}

/// Run the claims view's search: at once for a few thousand claims, off
/// the UI thread (an effect) for more.
pub(super) fn search_claims(
    w: &mut WorkspaceState,
    view: &mut ClaimsView,
    sync_limit: usize,
) -> Vec<Effect> {
    let index = w.ensure_index();
    let scope = Scope::parse(&view.query);
    if scope.fuzzy.is_empty() {
        view.pending = None;
        let rows: Vec<usize> = (0..w.flat.len())
            .filter(|&p| in_scope(&scope, w, view.filter, p))
            .collect();
        view.count = rows.len();
        view.rows = rows;
        view.positions.clear();
        view.selected = view.selected.min(view.rows.len().saturating_sub(1));
        return vec![];
    }
    // With a filter besides the query, every match is fetched so that the
    // filter sees them all; otherwise the best SHOWN.
    let limit = if scope.narrows() || view.filter != Filter::All {
        index.len()
    } else {
        SHOWN
    };
    w.generation += 1;
    if index.len() <= sync_limit {
        let (hits, count) = index.top(&scope.fuzzy, limit);
        take_hits(w, view, hits, count);
        return vec![];
    }
    view.pending = Some(w.generation);
    vec![Effect::Search(SearchJob {
        target: SearchTarget::Workspace,
        generation: w.generation,
        query: scope.fuzzy,
        index,
        limit,
    })]
}

pub(super) fn take_hits(w: &WorkspaceState, view: &mut ClaimsView, hits: Vec<Hit>, count: usize) {
    view.pending = None;
    let scope = Scope::parse(&view.query);
    let filtered = scope.narrows() || view.filter != Filter::All;
    let mut keep: Vec<Hit> = hits
        .into_iter()
        .filter(|h| in_scope(&scope, w, view.filter, h.index))
        .collect();
    view.count = if filtered { keep.len() } else { count };
    keep.truncate(SHOWN);
    view.positions = keep
        .iter()
        .map(|h| (h.index, h.text_positions.clone()))
        .collect();
    view.rows = keep.into_iter().map(|h| h.index).collect();
    view.selected = 0;
}

/// A search run off the UI thread finished.
pub fn search_done(state: &mut AppState, generation: u64, hits: Vec<Hit>, count: usize) {
    let Some(w) = state.workspace.as_mut() else {
        return;
    };
    let Some(Overlay::Claims(mut view)) = w.overlay.take() else {
        return;
    };
    // Only the newest search counts; an older one's results are dropped.
    if view.pending == Some(generation) {
        take_hits(w, &mut view, hits, count);
    }
    w.overlay = Some(Overlay::Claims(view));
}

pub(super) fn claims_key(
    state: &mut AppState,
    mut v: ClaimsView,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if step(&mut v.selected, v.rows.len(), &key, v.editing) {
        return (Some(Overlay::Claims(v)), vec![]);
    }
    let mut effects = vec![];
    let mut research = false;
    match key.code {
        KeyCode::Esc if v.editing && !v.query.is_empty() => {
            v.editing = false;
        }
        KeyCode::Esc => return (None, vec![]),
        KeyCode::Enter => {
            let target = v
                .rows
                .get(v.selected)
                .and_then(|&p| state.workspace.as_ref()?.flat.get(p).copied());
            let Some((item, c)) = target else {
                return (Some(Overlay::Claims(v)), vec![]);
            };
            return (None, open_claim(state, item, c));
        }
        KeyCode::Char('/') if !v.editing => v.editing = true,
        KeyCode::Char('f') if !v.editing => {
            v.filter = v.filter.next();
            research = true;
        }
        KeyCode::Char('f') if ctrl => {
            v.filter = v.filter.next();
            research = true;
        }
        KeyCode::Char('u') if ctrl => {
            v.query.clear();
            research = true;
        }
        KeyCode::Backspace if v.editing => {
            v.query.pop();
            research = true;
        }
        KeyCode::Char(c) if v.editing && !ctrl => {
            v.query.push(c);
            research = true;
        }
        _ => {}
    }
    let sync_limit = state.sync_search_limit;
    if research && let Some(w) = state.workspace.as_mut() {
        effects = search_claims(w, &mut v, sync_limit);
    }
    (Some(Overlay::Claims(v)), effects)
}
