//! Everything the TUI shows and edits: [`AppState`], the pane that has
//! the keyboard, the status filter and the save state.

use crate::app::Effect;
use crate::app::Keymap;
use crate::app::Popup;
use crate::app::Search;
use crate::app::layout::Areas;
use crate::app::layout::Wrapped;
use crate::app::nav::Nav;
use crate::app::workspace;
use crate::domain::Claim;
use crate::domain::Doc;
use crate::domain::Stamp;
use crate::domain::Verdict;
use crate::domain::anchor;
use ratatui::layout::Rect;

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
    /// Claims with this verdict; "not reviewed" also holds the verdicts to
    /// re-check (given on an earlier version of the text).
    Verdict(Verdict),
    /// Claims with a prior fact-check.
    Prior,
    /// Claims whose verdict is in dispute (offered only when some are).
    Disputed,
    /// Claims assigned to the analyst (offered only when some are).
    Mine,
    /// The review queue: claims whose check-worthiness score reaches the
    /// extractor's threshold (offered only when some do).
    Queue,
}

impl Filter {
    /// All, then each verdict in [`Verdict::ALL`]'s order, then all again.
    pub fn next(self) -> Filter {
        let after = |v: Verdict| Verdict::ALL.iter().skip_while(move |&&w| w != v).nth(1);
        match self {
            Filter::All => Filter::Verdict(Verdict::ALL[0]),
            Filter::Verdict(v) => after(v).map_or(Filter::All, |&w| Filter::Verdict(w)),
            Filter::Prior | Filter::Disputed | Filter::Mine | Filter::Queue => Filter::All,
        }
    }

    pub fn matches(self, c: &Claim) -> bool {
        match self {
            // Prior and mine are decided by `refresh_visible`, which knows
            // the matches and the analyst.
            Filter::All | Filter::Prior | Filter::Mine => true,
            Filter::Queue => crate::app::filters::in_queue(c),
            Filter::Verdict(Verdict::NotReviewed) => !c.verdict_is_current(),
            Filter::Verdict(v) => Verdict::of(c) == v,
            Filter::Disputed => crate::domain::team::is_disputed(c),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Verdict(v) => v.label(),
            Filter::Prior => "checked before",
            Filter::Disputed => "disputed",
            Filter::Mine => "mine",
            Filter::Queue => "queue (score ≥ 0.62)",
        }
    }
}

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

pub use crate::app::history::{UNDO_LIMIT, UndoHistory};

/// The claims list as the analyst moves in it.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Claim indices shown in the list, in list order.
    pub visible: Vec<usize>,
    /// The selected claim (index into `doc.sheet.claims`).
    pub selected: Option<usize>,
    /// First visible row of the list.
    pub offset: usize,
    /// Claims selected for a bulk action (`toggle_select`), by id.
    pub marked: std::collections::BTreeSet<String>,
    /// The claim where a range of selected claims starts (`select_range`),
    /// the range running to the selection.
    pub range_from: Option<String>,
}

/// The article pane as the analyst moves in it.
#[derive(Debug, Clone)]
pub struct ArticleState {
    /// First visible line of the wrapped article.
    pub top: usize,
    pub wrapped: Wrapped,
    /// The article's words and sentences, for the cursor.
    pub nav: Nav,
    /// The article cursor: a word (index into `nav.words`).
    pub word: usize,
    /// Where the visual selection started (a word), while one is open.
    pub visual: Option<usize>,
}

/// Who works and how: set when the TUI starts, kept across articles.
#[derive(Debug, Clone)]
pub struct Settings {
    pub analyst: String,
    pub keymap: Keymap,
    /// Move to the next unreviewed claim after a verdict.
    pub advance: bool,
    pub mouse: bool,
    /// Where "now" comes from (fixed in tests).
    pub clock: fn() -> Stamp,
    /// The workspace asks for second review (`claimdesk.toml`): verdicts
    /// given here are pending until another analyst approves them.
    pub second_review: bool,
    /// The article's share of the screen in percent (`<`, `>`, `=`;
    /// `split` in the config).
    pub split: u16,
}

