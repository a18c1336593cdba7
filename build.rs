//! Tells the tests what this machine offers, so a test that cannot run here
//! is reported as *ignored* (with its reason) rather than as passed:
//! `claimdesk_eval` when `../shared/eval` (the evaluation data) is present,
//! `claimdesk_seed` for `../shared/seed`, `claimdesk_git` when git runs, `claimdesk_root` when building as
//! root (the tests that mount a small tmpfs need it). Worked out when the
//! build script runs: after `../shared` appears, `touch build.rs`.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!(
        "cargo::rustc-check-cfg=cfg(claimdesk_eval, claimdesk_seed, claimdesk_root, claimdesk_git)"
    );
    if Path::new("../shared").is_dir() {
        println!("cargo::rerun-if-changed=../shared");
    }
    if Path::new("../shared/eval").is_dir() {
        println!("cargo::rustc-cfg=claimdesk_eval");
    }
    if Path::new("../shared/seed").is_dir() {
        println!("cargo::rustc-cfg=claimdesk_seed");
    }
    let git = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if git {
        println!("cargo::rustc-cfg=claimdesk_git");
    }
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.trim_ascii() == b"0");
    if root {
        println!("cargo::rustc-cfg=claimdesk_root");
    }
}
