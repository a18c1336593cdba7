//! The TUI's state and its pure update function (issue #3).
//!
//! `update(&mut AppState, Action) -> Vec<Effect>` is the only place state
//! changes; the runtime performs the effects (saving, quitting) and feeds
//! their outcome back as actions. Selection and scrolling are clamped here.

pub mod keymap;
pub mod layout;
pub mod workspace;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::domain::export::Format as ExportFormat;
use crate::domain::search::Index;
use crate::domain::{Claim, Doc, Stamp, Status};
pub use keymap::{Command, Keymap};
use layout::{Areas, Wrapped};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Article,
}

/// The status filter cycled by `f`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    NotReviewed,
    Confirmed,
    Unconfirmed,
    Denied,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::NotReviewed,
            Filter::NotReviewed => Filter::Confirmed,
            Filter::Confirmed => Filter::Unconfirmed,
            Filter::Unconfirmed => Filter::Denied,
            Filter::Denied => Filter::All,
        }
    }

    pub fn matches(self, c: &Claim) -> bool {
        match self {
            Filter::All => true,
            Filter::NotReviewed => !c.is_reviewed(),
            Filter::Confirmed => c.is_reviewed() && c.status == Status::Confirmed,
            Filter::Unconfirmed => c.is_reviewed() && c.status == Status::Unconfirmed,
            Filter::Denied => c.is_reviewed() && c.status == Status::Denied,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::NotReviewed => "not reviewed",
            Filter::Confirmed => "confirmed",
            Filter::Unconfirmed => "unconfirmed",
            Filter::Denied => "denied",
        }
    }
}

/// A popup over the main screen; Esc closes the innermost.
#[derive(Debug, Clone)]
pub enum Popup {
    Help,
    Detail,
    /// Editing the note of the claim with this id.
    Note {
        id: String,
        editor: Box<TextArea<'static>>,
    },
    /// Adding a source to the claim with this id.
    Source {
        id: String,
        editor: Box<TextArea<'static>>,
    },
    /// The sheet changed on disk while we have unsaved changes.
    Conflict,
    /// Choosing the format of an export.
    Export,
    /// A crash left unsaved work in this recovery file: restore or discard?
    Recovery {
        path: String,
    },
}

/// The export formats offered by `E`, with the key that picks each.
pub const EXPORT_CHOICES: [(char, ExportFormat); 5] = [
    ('m', ExportFormat::Markdown),
    ('c', ExportFormat::Csv),
    ('j', ExportFormat::Json),
    ('h', ExportFormat::Html),
    ('r', ExportFormat::ClaimReview),
];

/// The save state shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing changed since the sheet was opened.
    Opened,
    /// Written to disk at this local time ("14:03:07").
    Saved(String),
    /// A save was requested and has not been confirmed yet.
    Saving,
    /// The last save failed; the changes are in memory only.
    Failed(String),
}

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
    index: Option<std::sync::Arc<Index>>,
    /// A search running off the UI thread (a sheet of many claims): its
    /// generation; the list shows the last results until it is done.
    pub pending: Option<u64>,
    generation: u64,
}

impl Search {
    fn take(&mut self, hits: Vec<crate::domain::search::Hit>) {
        self.positions = hits
            .iter()
            .filter(|h| !h.text_positions.is_empty())
            .map(|h| (h.index, h.text_positions.clone()))
            .collect();
        self.hits = hits.into_iter().map(|h| h.index).collect();
    }
}

/// One undoable change: the claim before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub before: Claim,
    pub after: Claim,
}

/// How many changes undo remembers.
pub const UNDO_LIMIT: usize = 1000;

