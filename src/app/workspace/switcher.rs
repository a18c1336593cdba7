//! The article switcher: articles by title, sorted, opened with Enter.

use super::*;

/// Open the article switcher.
pub fn open_switcher(state: &mut AppState) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        return not_in_workspace(state);
    };
    w.sync_current(&state.doc);
    let titles = Arc::new(w.title_index());
    let rows = w.switcher_rows(&titles, "", SortBy::Name);
    let selected = w
        .current
        .and_then(|c| rows.iter().position(|&r| r == c))
        .unwrap_or(0);
    state.open_view(Overlay::Switcher(Switcher {
        rows,
        selected,
        titles: Some(titles),
        ..Switcher::default()
    }));
    vec![]
}

pub(super) fn switcher_key(
    state: &mut AppState,
    mut s: Switcher,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let keymap = state.settings.keymap.clone();
    let is = |c| keymap.is(&key, c);
    if step(&keymap, &mut s.selected, s.rows.len(), &key, true) {
        return (Some(Overlay::Switcher(s)), vec![]);
    }
    let requery = |state: &mut AppState, s: &mut Switcher| {
        if let Some(w) = state.workspace.as_ref() {
            let titles = Arc::clone(s.titles.get_or_insert_with(|| Arc::new(w.title_index())));
            s.rows = w.switcher_rows(&titles, &s.query, s.sort);
            s.selected = 0;
        }
    };
    if let Some(c) = keymap::typed(&key) {
        s.query.push(c);
        requery(state, &mut s);
    } else if is(Command::Cancel) {
        return (None, vec![]);
    } else if is(Command::Ok) {
        let effects = match s.rows.get(s.selected) {
            Some(&item) => open_item(state, item, None),
            None => vec![],
        };
        return (None, effects);
    } else if is(Command::PickSort) {
        s.sort = s.sort.next();
        requery(state, &mut s);
    } else if is(Command::LineClear) {
        s.query.clear();
        requery(state, &mut s);
    } else if is(Command::LineErase) {
        s.query.pop();
        requery(state, &mut s);
    }
    (Some(Overlay::Switcher(s)), vec![])
}
