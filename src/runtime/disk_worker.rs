//! The disk watch's thread: every look at the disk the watch needs (the
//! open sheet's and article's files, the other sheets of a workspace, its
//! folder for new articles) is made here, so a slow or network disk never
//! stalls a keystroke. The event loop sends a [`Probe`] (paths and what
//! was last seen, made without touching the disk); the thread answers on
//! the loop's one channel with the actions `update` takes
//! ([`Action::SheetsChanged`], [`Action::ArticlesAppeared`],
//! [`Action::ArticleChanged`]), flags the open sheet's file as touched
//! for the loop to compare with what it holds, and, for a read-only window,
//! takes the sheet's lock when the other claimdesk lets go.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::app::Action;
use crate::app::workspace::WorkspaceState;
use crate::domain::store::{FileStamp, Lock};
use crate::domain::workspace::{Item, SheetState, Workspace};
use crate::runtime::article_watch::ArticleWatch;
use crate::runtime::disk_watch::lock_sheet;

/// What to look at on disk, as the window sees it now.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The open sheet's file.
    pub sheet: PathBuf,
    /// The open article's file and its text's hash in the window.
    pub article: PathBuf,
    pub article_sha: String,
    /// The workspace's other sheets (their index, and the item as last
    /// read, without its claims) and, when due, its folder to read again.
    pub workspace: Option<WorkspaceProbe>,
    /// The window is read-only: try to take the sheet's lock.
    pub want_lock: bool,
}

/// A lock taken on the thread, for the sheet at that path.
type Taken = Arc<Mutex<Option<(PathBuf, Lock)>>>;

/// The workspace part of a [`Probe`].
#[derive(Debug, Clone)]
pub struct WorkspaceProbe {
    pub others: Vec<(usize, Item)>,
    /// The folder and the articles listed, when it is due a rescan.
    pub scan: Option<(PathBuf, HashSet<PathBuf>)>,
}

impl WorkspaceProbe {
    /// What to look at of workspace `w` (not while its sheets are being
    /// read); `scan`: read its folder again too.
    pub fn of(w: &WorkspaceState, scan: bool) -> Option<WorkspaceProbe> {
        if w.loading.is_some() {
            return None;
        }
        let others =
            w.ws.items
                .iter()
                .enumerate()
                .filter(|&(i, _)| Some(i) != w.current)
                .map(|(i, item)| (i, without_claims(item)))
                .collect();
        let scan = scan.then(|| {
            let listed = w.ws.items.iter().map(|i| i.article.clone()).collect();
            (w.ws.root.clone(), listed)
        });
        Some(WorkspaceProbe { others, scan })
    }
}

/// An item with what is needed to notice its sheet change and read it
/// again (its claims are not copied).
fn without_claims(item: &Item) -> Item {
    Item {
        article: item.article.clone(),
        sheet_path: item.sheet_path.clone(),
        name: item.name.clone(),
        modified: item.modified,
        sheet: SheetState::Missing,
        seen: item.seen,
    }
}

/// The loop's handle on the thread.
pub struct DiskWorker {
    probes: Sender<Probe>,
    /// A probe is being answered: the loop makes no other meanwhile.
    busy: Arc<AtomicBool>,
    /// The open sheet's file changed since the loop last looked.
    touched: Arc<AtomicBool>,
    taken: Taken,
}

impl DiskWorker {
    /// Start the thread; `article` watches the open article from what was
    /// seen of it on opening. Results go to `out`.
    pub fn start(article: ArticleWatch, out: Sender<Action>) -> DiskWorker {
        let (probes, rx) = channel::<Probe>();
        let busy = Arc::new(AtomicBool::new(false));
        let touched = Arc::new(AtomicBool::new(false));
        let taken: Taken = Arc::default();
        let flags = (Arc::clone(&busy), Arc::clone(&touched), Arc::clone(&taken));
        std::thread::spawn(move || watch(&rx, article, &out, &flags));
        DiskWorker {
            probes,
            busy,
            touched,
            taken,
        }
    }

    /// Whether the last probe is still being answered.
    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    pub fn send(&self, probe: Probe) {
        self.busy.store(true, Ordering::SeqCst);
        if self.probes.send(probe).is_err() {
            self.busy.store(false, Ordering::SeqCst);
        }
    }

    /// Whether the open sheet's file changed since the last call.
    pub fn take_touched(&self) -> bool {
        self.touched.swap(false, Ordering::SeqCst)
    }

    /// The lock the thread took for the sheet at `sheet`, if it took one
    /// (one taken for another sheet, open before, is let go).
    pub fn take_lock(&self, sheet: &std::path::Path) -> Option<Lock> {
        let (path, lock) = self.taken.lock().ok()?.take()?;
        (path == sheet).then_some(lock)
    }
}

