//! The terminal: raw mode and the alternate screen on the way in, put back
//! on the way out (also after a panic), and let go without panicking when
//! it has gone away.

use std::io::{self, Stdout, Write};

use anyhow::{Context, Result};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Put the terminal back as it was. Safe to call more than once.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal when dropped (normal return, `?` errors).
pub(super) struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

pub(super) fn setup_terminal(
    mouse: bool,
) -> Result<(TerminalGuard, Terminal<CrosstermBackend<Stdout>>)> {
    enable_raw_mode().context("cannot put the terminal in raw mode (is this a terminal?)")?;
    let guard = TerminalGuard;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen).context("cannot switch to the alternate screen")?;
    if mouse {
        execute!(out, EnableMouseCapture).context("cannot enable the mouse")?;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A reader's panic is caught and reported in the status bar.
        if crate::domain::ingest::on_reader_thread() {
            return;
        }
        restore_terminal();
        previous(info);
    }));
    let terminal =
        Terminal::new(CrosstermBackend::new(out)).context("cannot start the terminal")?;
    Ok((guard, terminal))
}

/// Let go of the terminal without dropping it: ratatui's `Terminal` shows
/// the cursor when dropped and, if that fails (the terminal has gone),
/// reports it with `eprintln!`, which panics when standard error has gone
/// too, turning a closed window into exit code 101. The guard restores the
/// terminal instead, ignoring what can no longer be written.
pub(super) fn let_go(terminal: Terminal<CrosstermBackend<Stdout>>) {
    std::mem::forget(terminal);
}
