//! The TUI's event loop, terminal set-up and restore, and effects (issue #3).
