//! A folder of articles in the TUI: the article switcher, the
//! workspace-wide claims view, and claims matched across articles.
//!
//! The article in the main view is `AppState::doc`, as for a single
//! article; the workspace keeps every sheet as last read (refreshed when
//! the analyst leaves an article and when a sheet changes on disk), the
//! search index over all claims, and the similar-claims index. Sheets are
//! read by the runtime off the UI thread; until they are, the overlays say
//! how far it has got.

mod claims;
pub mod folder;
mod similar;
mod switcher;

use claims::claims_key;
pub use claims::open_claims;
pub use claims::search_done;
use similar::similar_key;
pub use similar::{open_similar, refresh_also};
pub use switcher::open_switcher;
use switcher::switcher_key;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::app::keymap::{self, Command, Keymap};
use crossterm::event::KeyEvent;

use super::{Action, AppState, Effect, Filter, Popup};
use crate::domain::search::{Hit, Index, Item};
use crate::domain::workspace::{self as ws, SheetState, Stat, Workspace};

/// Searches over more claims than this run off the UI thread.
pub const SYNC_SEARCH_LIMIT: usize = 5_000;
/// How many rows a workspace-wide search shows, best first (the count in
/// the title covers every match; a longer query narrows to the rest).
/// Choosing the best k costs more the larger k is: 200 keeps a keystroke
/// over 50,000 claims within a frame.
pub const SHOWN: usize = 200;
/// How many matches across articles are looked for per claim.
pub const SIMILAR_LIMIT: usize = 50;

/// How the switcher orders the articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Name,
    /// Most recently changed article first.
    Date,
    /// Least reviewed first.
    Progress,
}

impl SortBy {
    pub fn next(self) -> SortBy {
        match self {
            SortBy::Name => SortBy::Date,
            SortBy::Date => SortBy::Progress,
            SortBy::Progress => SortBy::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Date => "date",
            SortBy::Progress => "progress",
        }
    }
}

/// The article switcher: a filtered, sorted list of the articles.
#[derive(Debug, Clone, Default)]
pub struct Switcher {
    pub query: String,
    /// The articles' titles and paths, indexed once when the switcher opens.
    titles: Option<Arc<Index>>,
    /// Item indices shown.
    pub rows: Vec<usize>,
    pub selected: usize,
    pub sort: SortBy,
}

/// Every claim of every article in one list.
#[derive(Debug, Clone, Default)]
pub struct ClaimsView {
    pub query: String,
    /// The query line has the keyboard.
    pub editing: bool,
    pub filter: Filter,
    /// Positions in [`WorkspaceState::flat`] shown, best first (or in
    /// workspace order without a query).
    pub rows: Vec<usize>,
    /// Matched character positions in each shown row's text.
    pub positions: HashMap<usize, Vec<usize>>,
    /// How many claims match in all (rows holds at most [`SHOWN`]).
    pub count: usize,
    pub selected: usize,
}

/// A claim of another article like the selected one: (item, claim index,
/// similarity score).
pub type Like = (usize, usize, f32);

/// The claims in other articles that resemble the selected one.
#[derive(Debug, Clone, Default)]
pub struct SimilarView {
    pub rows: Vec<Like>,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Switcher(Switcher),
    Claims(ClaimsView),
    Similar(SimilarView),
    /// The prompt of `A`: a web address or a file to add.
    AddArticle(super::add_article::AddPrompt),
}

/// Which search a job belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTarget {
    /// The claims list of the open article (`/`).
    Article,
    /// The workspace-wide claims view (`W`).
    Workspace,
}

/// A search for the runtime to run off the UI thread. Equal when it is the
/// same search of the same index.
#[derive(Debug, Clone)]
pub struct SearchJob {
    pub target: SearchTarget,
    pub generation: u64,
    pub query: String,
    pub index: Arc<Index>,
    pub limit: usize,
}

impl PartialEq for SearchJob {
    fn eq(&self, other: &SearchJob) -> bool {
        self.target == other.target
            && self.generation == other.generation
            && self.query == other.query
            && self.limit == other.limit
            && Arc::ptr_eq(&self.index, &other.index)
    }
}

impl Eq for SearchJob {}

/// The undo and redo of an article the analyst switched away from.
type Parked = crate::app::UndoHistory;

