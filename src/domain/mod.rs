//! The domain: articles, claims, sheets and their storage, and the work done
//! on them (extraction, anchoring, search, export). Pure Rust: nothing here
//! touches the terminal, so the CLI and the tests use it headless.

pub mod anchor;
pub mod article;
pub mod cache;
pub mod claim;
pub mod conflict_markers;
pub mod edit;
pub mod error;
pub mod export;
pub mod extract;
pub mod factcheck;
pub mod fetch;
pub mod filenames;
pub mod gitignore;
pub mod ingest;
pub mod line_endings;
pub mod link;
pub mod markdown;
pub mod merge;
pub mod merge_driver;
pub mod meta;
pub mod outputs;
pub mod paths;
pub mod reader;
pub mod sanitize;
pub mod search;
pub mod session_lock;
pub mod sheet;
pub mod similar;
pub mod store;
pub mod team;
pub mod verdict;
pub mod workspace;
pub mod worth;
pub mod write_lock;

pub use article::Article;
pub use claim::{Claim, ClaimKind, Stamp, Status};
pub use error::{Error, Result};
pub use sheet::{Counts, Sheet};
pub use store::Doc;
pub use verdict::{StatusFilter, Verdict};
pub use worth::Score;
