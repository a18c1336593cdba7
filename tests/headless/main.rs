//! The command line and the domain, headless: sheets, stores, extraction, search, exports, fact-checks, reliability.
//!
//! One test binary for many files, to keep link time down: each file is a module.

#[path = "../common/mod.rs"]
mod common;

mod add;
mod anchor;
mod article_paths;
mod cache;
mod cache_evict;
mod cache_pack;
mod cache_stamp;
mod cli_review;
mod closed_pipe;
mod edges;
mod export;
mod extract;
mod factchecks;
mod faults;
mod foundation;
mod paragraphs;
mod reliability;
mod score_order;
mod search;
mod similar;
mod verdicts;
mod writers;
