//! What `update` does with the outcomes the runtime reports back (saves,
//! exports, recovery, the lock) and with work finished off the UI thread.

use crate::app::nav::Nav;
use crate::app::{Action, AppState, Effect, Popup, SaveState};
use crate::app::{add_article, article_watch, disputes, prior, workspace};

/// What the runtime reported back: saves, exports, recovery, the lock.
pub(super) fn reported(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Saved(at) => {
            if !state.doc.is_dirty() {
                state.save = SaveState::Saved(at);
            }
            vec![]
        }
        Action::SaveFailed(e) => {
            state.save = SaveState::Failed(e);
            vec![]
        }
        Action::Merged { at, report } => disputes::merged(state, at, report),
        Action::Conflict => {
            if !matches!(state.popups.last(), Some(Popup::Conflict)) {
                state.popups.push(Popup::Conflict);
            }
            vec![]
        }
        Action::ArticleChanged(article) => article_watch::on_change(state, *article),
        Action::UrlOpened(result) => {
            state.message = Some(match result {
                Ok(url) => format!("opened {url} in the browser"),
                Err(e) => format!("could not open the browser: {e}"),
            });
            vec![]
        }
        Action::Exported(result) => {
            state.message = Some(match result {
                Ok(path) => format!("exported to {path}"),
                Err(e) => format!("export failed: {e}"),
            });
            vec![]
        }
        Action::RecoveryFound(path) => {
            state.popups.push(Popup::Recovery { path });
            vec![]
        }
        Action::Recovered(result) => match result {
            Ok(at) => {
                state.edits.clear();
                state.save = SaveState::Saved(at);
                state.message = Some("restored the unsaved work from the crash".into());
                let effects = state.search_changed();
                state.clamp();
                state.scroll_to_selected();
                effects
            }
            Err(e) if state.doc.is_dirty() => {
                state.save = SaveState::Failed(e);
                vec![]
            }
            Err(e) => {
                state.message = Some(format!("recovery: {e}"));
                vec![]
            }
        },
        a @ (Action::ExportedWithNotes { .. }
        | Action::FolderOpened { .. }
        | Action::ArticlesAppeared(_)
        | Action::Note(_)) => noted(state, a),
        Action::ReadOnly(why) => {
            state.message = Some(match &why {
                Some(w) => format!("read-only: {w}"),
                None => "the other claimdesk closed this sheet; you can edit now".into(),
            });
            state.session.read_only = why;
            vec![]
        }
        other => finished(state, other),
    }
}

/// Work done off the UI thread: searches, the workspace, prior
/// fact-checks, added articles, a reload.
fn finished(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::SearchDone {
            target: workspace::SearchTarget::Article,
            generation,
            hits,
            count,
        } => {
            state.search_done(generation, hits, count);
            vec![]
        }
        a @ (Action::WorkspaceProgress(..)
        | Action::WorkspaceLoaded(_)
        | Action::SimilarReady(_)
        | Action::SheetsChanged(_)
        | Action::Opened { .. }
        | Action::OpenFailed(_)
        | Action::SearchDone { .. }) => {
            let before = state.doc.sheet_path.clone();
            let mut effects = workspace::on_action(state, a);
            effects.extend(prior::on_switch(state, &before));
            effects
        }
        Action::PriorReady(p) => prior::ready(state, p),
        Action::ArticleAdded(result) => add_article::added(state, result),
        Action::Reloaded => {
            state.article.nav = Nav::new(&state.doc.article.text);
            state.article.visual = None;
            let kept = super::undo_reload::keep_applicable(&mut state.edits, &state.doc.sheet);
            state.save = SaveState::Opened;
            state.message = Some(match kept {
                0 => "the sheet changed on disk; reloaded".into(),
                n => format!("the sheet changed on disk; reloaded, {n} undo step(s) kept"),
            });
            let effects = state.search_changed();
            state.clamp();
            state.scroll_to_selected();
            effects
        }
        _ => vec![],
    }
}

/// An export's notes, the folder of a single article read, articles new
/// in the workspace's folder, a message from the runtime.
fn noted(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::ExportedWithNotes { path, notes } => {
            state.message = Some(format!("exported to {path}"));
            let lines = notes
                .iter()
                .map(|n| n.strip_prefix("note: ").unwrap_or(n).to_owned())
                .collect();
            state.popups.push(Popup::Notice {
                title: "Exported, with notes".into(),
                lines,
            });
            vec![]
        }
        Action::FolderOpened { ws, current } => workspace::folder::opened(state, *ws, current),
        Action::ArticlesAppeared(items) => workspace::folder::appeared(state, items),
        Action::Note(m) => {
            state.message = Some(m);
            vec![]
        }
        _ => vec![],
    }
}
