//! The edges of the command line and the TUI: hostile file names printed as
//! safely as the TUI draws them, `-o` never replacing what is not a regular
//! file, file names that are not UTF-8, signals with an editor open,
//! configuration conflicts, an article edited while it is open.

use crate::common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run_in(dir: &Path, args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(args)
        .current_dir(dir)
        .env("CLAIMDESK_CONFIG", dir.join("no-config.toml"))
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap()
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// Nothing a terminal would act on: no C0 control but the newline, no DEL,
/// no C1 control, no bidirectional override.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && claimdesk::domain::sanitize::is_unsafe(c))
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{text}");
}

const STORY: &str = "The minister said the bridge would open in \u{202E}May\u{9b}31m. \
\"We have the money,\" the mayor told reporters on Tuesday.\n";

#[test]
fn hostile_file_names_and_texts_are_printed_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[2J\u{202E}\u{7}.txt";
    let article = dir.path().join(name);
    fs::write(&article, STORY).unwrap();
    let init = run_in(dir.path(), &[os("init"), article.as_os_str(), os("--all")]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let sheet = claimdesk::domain::store::sheet_path_for(&article);
    let runs: Vec<(&str, Vec<&OsStr>)> = vec![
        ("init", vec![]),
        (
            "mark",
            vec![os("mark"), article.as_os_str(), os("C1"), os("denied")],
        ),
        ("stats", vec![os("stats"), sheet.as_os_str()]),
        (
            "stats json",
            vec![os("stats"), sheet.as_os_str(), os("--format"), os("json")],
        ),
        ("stats folder", vec![os("stats"), dir.path().as_os_str()]),
        ("check", vec![os("check"), article.as_os_str()]),
        (
            "list json",
            vec![os("list"), article.as_os_str(), os("--format"), os("json")],
        ),
        (
            "extract json",
            vec![
                os("extract"),
                article.as_os_str(),
                os("--format"),
                os("json"),
            ],
        ),
        (
            "no such claim",
            vec![os("mark"), article.as_os_str(), os("C99"), os("denied")],
        ),
        (
            "a status that is not one",
            vec![
                os("mark"),
                article.as_os_str(),
                os("C1"),
                os("\u{1b}[2J\u{202E}\u{9b}"),
            ],
        ),
    ];
    for (what, args) in &runs {
        let out = if args.is_empty() {
            init.clone()
        } else {
            run_in(dir.path(), args)
        };
        assert_terminal_safe(what, &out.stdout);
        assert_terminal_safe(what, &out.stderr);
        assert!(
            !out.stdout.is_empty() || !out.stderr.is_empty(),
            "{what} said nothing"
        );
    }
    // The article changed: check names it, still sanitised.
    fs::write(&article, format!("New first line.\n{STORY}")).unwrap();
    let check = run_in(dir.path(), &[os("check"), article.as_os_str()]);
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains("evil\u{241b}[2J\u{FFFD}\u{2407}.txt changed")
    );
    assert_terminal_safe("check after an edit", &check.stdout);
    // JSON escapes what it would otherwise print raw, and stays JSON.
    let list = run_in(
        dir.path(),
        &[os("list"), article.as_os_str(), os("--format"), os("json")],
    );
    let json = String::from_utf8(list.stdout).unwrap();
    assert!(json.contains(r"\u202eMay\u009b31m"), "{json}");
    assert!(json.contains(r"evil\u001b[2J\u202e\u0007.txt"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value["claims"][0]["text"]
            .as_str()
            .unwrap()
            .contains("\u{202E}May\u{9b}")
    );
}

#[test]
fn output_onto_a_fifo_or_device_is_refused_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let fifo = dir.path().join("out.md");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for target in [fifo.as_path(), Path::new("/dev/null")] {
        let o = run_in(
            dir.path(),
            &[
                os("export"),
                article.as_os_str(),
                os("-o"),
                target.as_os_str(),
                os("--force"),
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{target:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("is not a regular file (a FIFO, device or socket); not replaced"),
            "{err}"
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn the_tuis_export_never_replaces_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    let format = claimdesk::domain::export::Format::Markdown;
    let out = claimdesk::domain::export::output_path_for(&doc, format);
    let elsewhere = dir.path().join("precious.txt");
    fs::write(&elsewhere, "precious").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &out).unwrap();
    let config = claimdesk::config::Config::default();
    let e = claimdesk::runtime::export_file(&doc, format, &config, "ana").unwrap_err();
    assert!(
        e.to_string()
            .contains("is a symbolic link; not followed or replaced"),
        "{e}"
    );
    assert!(fs::symlink_metadata(&out).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "precious");
    fs::remove_file(&out).unwrap();
    let written = claimdesk::runtime::export_file(&doc, format, &config, "ana").unwrap();
    assert!(
        fs::read_to_string(written)
            .unwrap()
            .contains("Verification")
    );
}

#[test]
fn file_names_that_are_not_utf8_are_refused_and_never_written_into_a_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let article: PathBuf = dir.path().join(OsStr::from_bytes(b"bad\xff\xfe.txt"));
    fs::write(&article, STORY).unwrap();
    let o = run_in(dir.path(), &[os("init"), article.as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(r"bad\xff\xfe.txt: the file name is not UTF-8 (bytes ff fe)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no sheet written: {names:?}");
    // The rest of the folder still works.
    fs::write(dir.path().join("good.txt"), STORY).unwrap();
    let good = dir.path().join("good.txt");
    assert!(
        run_in(dir.path(), &[os("init"), good.as_os_str()])
            .status
            .success()
    );
    assert!(
        run_in(dir.path(), &[os("stats"), dir.path().as_os_str()])
            .status
            .success()
    );
    assert!(
        run_in(dir.path(), &[os("export"), dir.path().as_os_str()])
            .status
            .success()
    );
}

#[test]
fn a_workspace_opens_when_its_first_sheet_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a-first.txt"), STORY).unwrap();
    fs::write(
        dir.path().join("a-first.claims.toml"),
        "<<<<<<< HEAD\nversion = 1\n=======\n>>>>>>> theirs\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("b-second.txt"),
        "The council said the old bridge is safe.\n",
    )
    .unwrap();
    let mut tui = common::Pty::spawn(dir.path(), &[os(".")], &[], (120, 30));
    let screen = tui.wait_for(&|s| {
        s.contains("the old bridge is safe") && s.contains("a-first.claims.toml:1:")
    });
    assert!(screen.contains("b-second"), "{screen}");
    tui.send(b"q");
    assert_eq!(tui.exit_code(), 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a-first.claims.toml")).unwrap(),
        "<<<<<<< HEAD\nversion = 1\n=======\n>>>>>>> theirs\n",
        "the broken sheet is left as it is"
    );
}

// ------------------------------------------------ signals and quitting

use claimdesk::app::{Action, AppState, Keymap, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn typed(s: &mut AppState, keys: &str) {
    for c in keys.chars() {
        update(
            s,
            Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

#[test]
fn text_typed_in_an_editor_is_applied_to_a_copy_of_the_sheet_only() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(120, 40));
    assert!(s.with_editor_text().is_none(), "no editor open");
    let id = s.selected_claim().unwrap().id.clone();
    typed(&mut s, "e");
    assert!(s.with_editor_text().is_none(), "nothing typed yet");
    typed(&mut s, "half typed");
    let (copy, what) = s.with_editor_text().unwrap();
    assert_eq!(what, format!("the note of {id} you were typing"));
    assert!(copy.sheet.claim(&id).unwrap().note.ends_with("half typed"));
    assert!(!s.doc.sheet.claim(&id).unwrap().note.contains("half typed"));
    assert!(!s.doc.is_dirty(), "the sheet itself is not changed");
}

fn signal(p: &common::Pty, sig: &str) {
    let pid = p.child.process_id().unwrap();
    let sent = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

#[test]
fn a_signal_with_an_editor_open_keeps_the_text_in_the_recovery_file() {
    for (sig, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut p, article) = editor_open_with(dir.path(), "half typed", &[]);
        signal(&p, sig);
        assert_eq!(p.exit_code(), code, "SIG{sig}");
        let recovery = dir.path().join("story.claims.toml.recovery");
        let kept = fs::read_to_string(&recovery).unwrap_or_default();
        assert!(kept.contains("note = \"half typed\""), "SIG{sig}: {kept}");
        let sheet = fs::read_to_string(dir.path().join("story.claims.toml")).unwrap();
        assert!(!sheet.contains("half typed"), "not saved as the note");
        // The next start offers it; r restores it into the sheet.
        let mut again = common::Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
        again.wait_for(&|s| s.contains("Recovery") && s.contains("r restore"));
        again.send(b"r");
        again.wait_for(&|s| s.contains("restored"));
        again.send(b"q");
        assert_eq!(again.exit_code(), 0);
        let sheet = fs::read_to_string(dir.path().join("story.claims.toml")).unwrap();
        assert!(sheet.contains("note = \"half typed\""), "SIG{sig}: {sheet}");
    }
}

#[test]
fn quitting_from_an_editor_exits_0_and_says_what_was_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, _) = editor_open_with(dir.path(), "never kept", &[]);
    p.send(b"\x03"); // Ctrl-C in a popup quits at once
    exits_saying(
        &mut p,
        0,
        "quit without saving; discarded the note of C1 you were typing",
    );
}

/// The program exits with `code`, having said `said` (on the terminal,
/// once it was restored).
fn exits_saying(p: &mut common::Pty, code: u32, said: &str) {
    assert_eq!(p.exit_code(), code);
    let printed = String::from_utf8_lossy(&p.raw);
    assert!(printed.contains(said), "{printed}");
}

#[test]
fn the_disk_full_warning_fits_the_status_bar_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(80, 24));
    typed(&mut s, "c"); // a verdict: a change to save
    let error = format!(
        "{}: cannot write the sheet: No space left on device (os error 28)",
        dir.path()
            .join("karzai-taliban-talks.claims.toml")
            .display()
    );
    update(&mut s, Action::SaveFailed(error));
    typed(&mut s, "q");
    let screen = common::draw(&s, 80, 24);
    let bar = screen.lines().last().unwrap();
    assert!(bar.contains("NOT SAVED"), "{bar}");
    assert!(bar.contains("q again quits without saving"), "{bar}");
}

// ------------------------------------------------ configuration conflicts

#[test]
fn key_conflicts_in_the_config_are_errors_at_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let config = dir.path().join("config.toml");
    let cases = [
        (
            "[keys]\nconfirm = [\"x\"]\ndeny = [\"x\"]\n",
            ":3:1: [keys] deny: x is bound to both confirm and deny",
        ),
        (
            "analyst = \"ana\"\n[keys]\nquit = []\nforce_quit = []\n",
            ":3:1: [keys] quit: no key left that quits",
        ),
        (
            "[keys]\n  confirm = [\"q\"]\n",
            ":2:3: [keys] confirm: q is the key of quit",
        ),
        (
            "[keys]\ndown = [\"q\", \"j\"]\n",
            ":2:1: [keys] down: q is the key of quit",
        ),
    ];
    for (text, want) in cases {
        fs::write(&config, text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .arg(&article)
            .current_dir(dir.path())
            .env("CLAIMDESK_CONFIG", &config)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("config.toml{want}")), "{text}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

// ------------------------------------------------ article edited while open

#[test]
fn an_article_changed_while_open_is_re_anchored_as_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let article = claimdesk::cli::write_sample(dir.path()).unwrap();
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    let mut s = AppState::new(doc, "ana".into(), Keymap::default(), true, false);
    update(&mut s, Action::Resize(120, 40));
    typed(&mut s, "jj");
    let id = s.selected_claim().unwrap().id.clone();
    let before = s.selected_claim().unwrap().anchor.clone();
    typed(&mut s, "e");
    typed(&mut s, "typing");
    let prefix = "Editor's note: updated.\n\n";
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("{prefix}{text}")).unwrap();
    let new = claimdesk::domain::Article::load(&article).unwrap();
    let effects = update(&mut s, Action::ArticleChanged(Box::new(new)));
    assert!(
        matches!(effects.as_slice(), [claimdesk::app::Effect::Save]),
        "{effects:?}"
    );
    let claim = s.doc.sheet.claim(&id).unwrap();
    let shift = prefix.chars().count();
    assert_eq!(claim.anchor.start, before.start + shift);
    assert_eq!(claim.anchor.quote, before.quote);
    assert_eq!(s.doc.sheet.sha256, s.doc.article.sha256);
    assert!(
        s.message.as_deref().unwrap_or("").contains("re-anchored"),
        "{:?}",
        s.message
    );
    assert_eq!(
        s.selected_claim().unwrap().id,
        id,
        "the same claim stays selected"
    );
    let (_, what) = s
        .with_editor_text()
        .expect("the editor and its text are kept");
    assert_eq!(what, format!("the note of {id} you were typing"));
    // The same bytes again change nothing.
    let same = claimdesk::domain::Article::load(&article).unwrap();
    assert!(update(&mut s, Action::ArticleChanged(Box::new(same))).is_empty());
}

