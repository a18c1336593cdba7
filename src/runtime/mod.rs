//! The TUI's event loop: terminal set-up and restore (on quit,
//! error, panic and SIGTERM/SIGHUP/SIGINT), and the effects `update` asks
//! for (saving with conflict detection, reloading, quitting).

pub mod add;
mod article_watch;
pub mod background;
mod keep;

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::{Action, AppState, Effect, Keymap, update};
use crate::config::Config;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};

use crate::app::workspace::WorkspaceState;
use crate::domain::store::{Lock, Locked};
use crate::domain::workspace::Workspace;
use crate::domain::{Doc, Error};
use crate::view::{self, Theme};

/// How often the sheet on disk is checked for changes by others.
const DISK_CHECK: Duration = Duration::from_secs(1);

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
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn setup_terminal(mouse: bool) -> Result<(TerminalGuard, Terminal<CrosstermBackend<Stdout>>)> {
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

/// The local time a save finished, for the status bar.
fn now_hms() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// Perform one effect; returns the action that reports its outcome, and
/// whether the loop must stop.
pub fn perform(state: &mut AppState, effect: &Effect) -> (Option<Action>, bool) {
    match effect {
        Effect::Save => (Some(saved(&mut state.doc)), false),
        Effect::Reload => match state.doc.reload() {
            Ok(()) => (Some(Action::Reloaded), false),
            Err(e) => (Some(Action::SaveFailed(e.to_string())), false),
        },
        // The event loop runs exports off the UI thread; here (benchmarks,
        // tests) it runs at once.
        Effect::Export(format) => {
            let config = Config::default();
            let result = export_file(&state.doc, *format, &config, &state.analyst);
            (Some(exported(result)), false)
        }
        Effect::RestoreRecovery => {
            let doc = &mut state.doc;
            // Restoring removes the file restored (only that one).
            let result = doc.restore_recovery();
            let outcome = result.map(|()| now_hms()).map_err(|e| e.to_string());
            (offer_next(state, Some(Action::Recovered(outcome))), false)
        }
        Effect::DiscardRecovery => match state.doc.discard_recovery() {
            Ok(()) => (offer_next(state, None), false),
            Err(e) => (Some(Action::Recovered(Err(e.to_string()))), false),
        },
        Effect::Open { article, select } => {
            let root = state.workspace.as_ref().map(|w| w.ws.root.clone());
            let (_lock, action) = background::open(article, root.as_deref(), select.clone());
            (Some(action), false)
        }
        Effect::IndexSimilar => {
            let entries = state
                .workspace
                .as_ref()
                .map(|w| w.ws.similar_entries())
                .unwrap_or_default();
            let index = crate::domain::similar::Index::build(entries);
            (Some(Action::SimilarReady(Arc::new(index))), false)
        }
        Effect::Search(job) => {
            let latest = std::sync::atomic::AtomicU64::new(job.generation);
            (background::run_search_job(job, &mut None, &latest), false)
        }
        Effect::OpenUrl(url) => (Some(Action::UrlOpened(open_in_browser(url))), false),
        Effect::AddArticle { source, folder } => (Some(add::add_article(source, folder)), false),
        Effect::LoadPrior { sheet, claims } => {
            let found = crate::domain::factcheck::prior::PriorMatches::for_sheet(sheet, claims);
            (Some(Action::PriorReady(Arc::new(found))), false)
        }
        Effect::Quit => (None, true),
    }
}

/// After a recovery file was restored or discarded: report it, and offer
/// the next one if there is another.
fn offer_next(state: &mut AppState, outcome: Option<Action>) -> Option<Action> {
    let Some(next) = state.doc.pending_recovery() else {
        return outcome;
    };
    if let Some(outcome) = outcome {
        let _ = update(state, outcome);
    }
    Some(Action::RecoveryFound(next.display().to_string()))
}

/// After a panic: write what was not saved to the recovery file beside the
/// sheet (the next start offers it back). Returns what to tell the user.
pub fn write_crash_recovery(doc: &Doc) -> Option<String> {
    if !doc.is_dirty() {
        return None;
    }
    Some(match doc.write_recovery() {
        Ok(path) => format!(
            "the changes that were not saved are in {}; the next start offers to restore them",
            path.display()
        ),
        Err(e) => format!("the changes that were not saved are lost: {e}"),
    })
}

/// Take the sheet's lock; when another claimdesk holds it (or it cannot be
/// taken) say why this window must be read-only.
fn lock_sheet(path: &std::path::Path) -> (Option<Lock>, Option<String>) {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match Lock::acquire(path) {
        Ok(Locked::Acquired(lock)) => (Some(lock), None),
        Ok(Locked::HeldBy(info)) => (
            None,
            Some(format!("{name} is open in another claimdesk ({info})")),
        ),
        Err(e) => (None, Some(format!("cannot lock {name}: {e}"))),
    }
}

/// Start the system browser on `url` (`open` on macOS, `xdg-open`
/// elsewhere) without waiting for it: a thread reaps it when it ends.
fn open_in_browser(url: &str) -> std::result::Result<String, String> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    open_with(opener, url)
}

