//! Bytes to text: a byte-order mark, else UTF-8 when the bytes are valid
//! UTF-8 with some non-ASCII in them (pages re-saved as UTF-8 keep their
//! old `<meta charset>`; valid UTF-8 by chance in another charset is rare),
//! else the charset a server declares, else the page's own `<meta
//! charset>`, else windows-1252 (what browsers assume).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decode `bytes` as text; `declared` is the charset from a
/// `Content-Type` header, if any. Invalid sequences become U+FFFD.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    let utf8 = !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| utf8.then_some(UTF_8))
        .or_else(|| declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())))
        .or_else(|| meta_charset(bytes))
        .unwrap_or(if bytes.is_ascii() {
            UTF_8
        } else {
            WINDOWS_1252
        });
    // A page declaring UTF-16 in a meta tag is ASCII-compatible text: the
    // declaration is wrong (the HTML standard says to use UTF-8).
    let encoding = encoding.output_encoding();
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// `<meta charset="X">` or `<meta http-equiv="Content-Type" content="…;
/// charset=X">` in the first 2 KB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("charset") {
        rest = &rest[i + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(value.len());
        if let Some(e) = Encoding::for_label(&value.as_bytes()[..end]) {
            return Some(e);
        }
    }
    None
}
