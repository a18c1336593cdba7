//! The TUI's state and its pure update function.
//!
//! `update(&mut AppState, Action) -> Vec<Effect>` is the only place state
//! changes; the runtime performs the effects (saving, quitting) and feeds
//! their outcome back as actions. Selection and scrolling are clamped here.

pub mod add_article;
pub mod article_watch;
pub mod assign;
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

mod action;
mod article;
pub mod change;
mod command;
pub mod copy;
mod edit;
pub mod filters;
pub mod history;
mod list;
pub mod meta;
mod mouse;
mod outcome;
pub mod overlap;
mod popup;
mod search;
mod selection;
mod split;
mod state;
mod triage;
mod undo_reload;

use ratatui::layout::Rect;

pub use crate::domain::edit::Splice;
pub use action::{Action, Effect};
pub use keymap::{Command, Keymap};
pub use list::pos_at_row;
use popup::editor_with;
pub use popup::{
    CONFLICT_CHOICES, Choice, ChoiceKey, DELETE_CHOICES, EXPORT_CHOICES, Popup, RECOVERY_CHOICES,
    choice_hints,
};
pub use search::{LiveSearch, SEARCH_SHOWN, Search};
pub use state::{
    AppState, ArticleState, Filter, Focus, ListState, SaveState, Session, Settings, UNDO_LIMIT,
    UndoHistory,
};

impl AppState {
    /// Run a bound command (refused when it would change a read-only sheet).
    pub(in crate::app) fn run(&mut self, command: Command) -> Vec<Effect> {
        if command != Command::Quit {
            self.session.quit_armed = false;
        }
        if let Some(why) = self
            .session
            .read_only
            .as_ref()
            .filter(|_| command.mutates())
        {
            self.message = Some(format!("read-only: {why}"));
            return vec![];
        }
        let page = match self.focus {
            Focus::List => self.list_height(),
            Focus::Article => self.article_height(),
        }
        .saturating_sub(1)
        .max(1) as isize;
        if let Some(effects) = self.run_triage(command) {
            return effects;
        }
        if let Some(effects) = self.run_motion(command, page) {
            return effects;
        }
        if let Some(effects) = self.run_on_claim(command) {
            return effects;
        }
        if let Some(effects) = split::run(self, command) {
            return effects;
        }
        if command == Command::Copy {
            return copy::open(self);
        }
        if command == Command::ArticleFacts {
            return meta::open(self);
        }
        self.run_other(command)
    }

