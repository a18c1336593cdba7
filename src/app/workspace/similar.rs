//! Similar claims in other articles: the "≈ also" line, the list, copying
//! a verdict over.

use super::*;
use crate::domain::similar;

/// Open the list of claims in other articles like the selected one.
pub fn open_similar(state: &mut AppState) -> Vec<Effect> {
    if state.workspace.is_none() {
        return not_in_workspace(state);
    }
    if still_loading(state) {
        return vec![];
    }
    refresh_also(state);
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    match &w.also {
        Some((_, rows)) if !rows.is_empty() => {
            let rows = rows.clone();
            state.open_view(Overlay::Similar(SimilarView { rows, selected: 0 }));
        }
        _ if w.similar.is_none() => {
            state.message = Some("still comparing the claims across articles…".into());
        }
        _ => state.message = Some("no similar claim in the other articles".into()),
    }
    vec![]
}

pub(super) fn similar_key(
    state: &mut AppState,
    mut v: SimilarView,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let keymap = &state.settings.keymap;
    if step(keymap, &mut v.selected, v.rows.len(), &key, false) {
        return (Some(Overlay::Similar(v)), vec![]);
    }
    let target = v.rows.get(v.selected).map(|&(item, c, _)| (item, c));
    let is = |c| keymap.is(&key, c);
    match () {
        _ if is(Command::Cancel) || is(Command::Quit) => (None, vec![]),
        _ if is(Command::Ok) => {
            let Some((item, c)) = target else {
                return (Some(Overlay::Similar(v)), vec![]);
            };
            (None, open_claim(state, item, c))
        }
        _ if is(Command::PickCopy) => {
            let Some((item, c)) = target else {
                return (Some(Overlay::Similar(v)), vec![]);
            };
            (None, copy_from(state, item, c))
        }
        _ => (Some(Overlay::Similar(v)), vec![]),
    }
}

/// Copy the verdict, note and sources of claim `c` of `item` onto the
/// selected claim (undoable, recorded in its history).
pub(super) fn copy_from(state: &mut AppState, item: usize, c: usize) -> Vec<Effect> {
    if let Some(why) = &state.session.read_only {
        state.message = Some(format!("read-only: {why}"));
        return vec![];
    }
    let Some((from, origin)) = state.workspace.as_ref().and_then(|w| {
        let it = w.ws.items.get(item)?;
        let claim = it.claims().get(c)?.clone();
        let origin = format!("{} {}", it.name, claim.id);
        Some((claim, origin))
    }) else {
        return vec![];
    };
    let Some(index) = state.list.selected else {
        return vec![];
    };
    if !from.is_reviewed() {
        state.message = Some(format!("{origin} has no verdict to copy"));
        return vec![];
    }
    let copied = state.change_claim(index, |claim, by, at, _| {
        ws::copy_verdict(claim, &from, &origin, by, at);
    });
    if let Some(effects) = copied {
        state.message = Some(format!("copied the verdict of {origin}"));
        return effects;
    }
    state.message = Some(format!("already the same as {origin}"));
    vec![]
}

/// Recompute "also in N articles" when the selected claim changed.
pub fn refresh_also(state: &mut AppState) {
    let selected = state.selected_claim().map(|c| c.id.clone());
    let Some(w) = state.workspace.as_mut() else {
        return;
    };
    let (Some(current), Some(id)) = (w.current, selected) else {
        w.also = None;
        w.also_for = None;
        return;
    };
    let key = (current, id);
    if w.also_for.as_ref() == Some(&key) {
        return;
    }
    let Some(index) = w.similar.clone() else {
        w.also = None;
        return;
    };
    let name = &w.ws.items[current].name;
    let Some(me) = index.find(name, &key.1) else {
        w.also = None;
        w.also_for = Some(key);
        return;
    };
    // The index may be older than the sheets: find each match by its
    // article and id, and take its verdict as it is now.
    let rows: Vec<Like> = index
        .similar_to(me, SIMILAR_LIMIT)
        .into_iter()
        .filter_map(|m| {
            let e = index.entries().get(m.entry)?;
            let item = w.ws.items.iter().position(|it| it.name == e.article)?;
            let c = w.ws.items[item]
                .claims()
                .iter()
                .position(|c| c.id == e.id)?;
            Some((item, c, m.score))
        })
        .collect();
    w.also = if rows.is_empty() {
        None
    } else {
        let summary = similar::summarize(rows.iter().filter_map(|&(item, c, _)| {
            let it = w.ws.items.get(item)?;
            let claim = it.claims().get(c)?;
            Some((
                it.name.as_str(),
                claim.is_reviewed().then_some(claim.status),
            ))
        }));
        Some((summary, rows))
    };
    w.also_for = Some(key);
}
