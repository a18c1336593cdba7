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
    let sync_limit = state.session.sync_search_limit;
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
    state.open_view(Overlay::Claims(view));
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
        w.claims_search.ran_here();
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
    if index.len() <= sync_limit {
        w.claims_search.ran_here();
        let (hits, count) = index.top(&scope.fuzzy, limit);
        take_hits(w, view, hits, count);
        return vec![];
    }
    vec![Effect::Search(SearchJob {
        target: SearchTarget::Workspace,
        generation: w.claims_search.start(),
        query: scope.fuzzy,
        index,
        limit,
    })]
}

pub(super) fn take_hits(w: &WorkspaceState, view: &mut ClaimsView, hits: Vec<Hit>, count: usize) {
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
    let view = state.popups.iter_mut().rev().find_map(|p| match p {
        Popup::Workspace(o) => match o.as_mut() {
            Overlay::Claims(v) => Some(v),
            _ => None,
        },
        _ => None,
    });
    // Only the newest search counts; an older one's results are dropped.
    if let Some(view) = view
        && w.claims_search.done(generation)
    {
        take_hits(w, view, hits, count);
    }
}

pub(super) fn claims_key(
    state: &mut AppState,
    mut v: ClaimsView,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let keymap = state.settings.keymap.clone();
    let is = |c| keymap.is(&key, c);
    if step(&keymap, &mut v.selected, v.rows.len(), &key, v.editing) {
        return (Some(Overlay::Claims(v)), vec![]);
    }
    let mut effects = vec![];
    let mut research = false;
    let typed = keymap::typed(&key).filter(|_| v.editing);
    match () {
        _ if let Some(c) = typed => {
            v.query.push(c);
            research = true;
        }
        _ if is(Command::Cancel) && v.editing && !v.query.is_empty() => {
            v.editing = false;
        }
        _ if is(Command::Cancel) => return (None, vec![]),
        _ if is(Command::Ok) => {
            let target = v
                .rows
                .get(v.selected)
                .and_then(|&p| state.workspace.as_ref()?.flat.get(p).copied());
            let Some((item, c)) = target else {
                return (Some(Overlay::Claims(v)), vec![]);
            };
            return (None, open_claim(state, item, c));
        }
        _ if is(Command::PickType) && !v.editing => v.editing = true,
        _ if is(Command::PickFilter) => {
            v.filter = v.filter.next();
            research = true;
        }
        _ if is(Command::LineClear) => {
            v.query.clear();
            research = true;
        }
        _ if is(Command::LineErase) && v.editing => {
            v.query.pop();
            research = true;
        }
        _ => {}
    }
    let sync_limit = state.session.sync_search_limit;
    if research && let Some(w) = state.workspace.as_mut() {
        effects = search_claims(w, &mut v, sync_limit);
    }
    (Some(Overlay::Claims(v)), effects)
}
