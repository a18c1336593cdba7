//! Fetching an article over HTTP(S): a blocking client with a connect and a
//! total timeout, at most [`MAX_REDIRECTS`] redirects, a body limit, only
//! page, PDF and text content types, and a clear User-Agent. Every failure
//! is one [`FetchError`] line. Used by `claimdesk add` and the TUI's worker.

use std::time::Duration;

use ureq::ResponseExt;

/// Redirects followed before giving up.
pub const MAX_REDIRECTS: u32 = 5;
/// The largest body read: 20 MB.
pub const MAX_BODY_BYTES: u64 = 20 * 1024 * 1024;
/// What claimdesk says it is.
pub const USER_AGENT: &str = concat!(
    "claimdesk/",
    env!("CARGO_PKG_VERSION"),
    " (fact-checking article reader)"
);

/// Limits on one fetch.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub connect: Duration,
    pub total: Duration,
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(30),
            max_bytes: MAX_BODY_BYTES,
        }
    }
}

/// What a fetched body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Pdf,
    Text,
}

/// A fetched body.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address after redirects.
    pub url: String,
    pub kind: Kind,
    /// The charset the server declared, if any.
    pub charset: Option<String>,
    pub bytes: Vec<u8>,
}

/// Why a fetch failed; each displays as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not an http:// or https:// address")]
    BadUrl,
    #[error("cannot resolve the host name (DNS)")]
    Dns,
    #[error("connection refused")]
    Refused,
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("TLS error: {0}")]
    Tls(String),
    #[error("HTTP {0}")]
    Status(String),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("too large (over {0} MB)")]
    TooLarge(u64),
    #[error("wrong content type {0} (expected a web page, a PDF or plain text)")]
    WrongType(String),
    #[error("{0}")]
    Other(String),
}

/// Fetch `url` within `limits`.
pub fn fetch(url: &str, limits: &Limits) -> Result<Fetched, FetchError> {
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(scheme.starts_with("http://") || scheme.starts_with("https://")) {
        return Err(FetchError::BadUrl);
    }
    let config = ureq::Agent::config_builder()
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .max_redirects(MAX_REDIRECTS)
        .user_agent(USER_AGENT)
        .accept("text/html, application/xhtml+xml, application/pdf, text/plain;q=0.8")
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let https = scheme.starts_with("https://");
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| map_err(e, limits, https))?;
    let final_url = response.get_uri().to_string();
    let body = response.body_mut();
    let mime = body.mime_type().map(str::to_ascii_lowercase);
    let charset = body.charset().map(str::to_owned);
    let max_mb = limits.max_bytes / (1024 * 1024);
    if body.content_length().is_some_and(|n| n > limits.max_bytes) {
        return Err(FetchError::TooLarge(max_mb));
    }
    let declared = match mime.as_deref() {
        Some("text/html" | "application/xhtml+xml") => Some(Kind::Html),
        Some("application/pdf") => Some(Kind::Pdf),
        Some("text/plain") => Some(Kind::Text),
        Some(other) => return Err(FetchError::WrongType(other.to_owned())),
        None => None,
    };
    let bytes = body
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| map_err(e, limits, https))?;
    let kind = declared.unwrap_or_else(|| sniff(&bytes));
    Ok(Fetched {
        url: final_url,
        kind,
        charset,
        bytes,
    })
}

/// A body without a content type: a PDF by its signature, else a page when
/// it starts like markup, else text.
pub fn sniff(bytes: &[u8]) -> Kind {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") {
        return Kind::Pdf;
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if text.trim_start().starts_with('<') || text.contains("<html") || text.contains("<body") {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// One line for a failure. The host-name lookup and the TLS layer report
/// through I/O errors: a failed lookup says so in its message, and invalid
/// data on an https connection comes from TLS.
fn map_err(e: ureq::Error, limits: &Limits, https: bool) -> FetchError {
    use ureq::Error as E;
    match e {
        E::StatusCode(code) => {
            let reason = ureq::http::StatusCode::from_u16(code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .map(|r| format!(" {r}"))
                .unwrap_or_default();
            FetchError::Status(format!("{code}{reason}"))
        }
        E::HostNotFound => FetchError::Dns,
        E::Timeout(ureq::Timeout::Connect) => FetchError::Timeout(limits.connect.as_secs()),
        E::Timeout(_) => FetchError::Timeout(limits.total.as_secs()),
        E::TooManyRedirects => FetchError::TooManyRedirects,
        E::BodyExceedsLimit(_) => FetchError::TooLarge(limits.max_bytes / (1024 * 1024)),
        E::Tls(m) => FetchError::Tls(m.to_owned()),
        E::Rustls(e) => FetchError::Tls(e.to_string()),
        E::BadUri(_) | E::Http(_) => FetchError::BadUrl,
        E::Io(io) if io.to_string().starts_with("failed to lookup address") => FetchError::Dns,
        E::Io(io) if https && io.kind() == std::io::ErrorKind::InvalidData => {
            FetchError::Tls(io.to_string())
        }
        E::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => FetchError::Refused,
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                FetchError::Timeout(limits.total.as_secs())
            }
            _ => FetchError::Connect(io.to_string()),
        },
        E::ConnectionFailed => FetchError::Connect("connection failed".into()),
        other => FetchError::Other(other.to_string()),
    }
}
