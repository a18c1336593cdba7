//! Issue #8 in the TUI: two instances on one sheet (lock, read-only), a
//! crash that leaves unsaved work (recovery file, offered at the next
//! start), and hostile text that must never reach the terminal.

use crate::common;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use claimdesk::app::{Action, AppState, Effect, Keymap, Popup, update};
use claimdesk::domain::{Doc, Stamp, Status};
use common::{Pty, perform_all};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn esc() -> Action {
    Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))
}

fn open(article: &Path) -> AppState {
    let doc = Doc::open(article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    s.settings.clock = || Stamp::parse("2026-11-28T14:03:07Z").unwrap();
    update(&mut s, Action::Resize(120, 40));
    s
}

fn sheet_of(article: &Path) -> PathBuf {
    claimdesk::domain::store::sheet_path_for(article)
}

// ------------------------------------------------------------ read-only

#[test]
fn a_read_only_window_refuses_every_change_until_it_may_edit() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let mut s = open(&article);
    let before = s.doc.sheet.clone();
    update(&mut s, Action::ReadOnly(Some("held by process 7".into())));
    // Verdicts, note, source, undo, redo, save: all refused, with the reason.
    for k in ['c', 'u', 'd', '1', 'e', 's'] {
        assert!(update(&mut s, key(k)).is_empty(), "{k}");
        assert_eq!(
            s.message.as_deref(),
            Some("read-only: held by process 7"),
            "{k}"
        );
        assert!(s.popups.is_empty(), "{k} opened nothing");
    }
    let ctrl = |c| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    for a in [ctrl('z'), ctrl('y'), ctrl('s')] {
        assert!(update(&mut s, a).is_empty());
    }
    // The same through the detail popup.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(update(&mut s, key('c')).is_empty());
    assert_eq!(s.doc.sheet, before, "nothing changed");
    update(&mut s, esc());
    // Reading still works: moving, searching, help, export.
    update(&mut s, key('j'));
    assert_eq!(s.list.selected, Some(1));
    assert_eq!(update(&mut s, key('E')), vec![], "the export picker opens");
    assert!(matches!(s.popups.last(), Some(Popup::Export)));
    update(&mut s, esc());
    // The status bar says so.
    let screen = common::draw(&s, 120, 40);
    assert!(screen.contains("READ-ONLY"), "{screen}");
    // The other window let go: edits work again.
    update(&mut s, Action::ReadOnly(None));
    assert!(
        s.message.as_deref().unwrap().contains("you can edit now"),
        "{:?}",
        s.message
    );
    assert_eq!(update(&mut s, key('c')), vec![Effect::Save]);
    assert_eq!(s.claims()[1].status, Status::Confirmed);
    assert!(!common::draw(&s, 120, 40).contains("READ-ONLY"));
}

// ------------------------------------------------------------ recovery

/// A doc with a verdict in memory that is not on disk, as after a failed save.
fn dirty_doc(article: &Path) -> Doc {
    let mut doc = Doc::open(article).unwrap();
    let at = Stamp::parse("2026-11-28T15:00:00Z").unwrap();
    doc.sheet.claims[2].set_status(Status::Denied, "ana", at);
    assert!(doc.is_dirty());
    doc
}