    /// Moving and scrolling in the list or the article, and the focus.
    fn run_motion(&mut self, command: Command, page: isize) -> Option<Vec<Effect>> {
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
                let to_end = self.article.visual.is_some();
                self.move_word(self.article.nav.sentence_down(self.article.word, to_end));
            }
            (Command::Up, Focus::Article) => {
                self.move_word(self.article.nav.sentence_up(self.article.word))
            }
            (Command::WordNext, Focus::Article) => self.move_word(self.article.word + 1),
            (Command::WordPrev, Focus::Article) => {
                self.move_word(self.article.word.saturating_sub(1))
            }
            (Command::Top, Focus::Article) => self.move_word(0),
            (Command::Bottom, Focus::Article) => self.move_word(usize::MAX),
            (Command::PageDown, Focus::Article) => self.scroll_article(page),
            (Command::PageUp, Focus::Article) => self.scroll_article(-page),
            (Command::ScrollDown, Focus::Article) => self.scroll_article(1),
            (Command::ScrollUp, Focus::Article) => self.scroll_article(-1),
            (Command::Visual, Focus::Article) => {
                self.article.visual = match self.article.visual {
                    Some(_) => None,
                    None => Some(self.article.word),
                };
            }
            (Command::AddClaim, Focus::Article) => return Some(self.add_claim()),
            (
                Command::ScrollDown
                | Command::ScrollUp
                | Command::WordNext
                | Command::WordPrev
                | Command::Visual
                | Command::AddClaim,
                Focus::List,
            ) => {
                let tab = self
                    .settings
                    .keymap
                    .first(Command::Focus)
                    .unwrap_or_default();
                self.message = Some(format!(
                    "{} works in the article pane ({tab} goes there)",
                    self.settings.keymap.first(command).unwrap_or_default()
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
            _ => return None,
        }
        Some(vec![])
    }

    /// Commands on the selected claim: verdicts, popups, undo.
    fn run_on_claim(&mut self, command: Command) -> Option<Vec<Effect>> {
        match (command, self.focus) {
            (Command::Detail, _) => {
                if self.list.selected.is_some() {
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
            (Command::RemoveSource, _) => return Some(self.remove_source()),
            (Command::OpenSource, _) => return Some(self.open_source()),
            (Command::Sources, _) => {
                if let Some(c) = self.selected_claim() {
                    let id = c.id.clone();
                    self.popups.push(Popup::Sources { id });
                }
            }
            (Command::EditClaim, _) => self.claim_editor(),
            (Command::Split, _) => self.split_picker(),
            (Command::Merge, _) => return Some(self.merge_next()),
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
            (Command::Switcher, _) => return Some(workspace::open_switcher(self)),
            (Command::AllClaims, _) => return Some(workspace::open_claims(self)),
            (Command::AddArticle, _) => return Some(add_article::open_prompt(self)),
            (Command::Similar, _) => return Some(workspace::open_similar(self)),
            (Command::Prior, _) => return Some(prior::open(self)),
            (Command::Approve, _) => return Some(team::approve(self)),
            (Command::Undo, _) => return Some(self.undo()),
            (Command::Redo, _) => return Some(self.redo()),
            _ => return None,
        }
        Some(vec![])
    }

    /// The list order and filter, the search, saving, help and quitting.
    fn run_other(&mut self, command: Command) -> Vec<Effect> {
        match (command, self.focus) {
            (Command::Order, _) => self.set_order(self.order.next()),
            (Command::Search, _) => return self.start_search(),
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
                self.popups.push(Popup::Help { scroll: 0 });
            }
            (Command::Quit, _) => {
                if self.doc.is_dirty() && !self.session.quit_armed {
                    self.session.quit_armed = true;
                    self.message = Some(
                        "changes not saved: Ctrl-s retries, q again quits without saving".into(),
                    );
                    return vec![];
                }
                self.session.quitting = true;
                return vec![Effect::Quit];
            }
            (Command::ForceQuit, _) => {
                self.session.quitting = true;
                return vec![Effect::Quit];
            }
            (Command::Close, _) => {
                if self.article.visual.is_some() {
                    self.article.visual = None;
                } else if self.search.is_some() {
                    self.clear_search();
                } else {
                    self.message = None;
                }
            }
            _ => {}
        }
        vec![]
    }
}

/// The pure update: apply one action, return the effects to perform.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let history = change::before(state);
    let effects = apply(state, action);
    change::after(state, history);
    prior::refresh(state);
    if state.workspace.is_some() {
        workspace::refresh_also(state);
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
            if let Some(effects) = state.key_in_popup(key) {
                return effects;
            }
            if state.search.as_ref().is_some_and(|s| s.editing) {
                return state.key_in_search(key);
            }
            match state.settings.keymap.command(&key) {
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
        other => outcome::reported(state, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Article, Claim, Doc, Stamp, Status};

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
        s.settings.clock = || Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        s
    }

    fn key(c: char) -> Action {
        Action::Key(keymap::key_event(&c.to_string()).unwrap())
    }

    #[test]
    fn mark_advances_and_undo_restores() {
        let mut s = state();
        assert_eq!(s.list.selected, Some(0));
        assert_eq!(update(&mut s, key('c')), vec![Effect::Save]);
        assert_eq!(s.claims()[0].status, Status::Confirmed);
        assert_eq!(s.claims()[0].reviewed_by.as_deref(), Some("ana"));
        assert_eq!(s.list.selected, Some(1));
        update(&mut s, Action::Run(Command::Undo));
        assert!(!s.claims()[0].is_reviewed());
        assert_eq!(s.list.selected, Some(0));
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
        assert!(s.claims().is_empty() && s.list.selected.is_none());
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
        assert_eq!(s.list.selected, Some(0));
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
            assert_eq!(s.list.selected, Some(1));
        }
    }
}
