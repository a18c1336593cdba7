//! A reader that stops reading (`claimdesk list … | head -1`) ends the
//! command quietly and with success, as `ls | head` does.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

#[test]
fn a_closed_pipe_ends_every_printing_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string("data/karzai-taliban-talks.txt").unwrap();
    // Long enough that the output overflows any pipe buffer.
    let article = dir.path().join("long.txt");
    std::fs::write(&article, vec![sample.as_str(); 60].join("\n")).unwrap();
    let bin = env!("CARGO_BIN_EXE_claimdesk");
    let init = Command::new(bin)
        .args(["init".as_ref(), article.as_os_str()])
        .env("CLAIMDESK_CONFIG", dir.path().join("none.toml"))
        .output()
        .unwrap();
    assert!(init.status.success(), "{init:?}");
    for args in [
        vec!["extract", "long.txt"],
        vec!["extract", "long.txt", "--format", "json"],
        vec!["list", "long.txt"],
        vec!["list", "long.txt", "--format", "json"],
        vec!["export", "long.txt", "--format", "md"],
        vec!["export", "long.txt", "--format", "csv"],
    ] {
        let mut child = Command::new(bin)
            .args(&args)
            .current_dir(dir.path())
            .env("CLAIMDESK_CONFIG", dir.path().join("none.toml"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{args:?} printed nothing");
        drop(out);
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{args:?}: {status:?}, stderr {err:?}");
        assert_eq!(err, "", "{args:?} complained about the closed pipe");
    }
}
