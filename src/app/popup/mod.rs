//! The popups over the main screen, one file each; [`Popup`] holds each
//! one's state and `key_in_popup` hands it the keys.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::disputes;
use crate::app::prior;
use crate::app::workspace;
use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

mod choice;
mod claim;
mod help;
mod history;
mod note;
mod source;
pub mod sources;
mod split;

pub use choice::{
    CONFLICT_CHOICES, Choice, ChoiceKey, DELETE_CHOICES, EXPORT_CHOICES, RECOVERY_CHOICES, choose,
    hints as choice_hints,
};

/// A popup over the main screen; Esc closes the innermost.
#[derive(Debug, Clone)]
pub enum Popup {
    /// The help overlay, its first row shown `scroll`.
    Help {
        scroll: usize,
    },
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
    /// "Delete these claims? y/n" (the claims selected in the list).
    ConfirmDeleteMany {
        ids: Vec<String>,
    },
    /// A claim `new` just added over the words of claim `old`: merge or
    /// keep both ([`crate::app::overlap`]).
    Overlap {
        new: String,
        old: String,
    },
    /// A line of text for a team action ([`crate::app::assign`]).
    Input {
        purpose: crate::app::assign::InputFor,
        editor: Box<TextArea<'static>>,
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
    /// A view of the workspace: the switcher, every claim, similar claims,
    /// the add-article prompt.
    Workspace(Box<workspace::Overlay>),
    /// Something the analyst should read (what an export left out); any
    /// key closes it.
    Notice {
        title: String,
        lines: Vec<String>,
    },
    /// The article's facts: one editor per [`crate::domain::meta::Field`],
    /// `on` the one typed in.
    Meta {
        fields: Vec<Box<TextArea<'static>>>,
        on: usize,
    },
    /// What to copy of the claim with this id.
    Copy {
        id: String,
    },
}

impl AppState {
    /// Keys while a popup is open (None when none is): the innermost
    /// popup has them.
    pub(in crate::app) fn key_in_popup(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let force_quit = self.settings.keymap.is(&key, Command::ForceQuit);
        if force_quit && !self.popups.is_empty() {
            self.session.quitting = true;
            return Some(vec![Effect::Quit]);
        }
        Some(match self.popups.last()? {
            Popup::Note { .. } => self.key_in_note(key),
            Popup::Claim { .. } => self.key_in_claim(key),
            Popup::Source { .. } => self.key_in_source(key),
            Popup::Split { .. } => self.key_in_split(key),
            Popup::ConfirmDelete { .. } | Popup::ConfirmDeleteMany { .. } => {
                self.key_in_delete(key)
            }
            Popup::Input { .. } => crate::app::assign::key(self, key),
            Popup::Overlap { .. } => crate::app::overlap::key(self, key),
            Popup::Sources { .. } => self.key_in_sources(key),
            Popup::History { .. } => self.key_in_history(key),
            Popup::Conflict => disputes::key(self, key),
            Popup::Export => self.key_in_export(key),
            Popup::Prior { .. } => prior::key(self, key),
            Popup::Recovery { .. } => self.key_in_recovery(key),
            Popup::Help { .. } | Popup::Detail => self.key_in_help(key),
            Popup::Workspace(_) => workspace::key(self, key).unwrap_or_default(),
            Popup::Copy { .. } => crate::app::copy::key(self, key),
            Popup::Meta { .. } => crate::app::meta::key(self, key),
            Popup::Notice { .. } => {
                self.popups.pop();
                vec![]
            }
        })
    }
}

/// A text editor holding `text`, its cursor at the end.
pub(in crate::app) fn editor_with(text: &str) -> Box<TextArea<'static>> {
    let mut editor = TextArea::new(text.split('\n').map(str::to_owned).collect());
    editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
    editor.move_cursor(ratatui_textarea::CursorMove::End);
    Box::new(editor)
}