/// Everything the TUI shows and edits.
#[derive(Debug, Clone)]
pub struct AppState {
    pub doc: Doc,
    pub analyst: String,
    pub keymap: Keymap,
    /// Move to the next unreviewed claim after a verdict.
    pub advance: bool,
    pub mouse: bool,
    /// Where "now" comes from (fixed in tests).
    pub clock: fn() -> Stamp,
    pub size: Rect,
    pub focus: Focus,
    pub filter: Filter,
    pub search: Option<Search>,
    /// Claim indices shown in the list, in list order.
    pub visible: Vec<usize>,
    /// The selected claim (index into `doc.sheet.claims`).
    pub selected: Option<usize>,
    /// First visible row of the list.
    pub list_offset: usize,
    /// First visible line of the wrapped article.
    pub article_top: usize,
    pub wrapped: Wrapped,
    pub popups: Vec<Popup>,
    pub save: SaveState,
    /// A one-line message for the status bar (reloads, hints).
    pub message: Option<String>,
    pub undo: Vec<Change>,
    pub redo: Vec<Change>,
    /// `q` was pressed with unsaved changes; a second `q` quits.
    pub quit_armed: bool,
    pub quitting: bool,
    /// Why this window may not change the sheet (another claimdesk holds
    /// its lock), or `None` when it may.
    pub read_only: Option<String>,
    /// The folder of articles this article belongs to, when a folder was
    /// opened.
    pub workspace: Option<Box<workspace::WorkspaceState>>,
    /// Searches of more claims than this run off the UI thread
    /// ([`workspace::SYNC_SEARCH_LIMIT`]; tests lower it).
    pub sync_search_limit: usize,
    /// A search for the runtime to run, handed out by `update`.
    search_job: Option<workspace::SearchJob>,
}

/// What `update` is fed.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A bound command, as if its key was pressed.
    Run(Command),
    /// The runtime saved the sheet at this local time.
    Saved(String),
    /// The runtime could not save.
    SaveFailed(String),
    /// The sheet on disk changed since it was read and we have changes.
    Conflict,
    /// The runtime reloaded the sheet from disk (someone else changed it).
    Reloaded,
    /// An export finished: the file written, or why it failed.
    Exported(Result<String, String>),
    /// A crash left this recovery file, which differs from the sheet.
    RecoveryFound(String),
    /// The recovery file was taken in and saved at this local time (`Ok`),
    /// or why not.
    Recovered(Result<String, String>),
    /// The window is read-only for this reason (`Some`), or may edit again
    /// (`None`: the other claimdesk let go of the sheet).
    ReadOnly(Option<String>),
    /// Workspace sheets read so far, and in all.
    WorkspaceProgress(usize, usize),
    /// Every sheet of the workspace has been read.
    WorkspaceLoaded(Box<crate::domain::workspace::Workspace>),
    /// The similar-claims index over the workspace is built.
    SimilarReady(std::sync::Arc<crate::domain::similar::Index>),
    /// Sheets of other articles changed on disk (a `git pull`), read again.
    SheetsChanged(Vec<(usize, crate::domain::workspace::Item)>),
    /// The runtime opened an article of the workspace.
    Opened {
        doc: Box<Doc>,
        read_only: Option<String>,
        select: Option<String>,
    },
    OpenFailed(String),
    /// A search run off the UI thread finished.
    SearchDone {
        target: workspace::SearchTarget,
        generation: u64,
        hits: Vec<crate::domain::search::Hit>,
        count: usize,
    },
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the sheet (with the conflict check).
    Save,
    /// Save over whatever is on disk ("keep mine").
    SaveOver,
    /// Reload the sheet from disk ("take theirs").
    Reload,
    /// Export the verification sheet in this format beside the sheet, off
    /// the UI thread; the runtime reports with [`Action::Exported`].
    Export(ExportFormat),
    /// Take the recovery file in, save it, and remove it.
    RestoreRecovery,
    /// Remove the recovery file.
    DiscardRecovery,
    /// Open an article of the workspace in the main view (creating its
    /// sheet if it has none), selecting this claim id; the runtime answers
    /// with [`Action::Opened`] or [`Action::OpenFailed`].
    Open {
        article: std::path::PathBuf,
        select: Option<String>,
    },
    /// Run a search off the UI thread; answered by [`Action::SearchDone`].
    Search(workspace::SearchJob),
    /// Build the workspace's similar-claims index again, off the UI thread
    /// (sheets were made or pulled); answered by [`Action::SimilarReady`].
    IndexSimilar,
    Quit,
}

impl AppState {
    pub fn new(doc: Doc, analyst: String, keymap: Keymap, advance: bool, mouse: bool) -> Self {
        let mut s = AppState {
            doc,
            analyst,
            keymap,
            advance,
            mouse,
            clock: Stamp::now,
            size: Rect::new(0, 0, 120, 40),
            focus: Focus::List,
            filter: Filter::All,
            search: None,
            visible: Vec::new(),
            selected: None,
            list_offset: 0,
            article_top: 0,
            wrapped: Wrapped::default(),
            popups: Vec::new(),
            save: SaveState::Opened,
            message: None,
            undo: Vec::new(),
            redo: Vec::new(),
            quit_armed: false,
            quitting: false,
            read_only: None,
            workspace: None,
            sync_search_limit: workspace::SYNC_SEARCH_LIMIT,
            search_job: None,
        };
        s.refresh_visible();
        s.selected = s.visible.first().copied();
        s.relayout();
        s.scroll_to_selected();
        s
    }