#[test]
fn a_crash_writes_the_unsaved_work_and_the_next_start_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let on_disk = fs::read(sheet_of(&article)).unwrap();
    // Nothing unsaved: nothing written.
    assert_eq!(
        claimdesk::runtime::write_crash_recovery(&Doc::open(&article).unwrap()),
        None
    );
    let doc = dirty_doc(&article);
    let note = claimdesk::runtime::write_crash_recovery(&doc).unwrap();
    let recovery = doc.recovery_path();
    assert!(note.contains(&recovery.display().to_string()), "{note}");
    assert!(
        note.contains("the next start offers to restore them"),
        "{note}"
    );
    assert!(recovery.exists());
    assert_eq!(
        fs::read(sheet_of(&article)).unwrap(),
        on_disk,
        "the sheet itself is untouched"
    );
    // The next start: offered.
    let mut s = open(&article);
    let path = s.doc.pending_recovery().unwrap();
    update(&mut s, Action::RecoveryFound(path.display().to_string()));
    assert!(matches!(s.popups.last(), Some(Popup::Recovery { .. })));
    let screen = common::draw(&s, 120, 40);
    assert!(
        screen.contains("claimdesk crashed with changes"),
        "{screen}"
    );
    assert!(screen.contains("r restore them"), "{screen}");
    // r restores: into the sheet on disk, and the recovery file is gone.
    let effects = update(&mut s, key('r'));
    assert_eq!(effects, vec![Effect::RestoreRecovery]);
    perform_all(&mut s, effects);
    assert!(s.popups.is_empty());
    assert_eq!(
        s.message.as_deref(),
        Some("restored the unsaved work from the crash")
    );
    assert!(!recovery.exists());
    let reopened = Doc::open(&article).unwrap();
    assert_eq!(reopened.sheet.claims[2].status, Status::Denied);
    assert_eq!(reopened.sheet.claims[2].reviewed_by.as_deref(), Some("ana"));
    assert!(!s.doc.is_dirty());
    assert!(reopened.pending_recovery().is_none());
}

#[test]
fn recovery_can_be_discarded_or_left_for_later() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let on_disk = fs::read(sheet_of(&article)).unwrap();
    let doc = dirty_doc(&article);
    claimdesk::runtime::write_crash_recovery(&doc).unwrap();
    let recovery = doc.recovery_path();
    // Esc: kept for later, nothing changes.
    let mut s = open(&article);
    update(
        &mut s,
        Action::RecoveryFound(recovery.display().to_string()),
    );
    assert!(update(&mut s, esc()).is_empty());
    assert!(s.popups.is_empty());
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .starts_with("recovery file kept for later: ")
    );
    assert!(recovery.exists());
    assert_eq!(fs::read(sheet_of(&article)).unwrap(), on_disk);
    // d: discarded, the sheet as it was.
    let mut s = open(&article);
    update(
        &mut s,
        Action::RecoveryFound(recovery.display().to_string()),
    );
    let effects = update(&mut s, key('d'));
    assert_eq!(effects, vec![Effect::DiscardRecovery]);
    perform_all(&mut s, effects);
    assert!(!recovery.exists());
    assert_eq!(fs::read(sheet_of(&article)).unwrap(), on_disk);
    assert_eq!(s.claims()[2].status, Status::Unconfirmed);
    assert!(!s.claims()[2].is_reviewed());
}

// ------------------------------------------------------------ the real binary

fn tui(dir: &Path, article: &Path, env: &[(&str, &str)]) -> Pty {
    Pty::spawn(dir, &[article.as_os_str()], env, (100, 30))
}

/// Two windows on one sheet: the second is read-only and says why; when
/// the first quits, the second may edit; no lock file is left behind.
#[test]
fn a_second_instance_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let sheet = sheet_of(&article);
    let lock = claimdesk::domain::store::Lock::path_for(&sheet);
    let mut first = tui(dir.path(), &article, &[]);
    first.wait_for(&|s| s.contains("0/15 reviewed"));
    assert!(lock.exists(), "the first window holds the lock");
    let mut second = tui(dir.path(), &article, &[]);
    second.wait_for(&|s| s.contains("READ-ONLY") && s.contains("0/15 reviewed"));
    let before = fs::read(&sheet).unwrap();
    second.send(b"c");
    second.wait_for(&|s| {
        s.contains("read-only: karzai-taliban-talks.claims.toml is open in another claimdesk")
    });
    assert_eq!(
        fs::read(&sheet).unwrap(),
        before,
        "the read-only window wrote nothing"
    );
    // The first marks C1; the second, not editing, shows it.
    first.send(b"c");
    first.wait_for(&|s| s.contains("1/15 reviewed"));
    second.wait_for(&|s| s.contains("1/15 reviewed"));
    first.send(b"q");
    assert_eq!(first.exit_code(), 0);
    // The second takes the lock over within a disk check or two.
    second.wait_for(&|s| s.contains("you can edit now"));
    assert!(lock.exists(), "now the second window holds it");
    second.send(b"jc");
    second.wait_for(&|s| s.contains("2/15 reviewed") && s.contains("saved "));
    second.send(b"q");
    assert_eq!(second.exit_code(), 0);
    assert!(!lock.exists(), "released on exit");
    let doc = Doc::open(&article).unwrap();
    assert_eq!(doc.sheet.counts().reviewed, 2);
}

