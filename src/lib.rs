//! claimdesk: a terminal workbench for fact-checkers.
//!
//! Layers: [`domain`] (pure data and work on it), `app` (state and a pure
//! update function), `view` (rendering), `runtime` (terminal and effects),
//! and [`cli`] (the command line).
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod runtime;
pub mod view;
