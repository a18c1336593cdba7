//! Who has a sheet open for editing: `NAME.claims.toml.lock` beside it,
//! holding the owner's process id, host, start of the lock and the
//! process's own start time. A second window opens read-only while the
//! owner lives; a lock that can no longer belong to a live claimdesk is
//! stale and taken over: an empty or unreadable one (with a warning), one
//! whose process on this host has died, is not a claimdesk, or is a newer
//! process that was given the same id.
//!
//! This lock says who edits; it is not what keeps writers apart (every
//! save takes [`super::write_lock`] for that).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::claim::Stamp;
use super::error::{Error, Result};
use super::write_lock::WriteLock;

/// Who holds a sheet's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockInfo {
    pub pid: u32,
    pub host: String,
    pub since: String,
}

impl std::fmt::Display for LockInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "process {} on {} since {}",
            self.pid, self.host, self.since
        )
    }
}

/// An exclusive claim on a sheet for editing, released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    warning: Option<String>,
}

/// The result of trying to lock a sheet.
#[derive(Debug)]
pub enum Locked {
    /// The lock is ours.
    Acquired(Lock),
    /// Another live process holds it: open read-only.
    HeldBy(LockInfo),
}

pub(crate) fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

/// What the system tells of a process on this host.
enum Process {
    /// No /proc: nothing can be known; assume it lives.
    Unknown,
    Gone,
    /// Alive: its name and start time (clock ticks after boot), where told.
    Alive {
        name: Option<String>,
        start: Option<u64>,
    },
}

fn process(pid: u32) -> Process {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return Process::Unknown;
    }
    let dir = proc.join(pid.to_string());
    match fs::read_to_string(dir.join("stat")) {
        Ok(stat) => {
            let rest = stat.rsplit(')').next().unwrap_or("");
            let mut fields = rest.split_whitespace();
            // A zombie has exited; only its parent has not reaped it yet.
            if fields.next() == Some("Z") {
                return Process::Gone;
            }
            // Field 22 of stat, the 20th after the name.
            let start = fields.nth(18).and_then(|s| s.parse().ok());
            let name = fs::read_to_string(dir.join("comm"))
                .ok()
                .map(|n| n.trim().to_owned());
            Process::Alive { name, start }
        }
        Err(_) => Process::Gone,
    }
}

/// This process's name and start time, as a lock records them.
fn this_process() -> (Option<String>, Option<u64>) {
    match process(std::process::id()) {
        Process::Alive { name, start } => (name, start),
        _ => (None, None),
    }
}

/// Could the process that wrote this lock still hold it?
fn holder_lives(pid: u32, start: Option<u64>) -> bool {
    match process(pid) {
        Process::Unknown => true,
        Process::Gone => false,
        Process::Alive {
            name,
            start: started,
        } => {
            let ours = this_process().0;
            let claimdesk = name.as_deref().is_none_or(|n| {
                n == "claimdesk" || n.starts_with("claimdesk") || Some(n) == ours.as_deref()
            });
            let same = start.is_none() || started.is_none() || start == started;
            claimdesk && same
        }
    }
}

/// A lock's content: pid, host, since, and (from this version) the
/// process's start time.
fn parse(text: &str) -> Option<(LockInfo, Option<u64>)> {
    let mut lines = text.lines();
    let pid = lines
        .next()?
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|p| *p > 0)?;
    let host = lines.next()?.trim().to_owned();
    let since = lines.next()?.trim().to_owned();
    if host.is_empty() {
        return None;
    }
    let start = lines.next().and_then(|s| s.trim().parse().ok());
    Some((LockInfo { pid, host, since }, start))
}

impl Lock {
    pub fn path_for(sheet_path: &Path) -> PathBuf {
        let mut name = sheet_path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        sheet_path.with_file_name(name)
    }