/// A panic with unsaved work (a save refused because the sheet was made
/// read-only): the terminal is restored, the work goes to the recovery file,
/// and the next start offers it back, merged with what is on disk then.
#[cfg(unix)]
#[test]
fn a_panic_keeps_unsaved_work_for_the_next_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let sheet = sheet_of(&article);
    let mut p = tui(dir.path(), &article, &[("CLAIMDESK_CRASH_DRILL", "1")]);
    p.wait_for(&|s| s.contains("0/15 reviewed"));
    // Someone else edits the sheet and takes away write permission: our
    // verdict cannot be saved.
    let mut text = fs::read_to_string(&sheet).unwrap();
    text.push_str("# edited elsewhere\n");
    fs::write(&sheet, text).unwrap();
    fs::set_permissions(&sheet, fs::Permissions::from_mode(0o444)).unwrap();
    p.send(b"c");
    p.wait_for(&|s| s.contains("NOT SAVED"));
    p.send(b"\x1b[24~"); // F12: the crash drill panics
    assert_eq!(p.exit_code(), 101);
    let screen = p.parser.screen().contents();
    assert!(!p.parser.screen().alternate_screen(), "{screen}");
    assert!(
        screen.contains("the next start offers to restore them"),
        "{screen}"
    );
    let recovery = claimdesk::domain::store::Doc::open(&article)
        .unwrap()
        .recovery_path();
    assert!(recovery.exists());
    assert_eq!(
        Doc::open(&article).unwrap().sheet.counts().reviewed,
        0,
        "the sheet on disk is the other's version"
    );
    // The next start offers it; r restores it.
    fs::set_permissions(&sheet, fs::Permissions::from_mode(0o644)).unwrap();
    let mut p = tui(dir.path(), &article, &[]);
    p.wait_for(&|s| s.contains("Recovery") && s.contains("r restore them"));
    p.send(b"r");
    p.wait_for(&|s| s.contains("restored the unsaved work") && s.contains("1/15 reviewed"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    assert!(!recovery.exists());
    let doc = Doc::open(&article).unwrap();
    assert_eq!(doc.sheet.counts().reviewed, 1);
    assert!(
        fs::read_to_string(&sheet)
            .unwrap()
            .contains("# edited elsewhere"),
        "the other's edit is kept where it could be"
    );
}

/// Escape sequences, bidi overrides and C1 controls in the article, the
/// claims, notes and sources are shown as placeholders and never reach the
/// terminal.
#[test]
fn hostile_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("hostile.txt");
    let text = "Mayor Bob Smith said \u{1b}[31mRED1 the bridge carries 12,000 cars a day.\n\n\
        The council said \u{1b}]0;PWNED-TITLE\u{7} the tax rose by 5 percent in 2024.\n\n\
        Officials said \u{1b}]52;c;UFdORUQ=\u{7} that 300 jobs were lost, \u{1b}[2;5HMOVE1 the report found.\n\n\
        A spokesman said \u{1b}]8;;http://evil.example/\u{1b}\\LINK1\u{1b}]8;;\u{1b}\\ the plant closed in 2019.\n\n\
        Police said \u{202e}REVERSED1\u{202c} that \u{9b}31mC1CSI 40 people were hurt.\n";
    fs::write(&article, text).unwrap();
    let bin = env!("CARGO_BIN_EXE_claimdesk");
    let init = std::process::Command::new(bin)
        .arg("init")
        .arg(&article)
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    let mark = std::process::Command::new(bin)
        .arg("mark")
        .arg(&article)
        .args([
            "C1",
            "denied",
            "--note",
            "see \u{1b}]0;NOTE-TITLE\u{7} and \u{1b}[5mBLINK1",
            "--source",
            "http://x.example/\u{1b}]8;;http://evil/\u{1b}\\SRC1",
            "--analyst",
            "ana\u{1b}[8mHIDDEN1",
        ])
        .output()
        .unwrap();
    assert!(mark.status.success(), "{mark:?}");
    let mut p = Pty::spawn(dir.path(), &[OsStr::new(&article)], &[], (120, 40));
    p.wait_for(&|s| s.contains("1/") && s.contains("reviewed"));
    // The detail popup shows the note, the sources and who reviewed it.
    p.send(b"\r");
    p.wait_for(&|s| s.contains("BLINK1") && s.contains("SRC1"));
    p.send(b"q");
    p.wait_for(&|s| !s.contains("Esc closes"));
    // Walk every claim, so each is drawn selected and in context.
    for _ in 0..8 {
        p.send(b"j");
    }
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let raw = &p.raw;
    let has = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    // No OSC at all (window title, clipboard, hyperlinks), no BEL.
    assert!(!has(b"\x1b]"), "an OSC sequence reached the terminal");
    assert!(!raw.contains(&0x07), "a BEL reached the terminal");
    // None of the data's CSI sequences.
    for payload in [
        &b"\x1b[31mRED1"[..],
        b"\x1b[2;5HMOVE1",
        b"\x1b[5mBLINK1",
        b"\x1b[8mHIDDEN1",
    ] {
        assert!(
            !has(payload),
            "{:?} reached the terminal",
            String::from_utf8_lossy(payload)
        );
    }
    // No C1 controls (U+0080..U+009F in UTF-8) and no bidi overrides.
    assert!(
        !raw.windows(2)
            .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1])),
        "a C1 control reached the terminal"
    );
    for bidi in ['\u{202e}', '\u{202c}'] {
        let mut b = [0u8; 4];
        assert!(!has(bidi.encode_utf8(&mut b).as_bytes()), "{bidi:?}");
    }
    // What was there is shown, visibly.
    let shown = String::from_utf8_lossy(raw);
    for visible in [
        "␛[31mRED1",
        "␛]0;PWNED-TITLE␇",
        "␛[2;5HMOVE1",
        "�REVERSED1�",
    ] {
        assert!(shown.contains(visible), "{visible} not shown");
    }
}

