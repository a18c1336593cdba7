//! Watching the disk while the TUI runs, once a second: the sheet changed
//! by someone else (reloaded, or a conflict), the lock let go by another
//! claimdesk, other articles' sheets pulled, the article edited, new
//! articles in a workspace's folder. The looking is done on the watch's
//! own thread ([`super::disk_worker`]); the loop only compares a sheet file
//! the thread found touched with the sheet it holds.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crate::app::{Action, AppState};
use crate::domain::store::{Lock, Locked};
use crate::runtime::article_watch::ArticleWatch;
use crate::runtime::disk_worker::{DiskWorker, Probe, WorkspaceProbe};
use crate::runtime::effects;

/// How often the sheet on disk is checked for changes by others.
const DISK_CHECK: Duration = Duration::from_secs(1);
/// How often the workspace's folder is read again for new articles.
const FOLDER_SCAN: Duration = Duration::from_secs(3);

/// Take the sheet's lock; when another claimdesk holds it (or it cannot be
/// taken) say why this window must be read-only.
pub(super) fn lock_sheet(path: &std::path::Path) -> (Option<Lock>, Option<String>) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match Lock::acquire(path) {
        Ok(Locked::Acquired(lock)) => (Some(lock), None),
        Ok(Locked::HeldBy(info)) => (
            None,
            Some(format!("{name} is open in another claimdesk ({info})")),
        ),
        Err(e) => (None, Some(format!("cannot lock {name}: {e}"))),
    }
}

/// Check the sheet on disk: reload it when someone else changed it and we
/// have no unsaved change; report a conflict when we do.
pub fn check_disk(state: &mut AppState) -> Option<Action> {
    match state.doc.changed_on_disk() {
        Ok(true) if !state.doc.is_dirty() => match state.doc.reload() {
            Ok(()) => Some(Action::Reloaded),
            Err(e) => Some(Action::SaveFailed(e.to_string())),
        },
        Ok(true) => Some(effects::saved(&mut state.doc)),
        _ => None,
    }
}

/// What the event loop checks on disk, and when it last did.
pub(super) struct DiskWatch {
    last_check: Instant,
    /// The conflict popup was shown for the sheet as it is on disk now.
    conflict_shown: bool,
    /// The thread that looks at the disk.
    worker: DiskWorker,
    last_scan: Instant,
    /// The sheet on disk differed and could not be taken in (a reload or
    /// save failed, a conflict): compared again at every check until it is.
    unsettled: bool,
}

impl DiskWatch {
    /// Start watching; what the watch's thread finds comes on `tx`.
    pub(super) fn new(state: &AppState, tx: Sender<Action>) -> DiskWatch {
        DiskWatch {
            last_check: Instant::now(),
            conflict_shown: false,
            worker: DiskWorker::start(ArticleWatch::new(&state.doc), tx),
            last_scan: Instant::now(),
            unsettled: false,
        }
    }

    /// Ask the watch's thread to look at the disk (at most once a second,
    /// and not while it still looks); when it found the open sheet's file
    /// touched, compare it with the sheet held. Returns what to `update`
    /// with now; the thread's own findings come on the loop's channel.
    pub(super) fn check(&mut self, state: &mut AppState, lock: &mut Option<Lock>) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut compare = false;
        if self.last_check.elapsed() >= DISK_CHECK && !self.worker.busy() {
            self.last_check = Instant::now();
            compare = std::mem::take(&mut self.unsettled);
            let probe = self.probe(state, lock.is_none());
            self.worker.send(probe);
        }
        // A read-only window takes the lock when the other one lets go (a
        // lock the thread took for a window no longer read-only is let go).
        if let Some(taken) = self.worker.take_lock(&state.doc.sheet_path)
            && lock.is_none()
        {
            *lock = Some(taken);
            actions.push(Action::ReadOnly(None));
        }
        if self.worker.take_touched() || compare {
            let found = check_disk(state);
            self.unsettled = matches!(found, Some(Action::Conflict | Action::SaveFailed(_)));
            match found {
                Some(Action::Conflict) if self.conflict_shown => {}
                Some(a) => {
                    self.conflict_shown = matches!(a, Action::Conflict);
                    actions.push(a);
                }
                None => {}
            }
        }
        actions
    }

    /// What the watch's thread is to look at now (the workspace's folder
    /// every few seconds).
    fn probe(&mut self, state: &AppState, want_lock: bool) -> Probe {
        let scan = self.last_scan.elapsed() >= FOLDER_SCAN;
        let workspace = state
            .workspace
            .as_ref()
            .and_then(|w| WorkspaceProbe::of(w, scan));
        if workspace.as_ref().is_some_and(|w| w.scan.is_some()) {
            self.last_scan = Instant::now();
        }
        Probe {
            sheet: state.doc.sheet_path.clone(),
            article: state.doc.article.path.clone(),
            article_sha: state.doc.article.sha256.clone(),
            workspace,
            want_lock,
        }
    }

    /// An effect's outcome: a save or reload settles a conflict shown, a
    /// conflict found by saving is shown.
    pub(super) fn saw(&mut self, outcome: &Action) {
        match outcome {
            Action::Saved(_) | Action::Reloaded => self.conflict_shown = false,
            Action::Conflict => self.conflict_shown = true,
            _ => {}
        }
    }
}
