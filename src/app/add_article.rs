//! Adding an article to a workspace from the TUI (`A`): a one-line prompt
//! takes a web address or a file path; the runtime reads it off the UI
//! thread and writes `NAME.txt` and its sheet into the workspace folder
//! (as `claimdesk add` does), meanwhile the status bar says "reading …"
//! and typing goes on; the new article joins the switcher and opens.

use std::path::PathBuf;

use crate::app::keymap::{self, Command};
use crossterm::event::KeyEvent;

use super::workspace::Overlay;
use super::{AppState, Effect};
use crate::domain::workspace::Item;

/// The prompt's text as typed (or pasted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddPrompt {
    pub input: String,
}

/// An article the runtime added (or found already added).
#[derive(Debug, Clone, PartialEq)]
pub struct Added {
    /// What was typed in the prompt.
    pub source: String,
    /// The article, with its sheet read.
    pub item: Box<Item>,
    /// It was in the workspace already (same address or same text).
    pub existing: bool,
}

/// `A`: open the prompt.
pub fn open_prompt(state: &mut AppState) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        state.message = Some("not a workspace: open a folder (claimdesk FOLDER) for this".into());
        return vec![];
    };
    if w.loading.is_some() {
        state.message = Some("still reading the sheets: add articles when they are read".into());
        return vec![];
    }
    state.open_view(Overlay::AddArticle(AddPrompt::default()));
    vec![]
}

/// A key while the prompt is open: the prompt kept (or not) and effects.
pub fn prompt_key(
    state: &mut AppState,
    mut p: AddPrompt,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let is = |c| state.settings.keymap.is(&key, c);
    match keymap::typed(&key) {
        Some(c) if !c.is_control() => p.input.push(c),
        _ if is(Command::Cancel) => return (None, vec![]),
        _ if is(Command::Ok) => return (None, submit(state, p.input.trim())),
        _ if is(Command::LineErase) => {
            p.input.pop();
        }
        _ if is(Command::LineClear) => p.input.clear(),
        _ => {}
    }
    (Some(Overlay::AddArticle(p)), vec![])
}

fn submit(state: &mut AppState, source: &str) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    if source.is_empty() {
        return vec![];
    }
    w.adding.push(source.to_owned());
    vec![Effect::AddArticle {
        source: source.to_owned(),
        folder: w.ws.root.clone(),
    }]
}

/// The runtime's answer: the article joins the workspace and opens, or the
/// status bar says why not.
pub fn added(state: &mut AppState, result: Result<Added, (String, String)>) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    let source = match &result {
        Ok(a) => &a.source,
        Err((s, _)) => s,
    };
    if let Some(i) = w.adding.iter().position(|s| s == source) {
        w.adding.remove(i);
    }
    let a = match result {
        Ok(a) => a,
        Err((source, e)) => {
            state.message = Some(format!("{source}: {e}"));
            return vec![];
        }
    };
    let article: PathBuf = a.item.article.clone();
    let title = a.item.title().to_owned();
    let claims = a.item.claims().len();
    let mut effects = vec![];
    if w.ws.position(&article).is_none() {
        w.ws.items.push(*a.item);
        // The claims indexes are built again with the new article's claims.
        w.index = None;
        w.flat.clear();
        effects.push(Effect::IndexSimilar);
    }
    let what = if a.existing {
        format!("already in the workspace: {title}")
    } else {
        format!("added {title} ({claims} claims)")
    };
    if state.doc.is_dirty() {
        state.message = Some(format!(
            "{what}; this article has changes not saved yet: Ctrl-s, then Ctrl-p to open it"
        ));
        return effects;
    }
    state.message = Some(what);
    effects.insert(
        0,
        Effect::Open {
            article,
            select: None,
        },
    );
    effects
}
