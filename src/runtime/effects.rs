//! The one executor of effects. The program's event loop runs it
//! threaded: what takes time (exports, searches, the similar-claims index,
//! prior fact-checks, adding an article) goes to other threads and reports
//! back on a channel. Tests and benchmarks run it inline: everything at
//! once, the outcome returned. Saving, reloading, recovery and opening an
//! article run on the UI thread in both.

use std::sync::Arc;
use std::sync::mpsc::Sender;

use crate::app::{Action, AppState, Effect, update};
use crate::config::Config;
use crate::domain::store::Lock;
use crate::domain::{Doc, Error};
use crate::runtime::workers::{self, SearchWorker};
use crate::runtime::{add, workspace};

/// Carries out the effects `update` returns.
pub struct Executor {
    /// The settings exports follow.
    config: Config,
    /// Where slow effects go and report (threaded), or None (inline).
    threads: Option<Threads>,
}

struct Threads {
    tx: Sender<Action>,
    searches: SearchWorker,
}

impl Executor {
    /// Every effect at once, on this thread (tests, benchmarks).
    pub fn inline(config: Config) -> Executor {
        Executor {
            config,
            threads: None,
        }
    }

    /// Slow effects on other threads, reporting on `tx` (the program).
    pub fn threaded(config: Config, tx: Sender<Action>) -> Executor {
        let searches = SearchWorker::start(tx.clone());
        Executor {
            config,
            threads: Some(Threads { tx, searches }),
        }
    }

    /// Perform `effect`; returns the action that reports its outcome when
    /// it is known now, and whether the loop must stop. `lock` is the
    /// sheet's lock, handed over when another article is opened.
    pub fn perform(
        &self,
        state: &mut AppState,
        effect: Effect,
        lock: &mut Option<Lock>,
    ) -> (Option<Action>, bool) {
        let effect = match &self.threads {
            Some(threads) => match self.hand_off(threads, state, effect) {
                Some(effect) => effect,
                None => return (None, false),
            },
            None => effect,
        };
        match effect {
            Effect::Save => (Some(saved(&mut state.doc)), false),
            Effect::Reload => match state.doc.reload() {
                Ok(()) => (Some(Action::Reloaded), false),
                Err(e) => (Some(Action::SaveFailed(e.to_string())), false),
            },
            Effect::Export(format) => {
                let doc = &state.doc;
                let result = export_noted(doc, format, &self.config, &state.settings.analyst);
                (Some(exported(result)), false)
            }
            Effect::RestoreRecovery => {
                let doc = &mut state.doc;
                // Restoring removes the file restored (only that one).
                let result = doc.restore_recovery();
                let outcome = result.map(|()| now_hms()).map_err(|e| e.to_string());
                (offer_next(state, Some(Action::Recovered(outcome))), false)
            }
            Effect::DiscardRecovery => match state.doc.discard_recovery() {
                Ok(()) => (offer_next(state, None), false),
                Err(e) => (Some(Action::Recovered(Err(e.to_string()))), false),
            },
            Effect::Open { article, select } => {
                let root = state.workspace.as_ref().map(|w| w.ws.root.clone());
                let (taken, action) = workspace::open(&article, root.as_deref(), select);
                if matches!(action, Action::Opened { .. }) {
                    // The sheet left is unlocked, the one opened locked.
                    *lock = taken;
                }
                (Some(action), false)
            }
            Effect::IndexSimilar => {
                let entries = state
                    .workspace
                    .as_ref()
                    .map(|w| w.ws.similar_entries())
                    .unwrap_or_default();
                let index = crate::domain::similar::Index::build(entries);
                (Some(Action::SimilarReady(Arc::new(index))), false)
            }
            Effect::Search(job) => {
                let latest = std::sync::atomic::AtomicU64::new(job.generation);
                (workers::run_search_job(&job, &mut None, &latest), false)
            }
            Effect::OpenUrl(url) => (Some(Action::UrlOpened(open_in_browser(&url))), false),
            Effect::AddArticle { source, folder } => {
                (Some(add::add_article(&source, &folder)), false)
            }
            Effect::LoadPrior { sheet, claims } => {
                let found =
                    crate::domain::factcheck::prior::PriorMatches::for_sheet(&sheet, &claims);
                (Some(Action::PriorReady(Arc::new(found))), false)
            }
            Effect::Quit => (None, true),
            Effect::RememberSplit(split) => (remember_split(split), false),
            Effect::OpenFolder(folder) => match super::workspace::open_folder(state, &folder) {
                Ok((ws, current)) => (Some(Action::FolderOpened { ws, current }), false),
                Err(e) => (Some(Action::Note(e)), false),
            },
            Effect::Copy { text, what } => (
                Some(Action::Note(super::clipboard::copy(&text, &what))),
                false,
            ),
        }
    }

    /// Send a slow effect to its thread; the others are given back.
    fn hand_off(&self, threads: &Threads, state: &AppState, effect: Effect) -> Option<Effect> {
        let tx = threads.tx.clone();
        match effect {
            e @ Effect::LoadPrior { .. } => workers::perform_off_thread(e, tx),
            Effect::IndexSimilar => {
                if let Some(w) = state.workspace.as_ref() {
                    workers::index_similar(w.ws.similar_entries(), tx);
                }
            }
            Effect::Search(job) => threads.searches.send(job),
            Effect::AddArticle { source, folder } => add::spawn(source, folder, tx),
            Effect::OpenFolder(folder) => match super::workspace::open_folder(state, &folder) {
                Ok((ws, current)) => {
                    let loading = (*ws).clone();
                    let _ = tx.send(Action::FolderOpened { ws, current });
                    workers::load_workspace(loading, tx);
                }
                Err(e) => {
                    let _ = tx.send(Action::Note(e));
                }
            },
            Effect::Export(format) => {
                let (doc, config) = (state.doc.clone(), self.config.clone());
                let analyst = state.settings.analyst.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(exported(export_noted(&doc, format, &config, &analyst)));
                });
            }
            other => return Some(other),
        }
        None
    }
}