#[derive(Debug, Clone)]
pub struct WorkspaceState {
    pub ws: Workspace,
    /// Sheets read so far and in all, while the runtime reads them.
    pub loading: Option<(usize, usize)>,
    /// Sources being read into new articles (`A`), shown in the status bar.
    pub adding: Vec<String>,
    /// The item shown in the main view.
    pub current: Option<usize>,
    /// Every claim as (item, claim index), the order of both indexes.
    pub flat: Vec<(usize, usize)>,
    /// Fuzzy search over `flat` (built when the sheets are read).
    pub index: Option<Arc<Index>>,
    /// Similar claims over `flat` (built by the runtime after loading).
    pub similar: Option<Arc<crate::domain::similar::Index>>,
    /// "also in 3 articles: ..." for the selected claim, and its matches.
    pub also: Option<(String, Vec<Like>)>,
    /// The (article, claim id) `also` was computed for.
    also_for: Option<(usize, String)>,
    /// The claims view's search, off the UI thread for many claims.
    pub claims_search: crate::app::search::LiveSearch,
    parked: HashMap<PathBuf, Parked>,
}

impl WorkspaceState {
    pub fn new(ws: Workspace, current: Option<usize>) -> WorkspaceState {
        let total = ws.items.len();
        WorkspaceState {
            ws,
            loading: Some((0, total)),
            adding: Vec::new(),
            current,
            flat: Vec::new(),
            index: None,
            similar: None,
            also: None,
            also_for: None,
            claims_search: Default::default(),
            parked: HashMap::new(),
        }
    }

    /// The sheets are read: index every claim.
    fn loaded(&mut self, ws: Workspace) {
        let current = self.current.and_then(|i| self.ws.items.get(i));
        let current = current.map(|i| i.article.clone());
        self.ws = ws;
        self.current = current.and_then(|a| self.ws.position(&a));
        self.loading = None;
        self.reindex();
    }

    /// The claims changed: the search index is built again when next
    /// needed.
    fn reindex(&mut self) {
        self.index = None;
        self.flat.clear();
        self.also_for = None;
    }

    /// The search index over every claim, built if the claims changed.
    pub fn ensure_index(&mut self) -> Arc<Index> {
        if let Some(index) = &self.index {
            return Arc::clone(index);
        }
        self.flat = self.ws.claims().collect();
        // The article's path is searched too (with the note), so a term can
        // pick out an article.
        let items = self
            .flat
            .iter()
            .filter_map(|&(i, c)| {
                let mut item = Item::of(self.ws.claim(i, c)?);
                item.note = format!("{} {}", self.ws.items[i].name, item.note);
                Some(item)
            })
            .collect();
        let index = Arc::new(Index::new(items));
        self.index = Some(Arc::clone(&index));
        index
    }

    /// The claim at a position of `flat`.
    pub fn flat_claim(&self, pos: usize) -> Option<(&ws::Item, &crate::domain::Claim)> {
        let &(i, c) = self.flat.get(pos)?;
        let item = self.ws.items.get(i)?;
        Some((item, item.claims().get(c)?))
    }

    /// Take the current article's sheet as it is in memory.
    fn sync_current(&mut self, doc: &crate::domain::Doc) {
        if let Some(item) = self.current.and_then(|i| self.ws.items.get_mut(i))
            && item.claims() != doc.sheet.claims.as_slice()
        {
            item.sheet = SheetState::Loaded(Box::new(doc.sheet.clone()));
            item.seen = Stat::of(&item.sheet_path);
            if self.loading.is_none() {
                self.reindex();
            }
        }
    }

    /// The articles' titles and paths, to search in the switcher.
    fn title_index(&self) -> Index {
        Index::new(
            self.ws
                .items
                .iter()
                .map(|it| Item {
                    id: String::new(),
                    text: it.title().to_owned(),
                    speaker: it.name.clone(),
                    note: String::new(),
                })
                .collect(),
        )
    }

