//! A folder of articles as one workspace: finding the articles and sheets
//! in it (recursively, skipping hidden folders, never following links to
//! folders, so a loop of links cannot trap it, and leaving out links to
//! files outside the folder), and what each sheet says.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use rayon::prelude::*;

use super::error::{Error, Result};
use super::sheet::{Counts, Sheet};
use super::store::{is_article_path, is_sheet_path, read_sheet_text, sheet_path_for};

fn walk(
    root: &Path,
    dir: &Path,
    keep: &dyn Fn(&Path) -> bool,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot read the folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "cannot read the folder", e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| Error::io(&path, "cannot read", e))?;
        if kind.is_dir() {
            walk(root, &path, keep, out)?;
        } else if keep(&path) && path.is_file() && (!kind.is_symlink() || inside(root, &path)) {
            out.push(path);
        }
    }
    Ok(())
}

/// Does the link at `path` lead to a file inside `root` (canonical)? A
/// link out of the folder is not part of the workspace: a shared folder
/// could otherwise make claimdesk read any file of the analyst's.
fn inside(root: &Path, path: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|real| real.starts_with(root))
}

fn walk_from(folder: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let root =
        fs::canonicalize(folder).map_err(|e| Error::io(folder, "cannot read the folder", e))?;
    let mut out = Vec::new();
    walk(&root, folder, keep, &mut out)?;
    out.sort();
    Ok(out)
}

/// The articles (.txt, .md) under `folder`, sorted by path.
pub fn articles_in(folder: &Path) -> Result<Vec<PathBuf>> {
    walk_from(folder, &is_article_path)
}

/// The sheets (.claims.toml) under `folder`, sorted by path.
pub fn sheets_in(folder: &Path) -> Result<Vec<PathBuf>> {
    walk_from(folder, &is_own_sheet_path)
}

/// A sheet, unless it was made for one of claimdesk's own outputs (an
/// export opened as an article by an older claimdesk).
fn is_own_sheet_path(path: &Path) -> bool {
    is_sheet_path(path) && {
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
        !name.is_some_and(|n| n.contains(super::outputs::EXPORT_MARK))
    }
}

