//! Notices the open article changing on disk: its size and modification
//! time are compared at every disk check (on the disk watch's thread), and
//! when they change the article is read again and handed to `update`,
//! which re-anchors the claims.

use std::path::{Path, PathBuf};

use crate::app::Action;
use crate::domain::workspace::Stat;
use crate::domain::{Article, Doc};

/// The article file as last seen.
pub struct ArticleWatch {
    path: PathBuf,
    seen: Option<Stat>,
}

impl ArticleWatch {
    pub fn new(doc: &Doc) -> ArticleWatch {
        ArticleWatch {
            path: doc.article.path.clone(),
            seen: Stat::of(&doc.article.path),
        }
    }

    /// The article read again when it changed since last seen; `None` when
    /// it did not, when another article is open now (watched from here on),
    /// or when it cannot be read as an article (gone, or half-written: its
    /// next change is read again).
    pub fn check(&mut self, path: &Path, sha256: &str) -> Option<Action> {
        if self.path != path {
            *self = ArticleWatch {
                path: path.to_path_buf(),
                seen: Stat::of(path),
            };
            return None;
        }
        let now = Stat::of(&self.path);
        if now == self.seen || now.is_none() {
            return None;
        }
        self.seen = now;
        let article = Article::load(&self.path).ok()?;
        (article.sha256 != sha256).then(|| Action::ArticleChanged(Box::new(article)))
    }
}
