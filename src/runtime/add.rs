//! Performing [`Effect::AddArticle`](crate::app::Effect::AddArticle): the
//! source read (fetched, for an address) and written into the workspace
//! folder as `claimdesk add` does, the new article's sheet read for the
//! switcher. Runs on a background thread in the event loop.

use std::path::Path;

use crate::app::Action;
use crate::app::add_article::Added;
use crate::domain::fetch::Limits;
use crate::domain::ingest::{self, Options, Source, WriteError};
use crate::domain::store::sheet_path_for;
use crate::domain::workspace::{Item, SheetState};

/// Read `source` into the workspace in `folder` on a reader thread of its
/// own; the action it sends reports how it went.
pub fn spawn(source: String, folder: std::path::PathBuf, tx: std::sync::mpsc::Sender<Action>) {
    let worker = std::thread::Builder::new().name(crate::domain::ingest::READER_THREAD.into());
    let started = worker.spawn({
        let tx = tx.clone();
        let (source, folder) = (source.clone(), folder.clone());
        move || {
            let _ = tx.send(add_article(&source, &folder));
        }
    });
    if let Err(e) = started {
        let why = format!("cannot start a thread: {e}");
        let _ = tx.send(Action::ArticleAdded(Err((source, why))));
    }
}

/// Add `source` to the workspace in `folder`; the action reports it.
pub fn add_article(source: &str, folder: &Path) -> Action {
    Action::ArticleAdded(add(source, folder).map_err(|e| (source.to_owned(), e)))
}

fn add(source: &str, folder: &Path) -> Result<Added, String> {
    let parsed = Source::parse(source);
    if parsed == Source::Stdin {
        return Err("standard input (-) works with `claimdesk add` only".into());
    }
    let mut no_stdin = || Err(std::io::Error::other("no standard input here"));
    let read = ingest::read_source(&parsed, &Limits::default(), &mut no_stdin)?;
    let opts = Options {
        folder: folder.to_path_buf(),
        name: None,
        force: false,
        extract: true,
    };
    let (article, existing) = match ingest::write(&read, &opts) {
        Ok(a) => (a.path, false),
        Err(WriteError::Duplicate(path)) => (path, true),
        Err(e) => return Err(e.to_string()),
    };
    let name = article
        .strip_prefix(folder)
        .unwrap_or(&article)
        .display()
        .to_string();
    let mut item = Item {
        sheet_path: sheet_path_for(&article),
        modified: std::fs::metadata(&article).and_then(|m| m.modified()).ok(),
        article,
        name,
        sheet: SheetState::Pending,
        seen: None,
    };
    item.load();
    Ok(Added {
        source: source.to_owned(),
        item: Box::new(item),
        existing,
    })
}