// ------------------------------------------------------------ undo/redo

mod undo_property {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Key(char),
        Note(String),
        Source(String),
        /// `x` then y: delete the selected claim.
        Delete,
        /// `M`: merge with the next claim.
        Merge,
        /// `|`, `w` n times, Enter: split at a word.
        Split(usize),
        /// Tab, `j` n times, `a`, Esc, Tab: a claim from a sentence.
        Add(usize),
        Undo,
        Redo,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => prop::sample::select(vec!['c', 'u', 'd', '1', '2', '3', 'j', 'k', 'g', 'G', 'f', ']'])
                .prop_map(Op::Key),
            1 => "[a-z \n]{0,12}".prop_map(Op::Note),
            1 => "[a-z:/.]{1,12}".prop_map(Op::Source),
            1 => Just(Op::Delete),
            1 => Just(Op::Merge),
            1 => (1usize..6).prop_map(Op::Split),
            1 => (0usize..30).prop_map(Op::Add),
            2 => Just(Op::Undo),
            1 => Just(Op::Redo),
        ]
    }

    fn press(s: &mut AppState, code: KeyCode, mods: KeyModifiers) {
        update(s, Action::Key(KeyEvent::new(code, mods)));
    }

    fn type_text(s: &mut AppState, text: &str) {
        for c in text.chars() {
            match c {
                '\n' => press(s, KeyCode::Enter, KeyModifiers::NONE),
                c => press(s, KeyCode::Char(c), KeyModifiers::NONE),
            }
        }
    }

    fn apply(s: &mut AppState, op: &Op) {
        match op {
            Op::Key(c) => press(s, KeyCode::Char(*c), KeyModifiers::NONE),
            Op::Note(text) => {
                press(s, KeyCode::Char('e'), KeyModifiers::NONE);
                // With no claim shown (a filter that hides all) no editor
                // opens, and the text is not typed: a person would not.
                if !s.popups.is_empty() {
                    type_text(s, text);
                    press(s, KeyCode::Char('s'), KeyModifiers::CONTROL);
                }
            }
            Op::Source(text) => {
                press(s, KeyCode::Char('s'), KeyModifiers::NONE);
                if !s.popups.is_empty() {
                    type_text(s, text);
                    press(s, KeyCode::Enter, KeyModifiers::NONE);
                }
            }
            Op::Delete => {
                press(s, KeyCode::Char('x'), KeyModifiers::NONE);
                press(s, KeyCode::Char('y'), KeyModifiers::NONE);
            }
            Op::Merge => press(s, KeyCode::Char('M'), KeyModifiers::SHIFT),
            Op::Split(words) => {
                press(s, KeyCode::Char('|'), KeyModifiers::NONE);
                for _ in 0..*words {
                    press(s, KeyCode::Char('w'), KeyModifiers::NONE);
                }
                press(s, KeyCode::Enter, KeyModifiers::NONE);
                // A claim too short to split leaves nothing open either.
                if !s.popups.is_empty() {
                    press(s, KeyCode::Esc, KeyModifiers::NONE);
                }
            }
            Op::Add(sentences) => {
                press(s, KeyCode::Tab, KeyModifiers::NONE);
                for _ in 0..*sentences {
                    press(s, KeyCode::Char('j'), KeyModifiers::NONE);
                }
                press(s, KeyCode::Char('a'), KeyModifiers::NONE);
                if !s.popups.is_empty() {
                    press(s, KeyCode::Esc, KeyModifiers::NONE);
                }
                press(s, KeyCode::Tab, KeyModifiers::NONE);
            }
            Op::Undo => press(s, KeyCode::Char('z'), KeyModifiers::CONTROL),
            Op::Redo => press(s, KeyCode::Char('y'), KeyModifiers::CONTROL),
        }
        // Whatever the sequence, no popup is left open by it.
        assert!(s.popups.is_empty(), "{op:?} left {:?}", s.popups);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// Any sequence of changes (verdicts, notes, sources, adding,
        /// splitting, merging, deleting claims), undos and redos: undoing
        /// everything gives back the sheet as opened, and redoing everything
        /// the sheet as it was, exactly (history, tombstones and stamps
        /// included).
        #[test]
        fn undo_all_then_redo_all_round_trips(ops in prop::collection::vec(op(), 1..40)) {
            let dir = tempfile::tempdir().unwrap();
            let article = claimdesk::cli::write_sample(dir.path()).unwrap();
            let mut s = open(&article);
            let opened = s.doc.sheet.clone();
            for o in &ops {
                apply(&mut s, o);
            }
            let done = s.doc.sheet.clone();
            let steps = s.edits.undo_len();
            let pending_redo = s.edits.redo_len();
            for _ in 0..steps {
                apply(&mut s, &Op::Undo);
            }
            prop_assert_eq!(&s.doc.sheet, &opened);
            apply(&mut s, &Op::Undo);
            prop_assert_eq!(s.message.as_deref(), Some("nothing to undo"));
            for _ in 0..steps {
                apply(&mut s, &Op::Redo);
            }
            prop_assert_eq!(&s.doc.sheet, &done);
            // What was undone before is still there to redo, no more.
            prop_assert_eq!(s.edits.redo_len(), pending_redo);
        }
    }

    /// Found by the property above: a filter that hides every claim, then a
    /// note. No editor opens, nothing is typed, nothing is left open.
    #[test]
    fn a_note_with_every_claim_hidden_opens_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let article = claimdesk::cli::write_sample(dir.path()).unwrap();
        let mut s = open(&article);
        for o in [
            Op::Key('f'),
            Op::Key('2'),
            Op::Key('f'),
            Op::Note("f\n".into()),
        ] {
            apply(&mut s, &o);
        }
        assert!(s.popups.is_empty());
    }
}

