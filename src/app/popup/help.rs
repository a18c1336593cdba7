//! The help overlay and the claim detail popup.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Effect;
use crate::app::Popup;
use crossterm::event::KeyEvent;

impl AppState {
    /// Keys over the help or the detail: scrolling the help, or running a
    /// command on the claim from the detail.
    pub(in crate::app) fn key_in_help(&mut self, key: KeyEvent) -> Vec<Effect> {
        let cmd = self.settings.keymap.command(&key);
        let in_help = matches!(self.popups.last(), Some(Popup::Help { .. }));
        match cmd {
            Some(Command::ForceQuit) => {
                self.session.quitting = true;
                return vec![Effect::Quit];
            }
            Some(Command::Help) if !in_help => {
                self.popups.push(Popup::Help { scroll: 0 });
            }
            Some(Command::Close | Command::Help | Command::Quit | Command::Detail) => {
                self.popups.pop();
            }
            Some(Command::Down | Command::ScrollDown) if in_help => {
                if let Some(Popup::Help { scroll }) = self.popups.last_mut() {
                    *scroll += 1;
                }
                self.clamp();
            }
            Some(Command::Up | Command::ScrollUp) if in_help => {
                if let Some(Popup::Help { scroll }) = self.popups.last_mut() {
                    *scroll = scroll.saturating_sub(1);
                }
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
                return self.run(c);
            }
            _ => {}
        }
        vec![]
    }
}
