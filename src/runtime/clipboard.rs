//! Putting text on the clipboard: the system's (arboard), else the
//! terminal's by an OSC 52 sequence the program writes itself (over SSH,
//! where there is no system clipboard to reach). The sequence carries the
//! text base64-encoded, so nothing from the text reaches the terminal raw.

use std::io::Write;
use std::sync::Mutex;

use base64::Engine;

/// The system clipboard, kept for the program's life: on X11 the copied
/// text is served by it until another program takes the clipboard.
static SYSTEM: Mutex<Option<arboard::Clipboard>> = Mutex::new(None);

/// Copy `text`; the message saying how (or why not), naming `what`.
pub fn copy(text: &str, what: &str) -> String {
    let mut stdout = std::io::stdout();
    let terminal: Option<&mut dyn Write> = match std::io::IsTerminal::is_terminal(&stdout) {
        true => Some(&mut stdout),
        false => None,
    };
    match copy_with(text, &mut system_copy, terminal) {
        Ok(how) => format!("copied {what} {how}"),
        Err(why) => format!("could not copy {what}: {why}"),
    }
}

fn system_copy(text: &str) -> Result<(), String> {
    let mut slot = SYSTEM
        .lock()
        .map_err(|_| "the clipboard is unusable".to_owned())?;
    if slot.is_none() {
        *slot = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
    }
    match slot.as_mut() {
        Some(c) => c.set_text(text.to_owned()).map_err(|e| e.to_string()),
        None => Err("no clipboard".into()),
    }
}

/// Copy by `system`, else by OSC 52 on `terminal`: how it was copied, or
/// why neither worked.
pub fn copy_with(
    text: &str,
    system: &mut dyn FnMut(&str) -> Result<(), String>,
    terminal: Option<&mut dyn Write>,
) -> Result<&'static str, String> {
    let why = match system(text) {
        Ok(()) => return Ok("to the clipboard"),
        Err(e) => e,
    };
    let Some(out) = terminal else {
        return Err(format!(
            "no system clipboard ({why}) and no terminal for OSC 52"
        ));
    };
    out.write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("no system clipboard ({why}); the terminal: {e}"))?;
    Ok("through the terminal (OSC 52; some terminals must allow it)")
}

/// The OSC 52 sequence setting the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{data}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clipboard_first_then_osc52_then_a_clear_error() {
        let mut got = String::new();
        let mut ok = |t: &str| {
            got = t.to_owned();
            Ok(())
        };
        assert_eq!(copy_with("hi", &mut ok, None), Ok("to the clipboard"));
        assert_eq!(got, "hi");
        let mut none = |_: &str| Err("no display".to_owned());
        let mut term: Vec<u8> = Vec::new();
        let how = copy_with("a\u{1b}]0;x\u{7}b", &mut none, Some(&mut term)).unwrap();
        assert!(how.contains("OSC 52"));
        let sent = String::from_utf8(term).unwrap();
        assert_eq!(sent, "\u{1b}]52;c;YRtdMDt4B2I=\u{7}");
        // Only the sequence's own escape and bell reach the terminal.
        assert_eq!(sent.matches('\u{1b}').count(), 1);
        let e = copy_with("x", &mut none, None).unwrap_err();
        assert!(e.contains("no display") && e.contains("OSC 52"), "{e}");
    }
}
