//! The TUI's state and its pure update function (issue #3).
