//! Watching the disk while the TUI runs, once a second: the sheet changed
//! by someone else (reloaded, or a conflict), the lock let go by another
//! claimdesk, other articles' sheets pulled, the article edited.

use std::time::{Duration, Instant};

use crate::app::{Action, AppState};
use crate::domain::store::{Lock, Locked};
use crate::runtime::article_watch::ArticleWatch;
use crate::runtime::{effects, workspace};

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
    article: ArticleWatch,
    last_scan: Instant,
}

impl DiskWatch {
    pub(super) fn new(state: &AppState) -> DiskWatch {
        DiskWatch {
            last_check: Instant::now(),
            conflict_shown: false,
            article: ArticleWatch::new(&state.doc),
            last_scan: Instant::now(),
        }
    }

    /// What changed on disk since the last check (at most once a second).
    pub(super) fn check(&mut self, state: &mut AppState, lock: &mut Option<Lock>) -> Vec<Action> {
        let mut actions = Vec::new();
        if self.last_check.elapsed() < DISK_CHECK {
            return actions;
        }
        self.last_check = Instant::now();
        // A read-only window takes the lock when the other one lets go.
        if lock.is_none() {
            let (taken, why) = lock_sheet(&state.doc.sheet_path);
            if taken.is_some() {
                *lock = taken;
                actions.push(Action::ReadOnly(why));
            }
        }
        if let Some(w) = state.workspace.as_ref().filter(|w| w.loading.is_none()) {
            let changed = workspace::changed_sheets(&w.ws, w.current);
            if !changed.is_empty() {
                actions.push(Action::SheetsChanged(changed));
            }
            if self.last_scan.elapsed() >= FOLDER_SCAN {
                self.last_scan = Instant::now();
                let new = workspace::new_articles(&w.ws);
                if !new.is_empty() {
                    actions.push(Action::ArticlesAppeared(new));
                }
            }
        }
        actions.extend(self.article.check(&state.doc));
        match check_disk(state) {
            Some(Action::Conflict) if self.conflict_shown => {}
            Some(a) => {
                self.conflict_shown = matches!(a, Action::Conflict);
                actions.push(a);
            }
            None => {}
        }
        actions
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
