//! The claims list: what it shows (filter, search, orphans), the
//! selection and its scrolling, and keeping everything in range.

use crate::app::AppState;
use crate::app::Command;
use crate::app::Filter;
use crate::app::Focus;
use crate::app::Popup;
use crate::app::layout;
use crate::app::order;
use crate::domain::Verdict;

impl AppState {
    /// Rows available in the list pane.
    pub(in crate::app) fn list_height(&self) -> usize {
        self.areas()
            .list
            .map(|r| usize::from(layout::inner(r).height) / layout::list_row_height(r))
            .unwrap_or(10)
            .max(1)
    }

    /// Position of the selection in the visible list.
    pub fn cursor(&self) -> Option<usize> {
        let sel = self.list.selected?;
        self.list.visible.iter().position(|&i| i == sel)
    }

    /// Recompute the visible list from the filter and the search, keeping
    /// the selection when it is still shown, else the nearest shown claim.
    pub fn refresh_visible(&mut self) {
        let claims = &self.doc.sheet.claims;
        let filter = self.filter;
        self.list.visible = match self.search.as_ref().filter(|s| !s.query.trim().is_empty()) {
            Some(s) => s
                .hits
                .iter()
                .copied()
                .filter(|&i| claims.get(i).is_some_and(|c| filter.matches(c)))
                .collect(),
            None => (0..claims.len())
                .filter(|&i| filter.matches(&claims[i]))
                .collect(),
        };
        // In the review queue, verdicts to re-check come first.
        if filter == Filter::Verdict(Verdict::NotReviewed) {
            self.list.visible.sort_by_key(|&i| !claims[i].needs_review);
        }
        // Orphans go last, in a group of their own.
        let (mut found, orphans): (Vec<usize>, Vec<usize>) =
            self.list.visible.iter().partition(|&&i| !claims[i].orphan);
        if self
            .search
            .as_ref()
            .is_none_or(|s| s.query.trim().is_empty())
        {
            order::sort(&mut found, claims, self.order);
        }
        self.list.visible = found.into_iter().chain(orphans).collect();
        if filter == Filter::Prior {
            let claims = &self.doc.sheet.claims;
            let prior = self.prior.as_deref();
            self.list
                .visible
                .retain(|&i| prior.is_some_and(|p| !p.of(&claims[i].id).is_empty()));
        }
        if filter == Filter::Mine {
            let (claims, me) = (&self.doc.sheet.claims, &self.settings.analyst);
            self.list
                .visible
                .retain(|&i| crate::app::filters::is_mine(&claims[i], me));
        }
        if let Some(sel) = self.list.selected
            && !self.list.visible.contains(&sel)
        {
            let in_order = self
                .search
                .as_ref()
                .is_none_or(|s| s.query.trim().is_empty());
            self.list.selected = if in_order {
                self.list
                    .visible
                    .iter()
                    .copied()
                    .find(|&i| i > sel)
                    .or_else(|| self.list.visible.last().copied())
            } else {
                self.list.visible.first().copied()
            };
        }
        if self.list.selected.is_none() {
            self.list.selected = self.list.visible.first().copied();
        }
        self.clamp();
    }

    /// Position in `visible` of the first orphan: the list shows the
    /// "orphans (M)" separator row just before it.
    pub fn orphans_at(&self) -> Option<usize> {
        let claims = &self.doc.sheet.claims;
        self.list.visible.iter().position(|&i| claims[i].orphan)
    }

    /// The list row of position `pos` in `visible` (after the separator
    /// when it is an orphan).
    pub fn row_of(&self, pos: usize) -> usize {
        pos + usize::from(self.orphans_at().is_some_and(|o| pos >= o))
    }

    /// The position in `visible` shown on list row `row` (None for the
    /// separator).
    pub fn pos_at_row(&self, row: usize) -> Option<usize> {
        pos_at_row(self.orphans_at(), row)
    }