// ------------------------------------------------------------ search off the UI thread

/// A sheet too big to search within a frame: the search runs off the UI
/// thread (an effect), the list keeps the last results meanwhile, a newer
/// keystroke supersedes an older search, and the results show when ready.
#[test]
fn a_big_sheet_is_searched_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let mut s = open(&article);
    s.session.sync_search_limit = 0;
    let type_key = |s: &mut AppState, c: char| {
        update(
            s,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        )
    };
    assert!(
        type_key(&mut s, '/').is_empty(),
        "an empty query needs no search"
    );
    let jobs: Vec<_> = "tali".chars().flat_map(|c| type_key(&mut s, c)).collect();
    let jobs: Vec<_> = jobs
        .into_iter()
        .map(|e| match e {
            Effect::Search(job) => job,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(jobs.len(), 4, "one per keystroke");
    assert_eq!(jobs[3].query, "tali");
    assert_eq!(s.list.visible.len(), 15, "the list as it was, meanwhile");
    assert!(common::draw(&s, 120, 40).contains("searching…"));
    // An older search that finishes late is dropped.
    perform_all(&mut s, vec![Effect::Search(jobs[0].clone())]);
    assert_eq!(s.list.visible.len(), 15);
    assert_eq!(
        s.search.as_ref().unwrap().live.pending,
        Some(jobs[3].generation)
    );
    // The newest one shows.
    perform_all(&mut s, vec![Effect::Search(jobs[3].clone())]);
    assert_eq!(s.search.as_ref().unwrap().live.pending, None);
    let shown = s.list.visible.len();
    assert!((1..15).contains(&shown), "{shown}");
    assert!(!common::draw(&s, 120, 40).contains("searching…"));
    // The same as searching at once.
    let mut at_once = open(&article);
    "/tali".chars().for_each(|c| {
        type_key(&mut at_once, c);
    });
    assert_eq!(s.list.visible, at_once.list.visible);
}

/// SIGINT and SIGHUP sent to the process (not typed: Ctrl-c in the TUI is a
/// key): what was done is saved, the terminal restored, exit 128 + signal.
#[test]
fn sigint_and_sighup_save_restore_and_exit_with_the_signal() {
    for (signal, code) in [("-INT", 128 + 2), ("-HUP", 128 + 1)] {
        let dir = tempfile::tempdir().unwrap();
        let article = claimdesk::cli::write_sample(dir.path()).unwrap();
        let mut p = tui(dir.path(), &article, &[]);
        p.wait_for(&|s| s.contains("0/15 reviewed"));
        p.send(b"d");
        p.wait_for(&|s| s.contains("1/15 reviewed") && s.contains("saved "));
        let pid = p.child.process_id().unwrap();
        let sent = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        assert_eq!(p.exit_code(), code, "{signal}");
        assert!(!p.parser.screen().alternate_screen(), "{signal}");
        let doc = Doc::open(&article).unwrap();
        assert_eq!(doc.sheet.claims[0].status, Status::Denied, "{signal}");
        assert!(
            !claimdesk::domain::store::Lock::path_for(&doc.sheet_path).exists(),
            "{signal}: the lock is released"
        );
    }
}
