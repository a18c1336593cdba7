//! The order of the claims list: as in the article, or by check-worthiness
//! (the extractor's score, highest first; claims without a score, such as
//! those made by hand, after them in article order). Orphans stay last and
//! search results keep their ranking in either order.

use crate::config::ListOrder;
use crate::domain::Claim;

use super::AppState;

impl ListOrder {
    /// The other order (the `order` key cycles them).
    pub fn next(self) -> ListOrder {
        match self {
            ListOrder::Article => ListOrder::Score,
            ListOrder::Score => ListOrder::Article,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ListOrder::Article => "article order",
            ListOrder::Score => "by score",
        }
    }
}

/// Put `visible` (claim indices in article order) in `order`.
pub fn sort(visible: &mut [usize], claims: &[Claim], order: ListOrder) {
    if order == ListOrder::Score {
        // stable: equal scores keep article order
        visible.sort_by_key(|&i| std::cmp::Reverse(claims.get(i).and_then(|c| c.score)));
    }
}

impl AppState {
    /// Show the list in `order`, keeping the selection.
    pub fn set_order(&mut self, order: ListOrder) {
        self.order = order;
        self.refresh_visible();
        self.scroll_to_selected();
        self.message = Some(match order {
            ListOrder::Article => "claims in article order".into(),
            ListOrder::Score => "claims by score, the most check-worthy first".into(),
        });
    }

    /// Open in `order` (the configured one): the list from its first claim.
    pub fn start_in_order(&mut self, order: ListOrder) {
        self.order = order;
        self.list.selected = None;
        self.list.offset = 0;
        self.refresh_visible();
        self.scroll_to_selected();
    }
}
