//! One-key choices: delete or not, the export format, restore or discard
//! a recovery file.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crate::app::SaveState;
use crate::domain::export::Format as ExportFormat;
use crossterm::event::KeyCode;
use crossterm::event::KeyEvent;
use crossterm::event::KeyModifiers;

/// The export formats offered by `E`, with the key that picks each.
pub const EXPORT_CHOICES: [(char, ExportFormat); 5] = [
    ('m', ExportFormat::Markdown),
    ('c', ExportFormat::Csv),
    ('j', ExportFormat::Json),
    ('h', ExportFormat::Html),
    ('r', ExportFormat::ClaimReview),
];

impl AppState {
    /// "Delete this claim? y/n".
    pub(in crate::app) fn key_in_delete(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(Popup::ConfirmDelete { id }) = self.popups.last_mut() else {
            return vec![];
        };
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                let id = id.clone();
                self.popups.pop();
                return self.delete(&id);
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
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
        if let KeyCode::Char(c) = key.code
            && let Some((_, format)) = EXPORT_CHOICES.iter().find(|(k, _)| *k == c)
        {
            self.popups.pop();
            self.message = Some(format!("exporting {}…", format.name()));
            return vec![Effect::Export(*format)];
        }
        if key.code == KeyCode::Esc || cmd == Some(Command::Close) {
            self.popups.pop();
        } else if cmd == Some(Command::ForceQuit) {
            self.quitting = true;
            return vec![Effect::Quit];
        }
        vec![]
    }

    /// Restore, discard or keep a recovery file.
    pub(in crate::app) fn key_in_recovery(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(Popup::Recovery { path }) = self.popups.last_mut() else {
            return vec![];
        };
        match key.code {
            KeyCode::Char('r') | KeyCode::Char('y') => {
                self.popups.pop();
                self.save = SaveState::Saving;
                return vec![Effect::RestoreRecovery];
            }
            KeyCode::Char('d') => {
                self.popups.pop();
                self.message = Some("recovery file discarded".into());
                return vec![Effect::DiscardRecovery];
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
                return vec![Effect::Quit];
            }
            _ => {}
        }
        vec![]
    }
}