    pub fn claims(&self) -> &[Claim] {
        &self.doc.sheet.claims
    }

    /// Select the claim with this id (showing every claim if the filter or
    /// search hides it).
    pub fn select_claim(&mut self, id: &str) {
        let Some(i) = self.doc.sheet.index_of(id) else {
            return;
        };
        if !self.visible.contains(&i) {
            self.search = None;
            self.filter = Filter::All;
            self.refresh_visible();
        }
        self.selected = Some(i);
        self.clamp();
        self.scroll_to_selected();
    }

    pub fn selected_claim(&self) -> Option<&Claim> {
        self.selected.and_then(|i| self.doc.sheet.claims.get(i))
    }

    pub fn areas(&self) -> Areas {
        Areas::compute(self.size, self.focus)
    }

    pub fn title(&self) -> &str {
        self.doc
            .sheet
            .title
            .as_deref()
            .unwrap_or(&self.doc.article.title)
    }

    /// Rows available in the list pane.
    fn list_height(&self) -> usize {
        self.areas()
            .list
            .map(|r| usize::from(layout::inner(r).height))
            .unwrap_or(10)
            .max(1)
    }

    fn article_height(&self) -> usize {
        self.areas()
            .article
            .map(|r| usize::from(layout::inner(r).height))
            .unwrap_or(10)
            .max(1)
    }

    /// Position of the selection in the visible list.
    pub fn cursor(&self) -> Option<usize> {
        let sel = self.selected?;
        self.visible.iter().position(|&i| i == sel)
    }

    /// Re-wrap the article when the article pane's width changed.
    fn relayout(&mut self) {
        let width = self
            .areas()
            .article
            .map(|r| layout::inner(r).width)
            .unwrap_or(self.size.width.saturating_sub(2))
            .max(1);
        if self.wrapped.width != width || self.wrapped.lines.is_empty() {
            let paras = self.doc.article.paragraphs();
            self.wrapped = Wrapped::new(&self.doc.article.text, &paras, width);
        }
        self.clamp();
    }

    /// Recompute the visible list from the filter and the search, keeping
    /// the selection when it is still shown, else the nearest shown claim.
    pub fn refresh_visible(&mut self) {
        let claims = &self.doc.sheet.claims;
        let filter = self.filter;
        self.visible = match self.search.as_ref().filter(|s| !s.query.trim().is_empty()) {
            Some(s) => s
                .hits
                .iter()
                .copied()
                .filter(|&i| claims.get(i).is_some_and(|c| filter.matches(c)))
                .collect(),
            None => (0..claims.len())
                .filter(|&i| filter.matches(&claims[i]))
                .collect(),
        };
        if let Some(sel) = self.selected
            && !self.visible.contains(&sel)
        {
            let in_order = self
                .search
                .as_ref()
                .is_none_or(|s| s.query.trim().is_empty());
            self.selected = if in_order {
                self.visible
                    .iter()
                    .copied()
                    .find(|&i| i > sel)
                    .or_else(|| self.visible.last().copied())
            } else {
                self.visible.first().copied()
            };
        }
        if self.selected.is_none() {
            self.selected = self.visible.first().copied();
        }
        self.clamp();
    }

    /// Keep the list offset and article scroll in range.
    fn clamp(&mut self) {
        if let Some(sel) = self.selected
            && sel >= self.doc.sheet.claims.len()
        {
            self.selected = self.visible.first().copied();
        }
        let h = self.list_height();
        let n = self.visible.len();
        if let Some(cur) = self.cursor() {
            if cur < self.list_offset {
                self.list_offset = cur;
            } else if cur >= self.list_offset + h {
                self.list_offset = cur + 1 - h;
            }
        }
        self.list_offset = self.list_offset.min(n.saturating_sub(h));
        let ah = self.article_height();
        let lines = self.wrapped.lines.len();
        self.article_top = self.article_top.min(lines.saturating_sub(ah));
    }