fn open_with(opener: &str, url: &str) -> std::result::Result<String, String> {
    let mut child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("{opener}: {e}"))?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(url.to_owned())
}

/// Export `doc` in `format` beside its sheet (`NAME.verification.EXT`,
/// replaced atomically if it exists); returns the path written.
pub fn export_file(
    doc: &Doc,
    format: crate::domain::export::Format,
    config: &Config,
    analyst: &str,
) -> crate::domain::Result<std::path::PathBuf> {
    use crate::domain::export;
    let mut options = config.export_options(Some(analyst), crate::domain::Stamp::now());
    options.prior = crate::domain::factcheck::prior::for_export(format, &doc.sheet_path);
    let out = export::render(&[doc], format, &options)?;
    let path = export::output_path_for(doc, format);
    crate::domain::filenames::require_regular_target(&path)?;
    crate::domain::store::write_atomic(&path, out.text.as_bytes())?;
    Ok(path)
}

fn exported(result: crate::domain::Result<std::path::PathBuf>) -> Action {
    Action::Exported(
        result
            .map(|p| p.display().to_string())
            .map_err(|e| e.to_string()),
    )
}

/// Save, and say how it went: merged with what another writer saved, or not.
fn saved(doc: &mut Doc) -> Action {
    let result = doc.save();
    match (result, doc.take_merge()) {
        (Ok(()), Some(report)) => Action::Merged {
            at: now_hms(),
            report,
        },
        (result, _) => save_result(result),
    }
}

fn save_result(r: crate::domain::Result<()>) -> Action {
    match r {
        Ok(()) => Action::Saved(now_hms()),
        Err(Error::Conflict { .. }) => Action::Conflict,
        Err(e) => Action::SaveFailed(e.to_string()),
    }
}

/// Check the sheet on disk: reload it when someone else changed it and we
/// have no unsaved change; report a conflict when we do.
pub fn check_disk(state: &mut AppState) -> Option<Action> {
    match state.doc.changed_on_disk() {
        Ok(true) if !state.doc.is_dirty() => match state.doc.reload() {
            Ok(()) => Some(Action::Reloaded),
            Err(e) => Some(Action::SaveFailed(e.to_string())),
        },
        Ok(true) => Some(saved(&mut state.doc)),
        _ => None,
    }
}

/// Save what is not saved yet before going away on a signal. A conflict
/// never overwrites the other version: ours goes to `SHEET.mine` beside it.
fn save_on_exit(doc: &mut Doc) -> Option<String> {
    if !doc.is_dirty() {
        return None;
    }
    match doc.save() {
        Ok(()) => None,
        // Saves merge; one that failed while the sheet on disk changed
        // (it no longer parses, the disk is full) keeps ours beside it.
        Err(e) if doc.changed_on_disk().unwrap_or(true) => match doc.write_mine() {
            Ok(side) => Some(format!(
                "{}: not saved ({e}); your version was kept in {}",
                doc.sheet_path.display(),
                side.display()
            )),
            Err(e2) => Some(format!("your changes could not be saved: {e}; {e2}")),
        },
        Err(e) => Some(format!("your changes could not be saved: {e}")),
    }
}

/// Let go of the terminal without dropping it: ratatui's `Terminal` shows
/// the cursor when dropped and, if that fails (the terminal has gone),
/// reports it with `eprintln!`, which panics when standard error has gone
/// too, turning a closed window into exit code 101. The guard restores the
/// terminal instead, ignoring what can no longer be written.
fn let_go(terminal: Terminal<CrosstermBackend<Stdout>>) {
    std::mem::forget(terminal);
}

