//! A sheet from someone else names its article: every command refuses an
//! `article` that leaves the sheet's folder (or the workspace), before the
//! article is opened, leaves the sheet byte for byte as it was, and shows
//! nothing of the outside file.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const SECRET: &str = "SECRET_TOKEN=abc123xyz";
const LEAVES: &str = "article path leaves the workspace";

struct Case {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    sheet: PathBuf,
    bytes: Vec<u8>,
}

/// A workspace `ws/` holding `story.txt` and a sheet whose `article` is
/// `value`, beside a folder `secret/` holding a copy of the story with a
/// secret in front (so re-anchoring into it would succeed).
fn case(value: &str, prepare: impl FnOnce(&Path, &Path)) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let secret = dir.path().join("secret");
    fs::create_dir_all(ws.join("sub")).unwrap();
    fs::create_dir_all(&secret).unwrap();
    let story = fs::read_to_string("data/karzai-taliban-talks.txt").unwrap();
    fs::write(ws.join("story.txt"), &story).unwrap();
    fs::write(secret.join("creds.txt"), format!("{SECRET}\n{story}")).unwrap();
    prepare(&ws, &secret);
    let sheet_text = fs::read_to_string("data/karzai-taliban-talks.claims.toml").unwrap();
    let escaped = value.replace('\\', "\\\\");
    let sheet_text = sheet_text.replace(
        "article = \"karzai-taliban-talks.txt\"",
        &format!("article = \"{escaped}\""),
    );
    let sheet = ws.join("story.claims.toml");
    fs::write(&sheet, &sheet_text).unwrap();
    Case {
        _dir: dir,
        ws,
        sheet,
        bytes: sheet_text.into_bytes(),
    }
}

fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("claimdesk")
        .unwrap()
        .current_dir(dir)
        .env("CLAIMDESK_CONFIG", dir.join("no-config.toml"))
        .env("XDG_DATA_HOME", dir.join("data-home"))
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// Every command on the sheet (and `stats` on its folder) is refused.
fn assert_refused_everywhere(c: &Case, shape: &str) {
    let sheet = c.sheet.as_os_str();
    let ws = c.ws.as_os_str();
    let commands: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["list".as_ref(), sheet],
        vec!["check".as_ref(), sheet],
        vec!["check".as_ref(), sheet, "--fix".as_ref()],
        vec!["export".as_ref(), sheet],
        vec!["export".as_ref(), ws],
        vec!["stats".as_ref(), sheet],
        vec!["stats".as_ref(), ws],
        vec!["mark".as_ref(), sheet, "C1".as_ref(), "denied".as_ref()],
        // The TUI refuses before it takes the terminal.
        vec![sheet],
    ];
    for args in commands {
        let (code, text) = run(&c.ws, &args);
        let shown: Vec<_> = args.iter().map(|a| a.to_string_lossy()).collect();
        assert_eq!(code, Some(1), "{shape}: {shown:?} gave {code:?}: {text}");
        assert!(
            text.contains(&format!("story.claims.toml:3:11: {LEAVES}")),
            "{shape}: {shown:?}: {text}"
        );
        assert!(
            !text.contains(SECRET),
            "{shape}: {shown:?} showed the secret"
        );
        assert_eq!(
            fs::read(&c.sheet).unwrap(),
            c.bytes,
            "{shape}: {shown:?} rewrote the sheet"
        );
    }
}

