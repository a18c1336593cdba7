//! The search line: typing a query, running it (here or off the UI
//! thread), stepping through its matches.

use crate::app::AppState;
use crate::app::Effect;
use crate::app::workspace;
use crate::domain::search::Index;
use crossterm::event::KeyCode;
use crossterm::event::KeyEvent;
use crossterm::event::KeyModifiers;
use std::collections::HashMap;

/// The search line and its results.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// The search line is open for typing.
    pub editing: bool,
    /// The selection before the search started, restored by Esc.
    pub before: Option<usize>,
    /// Matching claim indices, best first.
    pub hits: Vec<usize>,
    /// Matched character positions in each hit's text.
    pub positions: HashMap<usize, Vec<usize>>,
    pub(in crate::app) index: Option<std::sync::Arc<Index>>,
    /// A search running off the UI thread (a sheet of many claims): its
    /// generation; the list shows the last results until it is done.
    pub pending: Option<u64>,
    pub(in crate::app) generation: u64,
}

impl Search {
    pub(in crate::app) fn take(&mut self, hits: Vec<crate::domain::search::Hit>) {
        self.positions = hits
            .iter()
            .filter(|h| !h.text_positions.is_empty())
            .map(|h| (h.index, h.text_positions.clone()))
            .collect();
        self.hits = hits.into_iter().map(|h| h.index).collect();
    }
}

impl AppState {
    /// The claims changed: re-run an active search over the new texts.
    pub(in crate::app) fn search_changed(&mut self) {
        super::prior::claims_changed(self);
        if let Some(s) = self.search.as_mut() {
            s.index = None;
        }
        self.run_search();
    }

    pub(in crate::app) fn run_search(&mut self) {
        if let Some(s) = self.search.as_mut() {
            let index = std::sync::Arc::clone(s.index.get_or_insert_with(|| {
                std::sync::Arc::new(Index::from_claims(&self.doc.sheet.claims))
            }));
            if index.len() > self.sync_search_limit && !s.query.trim().is_empty() {
                // Too big for a frame: off the UI thread; the list keeps the
                // last results until this one is done.
                s.generation += 1;
                s.pending = Some(s.generation);
                self.search_job = Some(workspace::SearchJob {
                    target: workspace::SearchTarget::Article,
                    generation: s.generation,
                    query: s.query.clone(),
                    limit: index.len(),
                    index,
                });
                return;
            }
            s.pending = None;
            let hits = index.search(&s.query);
            s.take(hits);
        }
        self.refresh_visible();
    }

    /// A search run off the UI thread finished.
    pub(in crate::app) fn search_done(
        &mut self,
        generation: u64,
        hits: Vec<crate::domain::search::Hit>,
    ) {
        let Some(s) = self.search.as_mut() else {
            return;
        };
        if s.pending != Some(generation) {
            return; // a newer one is running
        }
        s.pending = None;
        s.take(hits);
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

    pub(in crate::app) fn start_search(&mut self) {
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
        self.run_search();
    }

    pub(in crate::app) fn clear_search(&mut self) {
        if let Some(s) = self.search.take() {
            self.refresh_visible();
            if let Some(b) = s.before.filter(|b| self.list.visible.contains(b)) {
                self.list.selected = Some(b);
            }
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
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.clear_search(),
            KeyCode::Enter => {
                if let Some(s) = self.search.as_mut() {
                    s.editing = false;
                    if s.query.trim().is_empty() {
                        self.clear_search();
                    }
                }
            }
            KeyCode::Char('c') if ctrl => {
                self.quitting = true;
                return vec![Effect::Quit];
            }
            KeyCode::Char('u') if ctrl => {
                if let Some(s) = self.search.as_mut() {
                    s.query.clear();
                }
                self.run_search();
                self.select_cursor(0);
            }
            KeyCode::Down => self.move_by(1),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Char('n') if ctrl => self.move_by(1),
            KeyCode::Char('p') if ctrl => self.move_by(-1),
            KeyCode::Backspace => {
                if let Some(s) = self.search.as_mut() {
                    s.query.pop();
                }
                self.run_search();
                self.select_cursor(0);
            }
            KeyCode::Char(c) if !ctrl => {
                if let Some(s) = self.search.as_mut() {
                    s.query.push(c);
                }
                self.run_search();
                self.select_cursor(0);
            }
            _ => {}
        }
        vec![]
    }
}
