//! The TUI's runtime: the terminal ([`terminal`]), signals ([`signals`]),
//! the event loop ([`event_loop`]), the one executor of the effects
//! `update` asks for ([`effects`]), the threads slow work runs on
//! ([`workers`]) and the watch on the disk ([`disk_watch`]).

pub mod add;
pub mod article_watch;
pub mod clipboard;
pub mod disk_watch;
pub mod disk_worker;
pub mod effects;
mod event_loop;
mod inbox;
mod keep;
pub mod loading;
mod signals;
mod terminal;
pub mod workers;
pub mod workspace;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::app::layout;
use crate::app::workspace::WorkspaceState;
use crate::app::{Action, AppState, Keymap, update};
use crate::config::Config;
use crate::domain::store::Lock;
use crate::domain::workspace::Workspace;
use crate::domain::{Doc, Error};
use crate::view::Theme;
pub use disk_watch::check_disk;
pub use effects::{Executor, export_file, perform, write_crash_recovery};
pub use terminal::restore_terminal;
use terminal::{let_go, setup_terminal};

/// Run the review TUI on `doc` until the user quits. Returns the signal
/// that ended it, if one did (SIGTERM, SIGHUP, SIGINT: the work is saved and
/// the terminal restored first; the caller exits with 128 + the signal).
pub fn run(doc: Doc, config: &Config, analyst: String) -> Result<Option<i32>> {
    run_saying(doc, config, analyst, None)
}

/// [`run`], with a first message in the status bar.
pub fn run_saying(
    doc: Doc,
    config: &Config,
    analyst: String,
    message: Option<String>,
) -> Result<Option<i32>> {
    let mut state = AppState::new(doc, analyst, keymap(config)?, config.advance, config.mouse);
    state.message = message.or(state.message);
    run_state(state, config, None)
}

/// Run the TUI on a folder of articles: the first opens at once, the
/// sheets are read in the background.
pub fn run_workspace(root: &Path, config: &Config, who: Option<&str>) -> Result<Option<i32>> {
    let ws = Workspace::discover(root)?;
    if ws.items.is_empty() {
        anyhow::bail!(
            "{}: no articles (.txt, .md) in this folder or below",
            root.display()
        );
    }
    let (current, doc, skipped) = first_openable(&ws)?;
    let analyst = config.analyst_name(who, doc.sheet.analyst.as_deref());
    let mut state = AppState::new(doc, analyst, keymap(config)?, config.advance, config.mouse);
    state.workspace = Some(Box::new(WorkspaceState::new(ws.clone(), Some(current))));
    if let Some(error) = skipped {
        update(&mut state, Action::OpenFailed(error));
    }
    run_state(state, config, Some(ws))
}

/// The first article of the workspace that opens, and the error of the
/// first one that did not: a broken sheet shows its error (in the list and
/// the status bar), it does not keep the workspace from opening. Fails only
/// when no article opens.
fn first_openable(ws: &Workspace) -> Result<(usize, Doc, Option<String>)> {
    let mut first_error: Option<Error> = None;
    for (i, item) in ws.items.iter().enumerate() {
        match crate::domain::workspace::open_article_in(&item.article, Some(&ws.root)) {
            Ok(doc) => return Ok((i, doc, first_error.map(|e| e.to_string()))),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) => Err(e.into()),
        None => anyhow::bail!("{}: no articles", ws.root.display()),
    }
}

fn keymap(config: &Config) -> Result<Keymap> {
    if let Err(c) = crate::app::keymap_check::check(&config.keys) {
        return Err(Config::keys_error(&c.action, &c.message).into());
    }
    Keymap::from_config(&config.keys).map_err(|e| match Config::path() {
        Some(p) => anyhow::anyhow!("{}: {e}", p.display()),
        None => anyhow::Error::msg(e),
    })
}

/// "claimdesk: MESSAGE" on standard error, sanitised. Never panics: when
/// the terminal behind standard error has gone (a closed window), the
/// message is lost, not the exit code.
pub fn warn(message: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "claimdesk: {}",
        crate::domain::sanitize::line(message)
    );
}

/// Lock the sheet (or make the window read-only), save the re-anchoring
/// done on opening, and offer disputed verdicts and recovery files.
fn open_sheet(state: &mut AppState, config: &Config) -> Option<Lock> {
    if config.order != state.order {
        state.start_in_order(config.order);
    }
    if let Some(split) = config.split {
        state.settings.split = split.clamp(layout::SPLIT_MIN, layout::SPLIT_MAX);
        let (w, h) = (state.size.width, state.size.height);
        update(state, Action::Resize(w, h));
    }
    let (lock, read_only) = disk_watch::lock_sheet(&state.doc.sheet_path);
    if let Some(warning) = lock.as_ref().and_then(Lock::warning) {
        state.message = Some(warning.to_owned());
    }
    if read_only.is_some() {
        update(state, Action::ReadOnly(read_only));
        return lock;
    }
    // Saves the re-anchoring done on opening, if the article had changed.
    let executor = Executor::inline(config.clone());
    for effect in state.startup_effects() {
        if let (Some(outcome), _) = executor.perform(state, effect, &mut None) {
            update(state, outcome);
        }
    }
    if crate::app::disputes::any(state) {
        update(state, Action::Conflict);
    }
    if let Some(path) = state.doc.pending_recovery() {
        update(state, Action::RecoveryFound(path.display().to_string()));
    }
    lock
}

