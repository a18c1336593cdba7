//! The popups over the main screen, one file each; `render_popup` draws
//! the one it is given.

mod choice;
mod detail;
mod editor;
mod help;
mod history;
pub(in crate::view) mod prior;
mod sources;
mod split;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::{AppState, Command, Popup};
use crate::domain::sanitize;
use crate::view::Theme;
use crate::view::parts::hints;

/// Draw `popup`; where the terminal cursor goes when it holds an editor.
pub(in crate::view) fn render_popup(
    state: &AppState,
    theme: &Theme,
    popup: &Popup,
    area: Rect,
    frame: &mut Frame,
) -> Option<Position> {
    let keys = &state.settings.keymap;
    match popup {
        Popup::Note { id, editor } => {
            return editor::editor_popup(
                frame,
                area,
                &format!(
                    "Note for {} · {}",
                    sanitize::line(id),
                    hints(
                        keys,
                        &[(Command::KeepEdit, "keeps"), (Command::Cancel, "cancels")]
                    )
                ),
                12,
                editor,
                theme,
            );
        }
        Popup::Source { id, editor, index } => {
            return editor::editor_popup(
                frame,
                area,
                &match index {
                    None => format!(
                        "Add a source to {} · {}",
                        sanitize::line(id),
                        hints(keys, &[(Command::Ok, "adds"), (Command::Cancel, "cancels")])
                    ),
                    Some(k) => format!(
                        "Source {} of {} · {}",
                        k + 1,
                        sanitize::line(id),
                        hints(
                            keys,
                            &[(Command::Ok, "keeps"), (Command::Cancel, "cancels")]
                        )
                    ),
                },
                3,
                editor,
                theme,
            );
        }
        Popup::Input { purpose, editor } => {
            let title = purpose.title(&hints(
                keys,
                &[(Command::Ok, purpose.verb()), (Command::Cancel, "cancels")],
            ));
            return editor::editor_popup(frame, area, &title, 3, editor, theme);
        }
        Popup::Claim {
            id,
            text,
            speaker,
            on_speaker,
        } => return editor::claim_popup(frame, area, keys, id, text, speaker, *on_speaker, theme),
        Popup::Meta { fields, on } => {
            return editor::meta_popup(frame, area, keys, fields, *on, theme);
        }
        _ => {}
    }
    render_plain(state, theme, popup, area, frame.buffer_mut());
    None
}

/// Draw a popup that holds no editor.
fn render_plain(state: &AppState, theme: &Theme, popup: &Popup, area: Rect, buf: &mut Buffer) {
    match popup {
        Popup::Help { scroll } => help::render_help(state, theme, *scroll, area, buf),
        Popup::Detail => detail::render(state, theme, area, buf),
        Popup::Split { id, cut } => split::render_split(state, theme, id, *cut, area, buf),
        Popup::ConfirmDelete { id } => choice::delete(state, theme, id, area, buf),
        Popup::ConfirmDeleteMany { ids } => choice::delete_many(theme, ids, area, buf),
        Popup::Overlap { new, old } => choice::overlap(state, theme, new, old, area, buf),
        Popup::Sources { id } => sources::render_sources(state, theme, id, area, buf),
        Popup::Prior { id, sel } => prior::render(state, theme, id, *sel, area, buf),
        Popup::History { id, scroll } => {
            history::render_history(state, theme, id, *scroll, area, buf)
        }
        Popup::Export => choice::export(theme, area, buf),
        Popup::Conflict => choice::conflict(state, theme, area, buf),
        Popup::Recovery { path } => choice::recovery(theme, path, area, buf),
        Popup::Workspace(overlay) => {
            crate::view::workspace::render_overlay(state, overlay, theme, area, buf)
        }
        Popup::Copy { id } => choice::copy(theme, id, area, buf),
        Popup::Notice { title, lines } => choice::notice(theme, title, lines, area, buf),
        Popup::Note { .. }
        | Popup::Source { .. }
        | Popup::Claim { .. }
        | Popup::Input { .. }
        | Popup::Meta { .. } => {}
    }
}