/// A one-claim article: Alice's claim is check-worthy, so a sheet made on
/// opening it (the review queue) holds it as C1.
const ALICE: &str = "Alice said the bridge, built in 1984 for $12 million, is 40 years old.\n";

#[test]
fn the_tui_notices_an_article_edited_on_disk_and_saves_the_re_anchoring() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    fs::write(&article, ALICE).unwrap();
    let mut p = common::Pty::spawn(dir.path(), &[article.as_os_str()], &[], (100, 30));
    p.wait_for(&|s| s.contains("C1 Alice"));
    fs::write(&article, format!("Update: corrected.\n\n{ALICE}")).unwrap();
    p.wait_for(&|s| s.contains("Update: corrected.") && s.contains("re-anchored"));
    p.wait_for(&|s| s.contains("saved"));
    p.send(b"q");
    assert_eq!(p.exit_code(), 0);
    let doc = claimdesk::domain::Doc::open(&article).unwrap();
    assert!(!doc.article_changed(), "the sheet records the new article");
    let c1 = doc.sheet.claim("C1").unwrap();
    assert_eq!(
        doc.article.slice(c1.anchor.start, c1.anchor.end),
        Some(c1.anchor.quote.as_str())
    );
    assert!(!c1.orphan);
}

fn editor_open_with(dir: &Path, text: &str, env: &[(&str, &str)]) -> (common::Pty, PathBuf) {
    let article = dir.join("story.txt");
    fs::write(&article, ALICE).unwrap();
    let mut p = common::Pty::spawn(dir, &[article.as_os_str()], env, (100, 30));
    p.wait_for(&|s| s.contains("C1 Alice"));
    p.send(b"e");
    p.wait_for(&|s| s.contains("Note for C1"));
    p.send(text.as_bytes());
    p.wait_for(&|s| s.contains(text));
    (p, article)
}

