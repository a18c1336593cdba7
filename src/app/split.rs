//! Resizing the panes: `<` and `>` give the article less or more of the
//! screen (its width side by side, its height stacked), `=` the default;
//! the share is remembered in the config file.

use crate::app::layout::{SPLIT_DEFAULT, SPLIT_MAX, SPLIT_MIN, SPLIT_STEP};
use crate::app::{AppState, Command, Effect};

/// The pane commands; `None` for any other.
pub(in crate::app) fn run(state: &mut AppState, command: Command) -> Option<Vec<Effect>> {
    let now = state.settings.split;
    let to = match command {
        Command::ArticleNarrower => now.saturating_sub(SPLIT_STEP).max(SPLIT_MIN),
        Command::ArticleWider => (now + SPLIT_STEP).min(SPLIT_MAX),
        Command::SplitReset => SPLIT_DEFAULT,
        _ => return None,
    };
    if to == now {
        state.message = Some(format!("the article has {now}% of the screen already"));
        return Some(vec![]);
    }
    state.settings.split = to;
    state.relayout();
    state.scroll_to_selected();
    let reset = state
        .settings
        .keymap
        .first(Command::SplitReset)
        .map(|k| format!(" ({k} resets)"))
        .unwrap_or_default();
    state.message = Some(format!("the article has {to}% of the screen{reset}"));
    Some(vec![Effect::RememberSplit(to)])
}