/// Perform one effect inline with the default settings; returns the
/// action that reports its outcome, and whether the loop must stop.
pub fn perform(state: &mut AppState, effect: &Effect) -> (Option<Action>, bool) {
    Executor::inline(Config::default()).perform(state, effect.clone(), &mut None)
}

/// Write the panes' split to the config file; only a failure is said.
fn remember_split(split: u16) -> Option<Action> {
    let path = Config::path()?;
    crate::config::remember(&path, "split", i64::from(split))
        .err()
        .map(|e| Action::Note(format!("could not remember the pane sizes: {e}")))
}

/// The local time a save finished, for the status bar.
fn now_hms() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// After a recovery file was restored or discarded: report it, and offer
/// the next one if there is another.
fn offer_next(state: &mut AppState, outcome: Option<Action>) -> Option<Action> {
    let Some(next) = state.doc.pending_recovery() else {
        return outcome;
    };
    if let Some(outcome) = outcome {
        let _ = update(state, outcome);
    }
    Some(Action::RecoveryFound(next.display().to_string()))
}

/// After a panic: write what was not saved to the recovery file beside the
/// sheet (the next start offers it back). Returns what to tell the user.
pub fn write_crash_recovery(doc: &Doc) -> Option<String> {
    if !doc.is_dirty() {
        return None;
    }
    Some(match doc.write_recovery() {
        Ok(path) => format!(
            "the changes that were not saved are in {}; the next start offers to restore them",
            path.display()
        ),
        Err(e) => format!("the changes that were not saved are lost: {e}"),
    })
}

/// Start the system browser on `url` (`open` on macOS, `xdg-open`
/// elsewhere) without waiting for it: a thread reaps it when it ends.
fn open_in_browser(url: &str) -> std::result::Result<String, String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    open_with(opener, url)
}

fn open_with(opener: &str, url: &str) -> std::result::Result<String, String> {
    let mut child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{opener}: {e}"))?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(url.to_owned())
}

/// Export `doc` in `format` beside its sheet (`NAME.verification.EXT`,
/// replaced atomically if it exists); returns the path written.
pub fn export_file(
    doc: &Doc,
    format: crate::domain::export::Format,
    config: &Config,
    analyst: &str,
) -> crate::domain::Result<std::path::PathBuf> {
    export_noted(doc, format, config, analyst).map(|(path, _)| path)
}

/// [`export_file`], with the notes the CLI prints about it (ClaimReview:
/// no publish URL, claims left out).
fn export_noted(
    doc: &Doc,
    format: crate::domain::export::Format,
    config: &Config,
    analyst: &str,
) -> crate::domain::Result<(std::path::PathBuf, Vec<String>)> {
    use crate::domain::export;
    let mut options = config.export_options(Some(analyst), crate::domain::Stamp::now());
    options.prior = crate::domain::factcheck::prior::for_export(format, &doc.sheet_path);
    let out = export::render(&[doc], format, &options)?;
    let (notes, out) = export::claimreview_notes(&[doc], format, &options, out);
    let path = export::output_path_for(doc, format);
    crate::domain::filenames::require_regular_target(&path)?;
    crate::domain::store::write_atomic(&path, out.text.as_bytes())?;
    Ok((path, notes))
}

pub(super) fn exported(result: crate::domain::Result<(std::path::PathBuf, Vec<String>)>) -> Action {
    match result {
        Ok((path, notes)) if !notes.is_empty() => Action::ExportedWithNotes {
            path: path.display().to_string(),
            notes,
        },
        Ok((path, _)) => Action::Exported(Ok(path.display().to_string())),
        Err(e) => Action::Exported(Err(e.to_string())),
    }
}

/// Save, and say how it went: merged with what another writer saved, or not.
pub(super) fn saved(doc: &mut Doc) -> Action {
    let result = doc.save();
    match (result, doc.take_merge()) {
        (Ok(()), Some(report)) => Action::Merged {
            at: now_hms(),
            report,
        },
        (result, _) => save_result(result),
    }
}

fn save_result(r: crate::domain::Result<()>) -> Action {
    match r {
        Ok(()) => Action::Saved(now_hms()),
        Err(Error::Conflict { .. }) => Action::Conflict,
        Err(e) => Action::SaveFailed(e.to_string()),
    }
}

/// Save what is not saved yet before going away on a signal. A conflict
/// never overwrites the other version: ours goes to `SHEET.mine` beside it.
pub(super) fn save_on_exit(doc: &mut Doc) -> Option<String> {
    if !doc.is_dirty() {
        return None;
    }
    match doc.save() {
        Ok(()) => None,
        // Saves merge; one that failed while the sheet on disk changed
        // (it no longer parses, the disk is full) keeps ours beside it.
        Err(e) if doc.changed_on_disk().unwrap_or(true) => match doc.write_mine() {
            Ok(side) => Some(format!(
                "{}: not saved ({e}); your version was kept in {}",
                doc.sheet_path.display(),
                side.display()
            )),
            Err(e2) => Some(format!("your changes could not be saved: {e}; {e2}")),
        },
        Err(e) => Some(format!("your changes could not be saved: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_is_started_detached_and_a_failure_reported() {
        assert_eq!(
            open_with("true", "https://example.org/"),
            Ok("https://example.org/".to_owned())
        );
        let err = open_with("/nonexistent/opener", "https://example.org/").unwrap_err();
        assert!(err.starts_with("/nonexistent/opener: "), "{err}");
    }
}
