//! The article pane: wrapping, the word cursor and scrolling.

use crate::app::AppState;
use crate::app::layout;
use crate::app::layout::Wrapped;

impl AppState {
    pub(in crate::app) fn article_height(&self) -> usize {
        self.areas()
            .article
            .map(|r| usize::from(layout::inner(r).height))
            .unwrap_or(10)
            .max(1)
    }

    /// Re-wrap the article when the article pane's width changed.
    pub(in crate::app) fn relayout(&mut self) {
        let width = self
            .areas()
            .article
            .map(|r| layout::inner(r).width)
            .unwrap_or(self.size.width.saturating_sub(2))
            .max(1);
        if self.wrapped.width != width || self.wrapped.lines.is_empty() {
            let paras = self.doc.article.paragraphs();
            self.wrapped = Wrapped::new(&self.doc.article.text, &paras, width);
        }
        self.clamp();
    }

    /// Scroll the article as little as needed to show the cursor.
    pub(in crate::app) fn reveal_cursor(&mut self) {
        if let Some(&(start, _)) = self.nav.words.get(self.word) {
            let line = self.wrapped.line_of(start);
            let ah = self.article_height();
            if line < self.article_top {
                self.article_top = line;
            } else if line >= self.article_top + ah {
                self.article_top = line + 1 - ah;
            }
        }
        self.clamp();
    }

    /// After scrolling, bring the cursor back into the article pane.
    pub(in crate::app) fn cursor_into_view(&mut self) {
        let Some(&(start, _)) = self.nav.words.get(self.word) else {
            return;
        };
        let line = self.wrapped.line_of(start);
        let ah = self.article_height();
        let bottom = (self.article_top + ah).min(self.wrapped.lines.len());
        let target = if line < self.article_top {
            Some(self.article_top)
        } else if line >= bottom {
            Some(bottom.saturating_sub(1))
        } else {
            None
        };
        if let Some(l) = target.and_then(|t| self.wrapped.lines.get(t)) {
            self.word = self.nav.word_at(l.start);
        }
    }

    /// Put the article cursor on the first word of the selected claim.
    pub(in crate::app) fn cursor_to_selected(&mut self) {
        if let Some(c) = self.selected_claim().filter(|c| !c.orphan) {
            self.word = self.nav.word_at(c.anchor.start);
        }
    }

    pub(in crate::app) fn move_word(&mut self, word: usize) {
        self.word = word.min(self.nav.last());
        self.reveal_cursor();
    }

    /// Scroll the article so the selected claim sits near the middle.
    pub(in crate::app) fn scroll_to_selected(&mut self) {
        if let Some(c) = self.selected_claim().filter(|c| !c.orphan) {
            let line = self.wrapped.line_of(c.anchor.start);
            let ah = self.article_height();
            self.article_top = line.saturating_sub(ah / 2);
        }
        self.clamp();
    }

    pub(in crate::app) fn scroll_article(&mut self, delta: isize) {
        let top = self.article_top as isize + delta;
        self.article_top = top.max(0) as usize;
        self.clamp();
        self.cursor_into_view();
    }
}