    /// Keep the list offset, article scroll, cursor and popups in range.
    pub(in crate::app) fn clamp(&mut self) {
        if let Some(sel) = self.list.selected
            && sel >= self.doc.sheet.claims.len()
        {
            self.list.selected = self.list.visible.first().copied();
        }
        let h = self.list_height();
        let n = self.list.visible.len() + usize::from(self.orphans_at().is_some());
        if let Some(cur) = self.cursor().map(|c| self.row_of(c)) {
            if cur < self.list.offset {
                self.list.offset = cur;
            } else if cur >= self.list.offset + h {
                self.list.offset = cur + 1 - h;
            }
        }
        self.list.offset = self.list.offset.min(n.saturating_sub(h));
        let ah = self.article_height();
        let lines = self.article.wrapped.lines.len();
        self.article.top = self.article.top.min(lines.saturating_sub(ah));
        self.article.word = self.article.word.min(self.article.nav.last());
        if let Some(v) = self.article.visual.as_mut() {
            *v = (*v).min(self.article.nav.last());
        }
        let (id, sources) = self
            .selected_claim()
            .map_or((None, 0), |c| (Some(&c.id), c.sources.len()));
        if id != self.source_of.as_ref() {
            self.source_of = id.cloned();
            self.source_sel = 0;
        }
        self.source_sel = self.source_sel.min(sources.saturating_sub(1));
        let help = layout::help_rows(self.size, Command::help().count());
        let size = self.size;
        let claims = &self.doc.sheet.claims;
        for p in &mut self.popups {
            if let Popup::Help { scroll } = p {
                *scroll = (*scroll).min(help.0.saturating_sub(help.1));
            }
            if let Popup::History { id, scroll } = p {
                let n = claims
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or(0, |c| c.history.len());
                *scroll = (*scroll).min(n.saturating_sub(layout::history_rows(size, n)));
            }
        }
    }

    pub(in crate::app) fn select_cursor(&mut self, cur: usize) {
        if let Some(&i) = self
            .list
            .visible
            .get(cur.min(self.list.visible.len().saturating_sub(1)))
        {
            self.list.selected = Some(i);
        }
        self.clamp();
        self.scroll_to_selected();
    }

    pub(in crate::app) fn move_by(&mut self, delta: isize) {
        if self.list.visible.is_empty() {
            return;
        }
        let cur = self.cursor().unwrap_or(0) as isize;
        let last = self.list.visible.len() as isize - 1;
        self.select_cursor((cur + delta).clamp(0, last) as usize);
    }

    /// Claims in article order among those visible (for ]/[).
    pub(in crate::app) fn jump_claim(&mut self, forward: bool) {
        let claims = &self.doc.sheet.claims;
        let Some(sel) = self.list.selected else {
            return;
        };
        let cur = claims.get(sel).map(|c| (c.anchor.start, sel));
        let Some(cur) = cur else { return };
        let key = |i: usize| (claims[i].anchor.start, i);
        // Orphans have no place in the text.
        let placed = self
            .list
            .visible
            .iter()
            .copied()
            .filter(|&i| !claims[i].orphan);
        let pick = if forward {
            placed.filter(|&i| key(i) > cur).min_by_key(|&i| key(i))
        } else {
            placed.filter(|&i| key(i) < cur).max_by_key(|&i| key(i))
        };
        if let Some(i) = pick {
            self.list.selected = Some(i);
            self.clamp();
            self.scroll_to_selected();
            self.cursor_to_selected();
        }
    }

    pub(in crate::app) fn focus_on(&mut self, to: Focus) {
        let was = self.focus;
        self.focus = to;
        self.relayout();
        self.scroll_to_selected();
        if to == Focus::Article && was != Focus::Article {
            self.cursor_to_selected();
        }
    }
}

/// The position in `visible` shown on list row `row`, given where the
/// orphans start (see [`AppState::orphans_at`]); None for the separator.
pub fn pos_at_row(orphans_at: Option<usize>, row: usize) -> Option<usize> {
    match orphans_at {
        Some(o) if row == o => None,
        Some(o) if row > o => Some(row - 1),
        _ => Some(row),
    }
}
