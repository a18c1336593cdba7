//! A folder of articles in the TUI: the article switcher, the
//! workspace-wide claims view, and claims matched across articles.
//!
//! The article in the main view is `AppState::doc`, as for a single
//! article; the workspace keeps every sheet as last read (refreshed when
//! the analyst leaves an article and when a sheet changes on disk), the
//! search index over all claims, and the similar-claims index. Sheets are
//! read by the runtime off the UI thread; until they are, the overlays say
//! how far it has got.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, AppState, Effect, Filter};
use crate::domain::search::{Hit, Index, Item};
use crate::domain::similar;
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
    /// A search is running off the UI thread: its generation.
    pub pending: Option<u64>,
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
type Parked = (
    Vec<crate::domain::edit::Splice>,
    Vec<crate::domain::edit::Splice>,
);

#[derive(Debug, Clone)]
pub struct WorkspaceState {
    pub ws: Workspace,
    /// Sheets read so far and in all, while the runtime reads them.
    pub loading: Option<(usize, usize)>,
    /// Sources being read into new articles (`A`), shown in the status bar.
    pub adding: Vec<String>,
    /// The item shown in the main view.
    pub current: Option<usize>,
    pub overlay: Option<Overlay>,
    /// Every claim as (item, claim index), the order of both indexes.
    pub flat: Vec<(usize, usize)>,
    /// Fuzzy search over `flat` (built when the sheets are read).
    pub index: Option<Arc<Index>>,
    /// Similar claims over `flat` (built by the runtime after loading).
    pub similar: Option<Arc<similar::Index>>,
    /// "also in 3 articles: ..." for the selected claim, and its matches.
    pub also: Option<(String, Vec<Like>)>,
    /// The (article, claim id) `also` was computed for.
    also_for: Option<(usize, String)>,
    generation: u64,
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
            overlay: None,
            flat: Vec::new(),
            index: None,
            similar: None,
            also: None,
            also_for: None,
            generation: 0,
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

/// Open the article switcher.
pub fn open_switcher(state: &mut AppState) -> Vec<Effect> {
    let Some(w) = state.workspace.as_mut() else {
        return not_in_workspace(state);
    };
    w.sync_current(&state.doc);
    let titles = Arc::new(w.title_index());
    let rows = w.switcher_rows(&titles, "", SortBy::Name);
    let selected = w
        .current
        .and_then(|c| rows.iter().position(|&r| r == c))
        .unwrap_or(0);
    w.overlay = Some(Overlay::Switcher(Switcher {
        rows,
        selected,
        titles: Some(titles),
        ..Switcher::default()
    }));
    vec![]
}

/// Open the workspace-wide claims view.
pub fn open_claims(state: &mut AppState) -> Vec<Effect> {
    if state.workspace.is_none() {
        return not_in_workspace(state);
    }
    if still_loading(state) {
        return vec![];
    }
    let sync_limit = state.sync_search_limit;
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    // Disjoint fields: the workspace changes, the doc is read.
    w.sync_current(&state.doc);
    let mut view = ClaimsView {
        editing: true,
        ..ClaimsView::default()
    };
    let effects = search_claims(w, &mut view, sync_limit);
    w.overlay = Some(Overlay::Claims(view));
    effects
}

/// Open the list of claims in other articles like the selected one.
pub fn open_similar(state: &mut AppState) -> Vec<Effect> {
    if state.workspace.is_none() {
        return not_in_workspace(state);
    }
    if still_loading(state) {
        return vec![];
    }
    refresh_also(state);
    let Some(w) = state.workspace.as_mut() else {
        return vec![];
    };
    match &w.also {
        Some((_, rows)) if !rows.is_empty() => {
            w.overlay = Some(Overlay::Similar(SimilarView {
                rows: rows.clone(),
                selected: 0,
            }));
        }
        _ if w.similar.is_none() => {
            state.message = Some("still comparing the claims across articles…".into());
        }
        _ => state.message = Some("no similar claim in the other articles".into()),
    }
    vec![]
}

/// The claims view's query: `@word` keeps the claims whose speaker
/// contains the word, `#word` those whose article path does (any case);
/// the rest is the fuzzy query.
struct Scope {
    fuzzy: String,
    speakers: Vec<String>,
    articles: Vec<String>,
}

impl Scope {
    fn of(query: &str) -> Scope {
        let mut scope = Scope {
            fuzzy: String::new(),
            speakers: Vec::new(),
            articles: Vec::new(),
        };
        for word in query.split_whitespace() {
            if let Some(w) = word.strip_prefix('@').filter(|w| !w.is_empty()) {
                scope.speakers.push(w.to_lowercase());
            } else if let Some(w) = word.strip_prefix('#').filter(|w| !w.is_empty()) {
                scope.articles.push(w.to_lowercase());
            } else {
                if !scope.fuzzy.is_empty() {
                    scope.fuzzy.push(' ');
                }
                scope.fuzzy.push_str(word);
            }
        }
        scope
    }

