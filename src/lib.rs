//! claimdesk: a terminal workbench for fact-checkers.
//!
//! Layers, each importing only those below it: [`domain`] (pure data and
//! work on it; [`config`] and [`sample`] beside it), `app` (state and a pure
//! update function), `view` (rendering), `runtime` (terminal and effects),
//! and [`cli`] (the command line). See docs/architecture.md.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod runtime;
pub mod sample;
pub mod view;
