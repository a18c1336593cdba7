//! The TUI's state and its pure update function.
//!
//! `update(&mut AppState, Action) -> Vec<Effect>` is the only place state
//! changes; the runtime performs the effects (saving, quitting) and feeds
//! their outcome back as actions. Selection and scrolling are clamped here.

pub mod add_article;
pub mod article_watch;
pub mod disputes;
pub mod keymap;
pub mod keymap_check;
pub mod layout;
pub mod nav;
pub mod order;
pub mod prior;
pub mod team;
mod unsaved;
pub mod workspace;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use crate::domain::claim::Tombstone;
pub use crate::domain::edit::Splice;
use crate::domain::edit::{self, replaced};
use crate::domain::export::Format as ExportFormat;
use crate::domain::search::Index;
use crate::domain::{Claim, Doc, Stamp, Status, anchor};
pub use keymap::{Command, Keymap};
use layout::{Areas, Wrapped};
use nav::Nav;

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
    /// Claims with a prior fact-check.
    Prior,
    /// Claims whose verdict is in dispute (offered only when some are).
    Disputed,
}

impl Filter {
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::NotReviewed,
            Filter::NotReviewed => Filter::Confirmed,
            Filter::Confirmed => Filter::Unconfirmed,
            Filter::Unconfirmed => Filter::Denied,
            Filter::Denied | Filter::Prior | Filter::Disputed => Filter::All,
        }
    }

    pub fn matches(self, c: &Claim) -> bool {
        match self {
            Filter::All => true,
            Filter::NotReviewed => !c.verdict_is_current(),
            Filter::Confirmed => c.is_reviewed() && c.status == Status::Confirmed,
            Filter::Unconfirmed => c.is_reviewed() && c.status == Status::Unconfirmed,
            Filter::Denied => c.is_reviewed() && c.status == Status::Denied,
            // Decided by `refresh_visible`, which knows the matches.
            Filter::Prior => true,
            Filter::Disputed => crate::domain::team::is_disputed(c),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::NotReviewed => "not reviewed",
            Filter::Confirmed => "confirmed",
            Filter::Unconfirmed => "unconfirmed",
            Filter::Denied => "denied",
            Filter::Prior => "checked before",
            Filter::Disputed => "disputed",
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
    /// Adding a source to the claim with this id (`index` None), or
    /// editing its source `index`.
    Source {
        id: String,
        editor: Box<TextArea<'static>>,
        index: Option<usize>,
    },
    /// Editing the text and speaker of the claim with this id.
    Claim {
        id: String,
        text: Box<TextArea<'static>>,
        speaker: Box<TextArea<'static>>,
        /// The speaker field has the keyboard (else the text).
        on_speaker: bool,
    },
    /// Choosing where to split the claim with this id: `cut` is the
    /// code point where the second part starts.
    Split {
        id: String,
        cut: usize,
    },
    /// "Delete this claim? y/n".
    ConfirmDelete {
        id: String,
    },
    /// The sources of the claim with this id; the selection is
    /// `AppState::source_sel`.
    Sources {
        id: String,
    },
    /// The history of the claim with this id, scrolled to `scroll`.
    History {
        id: String,
        scroll: usize,
    },
    /// Verdicts set differently here and elsewhere ([`disputes`]).
    Conflict,
    /// Choosing the format of an export.
    Export,
    /// A crash left unsaved work in this recovery file: restore or discard?
    Recovery {
        path: String,
    },
    /// The prior fact-checks of the claim with this id; `sel` is selected.
    Prior {
        id: String,
        sel: usize,
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
    /// Article order or score order (the `order` key; `order` in the config).
    pub order: crate::config::ListOrder,
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
    /// The article's words and sentences, for the cursor.
    pub nav: Nav,
    /// The article cursor: a word (index into `nav.words`).
    pub word: usize,
    /// Where the visual selection started (a word), while one is open.
    pub visual: Option<usize>,
    /// The selected source of the selected claim (the first again when
    /// another claim is selected).
    pub source_sel: usize,
    /// The claim `source_sel` belongs to.
    source_of: Option<String>,
    /// First row shown in the help overlay.
    pub help_scroll: usize,
    pub popups: Vec<Popup>,
    pub save: SaveState,
    /// A one-line message for the status bar (reloads, hints).
    pub message: Option<String>,
    /// Changes to undo, oldest first (at most [`UNDO_LIMIT`]).
    pub undo: Vec<Splice>,
    pub redo: Vec<Splice>,
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
    /// The prior fact-checks of the claims, once loaded.
    pub prior: Option<std::sync::Arc<crate::domain::factcheck::prior::PriorMatches>>,
    /// The workspace asks for second review: verdicts given here are
    /// pending until another analyst approves them.
    pub second_review: bool,
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
    /// The runtime saved the sheet at this local time, merging in what
    /// another writer had saved meanwhile.
    Merged {
        at: String,
        report: crate::domain::store::MergeReport,
    },
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
    /// The browser was started on this address, or why it was not.
    UrlOpened(Result<String, String>),
    /// The open article changed on disk: its new text, read again.
    ArticleChanged(Box<crate::domain::Article>),
    /// An article was added to the workspace (`A`), or (source, why) not.
    ArticleAdded(Result<add_article::Added, (String, String)>),
    /// The fact-check libraries were loaded and the claims matched.
    PriorReady(std::sync::Arc<crate::domain::factcheck::prior::PriorMatches>),
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the sheet (merging what others saved meanwhile).
    Save,
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
    /// Open this address (an http or https URL) in the system browser,
    /// without waiting for it; the runtime reports with [`Action::UrlOpened`].
    OpenUrl(String),
    /// Read this source (an address or a file) into a new article and sheet
    /// in `folder`, off the UI thread; answered by [`Action::ArticleAdded`].
    AddArticle {
        source: String,
        folder: std::path::PathBuf,
    },
    /// Load the fact-check libraries for this sheet and match these claims
    /// (id, text) off the UI thread; answered by [`Action::PriorReady`].
    LoadPrior {
        sheet: std::path::PathBuf,
        claims: Vec<(String, String)>,
    },
    Quit,
}

impl AppState {
    /// A fresh state for another document (or the same sheet over a new
    /// article), with this one's analyst, keys, settings and clock.
    pub fn successor(&self, doc: Doc) -> AppState {
        let mut fresh = AppState::new(
            doc,
            self.analyst.clone(),
            self.keymap.clone(),
            self.advance,
            self.mouse,
        );
        fresh.clock = self.clock;
        fresh.second_review = self.second_review;
        fresh
    }

    /// The state for `doc`. When the article changed since the sheet was
    /// written, the claims are found again first (as `check --fix` does):
    /// the status bar says how many moved and how many are orphans, and
    /// [`AppState::startup_effects`] saves the result.
    pub fn new(doc: Doc, analyst: String, keymap: Keymap, advance: bool, mouse: bool) -> Self {
        let mut doc = doc;
        let mut message = None;
        if doc.article_changed() {
            let plan = anchor::plan(&doc.sheet.claims, &doc.article.text);
            let (text, sha) = (&doc.article.text, &doc.article.sha256);
            let (moved, orphans) =
                anchor::fix(&mut doc.sheet, text, sha, &plan, &analyst, Stamp::now());
            let recheck = doc.sheet.claims.iter().filter(|c| c.needs_review).count();
            message = Some(match recheck {
                0 => format!("the article changed: re-anchored {moved} claims, {orphans} orphans"),
                n => format!(
                    "article changed: {moved} re-anchored, {orphans} orphans, {n} to re-check (!)"
                ),
            });
        }
        let nav = Nav::new(&doc.article.text);
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
            order: crate::config::ListOrder::Article,
            search: None,
            visible: Vec::new(),
            selected: None,
            list_offset: 0,
            article_top: 0,
            wrapped: Wrapped::default(),
            nav,
            word: 0,
            visual: None,
            source_sel: 0,
            source_of: None,
            help_scroll: 0,
            popups: Vec::new(),
            save: SaveState::Opened,
            message,
            undo: Vec::new(),
            redo: Vec::new(),
            quit_armed: false,
            quitting: false,
            read_only: None,
            workspace: None,
            sync_search_limit: workspace::SYNC_SEARCH_LIMIT,
            search_job: None,
            prior: None,
            second_review: false,
        };
        s.refresh_visible();
        s.selected = s.visible.first().copied();
        s.relayout();
        s.scroll_to_selected();
        s.cursor_to_selected();
        if s.message.is_some() {
            s.save = SaveState::Saving;
        }
        s
    }

    /// What the runtime performs before the first key: the save of the
    /// re-anchoring done when the sheet was opened, if any.
    pub fn startup_effects(&self) -> Vec<Effect> {
        if self.save == SaveState::Saving {
            vec![Effect::Save]
        } else {
            vec![]
        }
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
        // In the review queue, verdicts to re-check come first.
        if filter == Filter::NotReviewed {
            self.visible.sort_by_key(|&i| !claims[i].needs_review);
        }
        // Orphans go last, in a group of their own.
        let (mut found, orphans): (Vec<usize>, Vec<usize>) =
            self.visible.iter().partition(|&&i| !claims[i].orphan);
        if self
            .search
            .as_ref()
            .is_none_or(|s| s.query.trim().is_empty())
        {
            order::sort(&mut found, claims, self.order);
        }
        self.visible = found.into_iter().chain(orphans).collect();
        if filter == Filter::Prior {
            let claims = &self.doc.sheet.claims;
            let prior = self.prior.as_deref();
            self.visible
                .retain(|&i| prior.is_some_and(|p| !p.of(&claims[i].id).is_empty()));
        }
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

    /// Position in `visible` of the first orphan: the list shows the
    /// "orphans (M)" separator row just before it.
    pub fn orphans_at(&self) -> Option<usize> {
        let claims = &self.doc.sheet.claims;
        self.visible.iter().position(|&i| claims[i].orphan)
    }

    /// The list row of position `pos` in `visible` (after the separator
    /// when it is an orphan).
    pub fn row_of(&self, pos: usize) -> usize {
        pos + usize::from(self.orphans_at().is_some_and(|o| pos >= o))
    }

    /// The position in `visible` shown on list row `row` (None for the
    /// separator).
    pub fn pos_at_row(&self, row: usize) -> Option<usize> {
        pos_at_row(self.orphans_at(), row)
    }

    /// Keep the list offset, article scroll, cursor and popups in range.
    fn clamp(&mut self) {
        if let Some(sel) = self.selected
            && sel >= self.doc.sheet.claims.len()
        {
            self.selected = self.visible.first().copied();
        }
        let h = self.list_height();
        let n = self.visible.len() + usize::from(self.orphans_at().is_some());
        if let Some(cur) = self.cursor().map(|c| self.row_of(c)) {
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
        self.word = self.word.min(self.nav.last());
        if let Some(v) = self.visual.as_mut() {
            *v = (*v).min(self.nav.last());
        }
        let (id, sources) = self
            .selected_claim()
            .map_or((None, 0), |c| (Some(&c.id), c.sources.len()));
        if id != self.source_of.as_ref() {
            self.source_of = id.cloned();
            self.source_sel = 0;
        }
        self.source_sel = self.source_sel.min(sources.saturating_sub(1));
        let help = layout::help_rows(self.size, Command::ALL.len());
        self.help_scroll = self.help_scroll.min(help.0.saturating_sub(help.1));
        let size = self.size;
        let claims = &self.doc.sheet.claims;
        for p in &mut self.popups {
            if let Popup::History { id, scroll } = p {
                let n = claims
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or(0, |c| c.history.len());
                *scroll = (*scroll).min(n.saturating_sub(layout::history_rows(size, n)));
            }
        }
    }

    /// Scroll the article as little as needed to show the cursor.
    fn reveal_cursor(&mut self) {
        if let Some(&(start, _)) = self.nav.words.get(self.word) {
            let line = self.wrapped.line_of(start);
            let ah = self.article_height();
            if line < self.article_top {
                self.article_top = line;
            } else if line >= self.article_top + ah {
                self.article_top = line + 1 - ah;
            }
        }
        self.clamp();
    }

    /// After scrolling, bring the cursor back into the article pane.
    fn cursor_into_view(&mut self) {
        let Some(&(start, _)) = self.nav.words.get(self.word) else {
            return;
        };
        let line = self.wrapped.line_of(start);
        let ah = self.article_height();
        let bottom = (self.article_top + ah).min(self.wrapped.lines.len());
        let target = if line < self.article_top {
            Some(self.article_top)
        } else if line >= bottom {
            Some(bottom.saturating_sub(1))
        } else {
            None
        };
        if let Some(l) = target.and_then(|t| self.wrapped.lines.get(t)) {
            self.word = self.nav.word_at(l.start);
        }
    }

    /// Put the article cursor on the first word of the selected claim.
    fn cursor_to_selected(&mut self) {
        if let Some(c) = self.selected_claim().filter(|c| !c.orphan) {
            self.word = self.nav.word_at(c.anchor.start);
        }
    }

    fn move_word(&mut self, word: usize) {
        self.word = word.min(self.nav.last());
        self.reveal_cursor();
    }

    /// Scroll the article so the selected claim sits near the middle.
    fn scroll_to_selected(&mut self) {
        if let Some(c) = self.selected_claim().filter(|c| !c.orphan) {
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
        self.cursor_into_view();
    }

    /// Change claim `index` with `f` (given the analyst, the time and the
    /// article's text) as one undoable change, and ask for a save. Returns
    /// whether anything changed.
    fn change_claim(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut Claim, &str, Stamp, &str),
    ) -> bool {
        let at = (self.clock)();
        let Some(mut after) = self.doc.sheet.claims.get(index).cloned() else {
            return false;
        };
        f(&mut after, &self.analyst, at, &self.doc.article.text);
        let before = &self.doc.sheet.claims[index];
        if after == *before {
            return false;
        }
        if after.anchor.start == before.anchor.start && after.anchor.end == before.anchor.end {
            // In place: the claim keeps its place in the list.
            let before = std::mem::replace(&mut self.doc.sheet.claims[index], after.clone());
            self.record(Splice {
                at: index,
                removed: vec![before],
                inserted: vec![after],
                tombstones_added: Vec::new(),
            });
        } else {
            // The claim moved in the article: it may move in the list too.
            let id = after.id.clone();
            let new = replaced(&self.doc.sheet.claims, &[index], vec![after]);
            self.restructure(new, Vec::new(), &id);
        }
        true
    }

    /// Make `splice` the sheet's newest change: apply it, keep it for undo,
    /// ask for a save, and show claim `select` (an index after the change).
    fn commit(&mut self, splice: Splice, select: Option<usize>) -> Vec<Effect> {
        splice.apply(&mut self.doc.sheet);
        self.record(splice);
        if let Some(i) = select {
            self.show(i);
        }
        vec![Effect::Save]
    }

    /// Keep `splice`, already made, for undo; ask for a save.
    fn record(&mut self, splice: Splice) {
        self.undo.push(splice);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.save = SaveState::Saving;
        self.quit_armed = false;
        self.search_changed();
    }

    /// Replace all the claims by `new` (in article order) and add
    /// `tombstones`, as one undoable change; then select the claim `id`.
    fn restructure(
        &mut self,
        new: Vec<Claim>,
        tombstones: Vec<Tombstone>,
        id: &str,
    ) -> Vec<Effect> {
        let select = new.iter().position(|c| c.id == id);
        match Splice::between(&self.doc.sheet.claims, &new, tombstones) {
            Some(splice) => self.commit(splice, select),
            None => vec![],
        }
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
    /// (wrapping round); a disputed verdict, then one to re-check, come
    /// before them.
    fn next_unreviewed(&self, from: usize) -> Option<usize> {
        let claims = &self.doc.sheet.claims;
        let pos = self.visible.iter().position(|&i| i == from);
        let n = self.visible.len();
        let start = pos.map(|p| p + 1).unwrap_or(0);
        let next = |wanted: &dyn Fn(&Claim) -> bool| {
            (0..n)
                .map(|k| self.visible[(start + k) % n])
                .find(|&i| i != from && claims.get(i).is_some_and(wanted))
        };
        next(&crate::domain::team::is_disputed)
            .or_else(|| next(&|c| c.needs_review))
            .or_else(|| next(&|c| !c.is_reviewed()))
    }

    fn mark(&mut self, status: Status) -> Vec<Effect> {
        let Some(index) = self.selected else {
            self.message = Some("no claim selected".into());
            return vec![];
        };
        let second_review = self.second_review;
        self.change_claim(index, |c, by, at, _| {
            crate::domain::team::give_verdict(c, status, by, at, second_review);
        });
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

    /// Select claim `index` and show it, even when the filter or the search
    /// hides it.
    fn show(&mut self, index: usize) {
        let index = index.min(self.doc.sheet.claims.len().saturating_sub(1));
        if self.doc.sheet.claims.is_empty() {
            self.refresh_visible();
            return;
        }
        self.selected = Some(index);
        if !self.visible.contains(&index) {
            self.filter = Filter::All;
            self.refresh_visible();
        }
        if !self.visible.contains(&index) {
            self.search = None;
            self.refresh_visible();
        }
        self.selected = Some(index);
        self.clamp();
        self.scroll_to_selected();
    }

    fn undo(&mut self) -> Vec<Effect> {
        let Some(splice) = self.undo.pop() else {
            self.message = Some("nothing to undo".into());
            return vec![];
        };
        splice.revert(&mut self.doc.sheet);
        self.message = Some(format!("undid the change to {}", splice.ids()));
        let at = splice.at;
        self.redo.push(splice);
        self.after_history(at)
    }

    fn redo(&mut self) -> Vec<Effect> {
        let Some(splice) = self.redo.pop() else {
            self.message = Some("nothing to redo".into());
            return vec![];
        };
        splice.apply(&mut self.doc.sheet);
        self.message = Some(format!("redid the change to {}", splice.ids()));
        let at = splice.at;
        self.undo.push(splice);
        self.after_history(at)
    }

    /// After an undo or redo at claim `at`: save and show it.
    fn after_history(&mut self, at: usize) -> Vec<Effect> {
        self.save = SaveState::Saving;
        self.quit_armed = false;
        self.search_changed();
        self.show(at);
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
        // Orphans have no place in the text.
        let placed = self.visible.iter().copied().filter(|&i| !claims[i].orphan);
        let pick = if forward {
            placed.filter(|&i| key(i) > cur).min_by_key(|&i| key(i))
        } else {
            placed.filter(|&i| key(i) < cur).max_by_key(|&i| key(i))
        };
        if let Some(i) = pick {
            self.selected = Some(i);
            self.clamp();
            self.scroll_to_selected();
            self.cursor_to_selected();
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

    fn focus_on(&mut self, to: Focus) {
        let was = self.focus;
        self.focus = to;
        self.relayout();
        self.scroll_to_selected();
        if to == Focus::Article && was != Focus::Article {
            self.cursor_to_selected();
        }
    }

    /// `a`: the visual selection (or the sentence under the cursor) becomes
    /// a new claim, in article order, with the next free id and the speaker
    /// the extractor suggests; then its editor opens.
    fn add_claim(&mut self) -> Vec<Effect> {
        let span = match self.visual.take() {
            Some(from) => self.nav.span(from, self.word),
            None => {
                let (first, last) = self.nav.sentence_words(self.word);
                self.nav.span(first, last)
            }
        };
        let Some((start, end)) = span else {
            self.message = Some("the article has no text to make a claim of".into());
            return vec![];
        };
        let text = &self.doc.article.text;
        let id = self.doc.sheet.next_id();
        let mut claim = edit::new_claim(&id, text, start, end, &self.analyst, (self.clock)());
        claim.speaker =
            crate::domain::extract::speaker_for(&self.doc.article.reading(), start, end);
        let new = replaced(&self.doc.sheet.claims, &[], vec![claim]);
        let effects = self.restructure(new, Vec::new(), &id);
        self.claim_editor();
        self.message = Some(format!("added {id}; edit its text and speaker, or Esc"));
        effects
    }

    /// The editor of the selected claim's text and speaker.
    fn claim_editor(&mut self) {
        if let Some(c) = self.selected_claim() {
            self.popups.push(Popup::Claim {
                id: c.id.clone(),
                text: editor_with(&c.text),
                speaker: editor_with(c.speaker.as_deref().unwrap_or("")),
                on_speaker: false,
            });
        }
    }

    /// The editor of a new source (`index` None) or of source `index`.
    fn source_editor(&mut self, index: Option<usize>) {
        let Some(c) = self.selected_claim() else {
            return;
        };
        let editor = match index {
            None => Box::new(TextArea::default()),
            Some(k) => match c.sources.get(k) {
                Some(s) => editor_with(s),
                None => {
                    self.message = Some("this claim has no source to edit".into());
                    return;
                }
            },
        };
        let id = c.id.clone();
        self.popups.push(Popup::Source { id, editor, index });
    }

    fn remove_source(&mut self) -> Vec<Effect> {
        let (Some(i), k) = (self.selected, self.source_sel) else {
            return vec![];
        };
        if self.change_claim(i, |c, by, at, _| {
            c.remove_source(k, by, at);
        }) {
            self.message = Some("source removed".into());
            return vec![Effect::Save];
        }
        self.message = Some("this claim has no source to remove".into());
        vec![]
    }

    /// `o`: open the selected source in the browser, when it is a URL.
    fn open_source(&mut self) -> Vec<Effect> {
        let Some(source) = self
            .selected_claim()
            .and_then(|c| c.sources.get(self.source_sel))
            .cloned()
        else {
            self.message = Some("this claim has no source to open".into());
            return vec![];
        };
        if !looks_like_url(&source) {
            self.message = Some(format!("not a web address, not opened: {source}"));
            return vec![];
        }
        self.message = Some(format!("opening {source}"));
        vec![Effect::OpenUrl(source)]
    }

    /// The selected claim, unless it is an orphan (its place in the article
    /// is lost, so it cannot be split or merged).
    fn placed_claim(&mut self, what: &str) -> Option<usize> {
        let i = self.selected?;
        if self.doc.sheet.claims.get(i)?.orphan {
            self.message = Some(format!(
                "an orphan cannot be {what}: its place in the article is lost"
            ));
            return None;
        }
        Some(i)
    }

    /// `|`: choose where to split the selected claim.
    fn split_picker(&mut self) {
        let Some(i) = self.placed_claim("split") else {
            return;
        };
        let c = &self.doc.sheet.claims[i];
        let points = edit::split_points(c, &self.doc.article.text);
        match points.get(points.len() / 2) {
            Some(&cut) => {
                let id = c.id.clone();
                self.popups.push(Popup::Split { id, cut });
            }
            None => self.message = Some("a claim of one word cannot be split".into()),
        }
    }

    fn split(&mut self, id: &str, cut: usize) -> Vec<Effect> {
        let Some(i) = self.doc.sheet.index_of(id) else {
            return vec![];
        };
        let new_id = self.doc.sheet.next_id();
        let claim = &self.doc.sheet.claims[i];
        let (text, at) = (&self.doc.article.text, (self.clock)());
        let Some((a, b)) = edit::split(claim, cut, &new_id, text, &self.analyst, at) else {
            return vec![];
        };
        self.message = Some(format!("split {id} in two: {id} and {new_id}"));
        let new = replaced(&self.doc.sheet.claims, &[i], vec![a, b]);
        self.restructure(new, Vec::new(), id)
    }

    /// `M`: merge the selected claim with the next one in the article.
    fn merge_next(&mut self) -> Vec<Effect> {
        let Some(i) = self.placed_claim("merged") else {
            return vec![];
        };
        let claims = &self.doc.sheet.claims;
        let Some(j) = (i + 1..claims.len()).find(|&j| !claims[j].orphan) else {
            self.message = Some("no claim after this one to merge with".into());
            return vec![];
        };
        let (text, at, by) = (&self.doc.article.text, (self.clock)(), &self.analyst);
        let merged = edit::merge(&claims[i], &claims[j], text, by, at);
        let tombstone = edit::tombstone(&claims[j], by, at);
        let id = merged.id.clone();
        self.message = Some(format!("merged {} into {id}", claims[j].id));
        let new = replaced(claims, &[i, j], vec![merged]);
        self.restructure(new, vec![tombstone], &id)
    }

    fn delete(&mut self, id: &str) -> Vec<Effect> {
        let Some(i) = self.doc.sheet.index_of(id) else {
            return vec![];
        };
        let claims = &self.doc.sheet.claims;
        let tombstone = edit::tombstone(&claims[i], &self.analyst, (self.clock)());
        let new = replaced(claims, &[i], Vec::new());
        self.message = Some(format!("deleted {id}"));
        match Splice::between(claims, &new, vec![tombstone]) {
            Some(splice) => self.commit(splice, Some(i)),
            None => vec![],
        }
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
            // In the article, j/k and w/b move the cursor (the view follows
            // it); J/K, Ctrl-e and the page keys scroll (the cursor stays in
            // view).
            (Command::Down, Focus::Article) => {
                let to_end = self.visual.is_some();
                self.move_word(self.nav.sentence_down(self.word, to_end));
            }
            (Command::Up, Focus::Article) => self.move_word(self.nav.sentence_up(self.word)),
            (Command::WordNext, Focus::Article) => self.move_word(self.word + 1),
            (Command::WordPrev, Focus::Article) => self.move_word(self.word.saturating_sub(1)),
            (Command::Top, Focus::Article) => self.move_word(0),
            (Command::Bottom, Focus::Article) => self.move_word(usize::MAX),
            (Command::PageDown, Focus::Article) => self.scroll_article(page),
            (Command::PageUp, Focus::Article) => self.scroll_article(-page),
            (Command::ScrollDown, Focus::Article) => self.scroll_article(1),
            (Command::ScrollUp, Focus::Article) => self.scroll_article(-1),
            (Command::Visual, Focus::Article) => {
                self.visual = match self.visual {
                    Some(_) => None,
                    None => Some(self.word),
                };
            }
            (Command::AddClaim, Focus::Article) => return self.add_claim(),
            (
                Command::ScrollDown
                | Command::ScrollUp
                | Command::WordNext
                | Command::WordPrev
                | Command::Visual
                | Command::AddClaim,
                Focus::List,
            ) => {
                let tab = self.keymap.first(Command::Focus).unwrap_or_default();
                self.message = Some(format!(
                    "{} works in the article pane ({tab} goes there)",
                    self.keymap.first(command).unwrap_or_default()
                ));
            }
            (Command::Focus, _) => {
                let to = match self.focus {
                    Focus::List => Focus::Article,
                    Focus::Article => Focus::List,
                };
                self.focus_on(to);
            }
            (Command::FocusArticle, _) => self.focus_on(Focus::Article),
            (Command::FocusList, _) => self.focus_on(Focus::List),
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
                    let (id, editor) = (c.id.clone(), editor_with(&c.note));
                    self.popups.push(Popup::Note { id, editor });
                }
            }
            (Command::AddSource, _) => self.source_editor(None),
            (Command::EditSource, _) => self.source_editor(Some(self.source_sel)),
            (Command::RemoveSource, _) => return self.remove_source(),
            (Command::OpenSource, _) => return self.open_source(),
            (Command::Sources, _) => {
                if let Some(c) = self.selected_claim() {
                    let id = c.id.clone();
                    self.popups.push(Popup::Sources { id });
                }
            }
            (Command::EditClaim, _) => self.claim_editor(),
            (Command::Split, _) => self.split_picker(),
            (Command::Merge, _) => return self.merge_next(),
            (Command::Delete, _) => {
                if let Some(c) = self.selected_claim() {
                    let id = c.id.clone();
                    self.popups.push(Popup::ConfirmDelete { id });
                }
            }
            (Command::History, _) => {
                if let Some(c) = self.selected_claim() {
                    let id = c.id.clone();
                    // Opens on the latest changes.
                    self.popups.push(Popup::History {
                        id,
                        scroll: usize::MAX,
                    });
                    self.clamp();
                }
            }
            (Command::Export, _) => self.popups.push(Popup::Export),
            (Command::Switcher, _) => return workspace::open_switcher(self),
            (Command::AllClaims, _) => return workspace::open_claims(self),
            (Command::AddArticle, _) => return add_article::open_prompt(self),
            (Command::Similar, _) => return workspace::open_similar(self),
            (Command::Prior, _) => return prior::open(self),
            (Command::Approve, _) => return team::approve(self),
            (Command::Undo, _) => return self.undo(),
            (Command::Redo, _) => return self.redo(),
            (Command::Order, _) => self.set_order(self.order.next()),
            (Command::Filter, _) => {
                self.filter = prior::next_filter(self);
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
            (Command::Help, _) => {
                self.help_scroll = 0;
                self.popups.push(Popup::Help);
            }
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
                if self.visual.is_some() {
                    self.visual = None;
                } else if self.search.is_some() {
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
        let cmd = self.keymap.command(&key);
        if ctrl && key.code == KeyCode::Char('c') && !self.popups.is_empty() {
            self.quitting = true;
            return Some(vec![Effect::Quit]);
        }
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
                        && self.change_claim(i, |c, by, at, _| {
                            c.set_field("note", note, by, at);
                        })
                    {
                        return Some(vec![Effect::Save]);
                    }
                } else {
                    editor.input(key);
                }
            }
            Popup::Claim {
                id,
                text,
                speaker,
                on_speaker,
            } => {
                let keep = (ctrl && key.code == KeyCode::Char('s'))
                    || (*on_speaker && key.code == KeyCode::Enter);
                if key.code == KeyCode::Esc {
                    self.popups.pop();
                    self.message = Some("claim not changed".into());
                } else if keep {
                    let new_text = text.lines().join("\n");
                    let new_speaker = speaker.lines().join(" ");
                    let id = id.clone();
                    self.popups.pop();
                    if let Some(i) = self.doc.sheet.index_of(&id)
                        && self.change_claim(i, |c, by, at, article| {
                            edit::set_text(c, new_text, article, by, at);
                            c.set_field("speaker", new_speaker.trim().to_owned(), by, at);
                        })
                    {
                        return Some(vec![Effect::Save]);
                    }
                    self.message = Some("claim not changed".into());
                } else if matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
                    *on_speaker = !*on_speaker;
                } else if *on_speaker {
                    speaker.input(key);
                } else {
                    text.input(key);
                }
            }
            Popup::Source { id, editor, index } => match key.code {
                KeyCode::Esc => {
                    self.popups.pop();
                }
                KeyCode::Enter => {
                    let source = editor.lines().join(" ");
                    let (id, index) = (id.clone(), *index);
                    self.popups.pop();
                    if let Some(i) = self.doc.sheet.index_of(&id)
                        && self.change_claim(i, |c, by, at, _| {
                            match index {
                                Some(k) => c.edit_source(k, &source, by, at),
                                None => c.add_source(&source, by, at),
                            };
                        })
                    {
                        if index.is_none() {
                            self.source_sel = usize::MAX;
                            self.clamp();
                        }
                        return Some(vec![Effect::Save]);
                    }
                    self.message = Some(match index {
                        None => "no source added (blank or already there)".into(),
                        Some(_) => "source not changed (blank, the same or already there)".into(),
                    });
                }
                _ => {
                    editor.input(key);
                }
            },
            Popup::Split { id, cut } => {
                let Some(claim) = self.doc.sheet.claim(id) else {
                    // The claim went (the sheet was reloaded): nothing to split.
                    self.popups.pop();
                    return Some(vec![]);
                };
                let points = edit::split_points(claim, &self.doc.article.text);
                let here = points.iter().position(|p| p == cut).unwrap_or(0);
                let right =
                    matches!(key.code, KeyCode::Right) || self.keymap.is(&key, Command::WordNext);
                let left =
                    matches!(key.code, KeyCode::Left) || self.keymap.is(&key, Command::WordPrev);
                if right {
                    *cut = points.get(here + 1).copied().unwrap_or(*cut);
                } else if left {
                    *cut = points.get(here.saturating_sub(1)).copied().unwrap_or(*cut);
                } else if key.code == KeyCode::Enter {
                    let (id, cut) = (id.clone(), *cut);
                    self.popups.pop();
                    return Some(self.split(&id, cut));
                } else if key.code == KeyCode::Esc || cmd == Some(Command::Close) {
                    self.popups.pop();
                    self.message = Some("not split".into());
                }
            }
            Popup::ConfirmDelete { id } => match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    let id = id.clone();
                    self.popups.pop();
                    return Some(self.delete(&id));
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    self.popups.pop();
                    self.message = Some("not deleted".into());
                }
                _ => {}
            },
            Popup::Sources { .. } => {
                let is = |c| self.keymap.is(&key, c);
                if is(Command::EditSource) {
                    self.source_editor(Some(self.source_sel));
                } else if is(Command::RemoveSource) {
                    return Some(self.remove_source());
                } else if is(Command::OpenSource) {
                    return Some(self.open_source());
                } else if is(Command::AddSource) {
                    self.source_editor(None);
                } else {
                    match cmd {
                        Some(Command::Down) => self.source_sel += 1,
                        Some(Command::Up) => self.source_sel = self.source_sel.saturating_sub(1),
                        Some(c @ (Command::Undo | Command::Redo)) => return Some(self.run(c)),
                        Some(Command::Close | Command::Sources | Command::Quit) => {
                            self.popups.pop();
                        }
                        _ if key.code == KeyCode::Esc => {
                            self.popups.pop();
                        }
                        _ => {}
                    }
                    self.clamp();
                }
            }
            Popup::History { scroll, .. } => {
                let page = layout::history_rows(self.size, usize::MAX).max(2) - 1;
                match cmd {
                    Some(Command::Down | Command::ScrollDown) => *scroll = scroll.saturating_add(1),
                    Some(Command::Up | Command::ScrollUp) => *scroll = scroll.saturating_sub(1),
                    Some(Command::PageDown) => *scroll = scroll.saturating_add(page),
                    Some(Command::PageUp) => *scroll = scroll.saturating_sub(page),
                    Some(Command::Top) => *scroll = 0,
                    Some(Command::Bottom) => *scroll = usize::MAX,
                    Some(Command::Close | Command::History | Command::Quit) => {
                        self.popups.pop();
                    }
                    _ if key.code == KeyCode::Esc => {
                        self.popups.pop();
                    }
                    _ => {}
                }
                self.clamp();
            }
            Popup::Conflict => return Some(disputes::key(self, key)),
            Popup::Export => {
                if let KeyCode::Char(c) = key.code
                    && let Some((_, format)) = EXPORT_CHOICES.iter().find(|(k, _)| *k == c)
                {
                    self.popups.pop();
                    self.message = Some(format!("exporting {}…", format.name()));
                    return Some(vec![Effect::Export(*format)]);
                }
                if key.code == KeyCode::Esc || cmd == Some(Command::Close) {
                    self.popups.pop();
                } else if cmd == Some(Command::ForceQuit) {
                    self.quitting = true;
                    return Some(vec![Effect::Quit]);
                }
            }
            Popup::Prior { .. } => return Some(prior::key(self, key)),
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
                let in_help = matches!(self.popups.last(), Some(Popup::Help));
                match cmd {
                    Some(Command::ForceQuit) => {
                        self.quitting = true;
                        return Some(vec![Effect::Quit]);
                    }
                    Some(Command::Help) if !in_help => {
                        self.help_scroll = 0;
                        self.popups.push(Popup::Help);
                    }
                    Some(Command::Close | Command::Help | Command::Quit | Command::Detail) => {
                        self.popups.pop();
                    }
                    Some(Command::Down | Command::ScrollDown) if in_help => {
                        self.help_scroll += 1;
                        self.clamp();
                    }
                    Some(Command::Up | Command::ScrollUp) if in_help => {
                        self.help_scroll = self.help_scroll.saturating_sub(1);
                    }
                    Some(
                        c @ (Command::Confirm
                        | Command::Unconfirm
                        | Command::Deny
                        | Command::EditNote
                        | Command::AddSource
                        | Command::EditClaim
                        | Command::Split
                        | Command::Merge
                        | Command::Delete
                        | Command::Sources
                        | Command::OpenSource
                        | Command::History
                        | Command::Undo
                        | Command::Redo),
                    ) if !in_help => {
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
                        if let Some(pos) = self.pos_at_row(row)
                            && pos < self.visible.len()
                        {
                            self.select_cursor(pos);
                        }
                    }
                } else if at(areas.article) {
                    self.focus = Focus::Article;
                    let inner = layout::inner(areas.article.unwrap_or_default());
                    if ev.row >= inner.y && ev.column >= inner.x {
                        let line = usize::from(ev.row - inner.y) + self.article_top;
                        if let Some(l) = self.wrapped.lines.get(line) {
                            let cp = l.start + usize::from(ev.column - inner.x);
                            self.word = self.nav.word_at(cp);
                            let claims = &self.doc.sheet.claims;
                            if let Some(i) = (0..claims.len()).find(|&i| {
                                claims[i].anchor.start <= cp
                                    && cp < claims[i].anchor.end
                                    && !claims[i].orphan
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

/// The position in `visible` shown on list row `row`, given where the
/// orphans start (see [`AppState::orphans_at`]); None for the separator.
pub fn pos_at_row(orphans_at: Option<usize>, row: usize) -> Option<usize> {
    match orphans_at {
        Some(o) if row == o => None,
        Some(o) if row > o => Some(row - 1),
        _ => Some(row),
    }
}

/// A text editor holding `text`, its cursor at the end.
fn editor_with(text: &str) -> Box<TextArea<'static>> {
    let mut editor = TextArea::new(text.split('\n').map(str::to_owned).collect());
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    Box::new(editor)
}

/// An http or https address with no spaces or control characters: what
/// `o` hands to the browser.
pub fn looks_like_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The pure update: apply one action, return the effects to perform.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = apply(state, action);
    prior::refresh(state);
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
            if state.focus == Focus::Article {
                state.reveal_cursor();
            }
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
        Action::Merged { at, report } => disputes::merged(state, at, report),
        Action::Conflict => {
            if !matches!(state.popups.last(), Some(Popup::Conflict)) {
                state.popups.push(Popup::Conflict);
            }
            vec![]
        }
        Action::ArticleChanged(article) => article_watch::on_change(state, *article),
        Action::UrlOpened(result) => {
            state.message = Some(match result {
                Ok(url) => format!("opened {url} in the browser"),
                Err(e) => format!("could not open the browser: {e}"),
            });
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
        | Action::SearchDone { .. }) => {
            let before = state.doc.sheet_path.clone();
            let mut effects = workspace::on_action(state, a);
            effects.extend(prior::on_switch(state, &before));
            effects
        }
        Action::PriorReady(p) => prior::ready(state, p),
        Action::ArticleAdded(result) => add_article::added(state, result),
        Action::Reloaded => {
            state.nav = Nav::new(&state.doc.article.text);
            state.visual = None;
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
    fn deleting_every_claim_then_adding_and_undoing_never_panics() {
        let mut s = state();
        let original = s.doc.sheet.clone();
        for _ in 0..3 {
            assert_eq!(update(&mut s, key('x')), vec![]);
            assert_eq!(update(&mut s, key('y')), vec![Effect::Save]);
        }
        assert!(s.claims().is_empty() && s.selected.is_none());
        assert_eq!(s.doc.sheet.deleted.len(), 3);
        for c in ['x', 'r', '|', 'M', 'H', 'S', 'o', 'j', 'c'] {
            update(&mut s, key(c));
            s.popups.clear();
        }
        update(&mut s, Action::Run(Command::Focus));
        assert_eq!(update(&mut s, key('a')), vec![Effect::Save]);
        assert_eq!(s.selected_claim().map(|c| c.id.as_str()), Some("C4"));
        for _ in 0..4 {
            update(&mut s, Action::Run(Command::Undo));
        }
        assert_eq!(s.doc.sheet, original);
        assert_eq!(s.selected, Some(0));
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