    /// Scroll the article so the selected claim sits near the middle.
    fn scroll_to_selected(&mut self) {
        if let Some(c) = self.selected_claim() {
            let line = self.wrapped.line_of(c.anchor.start);
            let ah = self.article_height();
            self.article_top = line.saturating_sub(ah / 2);
        }
        self.clamp();
    }

    fn select_cursor(&mut self, cur: usize) {
        if let Some(&i) = self
            .visible
            .get(cur.min(self.visible.len().saturating_sub(1)))
        {
            self.selected = Some(i);
        }
        self.clamp();
        self.scroll_to_selected();
    }

    fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let cur = self.cursor().unwrap_or(0) as isize;
        let last = self.visible.len() as isize - 1;
        self.select_cursor((cur + delta).clamp(0, last) as usize);
    }

    fn scroll_article(&mut self, delta: isize) {
        let top = self.article_top as isize + delta;
        self.article_top = top.max(0) as usize;
        self.clamp();
    }

    /// Record a change to claim `index` (made by `f`) for undo, and ask
    /// for a save.
    fn change_claim(&mut self, index: usize, f: impl FnOnce(&mut Claim, &str, Stamp)) -> bool {
        let at = (self.clock)();
        let Some(claim) = self.doc.sheet.claims.get_mut(index) else {
            return false;
        };
        let before = claim.clone();
        f(claim, &self.analyst, at);
        if *claim == before {
            return false;
        }
        let after = claim.clone();
        self.undo.push(Change { before, after });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.save = SaveState::Saving;
        self.quit_armed = false;
        self.search_changed();
        true
    }

    /// The claims changed: re-run an active search over the new texts.
    fn search_changed(&mut self) {
        if let Some(s) = self.search.as_mut() {
            s.index = None;
        }
        self.run_search();
    }

    fn run_search(&mut self) {
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
    fn search_done(&mut self, generation: u64, hits: Vec<crate::domain::search::Hit>) {
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

    /// The next claim not yet reviewed after the selection, in list order
    /// (wrapping round).
    fn next_unreviewed(&self, from: usize) -> Option<usize> {
        let claims = &self.doc.sheet.claims;
        let pos = self.visible.iter().position(|&i| i == from);
        let n = self.visible.len();
        let start = pos.map(|p| p + 1).unwrap_or(0);
        (0..n)
            .map(|k| self.visible[(start + k) % n])
            .find(|&i| i != from && claims.get(i).is_some_and(|c| !c.is_reviewed()))
    }

    fn mark(&mut self, status: Status) -> Vec<Effect> {
        let Some(index) = self.selected else {
            self.message = Some("no claim selected".into());
            return vec![];
        };
        self.change_claim(index, |c, by, at| c.set_status(status, by, at));
        // set_status always stamps, so this is always a change unless the
        // stamp and verdict are identical; save regardless.
        self.save = SaveState::Saving;
        let next = if self.advance {
            self.next_unreviewed(index)
        } else {
            None
        };
        if let Some(n) = next {
            self.selected = Some(n);
        }
        self.refresh_visible();
        self.scroll_to_selected();
        vec![Effect::Save]
    }

    fn apply_change(&mut self, claim: Claim) {
        let id = claim.id.clone();
        let index = match self.doc.sheet.index_of(&id) {
            Some(i) => {
                self.doc.sheet.claims[i] = claim;
                i
            }
            None => return,
        };
        self.selected = Some(index);
        self.save = SaveState::Saving;
        self.search_changed();
        if !self.visible.contains(&index) {
            // Show the claim that changed even if the filter hides it now.
            self.filter = Filter::All;
            self.refresh_visible();
            self.selected = Some(index);
        }
        self.clamp();
        self.scroll_to_selected();
    }

    fn undo(&mut self) -> Vec<Effect> {
        let Some(change) = self.undo.pop() else {
            self.message = Some("nothing to undo".into());
            return vec![];
        };
        let id = change.before.id.clone();
        self.apply_change(change.before.clone());
        self.redo.push(change);
        self.message = Some(format!("undid the change to {id}"));
        vec![Effect::Save]
    }

    fn redo(&mut self) -> Vec<Effect> {
        let Some(change) = self.redo.pop() else {
            self.message = Some("nothing to redo".into());
            return vec![];
        };
        let id = change.after.id.clone();
        self.apply_change(change.after.clone());
        self.undo.push(change);
        self.message = Some(format!("redid the change to {id}"));
        vec![Effect::Save]
    }

    /// Claims in article order among those visible (for ]/[).
    fn jump_claim(&mut self, forward: bool) {
        let claims = &self.doc.sheet.claims;
        let Some(sel) = self.selected else {
            return;
        };
        let cur = claims.get(sel).map(|c| (c.anchor.start, sel));
        let Some(cur) = cur else { return };
        let key = |i: usize| (claims[i].anchor.start, i);
        let pick = if forward {
            self.visible
                .iter()
                .copied()
                .filter(|&i| key(i) > cur)
                .min_by_key(|&i| key(i))
        } else {
            self.visible
                .iter()
                .copied()
                .filter(|&i| key(i) < cur)
                .max_by_key(|&i| key(i))
        };
        if let Some(i) = pick {
            self.selected = Some(i);
            self.clamp();
            self.scroll_to_selected();
        }
    }

    fn step_match(&mut self, forward: bool) {
        if self.search.is_none() || self.visible.is_empty() {
            self.message = Some("no search; press / to search".into());
            return;
        }
        let n = self.visible.len();
        let cur = self.cursor().unwrap_or(0);
        let next = if forward {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.select_cursor(next);
    }

    fn start_search(&mut self) {
        let before = self.selected;
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

    fn clear_search(&mut self) {
        if let Some(s) = self.search.take() {
            self.refresh_visible();
            if let Some(b) = s.before.filter(|b| self.visible.contains(b)) {
                self.selected = Some(b);
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
            self.visible.len()
        ))
    }

    fn run(&mut self, command: Command) -> Vec<Effect> {
        if command != Command::Quit {
            self.quit_armed = false;
        }
        if let Some(why) = self.read_only.as_ref().filter(|_| command.mutates()) {
            self.message = Some(format!("read-only: {why}"));
            return vec![];
        }
        let page = match self.focus {
            Focus::List => self.list_height(),
            Focus::Article => self.article_height(),
        }
        .saturating_sub(1)
        .max(1) as isize;
        match (command, self.focus) {
            (Command::Down, Focus::List) => self.move_by(1),
            (Command::Up, Focus::List) => self.move_by(-1),
            (Command::PageDown, Focus::List) => self.move_by(page),
            (Command::PageUp, Focus::List) => self.move_by(-page),
            (Command::Top, Focus::List) => self.select_cursor(0),
            (Command::Bottom, Focus::List) => self.select_cursor(usize::MAX),
            (Command::Down, Focus::Article) => self.scroll_article(1),
            (Command::Up, Focus::Article) => self.scroll_article(-1),
            (Command::PageDown, Focus::Article) => self.scroll_article(page),
            (Command::PageUp, Focus::Article) => self.scroll_article(-page),
            (Command::Top, Focus::Article) => self.scroll_article(isize::MIN / 2),
            (Command::Bottom, Focus::Article) => self.scroll_article(isize::MAX / 2),
            (Command::Focus, _) => {
                self.focus = match self.focus {
                    Focus::List => Focus::Article,
                    Focus::Article => Focus::List,
                };
                self.relayout();
                self.scroll_to_selected();
            }
            (Command::FocusArticle, _) => {
                self.focus = Focus::Article;
                self.relayout();
                self.scroll_to_selected();
            }
            (Command::FocusList, _) => {
                self.focus = Focus::List;
                self.relayout();
            }
            (Command::NextClaim, _) => self.jump_claim(true),
            (Command::PrevClaim, _) => self.jump_claim(false),
            (Command::Confirm, _) => return self.mark(Status::Confirmed),
            (Command::Unconfirm, _) => return self.mark(Status::Unconfirmed),
            (Command::Deny, _) => return self.mark(Status::Denied),
            (Command::Detail, _) => {
                if self.selected.is_some() {
                    self.popups.push(Popup::Detail);
                }
            }
            (Command::EditNote, _) => {
                if let Some(c) = self.selected_claim() {
                    let lines: Vec<String> = c.note.split('\n').map(str::to_owned).collect();
                    let mut editor = TextArea::new(lines);
                    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
                    editor.move_cursor(ratatui_textarea::CursorMove::End);
                    let id = c.id.clone();
                    self.popups.push(Popup::Note {
                        id,
                        editor: Box::new(editor),
                    });
                }
            }
            (Command::AddSource, _) => {
                if let Some(c) = self.selected_claim() {
                    let id = c.id.clone();
                    self.popups.push(Popup::Source {
                        id,
                        editor: Box::new(TextArea::default()),
                    });
                }
            }
            (Command::Export, _) => self.popups.push(Popup::Export),
            (Command::Switcher, _) => return workspace::open_switcher(self),
            (Command::AllClaims, _) => return workspace::open_claims(self),
            (Command::Similar, _) => return workspace::open_similar(self),
            (Command::Undo, _) => return self.undo(),
            (Command::Redo, _) => return self.redo(),
            (Command::Filter, _) => {
                self.filter = self.filter.next();
                self.refresh_visible();
                self.scroll_to_selected();
            }
            (Command::Search, _) => self.start_search(),
            (Command::NextMatch, _) => self.step_match(true),
            (Command::PrevMatch, _) => self.step_match(false),
            (Command::Save, _) => {
                if self.doc.is_dirty() || matches!(self.save, SaveState::Failed(_)) {
                    self.save = SaveState::Saving;
                    return vec![Effect::Save];
                }
                self.message = Some("nothing to save".into());
            }
            (Command::Help, _) => self.popups.push(Popup::Help),
            (Command::Quit, _) => {
                if self.doc.is_dirty() && !self.quit_armed {
                    self.quit_armed = true;
                    self.message = Some(
                        "changes not saved: Ctrl-s retries, q again quits without saving".into(),
                    );
                    return vec![];
                }
                self.quitting = true;
                return vec![Effect::Quit];
            }
            (Command::ForceQuit, _) => {
                self.quitting = true;
                return vec![Effect::Quit];
            }
            (Command::Close, _) => {
                if self.search.is_some() {
                    self.clear_search();
                } else {
                    self.message = None;
                }
            }
        }
        vec![]
    }

    fn key_in_popup(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let top = self.popups.last_mut()?;
        match top {
            Popup::Note { id, editor } => {
                if key.code == KeyCode::Esc {
                    self.popups.pop();
                    self.message = Some("note not changed".into());
                } else if ctrl && key.code == KeyCode::Char('s') {
                    let note = editor.lines().join("\n");
                    let id = id.clone();
                    self.popups.pop();
                    if let Some(i) = self.doc.sheet.index_of(&id)
                        && self.change_claim(i, |c, by, at| {
                            c.set_field("note", note, by, at);
                        })
                    {
                        return Some(vec![Effect::Save]);
                    }
                } else if ctrl && key.code == KeyCode::Char('c') {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                } else {
                    editor.input(key);
                }
            }
            Popup::Source { id, editor } => match key.code {
                KeyCode::Esc => {
                    self.popups.pop();
                }
                KeyCode::Enter => {
                    let source = editor.lines().join(" ");
                    let id = id.clone();
                    self.popups.pop();
                    if let Some(i) = self.doc.sheet.index_of(&id)
                        && self.change_claim(i, |c, by, at| {
                            c.add_source(&source, by, at);
                        })
                    {
                        return Some(vec![Effect::Save]);
                    }
                    self.message = Some("no source added (blank or already there)".into());
                }
                KeyCode::Char('c') if ctrl => {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                }
                _ => {
                    editor.input(key);
                }
            },
            Popup::Conflict => match key.code {
                KeyCode::Char('k') => {
                    self.popups.pop();
                    self.save = SaveState::Saving;
                    return Some(vec![Effect::SaveOver]);
                }
                KeyCode::Char('t') => {
                    self.popups.pop();
                    return Some(vec![Effect::Reload]);
                }
                KeyCode::Char('q') => {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                }
                KeyCode::Esc => {
                    self.popups.pop();
                    self.save =
                        SaveState::Failed("the sheet changed on disk; not saved".to_owned());
                }
                _ => {}
            },
            Popup::Export => {
                if let KeyCode::Char(c) = key.code
                    && let Some((_, format)) = EXPORT_CHOICES.iter().find(|(k, _)| *k == c)
                {
                    self.popups.pop();
                    self.message = Some(format!("exporting {}…", format.name()));
                    return Some(vec![Effect::Export(*format)]);
                }
                if key.code == KeyCode::Esc || self.keymap.command(&key) == Some(Command::Close) {
                    self.popups.pop();
                } else if self.keymap.command(&key) == Some(Command::ForceQuit) {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                }
            }
            Popup::Recovery { path } => match key.code {
                KeyCode::Char('r') | KeyCode::Char('y') => {
                    self.popups.pop();
                    self.save = SaveState::Saving;
                    return Some(vec![Effect::RestoreRecovery]);
                }
                KeyCode::Char('d') => {
                    self.popups.pop();
                    self.message = Some("recovery file discarded".into());
                    return Some(vec![Effect::DiscardRecovery]);
                }
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.message = Some(format!(
                        "recovery file kept for later: {}",
                        crate::domain::sanitize::line(path)
                    ));
                    self.popups.pop();
                }
                KeyCode::Char('c') if ctrl => {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                }
                _ => {}
            },
            Popup::Help | Popup::Detail => {
                let cmd = self.keymap.command(&key);
                match cmd {
                    Some(Command::ForceQuit) => {
                        self.quitting = true;
                        return Some(vec![Effect::Quit]);
                    }
                    Some(Command::Help) if matches!(self.popups.last(), Some(Popup::Detail)) => {
                        self.popups.push(Popup::Help);
                    }
                    Some(Command::Close | Command::Help | Command::Quit | Command::Detail) => {
                        self.popups.pop();
                    }
                    Some(
                        c @ (Command::Confirm
                        | Command::Unconfirm
                        | Command::Deny
                        | Command::EditNote
                        | Command::AddSource
                        | Command::Undo
                        | Command::Redo),
                    ) if matches!(self.popups.last(), Some(Popup::Detail)) => {
                        self.popups.pop();
                        return Some(self.run(c));
                    }
                    _ => {}
                }
            }
        }
        Some(vec![])
    }

    fn key_in_search(&mut self, key: KeyEvent) -> Vec<Effect> {
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

    fn mouse(&mut self, ev: MouseEvent) {
        if !self.mouse || !self.popups.is_empty() {
            return;
        }
        let areas = self.areas();
        let at = |r: Option<Rect>| {
            r.is_some_and(|r| r.contains(ratatui::layout::Position::new(ev.column, ev.row)))
        };
        match ev.kind {
            MouseEventKind::Down(_) => {
                if at(areas.list) {
                    self.focus = Focus::List;
                    let inner = layout::inner(areas.list.unwrap_or_default());
                    if ev.row >= inner.y {
                        let row = usize::from(ev.row - inner.y) + self.list_offset;
                        if row < self.visible.len() {
                            self.select_cursor(row);
                        }
                    }
                } else if at(areas.article) {
                    self.focus = Focus::Article;
                    let inner = layout::inner(areas.article.unwrap_or_default());
                    if ev.row >= inner.y && ev.column >= inner.x {
                        let line = usize::from(ev.row - inner.y) + self.article_top;
                        if let Some(l) = self.wrapped.lines.get(line) {
                            let cp = l.start + usize::from(ev.column - inner.x);
                            let claims = &self.doc.sheet.claims;
                            if let Some(i) = (0..claims.len()).find(|&i| {
                                claims[i].anchor.start <= cp
                                    && cp < claims[i].anchor.end
                                    && self.visible.contains(&i)
                            }) {
                                self.selected = Some(i);
                                self.clamp();
                            }
                        }
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                if at(areas.article) {
                    self.scroll_article(3);
                } else {
                    self.move_by(1);
                }
            }
            MouseEventKind::ScrollUp => {
                if at(areas.article) {
                    self.scroll_article(-3);
                } else {
                    self.move_by(-1);
                }
            }
            _ => {}
        }
    }
}

/// The pure update: apply one action, return the effects to perform.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = apply(state, action);
    if state.workspace.is_some() {
        workspace::refresh_also(state);
    }
    if let Some(job) = state.search_job.take() {
        effects.push(Effect::Search(job));
    }
    effects
}

fn apply(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => {
            if key.kind == crossterm::event::KeyEventKind::Release {
                return vec![];
            }
            // A message lasts until the next key.
            state.message = None;
            if let Some(effects) = workspace::key(state, key) {
                return effects;
            }
            if let Some(effects) = state.key_in_popup(key) {
                return effects;
            }
            if state.search.as_ref().is_some_and(|s| s.editing) {
                return state.key_in_search(key);
            }
            match state.keymap.command(&key) {
                Some(c) => state.run(c),
                None => vec![],
            }
        }
        Action::Run(c) => state.run(c),
        Action::Mouse(ev) => {
            state.mouse(ev);
            vec![]
        }
        Action::Resize(w, h) => {
            state.size = Rect::new(0, 0, w, h);
            state.relayout();
            state.scroll_to_selected();
            vec![]
        }
        Action::Saved(at) => {
            if !state.doc.is_dirty() {
                state.save = SaveState::Saved(at);
            }
            vec![]
        }
        Action::SaveFailed(e) => {
            state.save = SaveState::Failed(e);
            vec![]
        }
        Action::Conflict => {
            if !matches!(state.popups.last(), Some(Popup::Conflict)) {
                state.popups.push(Popup::Conflict);
            }
            vec![]
        }
        Action::Exported(result) => {
            state.message = Some(match result {
                Ok(path) => format!("exported to {path}"),
                Err(e) => format!("export failed: {e}"),
            });
            vec![]
        }
        Action::RecoveryFound(path) => {
            state.popups.push(Popup::Recovery { path });
            vec![]
        }
        Action::Recovered(result) => {
            match result {
                Ok(at) => {
                    state.undo.clear();
                    state.redo.clear();
                    state.save = SaveState::Saved(at);
                    state.message = Some("restored the unsaved work from the crash".into());
                    state.search_changed();
                    state.clamp();
                    state.scroll_to_selected();
                }
                Err(e) if state.doc.is_dirty() => state.save = SaveState::Failed(e),
                Err(e) => state.message = Some(format!("recovery: {e}")),
            }
            vec![]
        }
        Action::ReadOnly(why) => {
            state.message = Some(match &why {
                Some(w) => format!("read-only: {w}"),
                None => "the other claimdesk closed this sheet; you can edit now".into(),
            });
            state.read_only = why;
            vec![]
        }
        Action::SearchDone {
            target: workspace::SearchTarget::Article,
            generation,
            hits,
            ..
        } => {
            state.search_done(generation, hits);
            vec![]
        }
        a @ (Action::WorkspaceProgress(..)
        | Action::WorkspaceLoaded(_)
        | Action::SimilarReady(_)
        | Action::SheetsChanged(_)
        | Action::Opened { .. }
        | Action::OpenFailed(_)
        | Action::SearchDone { .. }) => workspace::on_action(state, a),
        Action::Reloaded => {
            state.undo.clear();
            state.redo.clear();
            state.save = SaveState::Opened;
            state.message = Some("the sheet changed on disk; reloaded".into());
            state.search_changed();
            state.clamp();
            state.scroll_to_selected();
            vec![]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Article;

    fn state() -> AppState {
        let text =
            "Alice said the bridge is old. Bob said it is new.\n\nCarol said nothing at all.\n";
        let article = Article::from_text("/tmp/x.txt", text);
        let claims = vec![
            Claim::new("", &article.text, 11, 28),
            Claim::new("", &article.text, 39, 48),
            Claim::new("", &article.text, 51, 76),
        ];
        let doc = Doc::new_for(article, claims);
        let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
        s.clock = || Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        s
    }

    fn key(c: char) -> Action {
        Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn mark_advances_and_undo_restores() {
        let mut s = state();
        assert_eq!(s.selected, Some(0));
        assert_eq!(update(&mut s, key('c')), vec![Effect::Save]);
        assert_eq!(s.claims()[0].status, Status::Confirmed);
        assert_eq!(s.claims()[0].reviewed_by.as_deref(), Some("ana"));
        assert_eq!(s.selected, Some(1));
        update(&mut s, Action::Run(Command::Undo));
        assert!(!s.claims()[0].is_reviewed());
        assert_eq!(s.selected, Some(0));
        update(&mut s, Action::Run(Command::Redo));
        assert!(s.claims()[0].is_reviewed());
    }

    #[test]
    fn resize_keeps_selection_and_never_panics() {
        let mut s = state();
        update(&mut s, key('j'));
        for (w, h) in [
            (0, 0),
            (1, 1),
            (39, 9),
            (40, 10),
            (80, 24),
            (300, 100),
            (2, 500),
        ] {
            update(&mut s, Action::Resize(w, h));
            assert_eq!(s.selected, Some(1));
        }
    }
}