/// The thread: answer each probe (the newest, when several wait) until
/// the loop has gone.
fn watch(
    rx: &Receiver<Probe>,
    mut article: ArticleWatch,
    out: &Sender<Action>,
    (busy, touched, taken): &(Arc<AtomicBool>, Arc<AtomicBool>, Taken),
) {
    let mut sheet: Option<(PathBuf, Option<FileStamp>)> = None;
    while let Ok(mut probe) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            probe = newer;
        }
        // A sheet not looked at yet (the first, another article opened)
        // counts as touched: the loop compares it with what it read.
        let now = FileStamp::of(&probe.sheet);
        if sheet.as_ref() != Some(&(probe.sheet.clone(), now)) {
            touched.store(true, Ordering::SeqCst);
            sheet = Some((probe.sheet.clone(), now));
        }
        if probe.want_lock
            && let (Some(lock), _) = lock_sheet(&probe.sheet)
            && let Ok(mut slot) = taken.lock()
        {
            *slot = Some((probe.sheet.clone(), lock));
        }
        // Sent before the next probe may be made, so that probe is made
        // from a state that (nearly always) took these in.
        let gone = look(&probe, &mut article)
            .into_iter()
            .any(|a| out.send(a).is_err());
        busy.store(false, Ordering::SeqCst);
        if gone {
            return;
        }
    }
}

/// What changed on disk of what `probe` names, as actions for `update`.
pub fn look(probe: &Probe, article: &mut ArticleWatch) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some(w) = &probe.workspace {
        let changed = changed_sheets(&w.others);
        if !changed.is_empty() {
            actions.push(Action::SheetsChanged(changed));
        }
        if let Some((root, listed)) = &w.scan {
            let new = new_articles(root, listed);
            if !new.is_empty() {
                actions.push(Action::ArticlesAppeared(new));
            }
        }
    }
    actions.extend(article.check(&probe.article, &probe.article_sha));
    actions
}

/// The sheets that changed on disk since they were read (a `git pull`),
/// read again.
fn changed_sheets(others: &[(usize, Item)]) -> Vec<(usize, Item)> {
    others
        .iter()
        .filter(|(_, item)| item.changed_on_disk())
        .map(|(i, item)| {
            let mut fresh = item.clone();
            fresh.load();
            (*i, fresh)
        })
        .collect()
}

/// Articles in the folder at `root` that are not `listed` (added by hand
/// or by another program since it was read), their sheets read.
pub fn new_articles(root: &std::path::Path, listed: &HashSet<PathBuf>) -> Vec<Item> {
    let Ok(now) = Workspace::discover(root) else {
        return Vec::new();
    };
    now.items
        .into_iter()
        .filter(|i| !listed.contains(&i.article))
        .map(|mut i| {
            i.load();
            i
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Wait (bounded) until the thread has answered the last probe.
    fn answered(w: &DiskWorker) {
        for _ in 0..1000 {
            if !w.busy() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the disk watch's thread did not answer");
    }

    #[test]
    fn the_thread_flags_the_sheet_touched_and_takes_a_free_lock() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "Ana said the bridge is old.\n").unwrap();
        let doc = crate::domain::workspace::open_article(&article).unwrap();
        let text = crate::domain::sheet::render(&doc.sheet);
        std::fs::write(&doc.sheet_path, text).unwrap();
        let (tx, rx) = channel();
        let w = DiskWorker::start(ArticleWatch::new(&doc), tx);
        let probe = Probe {
            sheet: doc.sheet_path.clone(),
            article: doc.article.path.clone(),
            article_sha: doc.article.sha256.clone(),
            workspace: None,
            want_lock: false,
        };
        w.send(probe.clone());
        answered(&w);
        assert!(
            w.take_touched(),
            "a sheet not looked at yet is compared once"
        );
        w.send(probe.clone());
        answered(&w);
        assert!(!w.take_touched(), "unchanged");
        let text = std::fs::read_to_string(&doc.sheet_path).unwrap();
        std::fs::write(&doc.sheet_path, format!("{text}\n# by hand\n")).unwrap();
        w.send(probe.clone());
        answered(&w);
        assert!(w.take_touched());
        // The article edited elsewhere comes as an action.
        std::fs::write(&article, "Someone else's text.\n").unwrap();
        w.send(Probe {
            want_lock: true,
            ..probe
        });
        answered(&w);
        assert!(matches!(rx.try_recv(), Ok(Action::ArticleChanged(_))));
        let lock = w.take_lock(&doc.sheet_path).expect("the free lock taken");
        assert!(w.take_lock(&doc.sheet_path).is_none(), "taken once");
        drop(lock);
    }
}
