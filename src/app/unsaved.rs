//! Text typed into an editor (a claim's note, a source, a claim's text and
//! speaker) and not kept yet: what a signal must not lose. It is applied to
//! a copy of the sheet as keeping it would, so the recovery file holds it as
//! an ordinary change to the claim, restored like any other.

use ratatui_textarea::TextArea;

use super::{AppState, Popup};
use crate::domain::{Doc, edit};

impl AppState {
    /// The sheet as it would be if the open editor's text were kept, and
    /// what that text is ("the note of C3 you were typing"); `None` when no
    /// editor is open or keeping its text would change nothing.
    pub fn with_editor_text(&self) -> Option<(Doc, String)> {
        let (at, by) = ((self.settings.clock)(), self.settings.analyst.as_str());
        let lines = |e: &TextArea<'static>, sep: &str| e.lines().join(sep);
        // No copy of the sheet unless an editor is open.
        let editor = self.popups.iter().rev().find(|p| is_editor(p))?;
        let mut doc = self.doc.clone();
        let article = &doc.article.text;
        let what = match editor {
            Popup::Note { id, editor } => {
                let claim = doc.sheet.claim_mut(id)?;
                claim.set_field("note", lines(editor, "\n"), by, at);
                format!("the note of {id}")
            }
            Popup::Source { id, editor, index } => {
                let claim = doc.sheet.claim_mut(id)?;
                let source = lines(editor, " ");
                match index {
                    Some(k) => claim.edit_source(*k, &source, by, at),
                    None => claim.add_source(&source, by, at),
                };
                format!("the source of {id}")
            }
            Popup::Claim {
                id, text, speaker, ..
            } => {
                let claim = doc.sheet.claim_mut(id)?;
                edit::set_text(claim, lines(text, "\n"), article, by, at);
                claim.set_field("speaker", lines(speaker, " ").trim().to_owned(), by, at);
                format!("the text of {id}")
            }
            _ => return None,
        };
        (doc.sheet != self.doc.sheet).then(|| (doc, format!("{what} you were typing")))
    }
}

fn is_editor(popup: &Popup) -> bool {
    matches!(
        popup,
        Popup::Note { .. } | Popup::Source { .. } | Popup::Claim { .. }
    )
}
