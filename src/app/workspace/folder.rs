//! Similar claims on a single article: `m` reads the article's folder as
//! a workspace (as `claimdesk similar PATH ID` does) instead of refusing;
//! once its sheets are read and compared, `m` lists the similar claims.
//! Articles that appear in the folder later join the workspace.

use super::*;

/// `m` with no workspace: ask the runtime to read the article's folder.
pub(super) fn adopt(state: &mut AppState) -> Vec<Effect> {
    let folder = match state.doc.article.path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    state.message = Some(format!(
        "comparing with the other articles in {}…",
        folder.display()
    ));
    vec![Effect::OpenFolder(folder)]
}

/// The runtime found the articles of the folder: this article is now one
/// of a workspace whose sheets are being read.
pub fn opened(state: &mut AppState, ws: Workspace, current: Option<usize>) -> Vec<Effect> {
    if state.workspace.is_some() {
        return vec![];
    }
    let others = ws.items.len().saturating_sub(1);
    state.workspace = Some(Box::new(WorkspaceState::new(ws, current)));
    let key = state
        .settings
        .keymap
        .first(Command::Similar)
        .unwrap_or_default();
    state.message = Some(format!(
        "reading {others} other article(s) of the folder; {key} lists similar claims when done"
    ));
    vec![]
}

/// Articles new in the folder join the workspace (the switcher, every
/// claim, similar claims).
pub fn appeared(state: &mut AppState, items: Vec<crate::domain::workspace::Item>) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    let mut names = Vec::new();
    for item in items {
        if w.ws.position(&item.article).is_none() {
            names.push(item.title().to_owned());
            w.ws.items.push(item);
        }
    }
    if names.is_empty() {
        return vec![];
    }
    // The claims indexes are built again with the new articles' claims.
    w.index = None;
    w.flat.clear();
    state.message = Some(format!("new in the folder: {}", names.join(", ")));
    vec![Effect::IndexSimilar]
}
