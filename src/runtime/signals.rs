//! SIGTERM, SIGHUP and SIGINT: each sets a flag the event loop checks (it
//! saves, restores the terminal and exits 128 + the signal), and a
//! watchdog ends the process if the loop is stuck on a terminal gone away.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};

/// Whether a signal came, and which.
pub(super) struct Signals {
    pub(super) signalled: Arc<AtomicBool>,
    pub(super) which: Arc<AtomicUsize>,
}

impl Signals {
    /// Install the handlers and start the watchdog.
    pub(super) fn install() -> Result<Signals> {
        let signalled = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register_usize(sig, Arc::clone(&which), sig as usize)
                .and_then(|_| signal_hook::flag::register(sig, Arc::clone(&signalled)))
                .context("cannot install the signal handlers")?;
        }
        watchdog(Arc::clone(&signalled), Arc::clone(&which));
        Ok(Signals { signalled, which })
    }

    pub(super) fn came(&self) -> bool {
        self.signalled.load(Ordering::SeqCst)
    }

    /// The signal that came, if one did.
    pub(super) fn which(&self) -> Option<i32> {
        let sig = self.which.load(Ordering::SeqCst);
        (self.came() && sig > 0).then_some(sig as i32)
    }
}

/// After a signal, the event loop saves, restores the terminal and exits
/// at once. When the terminal itself is gone (window closed, ssh dropped:
/// SIGHUP), crossterm can stay stuck reading its end-of-file and never hand
/// control back; then this thread ends the process 0.8 s after the signal (time enough to save and restore when it is not stuck),
/// so it neither lingers nor spins. Every change is saved as it is made, so
/// what could be lost is only a save that had already failed.
fn watchdog(signalled: Arc<AtomicBool>, which: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        while !signalled.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(800));
        let sig = which.load(Ordering::SeqCst).max(1) as i32;
        std::process::exit(128 + sig);
    });
}
