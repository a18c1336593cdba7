//! The search line: typing a query, running it (here or off the UI
//! thread), stepping through its matches.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::keymap;
use crate::app::workspace;
use crate::domain::search::Index;
use crossterm::event::KeyEvent;
use std::collections::HashMap;

/// How many of the best matches a search of a big sheet keeps for the
/// list when no filter is on: more than anyone scrolls through; the list's
/// title says how many match in all.
pub const SEARCH_SHOWN: usize = 1_000;

/// The search line and its results.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// The search line is open for typing.
    pub editing: bool,
    /// The selection before the search started, restored by Esc while
    /// typing (Esc after Enter keeps the claim selected in the search).
    pub before: Option<usize>,
    /// Matching claim indices, best first: on a sheet searched off the
    /// UI thread, at most [`SEARCH_SHOWN`] of them unless a filter is on.
    pub hits: Vec<usize>,
    /// How many claims match in all (more than `hits` holds when the
    /// best were kept).
    pub matched: usize,
    /// Matched character positions in each hit's text.
    pub positions: HashMap<usize, Vec<usize>>,
    pub(in crate::app) index: Option<std::sync::Arc<Index>>,
    /// A search running off the UI thread (a sheet of many claims); the
    /// list shows the last results until it is done.
    pub live: LiveSearch,
}

/// A search that may run off the UI thread, as the sheet's search line
/// and the workspace's claims view both run theirs: each job gets a new
/// generation, and only the newest job's results are taken.
#[derive(Debug, Clone, Default)]
pub struct LiveSearch {
    generation: u64,
    /// The generation of the job running, if one is.
    pub pending: Option<u64>,
}

impl LiveSearch {
    /// A job is starting: its generation (older jobs are superseded).
    pub(in crate::app) fn start(&mut self) -> u64 {
        self.generation += 1;
        self.pending = Some(self.generation);
        self.generation
    }

    /// The search ran at once: no job's results are wanted any more.
    pub(in crate::app) fn ran_here(&mut self) {
        self.pending = None;
    }

    /// Job `generation` finished: are its results the newest? (Then
    /// nothing is pending.)
    pub(in crate::app) fn done(&mut self, generation: u64) -> bool {
        let newest = self.pending == Some(generation);
        if newest {
            self.pending = None;
        }
        newest
    }
}

/// A change to the query being typed.
type QueryEdit = Box<dyn FnOnce(&mut String)>;

impl Search {
    pub(in crate::app) fn take(&mut self, hits: Vec<crate::domain::search::Hit>) {
        self.positions = hits
            .iter()
            .filter(|h| !h.text_positions.is_empty())
            .map(|h| (h.index, h.text_positions.clone()))
            .collect();
        self.hits = hits.into_iter().map(|h| h.index).collect();
        self.matched = self.hits.len();
    }

    /// Whether only the best matches were kept.
    pub fn cut(&self) -> bool {
        self.matched > self.hits.len()
    }
}

impl AppState {
    /// The claims changed: re-run an active search over the new texts
    /// (returned as an effect when it runs off the UI thread).
    #[must_use]
    pub(in crate::app) fn search_changed(&mut self) -> Vec<Effect> {
        super::prior::claims_changed(self);
        if let Some(s) = self.search.as_mut() {
            s.index = None;
        }
        self.run_search()
    }

    /// Run the search: here when the sheet is small, else the job to run
    /// off the UI thread, as an effect.
    #[must_use]
    pub(in crate::app) fn run_search(&mut self) -> Vec<Effect> {
        if let Some(s) = self.search.as_mut() {
            let index = std::sync::Arc::clone(s.index.get_or_insert_with(|| {
                std::sync::Arc::new(Index::from_claims(&self.doc.sheet.claims))
            }));
            if index.len() > self.session.sync_search_limit && !s.query.trim().is_empty() {
                // Too big for a frame: off the UI thread; the list keeps the
                // last results until this one is done. The best rows only,
                // unless a filter must see every match.
                let limit = if self.filter == crate::app::Filter::All {
                    SEARCH_SHOWN
                } else {
                    index.len()
                };
                return vec![Effect::Search(workspace::SearchJob {
                    target: workspace::SearchTarget::Article,
                    generation: s.live.start(),
                    query: s.query.clone(),
                    limit,
                    index,
                })];
            }
            s.live.ran_here();
            let hits = index.search(&s.query);
            s.take(hits);
        }
        self.refresh_visible();
        vec![]
    }

