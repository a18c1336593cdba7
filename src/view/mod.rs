//! Rendering of the TUI state (issue #3).
