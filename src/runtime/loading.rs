//! Reading a sheet with the TUI already up: the sheet is opened on its own
//! thread while the loop draws "loading NAME… N%" from the parse's
//! progress; keys typed meanwhile stay on the event loop's channel.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use anyhow::{Context, Result};

use super::Ui;
use crate::domain::Doc;
use crate::view::{self, Theme};

/// What opens the sheet, telling `progress(bytes parsed, bytes in all)`;
/// with the sheet, a note to print when the TUI has closed.
pub type Opener = Box<dyn FnOnce(&(dyn Fn(usize, usize) + Sync)) -> Opened + Send>;

/// The sheet opened and the note, or why it did not open.
pub type Opened = Result<(Doc, Option<String>)>;

/// Not started, or nothing to count (the sheet came from the cache).
const NO_PERCENT: u8 = u8::MAX;

/// How often the progress is drawn again while the sheet is read.
const REDRAW: Duration = Duration::from_millis(50);

/// Open the sheet with `open`, drawing the loading frame until it is open.
/// None when a signal came first.
pub(super) fn load(ui: &mut Ui, name: &str, open: Opener) -> Result<Option<Opened>> {
    let percent = Arc::new(AtomicU8::new(NO_PERCENT));
    let (tx, rx) = channel();
    let told = Arc::clone(&percent);
    let reader = std::thread::spawn(move || {
        let progress = |done: usize, all: usize| {
            let p = (done.saturating_mul(100) / all.max(1)).min(100) as u8;
            told.store(p, Ordering::Relaxed);
        };
        let _ = tx.send(open(&progress));
    });
    let theme = Theme::from_env();
    loop {
        if ui.signals.came() {
            return Ok(None);
        }
        let p = percent.load(Ordering::Relaxed);
        let shown = (p != NO_PERCENT).then_some(p);
        ui.terminal
            .draw(|f| view::render_loading(name, shown, &theme, f))
            .context("cannot draw")?;
        match rx.recv_timeout(REDRAW) {
            Ok(opened) => return Ok(Some(opened)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                // The reader panicked: go on as a panic on this thread.
                if let Err(panic) = reader.join() {
                    std::panic::resume_unwind(panic);
                }
                anyhow::bail!("{name}: the sheet could not be read");
            }
        }
    }
}