#[test]
fn every_escape_shape_is_refused_by_every_command() {
    let abs = |_: &Path, _: &Path| {};
    // Absolute, climbing, home, Windows and empty paths.
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("elsewhere.txt");
    fs::write(&outside, SECRET).unwrap();
    for value in [
        outside.to_string_lossy().into_owned(),
        "../secret/creds.txt".into(),
        "sub/../../secret/creds.txt".into(),
        "~/secret/creds.txt".into(),
        "/proc/self/environ".into(),
        "C:\\secret\\creds.txt".into(),
        "\\\\server\\share\\creds.txt".into(),
        String::new(),
    ] {
        assert_refused_everywhere(&case(&value, abs), &value);
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_special_files_are_refused() {
    use std::os::unix::fs::symlink;
    let c = case("link.txt", |ws, secret| {
        symlink(secret.join("creds.txt"), ws.join("link.txt")).unwrap();
    });
    assert_refused_everywhere(&c, "a symlinked article");
    let c = case("dir/creds.txt", |ws, secret| {
        symlink(secret, ws.join("dir")).unwrap();
    });
    assert_refused_everywhere(&c, "a symlinked folder on the way");
    let c = case("me/cwd/../secret/creds.txt", |ws, _| {
        symlink("/proc/self", ws.join("me")).unwrap();
    });
    assert_refused_everywhere(&c, "a link through /proc/self");
    let c = case("pipe.txt", |ws, _| {
        let made = std::process::Command::new("mkfifo")
            .arg(ws.join("pipe.txt"))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    });
    // Opening a FIFO would block: the refusal comes first.
    assert_refused_everywhere(&c, "a FIFO");
}

#[test]
fn a_dot_dot_that_stays_inside_is_allowed() {
    let c = case("sub/../story.txt", |_, _| {});
    let (code, text) = run(&c.ws, &["list".as_ref(), c.sheet.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("C1"), "{text}");
    let (code, text) = run(&c.ws, &["stats".as_ref(), c.ws.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn in_a_workspace_the_article_may_lie_anywhere_inside_it() {
    // ws/sub/story.claims.toml names ../story.txt: outside the sheet's
    // folder, inside the workspace.
    let c = case("story.txt", |_, _| {});
    let text = fs::read_to_string(&c.sheet)
        .unwrap()
        .replace("article = \"story.txt\"", "article = \"../story.txt\"");
    let nested = c.ws.join("sub/story.claims.toml");
    fs::write(&nested, &text).unwrap();
    fs::remove_file(&c.sheet).unwrap();
    // On its own the sheet's folder is the limit...
    let (code, out) = run(&c.ws, &["list".as_ref(), nested.as_os_str()]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains(LEAVES), "{out}");
    // ...in the workspace, the workspace is.
    let (code, out) = run(&c.ws, &["stats".as_ref(), c.ws.as_os_str()]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(fs::read_to_string(&nested).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn a_workspace_leaves_out_articles_linked_from_outside() {
    let c = case("story.txt", |ws, secret| {
        std::os::unix::fs::symlink(secret.join("creds.txt"), ws.join("leak.txt")).unwrap();
    });
    let found = claimdesk::domain::workspace::articles_in(&c.ws).unwrap();
    let names: Vec<_> = found
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["story.txt"]);
}

#[test]
fn writers_only_write_values_the_readers_accept() {
    // A sheet whose article value was made unacceptable in memory is not
    // written.
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("a.txt");
    fs::write(&article, "The minister said the bridge cost $4 million.\n").unwrap();
    let mut doc = claimdesk::domain::Doc::create(&article, vec![]).unwrap();
    doc.sheet.article = "/etc/passwd".into();
    let e = doc.save_over().unwrap_err().to_string();
    assert!(e.contains(LEAVES), "{e}");
    assert!(!dir.path().join("a.claims.toml").exists());
}

#[test]
fn the_workspace_view_opens_by_the_same_rule() {
    use claimdesk::domain::workspace::{open_article, open_article_in};
    let c = case("../secret/creds.txt", |_, _| {});
    let e = open_article(&c.ws.join("story.txt"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!("story.claims.toml:3:11: {LEAVES}")),
        "{e}"
    );
    let e = open_article_in(&c.ws.join("story.txt"), Some(&c.ws))
        .unwrap_err()
        .to_string();
    assert!(e.contains(LEAVES), "{e}");
    assert_eq!(fs::read(&c.sheet).unwrap(), c.bytes);
}
