//! Mouse clicks and the wheel over the list and the article.

use crate::app::AppState;
use crate::app::Focus;
use crate::app::layout;
use crossterm::event::MouseEvent;
use crossterm::event::MouseEventKind;
use ratatui::layout::Rect;

impl AppState {
    pub(in crate::app) fn mouse(&mut self, ev: MouseEvent) {
        if !self.settings.mouse || !self.popups.is_empty() {
            return;
        }
        let areas = self.areas();
        let at = |r: Option<Rect>| {
            r.is_some_and(|r| r.contains(ratatui::layout::Position::new(ev.column, ev.row)))
        };
        match ev.kind {
            MouseEventKind::Down(_) => {
                if at(areas.list) {
                    self.focus = Focus::List;
                    let inner = layout::inner(areas.list.unwrap_or_default());
                    if ev.row >= inner.y {
                        let per = layout::list_row_height(areas.list.unwrap_or_default());
                        let row = usize::from(ev.row - inner.y) / per + self.list.offset;
                        if let Some(pos) = self.pos_at_row(row)
                            && pos < self.list.visible.len()
                        {
                            self.select_cursor(pos);
                        }
                    }
                } else if at(areas.article) {
                    self.focus = Focus::Article;
                    let inner = layout::inner(areas.article.unwrap_or_default());
                    if ev.row >= inner.y && ev.column >= inner.x {
                        let line = usize::from(ev.row - inner.y) + self.article.top;
                        if let Some(l) = self.article.wrapped.lines.get(line) {
                            let cp = l.start + usize::from(ev.column - inner.x);
                            self.article.word = self.article.nav.word_at(cp);
                            let claims = &self.doc.sheet.claims;
                            if let Some(i) = (0..claims.len()).find(|&i| {
                                claims[i].anchor.start <= cp
                                    && cp < claims[i].anchor.end
                                    && !claims[i].orphan
                                    && self.list.visible.contains(&i)
                            }) {
                                self.list.selected = Some(i);
                                self.clamp();
                            }
                        }
                    }
                }
            }
            MouseEventKind::ScrollDown => {
                if at(areas.article) {
                    self.scroll_article(3);
                } else {
                    self.move_by(1);
                }
            }
            MouseEventKind::ScrollUp => {
                if at(areas.article) {
                    self.scroll_article(-3);
                } else {
                    self.move_by(-1);
                }
            }
            _ => {}
        }
    }
}