#[test]
fn a_crash_with_an_editor_open_keeps_the_text_too() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, _) = editor_open_with(
        dir.path(),
        "typed before the crash",
        &[("CLAIMDESK_CRASH_DRILL", "1")],
    );
    p.send(b"\x1b[24~"); // F12: the crash drill
    assert_eq!(p.exit_code(), 101);
    let kept = fs::read_to_string(dir.path().join("story.claims.toml.recovery")).unwrap();
    assert!(kept.contains("note = \"typed before the crash\""), "{kept}");
}

#[test]
#[cfg_attr(not(claimdesk_root), ignore = "needs root (mounts a small tmpfs)")]
fn when_the_recovery_file_cannot_be_written_the_typed_text_is_printed() {
    // A disk that fills up while the note is typed: neither the sheet nor
    // the recovery file can be written at the signal.
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small");
    fs::create_dir(&small).unwrap();
    assert!(
        common::mount_tmpfs(&small, "256k"),
        "cannot mount a tmpfs although running as root"
    );
    let _unmount = common::Unmount(small.clone());
    let (mut p, _) = editor_open_with(&small, "the last copy", &[]);
    let filler = fs::File::create(small.join("filler")).unwrap();
    let mut filler = std::io::BufWriter::new(filler);
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut filler, &block).is_ok()
        && std::io::Write::flush(&mut filler).is_ok()
    {}
    signal(&p, "TERM");
    exits_saying(
        &mut p,
        143,
        "the note of C1 you were typing: could not be kept",
    );
    let printed = String::from_utf8_lossy(&p.raw);
    assert!(
        printed.contains("what you were typing: the last copy"),
        "{printed}"
    );
}

