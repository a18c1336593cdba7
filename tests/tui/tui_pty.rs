//! The real binary in a pseudo-terminal: end to end, signals, a closed
//! terminal, a panic.

use crate::common;

use std::path::{Path, PathBuf};

use claimdesk::domain::{Doc, Status};
use common::Pty;

fn wait_for(
    parser: &mut vt100::Parser,
    rx: &std::sync::mpsc::Receiver<Vec<u8>>,
    what: &dyn Fn(&str) -> bool,
) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let screen = parser.screen().contents();
        if what(&screen) {
            return screen;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        assert!(!left.is_zero(), "timed out; the screen was:\n{screen}");
        if let Ok(bytes) = rx.recv_timeout(left.min(std::time::Duration::from_millis(200))) {
            parser.process(&bytes);
        }
    }
}

fn copy_sample(dir: &Path) -> PathBuf {
    claimdesk::cli::write_sample(dir).unwrap()
}

#[test]
fn end_to_end_in_a_pseudo_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};

    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "analyst = \"e2e tester\"\n").unwrap();
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimdesk"));
    cmd.arg(&article);
    cmd.env("TERM", "xterm-256color");
    cmd.env("CLAIMDESK_CONFIG", &config);
    cmd.env_remove("NO_COLOR");
    cmd.cwd(dir.path());
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(40).unwrap(),
        std::num::NonZeroU16::new(120).unwrap(),
        0,
    );
    // The article and the claims list are both on screen.
    let screen = wait_for(&mut parser, &rx, &|s| {
        s.contains("Claims 15/15")
            && s.contains("0/15 reviewed")
            && s.contains("│The US is in contact with the Taliban about a possible peace")
            && s.contains("C15 Robert Ga")
    });
    assert!(screen.contains("according to Hamid Karzai"), "{screen}");
    // Move to C2 and deny it; the screen shows it saved.
    writer.write_all(b"jd").unwrap();
    writer.flush().unwrap();
    wait_for(&mut parser, &rx, &|s| {
        s.contains("1/15 reviewed") && s.contains("saved ")
    });
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(status.exit_code(), 0);
    // The terminal was restored: the alternate screen was left.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while parser.screen().alternate_screen() && std::time::Instant::now() < deadline {
        if let Ok(bytes) = rx.recv_timeout(std::time::Duration::from_millis(100)) {
            parser.process(&bytes);
        }
    }
    assert!(
        !parser.screen().alternate_screen(),
        "still in the alternate screen"
    );
    let doc = Doc::open(&article).unwrap();
    let c2 = &doc.sheet.claims[1];
    assert_eq!(c2.id, "C2");
    assert_eq!(c2.status, Status::Denied);
    assert_eq!(c2.reviewed_by.as_deref(), Some("e2e tester"));
    assert_eq!(doc.sheet.counts().reviewed, 1);
}

fn spawn_tui(dir: &Path, path: &Path) -> Pty {
    spawn_tui_with(dir, path, &[])
}

fn spawn_tui_with(dir: &Path, path: &Path, env: &[(&str, &str)]) -> Pty {
    Pty::spawn(dir, &[path.as_os_str()], env, (80, 24))
}

#[test]
fn sigterm_restores_the_terminal_and_a_missing_sheet_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("story.txt");
    std::fs::write(
        &article,
        "Alice said the bridge, built in 1984 for $12 million, is 40 years old.\n",
    )
    .unwrap();
    let mut p = spawn_tui(dir.path(), &article);
    // The sheet is created through init's code path: the extractor's
    // review queue, which holds this check-worthy claim.
    p.wait_for(&|s| s.contains("C1 Alice") && s.contains("0/1 reviewed"));
    let created = claimdesk::domain::Doc::open(&article).unwrap();
    assert_eq!(created.sheet.claims.len(), 1);
    assert_eq!(created.sheet.claims[0].speaker.as_deref(), Some("Alice"));
    let pid = p.child.process_id().unwrap();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(p.exit_code(), 128 + 15, "128 + SIGTERM");
    assert!(!p.parser.screen().alternate_screen());
}

/// The terminal closed under it (the window shut, ssh dropped): it exits
/// within 2 seconds and does not spin, and what was done is saved.
#[test]
fn closing_the_terminal_ends_it_within_two_seconds() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimdesk"));
    cmd.arg(&article);
    cmd.env("TERM", "xterm-256color");
    cmd.env("CLAIMDESK_CONFIG", dir.path().join("no-config.toml"));
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    // The reader holds a copy of the terminal's master side: it lets go of
    // it when told to, after its next read, so the terminal can really close.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stopping = std::sync::Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || stopping.load(Ordering::SeqCst) || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut parser = vt100::Parser::new(
        std::num::NonZeroU16::new(24).unwrap(),
        std::num::NonZeroU16::new(80).unwrap(),
        0,
    );
    wait_for(&mut parser, &rx, &|s| {
        s.contains("C1") && s.contains("reviewed")
    });
    writer.write_all(b"c").unwrap();
    writer.flush().unwrap();
    wait_for(&mut parser, &rx, &|s| s.contains("1/15 reviewed"));
    // One more key makes the screen change: the reader wakes and lets go.
    stop.store(true, Ordering::SeqCst);
    writer.write_all(b"j").unwrap();
    writer.flush().unwrap();
    thread.join().unwrap();
    drop(writer);
    drop(pair.master);
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "still running 2 s after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    eprintln!("exited {:?} after {:?}", status, started.elapsed());
    assert_eq!(status.exit_code(), 128 + 1, "128 + SIGHUP");
    let doc = Doc::open(&article).unwrap();
    assert_eq!(
        doc.sheet.claim("C1").unwrap().status,
        Status::Confirmed,
        "the verdict was saved"
    );
}

/// A panic anywhere in the TUI restores the terminal and says what happened.
#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let article = copy_sample(dir.path());
    let mut p = spawn_tui_with(dir.path(), &article, &[("CLAIMDESK_CRASH_DRILL", "1")]);
    p.wait_for(&|s| s.contains("C1") && s.contains("reviewed"));
    assert!(p.parser.screen().alternate_screen());
    p.send(b"c");
    p.wait_for(&|s| s.contains("1/15 reviewed"));
    p.send(b"\x1b[24~"); // F12
    assert_eq!(p.exit_code(), 101, "a panic");
    let screen = p.parser.screen().contents();
    assert!(
        String::from_utf8_lossy(&p.raw).contains("crash drill"),
        "the panic message was shown"
    );
    assert!(
        !p.parser.screen().alternate_screen(),
        "the alternate screen was left:\n{screen}"
    );
    assert!(
        !p.parser.screen().hide_cursor(),
        "the cursor is shown again"
    );
    let doc = Doc::open(&article).unwrap();
    assert_eq!(
        doc.sheet.claim("C1").unwrap().status,
        Status::Confirmed,
        "what was done is saved"
    );
}
