//! Shared by the integration tests: the real binary in a pseudo-terminal.
#![allow(dead_code)]

pub mod tui;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use claimdesk::app::{AppState, Effect, update};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// `claimdesk` running in a pseudo-terminal, its screen kept by a vt100
/// parser, every byte it wrote kept too.
pub struct Pty {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    rx: Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    /// Everything the program wrote to the terminal, raw.
    pub raw: Vec<u8>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Start `claimdesk ARGS` in `dir` on a `cols` x `rows` terminal, with
    /// no configuration file unless `env` names one.
    pub fn spawn(
        dir: &Path,
        args: &[&std::ffi::OsStr],
        env: &[(&str, &str)],
        size: (u16, u16),
    ) -> Pty {
        let (cols, rows) = size;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_claimdesk"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("CLAIMDESK_CONFIG", dir.join("no-config.toml"));
        // The analyst's own fact-check library and caches stay out of it.
        cmd.env("XDG_DATA_HOME", dir.join(".data-home"));
        cmd.env("XDG_CACHE_HOME", dir.join(".cache-home"));
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(dir);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let parser = vt100::Parser::new(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
            0,
        );
        Pty {
            child,
            writer,
            rx,
            parser,
            raw: Vec::new(),
            _master: pair.master,
        }
    }

    fn take(&mut self, wait: Duration) -> bool {
        match self.rx.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    /// Wait (up to 30 s) until the screen satisfies `what`; returns it.
    pub fn wait_for(&mut self, what: &dyn Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.parser.screen().contents();
            if what(&screen) {
                return screen;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out; the screen was:\n{screen}");
            self.take(left.min(Duration::from_millis(200)));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait (up to 20 s) for the program to exit; returns its exit code,
    /// having read what it wrote until then.
    pub fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while self.take(Duration::from_millis(100)) {}
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "still running after 20 s:\n{}",
                    self.parser.screen().contents()
                );
            }
            self.take(Duration::from_millis(50));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // Never leave a claimdesk behind when a test fails.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Perform effects as the runtime does, feeding back their outcomes.
pub fn perform_all(s: &mut AppState, effects: Vec<Effect>) {
    let mut queue = effects;
    while !queue.is_empty() {
        let e = queue.remove(0);
        if let (Some(a), _) = claimdesk::runtime::perform(s, &e) {
            queue.extend(update(s, a));
        }
    }
}

/// The screen as text, drawn without colours at `width` x `height`.
pub fn draw(s: &AppState, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut t = ratatui::Terminal::new(backend).unwrap();
    t.draw(|f| claimdesk::view::render(s, &claimdesk::view::Theme::plain(), f))
        .unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Run git in `dir` as a fixed author; its output, or the test fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Mount a tmpfs of `size` (e.g. "256k") on `dir`: a small disk to fill or
/// make read-only. Needs root; false when the mount failed.
pub fn mount_tmpfs(dir: &Path, size: &str) -> bool {
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Unmounts its folder when dropped.
pub struct Unmount(pub std::path::PathBuf);
impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Start `n` commands made by `make` at once (their output dropped) and
/// check that each succeeds.
pub fn all_succeed_at_once(n: usize, make: impl Fn() -> std::process::Command) {
    let children: Vec<_> = (0..n)
        .map(|_| make().stdout(std::process::Stdio::null()).spawn().unwrap())
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
}