    fn switcher_rows(&self, titles: &Index, query: &str, sort: SortBy) -> Vec<usize> {
        let mut rows: Vec<usize> = if query.trim().is_empty() {
            (0..self.ws.items.len()).collect()
        } else {
            titles.search(query).into_iter().map(|h| h.index).collect()
        };
        if query.trim().is_empty() {
            let items = &self.ws.items;
            match sort {
                SortBy::Name => rows.sort_by(|&a, &b| items[a].name.cmp(&items[b].name)),
                SortBy::Date => rows.sort_by(|&a, &b| items[b].modified.cmp(&items[a].modified)),
                SortBy::Progress => rows.sort_by(|&a, &b| {
                    let (ca, cb) = (items[a].counts(), items[b].counts());
                    ca.progress()
                        .total_cmp(&cb.progress())
                        .then(items[a].name.cmp(&items[b].name))
                }),
            }
        }
        rows
    }
}

impl AppState {
    /// Open a workspace view on top of the popups.
    pub(in crate::app) fn open_view(&mut self, overlay: Overlay) {
        self.popups.push(Popup::Workspace(Box::new(overlay)));
    }

    /// The workspace view that is the innermost popup, if one is.
    pub fn overlay(&self) -> Option<&Overlay> {
        match self.popups.last() {
            Some(Popup::Workspace(o)) => Some(o),
            _ => None,
        }
    }
}

fn not_in_workspace(state: &mut AppState) -> Vec<Effect> {
    state.message = Some("not a workspace: open a folder (claimdesk FOLDER) for this".into());
    vec![]
}

fn still_loading(state: &mut AppState) -> bool {
    let Some(w) = state.workspace.as_ref() else {
        return false;
    };
    if let Some((done, total)) = w.loading {
        state.message = Some(format!("reading the sheets… {done}/{total}"));
        return true;
    }
    false
}

/// Keys while a workspace view is the innermost popup; `None` when it is
/// not.
pub fn key(state: &mut AppState, key: KeyEvent) -> Option<Vec<Effect>> {
    if !matches!(state.popups.last(), Some(Popup::Workspace(_))) {
        return None;
    }
    let Some(Popup::Workspace(overlay)) = state.popups.pop() else {
        return None;
    };
    let overlay = *overlay;
    if state.settings.keymap.is(&key, Command::ForceQuit) {
        state.session.quitting = true;
        return Some(vec![Effect::Quit]);
    }
    let (kept, effects) = match overlay {
        Overlay::Switcher(s) => switcher_key(state, s, key),
        Overlay::Claims(v) => claims_key(state, v, key),
        Overlay::Similar(v) => similar_key(state, v, key),
        Overlay::AddArticle(p) => super::add_article::prompt_key(state, p, key),
    };
    if let Some(kept) = kept {
        state.popups.push(Popup::Workspace(Box::new(kept)));
    }
    Some(effects)
}

/// Up/down/page keys shared by the overlays' lists (the picker's keys
/// that type a character count only when not `typing`).
fn step(keymap: &Keymap, selected: &mut usize, len: usize, key: &KeyEvent, typing: bool) -> bool {
    let last = len.saturating_sub(1);
    let is = |c| keymap.is(key, c);
    if is(Command::LineNext) || (!typing && is(Command::PickDown)) {
        *selected = (*selected + 1).min(last);
    } else if is(Command::LinePrev) || (!typing && is(Command::PickUp)) {
        *selected = selected.saturating_sub(1);
    } else if is(Command::PickPageDown) {
        *selected = (*selected + 10).min(last);
    } else if is(Command::PickPageUp) {
        *selected = selected.saturating_sub(10);
    } else if !typing && is(Command::PickFirst) {
        *selected = 0;
    } else if !typing && is(Command::PickLast) {
        *selected = last;
    } else {
        return false;
    }
    true
}

/// Open an article of the workspace in the main view (and select a claim).
fn open_item(state: &mut AppState, item: usize, select: Option<String>) -> Vec<Effect> {
    let Some(w) = state.workspace.as_ref() else {
        return vec![];
    };
    if w.current == Some(item) {
        if let Some(id) = select {
            state.select_claim(&id);
        }
        return vec![];
    }
    if state.doc.is_dirty() {
        state.message =
            Some("this article has changes not saved yet: Ctrl-s retries before switching".into());
        return vec![];
    }
    let Some(it) = w.ws.items.get(item) else {
        return vec![];
    };
    state.message = Some(format!("opening {}…", it.name));
    vec![Effect::Open {
        article: it.article.clone(),
        select,
    }]
}

