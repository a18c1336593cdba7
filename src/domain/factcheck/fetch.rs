//! Downloading a fact-check source given as an http(s) address (a feed, an
//! API answer, a fact-check page): one GET with a time limit and a size
//! limit, the body returned as bytes for [`super::import::parse`].

use std::time::Duration;

/// The largest body read (a bulk feed of every fact-check runs to tens of
/// megabytes).
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Whether a source names a web address rather than a file.
pub fn is_url(source: &str) -> bool {
    let lower = source.get(..8).unwrap_or(source).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The body at `url`, or a one-line reason it could not be had.
pub fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("claimdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| e.to_string())?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(|e| e.to_string())
}