/// The sheets a command works on: every sheet under a folder, or the one
/// path given (an article or a sheet).
pub fn targets(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_dir() {
        sheets_in(path)
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// What is known of an article's sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum SheetState {
    /// Not read yet.
    Pending,
    /// The article has no sheet yet (it is made when the article is opened).
    Missing,
    Loaded(Box<Sheet>),
    /// The sheet does not parse: the error, with its position.
    Broken(String),
}

/// The size and modification time of a file, to notice changes cheaply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

impl Stat {
    pub fn of(path: &Path) -> Option<Stat> {
        let m = fs::metadata(path).ok()?;
        Some(Stat {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// One article of a workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub article: PathBuf,
    pub sheet_path: PathBuf,
    /// The article's path relative to the workspace folder.
    pub name: String,
    /// When the article file was last changed (for sorting by date).
    pub modified: Option<SystemTime>,
    pub sheet: SheetState,
    /// The sheet file as last read, to notice changes (a `git pull`).
    pub seen: Option<Stat>,
}

impl Item {
    /// The sheet's title, else the article's file name.
    pub fn title(&self) -> &str {
        match &self.sheet {
            SheetState::Loaded(s) => s.title.as_deref().unwrap_or(&self.name),
            _ => &self.name,
        }
    }

    pub fn counts(&self) -> Counts {
        match &self.sheet {
            SheetState::Loaded(s) => s.counts(),
            _ => Counts::default(),
        }
    }

    pub fn claims(&self) -> &[super::Claim] {
        match &self.sheet {
            SheetState::Loaded(s) => &s.claims,
            _ => &[],
        }
    }

    /// Read the sheet (again).
    pub fn load(&mut self) {
        self.seen = Stat::of(&self.sheet_path);
        self.sheet = if self.seen.is_none() {
            SheetState::Missing
        } else {
            match read_sheet_text(&self.sheet_path)
                .and_then(|text| super::cache::parse(&self.sheet_path, &text))
            {
                Ok(s) => SheetState::Loaded(Box::new(s)),
                Err(e) => SheetState::Broken(e.to_string()),
            }
        };
    }

    /// Has the sheet file changed since it was read?
    pub fn changed_on_disk(&self) -> bool {
        Stat::of(&self.sheet_path) != self.seen
    }
}

/// A folder of articles with their sheets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workspace {
    pub root: PathBuf,
    pub items: Vec<Item>,
}

impl Workspace {
    /// Find the articles under `root` (sheets not read yet: see
    /// [`Workspace::load_all`]).
    pub fn discover(root: &Path) -> Result<Workspace> {
        let items = articles_in(root)?
            .into_iter()
            .map(|article| {
                let name = article
                    .strip_prefix(root)
                    .unwrap_or(&article)
                    .display()
                    .to_string();
                Item {
                    sheet_path: sheet_path_for(&article),
                    modified: fs::metadata(&article).and_then(|m| m.modified()).ok(),
                    article,
                    name,
                    sheet: SheetState::Pending,
                    seen: None,
                }
            })
            .collect();
        Ok(Workspace {
            root: root.to_path_buf(),
            items,
        })
    }

    /// Read every sheet, on all cores; `progress` is told how many are done.
    pub fn load_all(&mut self, progress: &(dyn Fn(usize) + Sync)) {
        let done = AtomicUsize::new(0);
        self.items.par_iter_mut().for_each(|item| {
            item.load();
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        });
    }

    /// The item of an article (by its path).
    pub fn position(&self, article: &Path) -> Option<usize> {
        self.items.iter().position(|i| i.article == article)
    }

    /// Every claim of every article: (item, claim index).
    pub fn claims(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| (0..item.claims().len()).map(move |c| (i, c)))
    }

    pub fn claim(&self, item: usize, claim: usize) -> Option<&super::Claim> {
        self.items.get(item)?.claims().get(claim)
    }

    /// All the counts together.
    pub fn counts(&self) -> Counts {
        let mut all = Counts::default();
        for item in &self.items {
            all.merge(item.counts());
        }
        all
    }

    /// The claims as entries of the similar-claims index, in
    /// [`Workspace::claims`] order.
    pub fn similar_entries(&self) -> Vec<super::similar::Entry> {
        self.claims()
            .filter_map(|(i, c)| {
                let item = &self.items[i];
                let claim = item.claims().get(c)?;
                Some(super::similar::Entry {
                    article: item.name.clone(),
                    id: claim.id.clone(),
                    text: claim.text.clone(),
                    speaker: claim.speaker.clone(),
                    verdict: claim.is_reviewed().then_some(claim.status),
                })
            })
            .collect()
    }
}

/// Open an article with its sheet; an article without a sheet gets one
/// made from the extractor's review queue (as `claimdesk init` does).
pub fn open_article(path: &Path) -> Result<super::Doc> {
    open_article_in(path, None)
}

/// [`open_article`] in the workspace at `root`: the sheet's article may lie
/// anywhere inside it (None: in the sheet's own folder).
pub fn open_article_in(path: &Path, root: Option<&Path>) -> Result<super::Doc> {
    if !is_sheet_path(path) && path.is_file() && !sheet_path_for(path).exists() {
        super::outputs::refuse_own_file(path)?;
        let article = super::Article::load(path)?;
        let claims = super::extract::queue(&article);
        let mut doc = super::Doc::new_for(article, claims);
        doc.save()?;
        return Ok(doc);
    }
    super::Doc::open_in(path, root)
}

/// Copy another claim's verdict, note and sources onto `to`, recorded in
/// its history as copied from `origin` ("world/kabul.txt C3"). A note of
/// its own is kept, the copied one added below it. Returns false (and
/// changes nothing) when `from` has no verdict to copy.
pub fn copy_verdict(
    to: &mut super::Claim,
    from: &super::Claim,
    origin: &str,
    by: &str,
    at: super::Stamp,
) -> bool {
    if !from.is_reviewed() {
        return false;
    }
    to.set_status(from.status, by, at);
    let note = from.note.trim();
    if !note.is_empty() && !to.note.contains(note) {
        let joined = if to.note.trim().is_empty() {
            note.to_owned()
        } else {
            format!("{}\n\n{note}", to.note.trim_end())
        };
        to.set_field("note", joined, by, at);
    }
    for s in &from.sources {
        to.add_source(s, by, at);
    }
    to.history.push(super::claim::Change {
        at,
        by: by.to_owned(),
        field: "copied_from".into(),
        from: String::new(),
        to: origin.to_owned(),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_articles_and_sheets_recursively_skipping_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/deep")).unwrap();
        fs::create_dir_all(d.join(".git")).unwrap();
        for f in [
            "a.txt",
            "a.claims.toml",
            "b/deep/c.md",
            "b/notes.pdf",
            ".git/x.txt",
            "b/.hidden.txt",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        let rel = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| p.strip_prefix(d).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(rel(articles_in(d).unwrap()), vec!["a.txt", "b/deep/c.md"]);
        assert_eq!(rel(sheets_in(d).unwrap()), vec!["a.claims.toml"]);
        assert_eq!(targets(&d.join("a.txt")).unwrap(), vec![d.join("a.txt")]);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(d, d.join("b/loop")).unwrap();
            assert_eq!(
                articles_in(d).unwrap().len(),
                2,
                "a link to a folder is not followed"
            );
        }
    }

    #[test]
    fn a_workspace_reads_every_sheet_and_notices_changes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("world")).unwrap();
        let a = crate::sample::write_sample(&d.join("world")).unwrap();
        fs::write(
            d.join("new.txt"),
            "Alice said the bridge is 40 years old.\n",
        )
        .unwrap();
        fs::write(d.join("bad.txt"), "Bob said so.\n").unwrap();
        fs::write(d.join("bad.claims.toml"), "format = 1\nthis is not toml\n").unwrap();
        let mut ws = Workspace::discover(d).unwrap();
        let names: Vec<&str> = ws.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            ["bad.txt", "new.txt", "world/karzai-taliban-talks.txt"]
        );
        assert!(ws.items.iter().all(|i| i.sheet == SheetState::Pending));
        let seen = AtomicUsize::new(0);
        ws.load_all(&|n| {
            seen.fetch_max(n, Ordering::Relaxed);
        });
        assert_eq!(seen.load(Ordering::Relaxed), 3, "progress reached the end");
        assert!(
            matches!(&ws.items[0].sheet, SheetState::Broken(e) if e.contains("bad.claims.toml:2:"))
        );
        assert_eq!(ws.items[1].sheet, SheetState::Missing);
        assert_eq!(ws.items[2].claims().len(), 15);
        assert_eq!(
            ws.items[2].title(),
            "US in contact with Taliban over Afghan peace deal, Karzai says"
        );
        assert_eq!(ws.counts().total, 15);
        assert_eq!(ws.claims().count(), 15);
        assert_eq!(
            ws.similar_entries()[0].article,
            "world/karzai-taliban-talks.txt"
        );
        assert_eq!(ws.position(&a), Some(2));
        // Someone else changes a sheet: noticed, and read again.
        assert!(!ws.items[2].changed_on_disk());
        let sheet = ws.items[2].sheet_path.clone();
        let text = fs::read_to_string(&sheet).unwrap();
        fs::write(
            &sheet,
            text.replacen("status = \"unconfirmed\"", "status = \"denied\"", 1) + "\n",
        )
        .unwrap();
        assert!(ws.items[2].changed_on_disk());
        ws.items[2].load();
        assert!(!ws.items[2].changed_on_disk());
        assert_eq!(
            ws.items[2].claims()[0].status,
            crate::domain::Status::Denied
        );
    }

    #[test]
    fn copying_a_verdict_keeps_our_note_and_records_where_from() {
        use crate::domain::{Claim, Stamp, Status};
        let at = Stamp::parse("2026-11-28T10:00:00Z").unwrap();
        let text = "Bob said the bridge is old.";
        let mut from = Claim::new("C3", text, 9, 26);
        let mut to = Claim::new("C1", text, 9, 26);
        assert!(
            !copy_verdict(&mut to, &from, "b.txt C3", "ana", at),
            "nothing to copy"
        );
        assert!(to.history.is_empty());
        from.set_status(Status::Denied, "bo", at);
        from.note = "built in 2001, per the registry".into();
        from.sources = vec!["https://registry.example/b".into()];
        to.note = "my own note".into();
        assert!(copy_verdict(&mut to, &from, "b.txt C3", "ana", at));
        assert_eq!(to.status, Status::Denied);
        assert_eq!(to.reviewed_by.as_deref(), Some("ana"));
        assert_eq!(to.note, "my own note\n\nbuilt in 2001, per the registry");
        assert_eq!(to.sources, from.sources);
        let fields: Vec<&str> = to.history.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["status", "note", "sources", "copied_from"]);
        assert_eq!(to.history[3].to, "b.txt C3");
        // Copying again adds no second note or source.
        assert!(copy_verdict(&mut to, &from, "b.txt C3", "ana", at));
        assert_eq!(to.note.matches("registry").count(), 1);
        assert_eq!(to.sources.len(), 1);
    }
}
