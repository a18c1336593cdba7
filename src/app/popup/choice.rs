//! One-key choices: delete or not, the export format, restore or discard
//! a recovery file.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::SaveState;
use crate::app::keymap;
use crate::domain::export::Format as ExportFormat;
use crossterm::event::KeyEvent;

/// The export formats offered by `E`, with the key that picks each.
pub const EXPORT_CHOICES: [(char, ExportFormat); 5] = [
    ('m', ExportFormat::Markdown),
    ('c', ExportFormat::Csv),
    ('j', ExportFormat::Json),
    ('h', ExportFormat::Html),
    ('r', ExportFormat::ClaimReview),
];

/// What a key of a one-key choice picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Yes,
    No,
    Mine,
    Theirs,
    Later,
    Restore,
    Discard,
}

/// One answer of a choice popup: the keys that pick it (keymap syntax), the
/// key its hint shows and what the hint says. The popup's keys and the
/// view's hints both come from these tables.
#[derive(Debug, Clone, Copy)]
pub struct ChoiceKey {
    pub choice: Choice,
    pub keys: &'static [&'static str],
    pub hint: &'static str,
    pub label: &'static str,
}

const fn answer(
    choice: Choice,
    keys: &'static [&'static str],
    hint: &'static str,
    label: &'static str,
) -> ChoiceKey {
    ChoiceKey {
        choice,
        keys,
        hint,
        label,
    }
}

/// "Delete this claim?"
pub const DELETE_CHOICES: [ChoiceKey; 2] = [
    answer(Choice::Yes, &["y", "Y"], "y", "delete"),
    answer(Choice::No, &["n", "N", "Esc"], "n", "or Esc keeps it"),
];

/// Verdicts in dispute: keys nobody types by accident.
pub const CONFLICT_CHOICES: [ChoiceKey; 3] = [
    answer(Choice::Mine, &["M"], "M", "keep mine"),
    answer(Choice::Theirs, &["T"], "T", "take theirs"),
    answer(Choice::Later, &["Esc"], "Esc", "decide later"),
];

/// A recovery file left by a crash.
pub const RECOVERY_CHOICES: [ChoiceKey; 3] = [
    answer(Choice::Restore, &["r", "y"], "r", "restore them"),
    answer(Choice::Discard, &["d"], "d", "discard them"),
    answer(Choice::Later, &["Esc", "n"], "Esc", "decide later"),
];

/// The answer a key picks in a choice table.
pub fn choose(table: &[ChoiceKey], key: &KeyEvent) -> Option<Choice> {
    table
        .iter()
        .find(|c| c.keys.iter().any(|k| keymap::is_key(key, k)))
        .map(|c| c.choice)
}

/// The hints of a choice table: (key, what it does).
pub fn hints(table: &[ChoiceKey]) -> Vec<(&'static str, &'static str)> {
    table.iter().map(|c| (c.hint, c.label)).collect()
}

impl AppState {
    /// "Delete this claim? y/n".
    pub(in crate::app) fn key_in_delete(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ids = match self.popups.last() {
            Some(Popup::ConfirmDelete { id }) => vec![id.clone()],
            Some(Popup::ConfirmDeleteMany { ids }) => ids.clone(),
            _ => return vec![],
        };
        match choose(&DELETE_CHOICES, &key) {
            Some(Choice::Yes) => {
                let many = matches!(self.popups.pop(), Some(Popup::ConfirmDeleteMany { .. }));
                return match ids.as_slice() {
                    [id] if !many => self.delete(id),
                    _ => self.delete_many(&ids),
                };
            }
            Some(_) => {
                self.popups.pop();
                self.message = Some("not deleted".into());
            }
            _ => {}
        }
        vec![]
    }

    /// The export format, by its key.
    pub(in crate::app) fn key_in_export(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cmd = self.settings.keymap.command(&key);
        if let Some(c) = keymap::typed(&key)
            && let Some((_, format)) = EXPORT_CHOICES.iter().find(|(k, _)| *k == c)
        {
            self.popups.pop();
            self.message = Some(format!("exporting {}…", format.name()));
            return vec![Effect::Export(*format)];
        }
        if self.settings.keymap.is(&key, Command::Cancel) || cmd == Some(Command::Close) {
            self.popups.pop();
        } else if cmd == Some(Command::ForceQuit) {
            self.session.quitting = true;
            return vec![Effect::Quit];
        }
        vec![]
    }

    /// Restore, discard or keep a recovery file.
    pub(in crate::app) fn key_in_recovery(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(Popup::Recovery { path }) = self.popups.last_mut() else {
            return vec![];
        };
        match choose(&RECOVERY_CHOICES, &key) {
            Some(Choice::Restore) => {
                self.popups.pop();
                self.save = SaveState::Saving;
                return vec![Effect::RestoreRecovery];
            }
            Some(Choice::Discard) => {
                self.popups.pop();
                self.message = Some("recovery file discarded".into());
                return vec![Effect::DiscardRecovery];
            }
            Some(_) => {
                self.message = Some(format!(
                    "recovery file kept for later: {}",
                    crate::domain::sanitize::line(path)
                ));
                self.popups.pop();
            }
            None => {}
        }
        vec![]
    }
}
