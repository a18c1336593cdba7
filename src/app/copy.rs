//! Copying a claim to the clipboard: `y` opens a one-key choice of what
//! to copy (the claim's text, its quote with where it stands, or the
//! selected source); the copy is an [`Effect::Copy`] the runtime performs.

use crossterm::event::KeyEvent;

use crate::app::{AppState, Command, Effect, Popup, keymap};
use crate::domain::{Claim, sanitize};

/// What can be copied, by the key that picks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    Text,
    Quote,
    Source,
}

/// The choices of the copy popup: key, what, and what the hint says.
pub const COPY_CHOICES: [(char, CopyWhat, &str); 3] = [
    ('y', CopyWhat::Text, "the claim's text"),
    ('q', CopyWhat::Quote, "the quote, its speaker and its place"),
    ('s', CopyWhat::Source, "the selected source"),
];

/// `y`: the copy choices for the selected claim.
pub(in crate::app) fn open(state: &mut AppState) -> Vec<Effect> {
    match state.selected_claim() {
        Some(c) => {
            let id = c.id.clone();
            state.popups.push(Popup::Copy { id });
        }
        None => state.message = Some("no claim selected".into()),
    }
    vec![]
}

/// A key in the copy popup.
pub(in crate::app) fn key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Some(Popup::Copy { id }) = state.popups.last() else {
        return vec![];
    };
    let id = id.clone();
    let cmd = state.settings.keymap.command(&key);
    if let Some(c) = keymap::typed(&key)
        && let Some(&(_, what, _)) = COPY_CHOICES.iter().find(|(k, _, _)| *k == c)
    {
        state.popups.pop();
        return copy(state, &id, what);
    }
    if state.settings.keymap.is(&key, Command::Cancel) || cmd == Some(Command::Close) {
        state.popups.pop();
    }
    vec![]
}

fn copy(state: &mut AppState, id: &str, what: CopyWhat) -> Vec<Effect> {
    let Some(c) = state.doc.sheet.claim(id) else {
        return vec![];
    };
    let (text, label) = match what {
        CopyWhat::Text => (c.text.clone(), format!("{id}'s text")),
        CopyWhat::Quote => (quote(state, c), format!("{id}'s quote")),
        CopyWhat::Source => match c.sources.get(state.source_sel).or(c.sources.first()) {
            Some(s) => (s.clone(), format!("a source of {id}")),
            None => {
                state.message = Some(format!("{id} has no source to copy"));
                return vec![];
            }
        },
    };
    // Text from files never carries control characters to a clipboard.
    let text = sanitize::text(&text).into_owned();
    vec![Effect::Copy { text, what: label }]
}

/// “The quote,” the speaker, the article, ¶2 l.3, its address: what a
/// fact-check cites.
pub fn quote(state: &AppState, c: &Claim) -> String {
    let sheet = &state.doc.sheet;
    let mut out = format!("“{}”", c.anchor.quote.trim());
    if let Some(s) = &c.speaker {
        out.push_str(&format!(" — {s}"));
    }
    out.push_str(&format!(", {}", state.title()));
    if !c.orphan {
        let (p, l) = state.doc.article.position_of(c.anchor.start);
        out.push_str(&format!(", ¶{p} l.{l}"));
    }
    if let Some(site) = &sheet.site {
        out.push_str(&format!(" ({site}"));
        out.push_str(
            &sheet
                .published
                .as_ref()
                .map(|d| format!(", {d})"))
                .unwrap_or(")".into()),
        );
    }
    if let Some(url) = &sheet.source_url {
        out.push_str(&format!(" {url}"));
    }
    out
}
