//! The review TUI: key sequences on `update`, `TestBackend` snapshots, and the real binary in a pseudo-terminal.
//!
//! One test binary for many files, to keep link time down: each file is a module.

#[path = "../common/mod.rs"]
mod common;

mod add_tui;
mod tui_big;
mod tui_keys;
mod tui_layout;
mod tui_prior;
mod tui_pty;
mod tui_screen;
mod tui_team;
mod tui_triage;