/// Open claim `c` of `item` in the main view.
fn open_claim(state: &mut AppState, item: usize, c: usize) -> Vec<Effect> {
    let id = state
        .workspace
        .as_ref()
        .and_then(|w| w.ws.claim(item, c))
        .map(|c| c.id.clone());
    open_item(state, item, id)
}

/// Actions only a workspace has.
pub fn on_action(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = vec![];
    match action {
        Action::WorkspaceProgress(done, total) => {
            if let Some(w) = state.workspace.as_mut()
                && w.loading.is_some()
            {
                w.loading = Some((done, total));
            }
        }
        Action::WorkspaceLoaded(loaded) => {
            if let Some(w) = state.workspace.as_mut() {
                w.loaded(*loaded);
                w.sync_current(&state.doc);
            }
        }
        Action::SimilarReady(index) => {
            if let Some(w) = state.workspace.as_mut() {
                w.similar = Some(index);
                w.also_for = None;
            }
        }
        Action::SheetsChanged(items) => {
            if let Some(w) = state.workspace.as_mut() {
                effects.push(Effect::IndexSimilar);
                for (i, item) in items {
                    // Found off the UI thread: only where that article
                    // still is, and not the one open now.
                    if Some(i) != w.current
                        && let Some(slot) = w.ws.items.get_mut(i)
                        && slot.sheet_path == item.sheet_path
                    {
                        *slot = item;
                    }
                }
                if w.loading.is_none() {
                    w.reindex();
                }
            }
        }
        Action::Opened {
            doc,
            read_only,
            select,
        } => {
            // A sheet made just now brings claims the indexes lack.
            let fresh = state.workspace.as_ref().is_some_and(|w| {
                w.ws.position(&doc.article.path)
                    .and_then(|i| w.ws.items.get(i))
                    .is_some_and(|it| matches!(it.sheet, SheetState::Missing))
            });
            effects.extend(switch_to(state, *doc, read_only, select.as_deref()));
            if fresh {
                effects.push(Effect::IndexSimilar);
            }
        }
        Action::OpenFailed(e) => state.message = Some(e),
        Action::SearchDone {
            target: SearchTarget::Workspace,
            generation,
            hits,
            count,
        } => search_done(state, generation, hits, count),
        _ => {}
    }
    effects
}

/// Show `doc` in the main view, keeping the workspace, the screen size and
/// each article's undo history.
fn switch_to(
    state: &mut AppState,
    doc: crate::domain::Doc,
    read_only: Option<String>,
    select: Option<&str>,
) -> Vec<Effect> {
    let Some(mut w) = state.workspace.take() else {
        return vec![];
    };
    // The article left is saved: its sheet is what we have in memory.
    w.sync_current(&state.doc);
    w.parked.insert(
        state.doc.sheet_path.clone(),
        std::mem::take(&mut state.edits),
    );
    let mut fresh = state.successor(doc);
    if fresh.order != state.order {
        fresh.start_in_order(state.order);
    }
    fresh.session.read_only = read_only;
    if let Some(edits) = w.parked.remove(&fresh.doc.sheet_path) {
        fresh.edits = edits;
    }
    w.current = w.ws.position(&fresh.doc.article.path);
    if let Some(item) = w.current.and_then(|i| w.ws.items.get_mut(i)) {
        item.sheet = SheetState::Loaded(Box::new(fresh.doc.sheet.clone()));
        item.seen = Stat::of(&item.sheet_path);
    }
    if w.loading.is_none() {
        w.reindex();
    }
    let (width, height) = (state.size.width, state.size.height);
    *state = fresh;
    state.workspace = Some(w);
    super::update(state, Action::Resize(width, height));
    if let Some(id) = select {
        state.select_claim(id);
    }
    let reanchored = state.message.take();
    state.message = Some(match (&state.session.read_only, reanchored) {
        (Some(why), _) => format!("read-only: {why}"),
        (None, Some(m)) => format!("opened {}; {m}", state.doc.article.file_name()),
        (None, None) => format!("opened {}", state.doc.article.file_name()),
    });
    refresh_also(state);
    // The re-anchoring done on opening, if the article had changed, is saved
    // (not in a read-only window).
    if state.session.read_only.is_some() {
        return vec![];
    }
    state.startup_effects()
}
