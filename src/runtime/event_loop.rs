//! The event loop: draw, read the keys and the mouse, take in what other
//! threads and the disk report, run `update`, perform its effects.

use std::io::Stdout;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, AppState, update};
use crate::config::Config;
use crate::domain::store::Lock;
use crate::runtime::disk_watch::DiskWatch;
use crate::runtime::effects::Executor;
use crate::runtime::inbox::Inbox;
use crate::runtime::workers;
use crate::view::{self, Theme};

/// How long the loop waits when nothing comes, before it looks for a
/// signal and at the disk again (input and results wake it at once).
const TICK: Duration = Duration::from_millis(250);

/// Run until the user quits or a signal comes.
pub(super) fn event_loop(
    state: &mut AppState,
    theme: &Theme,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    signalled: &AtomicBool,
    config: &Config,
    lock: &mut Option<Lock>,
    (bg_tx, inbox): (Sender<Action>, Inbox),
) -> Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    let executor = Executor::threaded(config.clone(), bg_tx.clone());
    let mut disk = DiskWatch::new(state, bg_tx.clone());
    workers::perform_off_thread(state.load_prior_effect(), bg_tx);
    update(state, Action::Resize(size.width, size.height));
    loop {
        if signalled.load(Ordering::SeqCst) {
            return Ok(());
        }
        terminal
            .draw(|f| view::render(state, theme, f))
            .context("cannot draw")?;
        let mut actions = inbox.wait(TICK)?;
        actions.extend(disk.check(state, lock));
        while let Some(action) = (!actions.is_empty()).then(|| actions.remove(0)) {
            for effect in update(state, action) {
                let (outcome, quit) = executor.perform(state, effect, lock);
                if quit {
                    return Ok(());
                }
                if let Some(a) = outcome {
                    disk.saw(&a);
                    actions.push(a);
                }
            }
        }
    }
}