/// A TUI whose denial of C1 could not be saved (a folder where the sheet
/// was: every save fails).
fn unsaved_verdict(dir: &Path) -> common::Pty {
    let article = dir.join("story.txt");
    fs::write(&article, ALICE).unwrap();
    let mut p = common::Pty::spawn(dir, &[article.as_os_str()], &[], (100, 30));
    p.wait_for(&|s| s.contains("C1 Alice"));
    let sheet = dir.join("story.claims.toml");
    fs::remove_file(&sheet).unwrap();
    fs::create_dir(&sheet).unwrap();
    p.send(b"d");
    p.wait_for(&|s| s.contains("NOT SAVED"));
    p
}

#[test]
fn quitting_with_a_change_not_saved_says_which_claims_were_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = unsaved_verdict(dir.path());
    p.send(b"q");
    p.wait_for(&|s| s.contains("q again quits without saving"));
    p.send(b"q");
    exits_saying(&mut p, 0, "quit without saving; discarded the changes");
}

#[test]
fn a_change_that_could_not_be_saved_goes_to_the_recovery_file_at_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = unsaved_verdict(dir.path());
    signal(&p, "TERM");
    exits_saying(&mut p, 143, "the changes that were not saved: kept in");
    let kept = fs::read_to_string(dir.path().join("story.claims.toml.recovery")).unwrap();
    assert!(kept.contains("status = \"denied\""), "{kept}");
}