fn run_state(
    state: AppState,
    config: &Config,
    workspace: Option<Workspace>,
) -> Result<Option<i32>> {
    let ui = Ui::start(config)?;
    run_ui(ui, state, config, workspace, None)
}

/// Run the TUI on the sheet `open` opens, its first frame ("loading NAME…
/// N%") drawn before the sheet is read; keys typed meanwhile wait on the
/// event loop's channel and are taken, in order, once it is open. `open`
/// also gives a note to print when the TUI has closed.
pub fn run_loading(
    name: &str,
    open: loading::Opener,
    config: &Config,
    who: Option<&str>,
) -> Result<Option<i32>> {
    let keys = keymap(config)?;
    let mut ui = Ui::start(config)?;
    let Some(opened) = loading::load(&mut ui, name, open)? else {
        // A signal came while reading: nothing to save.
        let sig = ui.signals.which();
        let_go(ui.terminal);
        drop(ui.guard);
        return Ok(sig);
    };
    let (doc, note) = opened?;
    let analyst = config.analyst_name(who, doc.sheet.analyst.as_deref());
    let state = AppState::new(doc, analyst, keys, config.advance, config.mouse);
    run_ui(ui, state, config, None, note)
}

/// The terminal, its input and the signals, taken before there is a sheet.
struct Ui {
    signals: signals::Signals,
    guard: terminal::TerminalGuard,
    terminal: ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    /// Where workers report; the terminal's reader thread feeds it too.
    tx: std::sync::mpsc::Sender<Action>,
    inbox: inbox::Inbox,
}

impl Ui {
    fn start(config: &Config) -> Result<Ui> {
        let signals = signals::Signals::install()?;
        let (tx, rx) = std::sync::mpsc::channel::<Action>();
        let (guard, terminal) = setup_terminal(config.mouse)?;
        let inbox = inbox::Inbox::start(tx.clone(), rx);
        Ok(Ui {
            signals,
            guard,
            terminal,
            tx,
            inbox,
        })
    }
}

fn run_ui(
    ui: Ui,
    mut state: AppState,
    config: &Config,
    workspace: Option<Workspace>,
    note: Option<String>,
) -> Result<Option<i32>> {
    let Ui {
        signals,
        guard,
        mut terminal,
        tx: bg_tx,
        inbox,
    } = ui;
    state.settings.second_review =
        crate::domain::team::settings_for(&state.doc.sheet_path)?.second_review;
    let mut lock = open_sheet(&mut state, config);
    let theme = Theme::from_env();
    // Work done off the UI thread reports here, so input never waits.
    if let Some(ws) = workspace {
        workers::load_workspace(ws, bg_tx.clone());
    }
    // A panic anywhere in the loop: the hook has restored the terminal and
    // printed the message; write what was not saved, then let it go on.
    let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop::event_loop(
            &mut state,
            &theme,
            &mut terminal,
            &signals.signalled,
            config,
            &mut lock,
            (bg_tx, inbox),
        )
    })) {
        Ok(result) => result,
        Err(panic) => {
            let note = match state.with_editor_text() {
                Some((with_text, _)) => write_crash_recovery(&with_text),
                None => write_crash_recovery(&state.doc),
            };
            let_go(terminal);
            drop(guard);
            if let Some(note) = note {
                warn(&note);
            }
            drop(lock);
            std::panic::resume_unwind(panic);
        }
    };
    if result.is_err() && !signals.came() {
        // The terminal failed: when it has gone away (window closed, ssh
        // dropped) its hangup signal follows at once; give it a moment, so
        // the exit says so (129) rather than "cannot read the terminal".
        let until = Instant::now() + Duration::from_millis(500);
        while !signals.came() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let exit_notes = if signals.came() || result.is_err() {
        keep::keep_on_exit(&mut state)
    } else {
        keep::discarded_on_quit(&state).into_iter().collect()
    };
    let_go(terminal);
    drop(guard);
    for note in note.into_iter().chain(exit_notes) {
        warn(&note);
    }
    // A signal wins over the error it may have caused (drawing on a
    // terminal that has gone away fails).
    if let Some(sig) = signals.which() {
        return Ok(Some(sig));
    }
    result.map(|()| None)
}