    fn narrows(&self) -> bool {
        !self.speakers.is_empty() || !self.articles.is_empty()
    }

    fn keeps(&self, w: &WorkspaceState, filter: Filter, pos: usize) -> bool {
        let Some((item, c)) = w.flat_claim(pos) else {
            return false;
        };
        if !filter.matches(c) {
            return false;
        }
        let has = |words: &[String], field: &str| {
            words.is_empty() || {
                let field = field.to_lowercase();
                words.iter().all(|w| field.contains(w.as_str()))
            }
        };
        has(&self.speakers, c.speaker.as_deref().unwrap_or("")) && has(&self.articles, &item.name)
    }
}

/// Run the claims view's search: at once for a few thousand claims, off
/// the UI thread (an effect) for more.
fn search_claims(w: &mut WorkspaceState, view: &mut ClaimsView, sync_limit: usize) -> Vec<Effect> {
    let index = w.ensure_index();
    let scope = Scope::of(&view.query);
    if scope.fuzzy.is_empty() {
        view.pending = None;
        let rows: Vec<usize> = (0..w.flat.len())
            .filter(|&p| scope.keeps(w, view.filter, p))
            .collect();
        view.count = rows.len();
        view.rows = rows;
        view.positions.clear();
        view.selected = view.selected.min(view.rows.len().saturating_sub(1));
        return vec![];
    }
    // With a filter besides the query, every match is fetched so that the
    // filter sees them all; otherwise the best SHOWN.
    let limit = if scope.narrows() || view.filter != Filter::All {
        index.len()
    } else {
        SHOWN
    };
    w.generation += 1;
    if index.len() <= sync_limit {
        let (hits, count) = index.top(&scope.fuzzy, limit);
        take_hits(w, view, hits, count);
        return vec![];
    }
    view.pending = Some(w.generation);
    vec![Effect::Search(SearchJob {
        target: SearchTarget::Workspace,
        generation: w.generation,
        query: scope.fuzzy,
        index,
        limit,
    })]
}

fn take_hits(w: &WorkspaceState, view: &mut ClaimsView, hits: Vec<Hit>, count: usize) {
    view.pending = None;
    let scope = Scope::of(&view.query);
    let filtered = scope.narrows() || view.filter != Filter::All;
    let mut keep: Vec<Hit> = hits
        .into_iter()
        .filter(|h| scope.keeps(w, view.filter, h.index))
        .collect();
    view.count = if filtered { keep.len() } else { count };
    keep.truncate(SHOWN);
    view.positions = keep
        .iter()
        .map(|h| (h.index, h.text_positions.clone()))
        .collect();
    view.rows = keep.into_iter().map(|h| h.index).collect();
    view.selected = 0;
}

/// A search run off the UI thread finished.
pub fn search_done(state: &mut AppState, generation: u64, hits: Vec<Hit>, count: usize) {
    let Some(w) = state.workspace.as_mut() else {
        return;
    };
    let Some(Overlay::Claims(mut view)) = w.overlay.take() else {
        return;
    };
    // Only the newest search counts; an older one's results are dropped.
    if view.pending == Some(generation) {
        take_hits(w, &mut view, hits, count);
    }
    w.overlay = Some(Overlay::Claims(view));
}

/// Keys while a workspace overlay is open; `None` when none is.
pub fn key(state: &mut AppState, key: KeyEvent) -> Option<Vec<Effect>> {
    let overlay = state.workspace.as_mut()?.overlay.take()?;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        state.quitting = true;
        return Some(vec![Effect::Quit]);
    }
    let (kept, effects) = match overlay {
        Overlay::Switcher(s) => switcher_key(state, s, key),
        Overlay::Claims(v) => claims_key(state, v, key),
        Overlay::Similar(v) => similar_key(state, v, key),
        Overlay::AddArticle(p) => super::add_article::prompt_key(state, p, key),
    };
    if let Some(w) = state.workspace.as_mut() {
        w.overlay = kept;
    }
    Some(effects)
}

