//! The event loop: draw, read the keys and the mouse, take in what other
//! threads and the disk report, run `update`, perform its effects.

use std::io::Stdout;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, AppState, update};
use crate::config::Config;
use crate::domain::store::Lock;
use crate::runtime::disk_watch::DiskWatch;
use crate::runtime::effects::Executor;
use crate::runtime::workers;
use crate::view::{self, Theme};

/// Run until the user quits or a signal comes.
pub(super) fn event_loop(
    state: &mut AppState,
    theme: &Theme,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    signalled: &AtomicBool,
    config: &Config,
    lock: &mut Option<Lock>,
    (bg_tx, bg_rx): (Sender<Action>, Receiver<Action>),
) -> Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    let executor = Executor::threaded(config.clone(), bg_tx.clone());
    workers::perform_off_thread(state.load_prior_effect(), bg_tx);
    update(state, Action::Resize(size.width, size.height));
    let mut disk = DiskWatch::new(state);
    loop {
        if signalled.load(Ordering::SeqCst) {
            return Ok(());
        }
        terminal
            .draw(|f| view::render(state, theme, f))
            .context("cannot draw")?;
        let mut actions = read_input()?;
        while let Ok(a) = bg_rx.try_recv() {
            actions.push(a);
        }
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

/// The keys, clicks and resizes that came within a quarter of a second,
/// all those already queued taken at once.
fn read_input() -> Result<Vec<Action>> {
    let mut actions: Vec<Action> = Vec::new();
    if !event::poll(Duration::from_millis(250)).context("cannot read the terminal")? {
        return Ok(actions);
    }
    loop {
        match event::read().context("cannot read the terminal")? {
            // Crash drill: with CLAIMDESK_CRASH_DRILL set, F12 panics, so
            // the crash handling (terminal restored, message, exit code)
            // can be tested on the real binary.
            Event::Key(k)
                if crate::app::keymap::is_key(&k, "F12")
                    && std::env::var_os("CLAIMDESK_CRASH_DRILL").is_some() =>
            {
                panic!("crash drill (CLAIMDESK_CRASH_DRILL)");
            }
            Event::Key(k) => actions.push(Action::Key(k)),
            Event::Mouse(m) => actions.push(Action::Mouse(m)),
            Event::Resize(w, h) => actions.push(Action::Resize(w, h)),
            _ => {}
        }
        if !event::poll(Duration::ZERO).context("cannot read the terminal")? {
            return Ok(actions);
        }
    }
}