    /// Lock a sheet, taking over a stale lock.
    pub fn acquire(sheet_path: &Path) -> Result<Locked> {
        let path = Lock::path_for(sheet_path);
        // Two takers of one stale lock must not both remove it and each
        // create their own: the sheet's write lock puts them in turn.
        let target = fs::canonicalize(sheet_path).unwrap_or_else(|_| sheet_path.to_path_buf());
        let _in_turn = WriteLock::acquire(&target, super::write_lock::WAIT)?;
        let host = host_name();
        let start = this_process().1;
        let body = format!(
            "{}\n{}\n{}\n{}\n",
            std::process::id(),
            host,
            Stamp::now().to_rfc3339(),
            start.map(|s| s.to_string()).unwrap_or_default()
        );
        let mut warning = None;
        for _ in 0..3 {
            match create(&path, body.as_bytes()) {
                Ok(()) => return Ok(Locked::Acquired(Lock { path, warning })),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    match parse(&text) {
                        Some((info, start)) => {
                            if info.host != host || holder_lives(info.pid, start) {
                                return Ok(Locked::HeldBy(info));
                            }
                        }
                        None => {
                            warning = Some(format!(
                                "took over an empty or unreadable lock: {}",
                                path.file_name().unwrap_or_default().to_string_lossy()
                            ));
                        }
                    }
                    // Stale: take it over (another taker may race us; the
                    // exclusive creation decides who wins).
                    let _ = fs::remove_file(&path);
                }
                Err(e) => return Err(Error::io(&path, "cannot create the lock file", e)),
            }
        }
        Err(Error::sheet(
            &path,
            "could not take over a stale lock file; remove it by hand",
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why taking the lock deserves a word (a broken lock was taken over).
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }
}

/// Create `path` holding `bytes`, all at once: written beside it first and
/// linked into place only if nothing is there, so no reader ever sees it
/// empty or half written.
fn create(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".claimdesk-lock.")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map(|_| ()).map_err(|e| e.error)
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_is_exclusive_released_on_drop_and_taken_over_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("story.claims.toml");
        let Locked::Acquired(lock) = Lock::acquire(&sheet).unwrap() else {
            panic!("first lock must succeed");
        };
        assert_eq!(lock.warning(), None);
        match Lock::acquire(&sheet).unwrap() {
            Locked::HeldBy(info) => assert_eq!(info.pid, std::process::id()),
            Locked::Acquired(_) => panic!("second lock must fail while the first is held"),
        }
        drop(lock);
        assert!(!Lock::path_for(&sheet).exists());
        // A lock of a process that is gone is taken over.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = format!("{dead}\n{}\n2026-01-01T00:00:00Z\n", host_name());
        fs::write(Lock::path_for(&sheet), stale).unwrap();
        assert!(matches!(
            Lock::acquire(&sheet).unwrap(),
            Locked::Acquired(_)
        ));
        // A live process's lock on another host is respected.
        fs::write(
            Lock::path_for(&sheet),
            "1\nelsewhere\n2026-01-01T00:00:00Z\n",
        )
        .unwrap();
        match Lock::acquire(&sheet).unwrap() {
            Locked::HeldBy(info) => assert_eq!(
                info.to_string(),
                "process 1 on elsewhere since 2026-01-01T00:00:00Z"
            ),
            Locked::Acquired(_) => panic!("another host's lock must be respected"),
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn empty_garbage_or_foreign_locks_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let sheet = dir.path().join("story.claims.toml");
        for garbage in ["", "0\n\n\n", "not a lock", "\u{0}\u{1}"] {
            fs::write(Lock::path_for(&sheet), garbage).unwrap();
            match Lock::acquire(&sheet).unwrap() {
                Locked::Acquired(lock) => {
                    assert!(lock.warning().unwrap().starts_with("took over an empty"));
                }
                Locked::HeldBy(info) => panic!("{garbage:?} held by {info}"),
            }
        }
        // A live process that is not claimdesk.
        let mut sleeper = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let foreign = format!("{}\n{}\n2026-01-01T00:00:00Z\n", sleeper.id(), host_name());
        fs::write(Lock::path_for(&sheet), foreign).unwrap();
        let taken = Lock::acquire(&sheet).unwrap();
        let _ = sleeper.kill();
        let _ = sleeper.wait();
        assert!(matches!(taken, Locked::Acquired(_)));
        // This very process, but started at another time (its id reused).
        let reused = format!(
            "{}\n{}\n2026-01-01T00:00:00Z\n1\n",
            std::process::id(),
            host_name()
        );
        drop(taken);
        fs::write(Lock::path_for(&sheet), reused).unwrap();
        assert!(matches!(
            Lock::acquire(&sheet).unwrap(),
            Locked::Acquired(_)
        ));
    }
}