    /// A search run off the UI thread finished.
    pub(in crate::app) fn search_done(
        &mut self,
        generation: u64,
        hits: Vec<crate::domain::search::Hit>,
        count: usize,
    ) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        if !s.live.done(generation) {
            return; // a newer one is running
        }
        s.take(hits);
        s.matched = count.max(s.hits.len());
        self.refresh_visible();
        self.select_cursor(0);
    }

    pub(in crate::app) fn step_match(&mut self, forward: bool) {
        if self.search.is_none() || self.list.visible.is_empty() {
            self.message = Some("no search; press / to search".into());
            return;
        }
        let n = self.list.visible.len();
        let cur = self.cursor().unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.select_cursor(next);
    }

    pub(in crate::app) fn start_search(&mut self) -> Vec<Effect> {
        let before = self.list.selected;
        match self.search.as_mut() {
            Some(s) => s.editing = true,
            None => {
                self.search = Some(Search {
                    editing: true,
                    before,
                    ..Search::default()
                });
            }
        }
        self.run_search()
    }

    /// Leave the search, keeping the claim selected in it (as fzf and
    /// lazygit do).
    pub(in crate::app) fn clear_search(&mut self) {
        if self.search.take().is_some() {
            self.refresh_visible();
            self.clamp();
            self.scroll_to_selected();
        }
    }

    /// Esc while typing: the search is cancelled, the selection from
    /// before it comes back.
    fn cancel_search(&mut self) {
        let before = self.search.as_ref().and_then(|s| s.before);
        self.clear_search();
        if let Some(b) = before.filter(|b| self.list.visible.contains(b)) {
            self.list.selected = Some(b);
            self.clamp();
            self.scroll_to_selected();
        }
    }

    /// "/query 3/17": the search as the status bar shows it.
    pub fn search_status(&self) -> Option<String> {
        let s = self.search.as_ref()?;
        if s.editing {
            return None;
        }
        let pos = self.cursor().map(|c| c + 1).unwrap_or(0);
        Some(format!(
            "/{} {}/{}",
            crate::domain::sanitize::line(&s.query),
            pos,
            self.list.visible.len()
        ))
    }

    pub(in crate::app) fn key_in_search(&mut self, key: KeyEvent) -> Vec<Effect> {
        let is = |c| self.settings.keymap.is(&key, c);
        if is(Command::ForceQuit) {
            self.session.quitting = true;
            return vec![Effect::Quit];
        }
        // A change to the query: a typed character, clear, erase.
        let edit: Option<QueryEdit> = match keymap::typed(&key) {
            Some(c) => Some(Box::new(move |q| q.push(c))),
            None if is(Command::LineClear) => Some(Box::new(String::clear)),
            None if is(Command::LineErase) => Some(Box::new(|q| {
                q.pop();
            })),
            None => None,
        };
        if let Some(edit) = edit {
            if let Some(s) = self.search.as_mut() {
                edit(&mut s.query);
            }
            let effects = self.run_search();
            self.select_cursor(0);
            return effects;
        } else if is(Command::Cancel) {
            self.cancel_search();
        } else if is(Command::Ok) {
            if let Some(s) = self.search.as_mut() {
                s.editing = false;
                if s.query.trim().is_empty() {
                    self.clear_search();
                }
            }
        } else if is(Command::LineNext) {
            self.move_by(1);
        } else if is(Command::LinePrev) {
            self.move_by(-1);
        }
        vec![]
    }
}