/// Up/down/page keys shared by the overlays' lists.
fn step(selected: &mut usize, len: usize, key: &KeyEvent, typing: bool) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let last = len.saturating_sub(1);
    match key.code {
        KeyCode::Down => *selected = (*selected + 1).min(last),
        KeyCode::Up => *selected = selected.saturating_sub(1),
        KeyCode::Char('n') if ctrl => *selected = (*selected + 1).min(last),
        KeyCode::Char('p') if ctrl => *selected = selected.saturating_sub(1),
        KeyCode::Char('j') if !typing => *selected = (*selected + 1).min(last),
        KeyCode::Char('k') if !typing => *selected = selected.saturating_sub(1),
        KeyCode::PageDown => *selected = (*selected + 10).min(last),
        KeyCode::PageUp => *selected = selected.saturating_sub(10),
        KeyCode::Home if !typing => *selected = 0,
        KeyCode::End if !typing => *selected = last,
        _ => return false,
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

fn switcher_key(
    state: &mut AppState,
    mut s: Switcher,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if step(&mut s.selected, s.rows.len(), &key, true) {
        return (Some(Overlay::Switcher(s)), vec![]);
    }
    let requery = |state: &mut AppState, s: &mut Switcher| {
        if let Some(w) = state.workspace.as_ref() {
            let titles = Arc::clone(s.titles.get_or_insert_with(|| Arc::new(w.title_index())));
            s.rows = w.switcher_rows(&titles, &s.query, s.sort);
            s.selected = 0;
        }
    };
    match key.code {
        KeyCode::Esc => return (None, vec![]),
        KeyCode::Enter => {
            let effects = match s.rows.get(s.selected) {
                Some(&item) => open_item(state, item, None),
                None => vec![],
            };
            return (None, effects);
        }
        KeyCode::Char('s') if ctrl => {
            s.sort = s.sort.next();
            requery(state, &mut s);
        }
        KeyCode::Char('u') if ctrl => {
            s.query.clear();
            requery(state, &mut s);
        }
        KeyCode::Backspace => {
            s.query.pop();
            requery(state, &mut s);
        }
        KeyCode::Char(c) if !ctrl => {
            s.query.push(c);
            requery(state, &mut s);
        }
        _ => {}
    }
    (Some(Overlay::Switcher(s)), vec![])
}

fn claims_key(
    state: &mut AppState,
    mut v: ClaimsView,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if step(&mut v.selected, v.rows.len(), &key, v.editing) {
        return (Some(Overlay::Claims(v)), vec![]);
    }
    let mut effects = vec![];
    let mut research = false;
    match key.code {
        KeyCode::Esc if v.editing && !v.query.is_empty() => {
            v.editing = false;
        }
        KeyCode::Esc => return (None, vec![]),
        KeyCode::Enter => {
            let target = v
                .rows
                .get(v.selected)
                .and_then(|&p| state.workspace.as_ref()?.flat.get(p).copied());
            let Some((item, c)) = target else {
                return (Some(Overlay::Claims(v)), vec![]);
            };
            return (None, open_claim(state, item, c));
        }
        KeyCode::Char('/') if !v.editing => v.editing = true,
        KeyCode::Char('f') if !v.editing => {
            v.filter = v.filter.next();
            research = true;
        }
        KeyCode::Char('f') if ctrl => {
            v.filter = v.filter.next();
            research = true;
        }
        KeyCode::Char('u') if ctrl => {
            v.query.clear();
            research = true;
        }
        KeyCode::Backspace if v.editing => {
            v.query.pop();
            research = true;
        }
        KeyCode::Char(c) if v.editing && !ctrl => {
            v.query.push(c);
            research = true;
        }
        _ => {}
    }
    let sync_limit = state.sync_search_limit;
    if research && let Some(w) = state.workspace.as_mut() {
        effects = search_claims(w, &mut v, sync_limit);
    }
    (Some(Overlay::Claims(v)), effects)
}

fn similar_key(
    state: &mut AppState,
    mut v: SimilarView,
    key: KeyEvent,
) -> (Option<Overlay>, Vec<Effect>) {
    if step(&mut v.selected, v.rows.len(), &key, false) {
        return (Some(Overlay::Similar(v)), vec![]);
    }
    let target = v.rows.get(v.selected).map(|&(item, c, _)| (item, c));
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => (None, vec![]),
        KeyCode::Enter => {
            let Some((item, c)) = target else {
                return (Some(Overlay::Similar(v)), vec![]);
            };
            (None, open_claim(state, item, c))
        }
        KeyCode::Char('y') => {
            let Some((item, c)) = target else {
                return (Some(Overlay::Similar(v)), vec![]);
            };
            (None, copy_from(state, item, c))
        }
        _ => (Some(Overlay::Similar(v)), vec![]),
    }
}