/// After a signal, the event loop saves, restores the terminal and exits
/// at once. When the terminal itself is gone (window closed, ssh dropped:
/// SIGHUP), crossterm can stay stuck reading its end-of-file and never hand
/// control back; then this thread ends the process 0.8 s after the signal (time enough to save and restore when it is not stuck),
/// so it neither lingers nor spins. Every change is saved as it is made, so
/// what could be lost is only a save that had already failed.
fn watchdog(signalled: Arc<AtomicBool>, which: Arc<std::sync::atomic::AtomicUsize>) {
    std::thread::spawn(move || {
        while !signalled.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(100));
        }
        std::thread::sleep(Duration::from_millis(800));
        let sig = which.load(Ordering::SeqCst).max(1) as i32;
        std::process::exit(128 + sig);
    });
}

/// Run the review TUI on `doc` until the user quits. Returns the signal
/// that ended it, if one did (SIGTERM, SIGHUP, SIGINT: the work is saved and
/// the terminal restored first; the caller exits with 128 + the signal).
pub fn run(doc: Doc, config: &Config, analyst: String) -> Result<Option<i32>> {
    let state = AppState::new(doc, analyst, keymap(config)?, config.advance, config.mouse);
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

fn run_state(
    mut state: AppState,
    config: &Config,
    workspace: Option<Workspace>,
) -> Result<Option<i32>> {
    state.second_review = crate::domain::team::settings_for(&state.doc.sheet_path)?.second_review;
    if config.order != state.order {
        state.start_in_order(config.order);
    }
    let (lock, read_only) = lock_sheet(&state.doc.sheet_path);
    if let Some(warning) = lock.as_ref().and_then(Lock::warning) {
        state.message = Some(warning.to_owned());
    }
    if read_only.is_some() {
        update(&mut state, Action::ReadOnly(read_only));
    } else {
        // Saves the re-anchoring done on opening, if the article had changed.
        for effect in state.startup_effects() {
            if let (Some(outcome), _) = perform(&mut state, &effect) {
                update(&mut state, outcome);
            }
        }
        if crate::app::disputes::any(&state) {
            update(&mut state, Action::Conflict);
        }
        if let Some(path) = state.doc.pending_recovery() {
            update(
                &mut state,
                Action::RecoveryFound(path.display().to_string()),
            );
        }
    }
    let mut lock = lock;
    let theme = Theme::from_env();
    let signalled = Arc::new(AtomicBool::new(false));
    let which = Arc::new(std::sync::atomic::AtomicUsize::new(0));
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
    // Work done off the UI thread reports here, so input never waits.
    let (bg_tx, bg_rx) = std::sync::mpsc::channel::<Action>();
    if let Some(ws) = workspace {
        background::load_workspace(ws, bg_tx.clone());
    }
    let (guard, mut terminal) = setup_terminal(config.mouse)?;
    // A panic anywhere in the loop: the hook has restored the terminal and
    // printed the message; write what was not saved, then let it go on.
    let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(
            &mut state,
            &theme,
            &mut terminal,
            &signalled,
            config,
            &mut lock,
            (bg_tx, bg_rx),
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
    if result.is_err() && !signalled.load(Ordering::SeqCst) {
        // The terminal failed: when it has gone away (window closed, ssh
        // dropped) its hangup signal follows at once; give it a moment, so
        // the exit says so (129) rather than "cannot read the terminal".
        let until = Instant::now() + Duration::from_millis(500);
        while !signalled.load(Ordering::SeqCst) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let exit_notes = if signalled.load(Ordering::SeqCst) || result.is_err() {
        keep::keep_on_exit(&mut state)
    } else {
        keep::discarded_on_quit(&state).into_iter().collect()
    };
    let_go(terminal);
    drop(guard);
    for note in exit_notes {
        warn(&note);
    }
    // A signal wins over the error it may have caused (drawing on a
    // terminal that has gone away fails).
    let sig = which.load(Ordering::SeqCst);
    if signalled.load(Ordering::SeqCst) && sig > 0 {
        return Ok(Some(sig as i32));
    }
    result.map(|()| None)
}

fn event_loop(
    state: &mut AppState,
    theme: &Theme,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    signalled: &AtomicBool,
    config: &Config,
    lock: &mut Option<Lock>,
    (bg_tx, bg_rx): (Sender<Action>, Receiver<Action>),
) -> Result<()> {
    let size = terminal.size().context("cannot read the terminal size")?;
    let searches = background::SearchWorker::start(bg_tx.clone());
    background::perform_off_thread(state.load_prior_effect(), bg_tx.clone());
    update(state, Action::Resize(size.width, size.height));
    let mut last_check = Instant::now();
    let mut conflict_shown = false;
    let mut article_watch = article_watch::ArticleWatch::new(&state.doc);
    loop {
        if signalled.load(Ordering::SeqCst) {
            return Ok(());
        }
        terminal
            .draw(|f| view::render(state, theme, f))
            .context("cannot draw")?;
        let mut actions: Vec<Action> = Vec::new();
        if event::poll(Duration::from_millis(250)).context("cannot read the terminal")? {
            // Take everything already queued before drawing again.
            loop {
                match event::read().context("cannot read the terminal")? {
                    // Crash drill: with CLAIMDESK_CRASH_DRILL set, F12 panics, so
                    // the crash handling (terminal restored, message, exit code)
                    // can be tested on the real binary.
                    Event::Key(k)
                        if k.code == crossterm::event::KeyCode::F(12)
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
                    break;
                }
            }
        }
        while let Ok(a) = bg_rx.try_recv() {
            actions.push(a);
        }
        if last_check.elapsed() >= DISK_CHECK {
            last_check = Instant::now();
            // A read-only window takes the lock when the other one lets go.
            if lock.is_none() {
                let (taken, why) = lock_sheet(&state.doc.sheet_path);
                if taken.is_some() {
                    *lock = taken;
                    actions.push(Action::ReadOnly(why));
                }
            }
            if let Some(w) = state.workspace.as_ref().filter(|w| w.loading.is_none()) {
                let changed = background::changed_sheets(&w.ws, w.current);
                if !changed.is_empty() {
                    actions.push(Action::SheetsChanged(changed));
                }
            }
            actions.extend(article_watch.check(&state.doc));
            match check_disk(state) {
                Some(Action::Conflict) if conflict_shown => {}
                Some(a) => {
                    conflict_shown = matches!(a, Action::Conflict);
                    actions.push(a);
                }
                None => {}
            }
        }
        while let Some(action) = (!actions.is_empty()).then(|| actions.remove(0)) {
            for effect in update(state, action) {
                // What takes time goes to other threads; the rest is done here.
                match effect {
                    e @ Effect::LoadPrior { .. } => {
                        background::perform_off_thread(e, bg_tx.clone());
                        continue;
                    }
                    Effect::IndexSimilar => {
                        if let Some(w) = state.workspace.as_ref() {
                            background::index_similar(w.ws.similar_entries(), bg_tx.clone());
                        }
                        continue;
                    }
                    Effect::Search(job) => {
                        searches.send(job);
                        continue;
                    }
                    Effect::Open { article, select } => {
                        let root = state.workspace.as_ref().map(|w| w.ws.root.clone());
                        let (taken, action) = background::open(&article, root.as_deref(), select);
                        if matches!(action, Action::Opened { .. }) {
                            // The sheet left is unlocked, the one opened locked.
                            *lock = taken;
                        }
                        actions.push(action);
                        continue;
                    }
                    Effect::AddArticle { source, folder } => {
                        add::spawn(source, folder, bg_tx.clone());
                        continue;
                    }
                    Effect::Export(format) => {
                        let (doc, tx, config) = (state.doc.clone(), bg_tx.clone(), config.clone());
                        let analyst = state.analyst.clone();
                        std::thread::spawn(move || {
                            let _ = tx.send(exported(export_file(&doc, format, &config, &analyst)));
                        });
                        continue;
                    }
                    _ => {}
                }
                let (outcome, quit) = perform(state, &effect);
                if quit {
                    return Ok(());
                }
                if let Some(a) = outcome {
                    match a {
                        Action::Saved(_) | Action::Reloaded => conflict_shown = false,
                        Action::Conflict => conflict_shown = true,
                        _ => {}
                    }
                    actions.push(a);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_is_started_detached_and_a_failure_reported() {
        assert_eq!(
            open_with("true", "https://example.org/"),
            Ok("https://example.org/".to_owned())
        );
        let err = open_with("/nonexistent/opener", "https://example.org/").unwrap_err();
        assert!(err.starts_with("/nonexistent/opener: "), "{err}");
    }
}