/// About the open session rather than the sheet: whether this window may
/// change it, whether it is quitting, how big a search runs at once.
#[derive(Debug, Clone)]
pub struct Session {
    /// `q` was pressed with unsaved changes; a second `q` quits.
    pub quit_armed: bool,
    pub quitting: bool,
    /// Why this window may not change the sheet (another claimdesk holds
    /// its lock), or `None` when it may.
    pub read_only: Option<String>,
    /// Searches of more claims than this run off the UI thread
    /// ([`workspace::SYNC_SEARCH_LIMIT`]; tests lower it).
    pub sync_search_limit: usize,
    /// The last change made, named for the save state ("C2 confirmed").
    pub change: Option<String>,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            quit_armed: false,
            quitting: false,
            read_only: None,
            sync_search_limit: workspace::SYNC_SEARCH_LIMIT,
            change: None,
        }
    }
}

/// Everything the TUI shows and edits.
#[derive(Debug, Clone)]
pub struct AppState {
    pub doc: Doc,
    pub settings: Settings,
    pub size: Rect,
    pub focus: Focus,
    pub filter: Filter,
    /// Article order or score order (the `order` key; `order` in the config).
    pub order: crate::config::ListOrder,
    pub search: Option<Search>,
    /// The claims list: what it shows, the selection, the scroll.
    pub list: ListState,
    /// The article pane: its wrapped lines, scroll, cursor and selection.
    pub article: ArticleState,
    /// The selected source of the selected claim (the first again when
    /// another claim is selected).
    pub source_sel: usize,
    /// The claim `source_sel` belongs to.
    pub(in crate::app) source_of: Option<String>,
    pub popups: Vec<Popup>,
    pub save: SaveState,
    /// A one-line message for the status bar (reloads, hints).
    pub message: Option<String>,
    /// The changes undo and redo step through.
    pub edits: UndoHistory,
    /// The open session: read-only or not, quitting, search limits.
    pub session: Session,
    /// The folder of articles this article belongs to, when a folder was
    /// opened.
    pub workspace: Option<Box<workspace::WorkspaceState>>,
    /// The prior fact-checks of the claims, once loaded.
    pub prior: Option<std::sync::Arc<crate::domain::factcheck::prior::PriorMatches>>,
}

impl AppState {
    /// A fresh state for another document (or the same sheet over a new
    /// article), with this one's analyst, keys, settings and clock.
    pub fn successor(&self, doc: Doc) -> AppState {
        let mut fresh = AppState::new(
            doc,
            self.settings.analyst.clone(),
            self.settings.keymap.clone(),
            self.settings.advance,
            self.settings.mouse,
        );
        fresh.settings.clock = self.settings.clock;
        fresh.settings.second_review = self.settings.second_review;
        fresh.settings.split = self.settings.split;
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
            settings: Settings {
                analyst,
                keymap,
                advance,
                mouse,
                clock: Stamp::now,
                second_review: false,
                split: crate::app::layout::SPLIT_DEFAULT,
            },
            size: Rect::new(0, 0, 120, 40),
            focus: Focus::List,
            filter: Filter::All,
            order: crate::config::ListOrder::Article,
            search: None,
            list: ListState::default(),
            article: ArticleState {
                top: 0,
                wrapped: Wrapped::default(),
                nav,
                word: 0,
                visual: None,
            },
            source_sel: 0,
            source_of: None,
            popups: Vec::new(),
            save: SaveState::Opened,
            message,
            edits: UndoHistory::default(),
            session: Session::default(),
            workspace: None,
            prior: None,
        };
        s.refresh_visible();
        s.list.selected = s.list.visible.first().copied();
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
        if !self.list.visible.contains(&i) {
            self.search = None;
            self.filter = Filter::All;
            self.refresh_visible();
        }
        self.list.selected = Some(i);
        self.clamp();
        self.scroll_to_selected();
    }

    pub fn selected_claim(&self) -> Option<&Claim> {
        self.list
            .selected
            .and_then(|i| self.doc.sheet.claims.get(i))
    }

    pub fn areas(&self) -> Areas {
        Areas::compute_split(self.size, self.focus, self.settings.split)
    }

    pub fn title(&self) -> &str {
        self.doc
            .sheet
            .title
            .as_deref()
            .unwrap_or(&self.doc.article.title)
    }
}
