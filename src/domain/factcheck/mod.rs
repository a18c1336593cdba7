//! Published fact-checks: a local library of ClaimReview records read from
//! the formats fact-checkers publish (JSON-LD, DataFeed, the Fact Check
//! Tools API, HTML pages, CSV), kept as JSON Lines, and matched against
//! claims ("has this been checked before?").

pub mod assoc;
pub mod cache;
pub mod fetch;
pub mod import;
mod import_csv;
pub mod library;
pub mod matcher;
pub mod prior;
pub mod record;
pub mod text;
pub mod verdict;

pub use library::Library;
pub use matcher::{Matcher, PriorMatch};
pub use record::Record;
pub use verdict::Verdict;
