//! One channel into the event loop: a reader thread turns the terminal's
//! keys, clicks and resizes into actions on the same channel the workers
//! report on (searches, loads, exports, the similar index), so whichever
//! comes first wakes the loop at once: no polling floor.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, Event};

use crate::app::Action;

/// What the event loop waits on.
pub(super) struct Inbox {
    rx: Receiver<Action>,
    /// Why the terminal could no longer be read, once it could not.
    failed: Arc<Mutex<Option<std::io::Error>>>,
}

impl Inbox {
    /// Start reading the terminal onto `tx`, the sender of `rx`.
    pub(super) fn start(tx: Sender<Action>, rx: Receiver<Action>) -> Inbox {
        let failed = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&failed);
        std::thread::spawn(move || read_terminal(&tx, &slot));
        Inbox { rx, failed }
    }

    /// Everything that came, in order: waits for the first of a key, a
    /// click, a resize or a worker's result, or `tick` (the loop's own
    /// checks: signals, the disk), then takes all that is queued at once.
    pub(super) fn wait(&self, tick: Duration) -> Result<Vec<Action>> {
        let mut actions = Vec::new();
        match self.rx.recv_timeout(tick) {
            Ok(a) => actions.push(a),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {}
        }
        actions.extend(self.rx.try_iter());
        if actions.iter().any(is_crash_drill) {
            panic!("crash drill (CLAIMDESK_CRASH_DRILL)");
        }
        if actions.is_empty()
            && let Some(e) = self.failed.lock().ok().and_then(|mut f| f.take())
        {
            return Err(e).context("cannot read the terminal");
        }
        Ok(actions)
    }
}

/// Read the terminal until it fails or the loop has gone.
fn read_terminal(tx: &Sender<Action>, failed: &Mutex<Option<std::io::Error>>) {
    loop {
        let action = match event::read() {
            Ok(Event::Key(k)) => Action::Key(k),
            Ok(Event::Mouse(m)) => Action::Mouse(m),
            Ok(Event::Resize(w, h)) => Action::Resize(w, h),
            Ok(_) => continue,
            Err(e) => {
                if let Ok(mut f) = failed.lock() {
                    *f = Some(e);
                }
                return;
            }
        };
        if tx.send(action).is_err() {
            return;
        }
    }
}

/// Crash drill: with CLAIMDESK_CRASH_DRILL set, F12 panics (on the loop's
/// thread), so the crash handling (terminal restored, message, exit code)
/// can be tested on the real binary.
fn is_crash_drill(action: &Action) -> bool {
    matches!(action, Action::Key(k) if crate::app::keymap::is_key(k, "F12"))
        && std::env::var_os("CLAIMDESK_CRASH_DRILL").is_some()
}
