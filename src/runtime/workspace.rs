//! The workspace's articles, on the UI thread: opening another article
//! (taking its sheet's lock) and the articles of a folder (`m` on a single
//! article). Sheets that changed on disk and new articles are found on the
//! disk watch's thread ([`super::disk_worker`]).

use std::path::Path;

use crate::app::Action;
use crate::domain::workspace::Workspace;
use crate::runtime::disk_watch;

/// Open an article for the main view: its lock (or why it is read-only)
/// and the action reporting it.
pub fn open(
    article: &Path,
    root: Option<&Path>,
    select: Option<String>,
) -> (Option<crate::domain::store::Lock>, Action) {
    let sheet = crate::domain::store::sheet_path_for(article);
    let (lock, read_only) = disk_watch::lock_sheet(&sheet);
    match crate::domain::workspace::open_article_in(article, root) {
        Ok(doc) => (
            lock,
            Action::Opened {
                doc: Box::new(doc),
                read_only,
                select,
            },
        ),
        Err(e) => (None, Action::OpenFailed(e.to_string())),
    }
}

/// The articles of `folder` (the open article's, for `m` on a single
/// article) and the open article's place among them.
pub fn open_folder(
    state: &crate::app::AppState,
    folder: &Path,
) -> Result<(Box<Workspace>, Option<usize>), String> {
    let ws = Workspace::discover(folder)
        .map_err(|e| format!("cannot compare with the folder's articles: {e}"))?;
    let open = std::fs::canonicalize(&state.doc.article.path).ok();
    let current = ws
        .items
        .iter()
        .position(|i| open.is_some() && std::fs::canonicalize(&i.article).ok() == open);
    Ok((Box::new(ws), current))
}