/// Copy the verdict, note and sources of claim `c` of `item` onto the
/// selected claim (undoable, recorded in its history).
fn copy_from(state: &mut AppState, item: usize, c: usize) -> Vec<Effect> {
    if let Some(why) = &state.read_only {
        state.message = Some(format!("read-only: {why}"));
        return vec![];
    }
    let Some((from, origin)) = state.workspace.as_ref().and_then(|w| {
        let it = w.ws.items.get(item)?;
        let claim = it.claims().get(c)?.clone();
        let origin = format!("{} {}", it.name, claim.id);
        Some((claim, origin))
    }) else {
        return vec![];
    };
    let Some(index) = state.selected else {
        return vec![];
    };
    if !from.is_reviewed() {
        state.message = Some(format!("{origin} has no verdict to copy"));
        return vec![];
    }
    let copied = state.change_claim(index, |claim, by, at, _| {
        ws::copy_verdict(claim, &from, &origin, by, at);
    });
    if copied {
        state.message = Some(format!("copied the verdict of {origin}"));
        return vec![Effect::Save];
    }
    state.message = Some(format!("already the same as {origin}"));
    vec![]
}

/// Recompute "also in N articles" when the selected claim changed.
pub fn refresh_also(state: &mut AppState) {
    let selected = state.selected_claim().map(|c| c.id.clone());
    let Some(w) = state.workspace.as_mut() else {
        return;
    };
    let (Some(current), Some(id)) = (w.current, selected) else {
        w.also = None;
        w.also_for = None;
        return;
    };
    let key = (current, id);
    if w.also_for.as_ref() == Some(&key) {
        return;
    }
    let Some(index) = w.similar.clone() else {
        w.also = None;
        return;
    };
    let name = &w.ws.items[current].name;
    let Some(me) = index.find(name, &key.1) else {
        w.also = None;
        w.also_for = Some(key);
        return;
    };
    // The index may be older than the sheets: find each match by its
    // article and id, and take its verdict as it is now.
    let rows: Vec<Like> = index
        .similar_to(me, SIMILAR_LIMIT)
        .into_iter()
        .filter_map(|m| {
            let e = index.entries().get(m.entry)?;
            let item = w.ws.items.iter().position(|it| it.name == e.article)?;
            let c = w.ws.items[item]
                .claims()
                .iter()
                .position(|c| c.id == e.id)?;
            Some((item, c, m.score))
        })
        .collect();
    w.also = if rows.is_empty() {
        None
    } else {
        let summary = similar::summarize(rows.iter().filter_map(|&(item, c, _)| {
            let it = w.ws.items.get(item)?;
            let claim = it.claims().get(c)?;
            Some((
                it.name.as_str(),
                claim.is_reviewed().then_some(claim.status),
            ))
        }));
        Some((summary, rows))
    };
    w.also_for = Some(key);
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
                    if Some(i) != w.current
                        && let Some(slot) = w.ws.items.get_mut(i)
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
        (
            std::mem::take(&mut state.undo),
            std::mem::take(&mut state.redo),
        ),
    );
    let mut fresh = state.successor(doc);
    if fresh.order != state.order {
        fresh.start_in_order(state.order);
    }
    fresh.read_only = read_only;
    if let Some((undo, redo)) = w.parked.remove(&fresh.doc.sheet_path) {
        fresh.undo = undo;
        fresh.redo = redo;
    }
    w.current = w.ws.position(&fresh.doc.article.path);
    if let Some(item) = w.current.and_then(|i| w.ws.items.get_mut(i)) {
        item.sheet = SheetState::Loaded(Box::new(fresh.doc.sheet.clone()));
        item.seen = Stat::of(&item.sheet_path);
    }
    if w.loading.is_none() {
        w.reindex();
    }
    w.overlay = None;
    let (width, height) = (state.size.width, state.size.height);
    *state = fresh;
    state.workspace = Some(w);
    super::update(state, Action::Resize(width, height));
    if let Some(id) = select {
        state.select_claim(id);
    }
    let reanchored = state.message.take();
    state.message = Some(match (&state.read_only, reanchored) {
        (Some(why), _) => format!("read-only: {why}"),
        (None, Some(m)) => format!("opened {}; {m}", state.doc.article.file_name()),
        (None, None) => format!("opened {}", state.doc.article.file_name()),
    });
    refresh_also(state);
    // The re-anchoring done on opening, if the article had changed, is saved
    // (not in a read-only window).
    if state.read_only.is_some() {
        return vec![];
    }
    state.startup_effects()
}
