//! A team on one workspace: git merges of sheets, team review, workspaces of many articles.
//!
//! One test binary for many files, to keep link time down: each file is a module.

#[path = "../common/mod.rs"]
mod common;

mod git_team;
mod only_articles;
mod team_review;
mod workspace;
