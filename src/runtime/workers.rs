//! Work the event loop hands to other threads so input never waits:
//! reading a workspace's sheets, building its similar-claims index, and
//! searches too big for one frame (each cancelled by a newer one).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};

use crate::app::Action;
use crate::app::workspace::SearchJob;
use crate::domain::search::{Hit, Searcher};

/// How many of a big search's best rows get their matches highlighted.
pub const HIGHLIGHTED: usize = 200;
use crate::domain::similar;
use crate::domain::workspace::Workspace;

/// Read every sheet of `ws` (reporting progress about every 1%), then
/// build the similar-claims index; each step reports on `tx`.
pub fn load_workspace(mut ws: Workspace, tx: Sender<Action>) {
    std::thread::spawn(move || {
        let total = ws.items.len();
        let step = (total / 100).max(1);
        ws.load_all(&|done| {
            if done % step == 0 || done == total {
                let _ = tx.send(Action::WorkspaceProgress(done, total));
            }
        });
        let entries = ws.similar_entries();
        if tx.send(Action::WorkspaceLoaded(Box::new(ws))).is_err() {
            return;
        }
        build_similar(entries, &tx);
    });
}

/// Load the fact-check libraries and match the claims, on their own
/// thread (other effects are ignored).
pub fn perform_off_thread(effect: crate::app::Effect, tx: Sender<Action>) {
    if let crate::app::Effect::LoadPrior { sheet, claims } = effect {
        std::thread::spawn(move || {
            let found = crate::domain::factcheck::prior::PriorMatches::for_sheet(&sheet, &claims);
            let _ = tx.send(Action::PriorReady(Arc::new(found)));
        });
    }
}

/// Build the similar-claims index of these claims on its own thread.
pub fn index_similar(entries: Vec<similar::Entry>, tx: Sender<Action>) {
    std::thread::spawn(move || build_similar(entries, &tx));
}

fn build_similar(entries: Vec<similar::Entry>, tx: &Sender<Action>) {
    let index = similar::Index::build(entries);
    let _ = tx.send(Action::SimilarReady(Arc::new(index)));
}

/// Run one search job unless a newer one (`latest`) has started; the
/// searcher is kept between jobs of the same index, so a growing query
/// narrows the last results.
pub fn run_search_job(
    job: &SearchJob,
    searcher: &mut Option<Searcher>,
    latest: &AtomicU64,
) -> Option<Action> {
    if searcher
        .as_ref()
        .is_none_or(|s| !Arc::ptr_eq(s.index(), &job.index))
    {
        *searcher = Some(Searcher::new(Arc::clone(&job.index)));
    }
    let s = searcher.as_mut()?;
    let stale = || latest.load(Ordering::Relaxed) != job.generation;
    let matches = s.search_until(&job.query, &stale)?;
    let count = matches.len();
    // Highlight positions cost a scorer pass each: only for the rows a
    // screen can show first; the rest are listed without underlines.
    let scored = matches.top_scored_until(&job.index, job.limit, &stale)?;
    let shown = scored.len().min(HIGHLIGHTED);
    let mut hits = matches.hits(&job.index, &scored[..shown]);
    hits.extend(scored[shown..].iter().map(|s| Hit {
        index: s.index as usize,
        score: s.score,
        text_positions: Vec::new(),
    }));
    Some(Action::SearchDone {
        target: job.target,
        generation: job.generation,
        hits,
        count,
    })
}

/// A thread that runs searches: only the newest job queued is run, and a
/// running one stops as soon as a newer one is sent.
pub struct SearchWorker {
    jobs: Sender<SearchJob>,
    latest: Arc<AtomicU64>,
}

impl SearchWorker {
    pub fn start(out: Sender<Action>) -> SearchWorker {
        let (jobs, rx) = channel::<SearchJob>();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = Arc::clone(&latest);
        std::thread::spawn(move || {
            let mut searcher = None;
            while let Ok(mut job) = rx.recv() {
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                if let Some(done) = run_search_job(&job, &mut searcher, &seen)
                    && out.send(done).is_err()
                {
                    break;
                }
            }
        });
        SearchWorker { jobs, latest }
    }

    pub fn send(&self, job: SearchJob) {
        self.latest.store(job.generation, Ordering::SeqCst);
        let _ = self.jobs.send(job);
    }
}
