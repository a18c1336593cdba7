//! What `update` is fed (actions) and what it asks the runtime to do
//! (effects).

use crate::app::Command;

use crate::app::add_article;
use crate::app::workspace;
use crate::domain::Doc;
use crate::domain::export::Format as ExportFormat;
use crossterm::event::KeyEvent;
use crossterm::event::MouseEvent;

/// What `update` is fed.
#[derive(Debug, Clone)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A bound command, as if its key was pressed.
    Run(Command),
    /// The runtime saved the sheet at this local time.
    Saved(String),
    /// The runtime could not save.
    SaveFailed(String),
    /// The sheet on disk changed since it was read and we have changes.
    Conflict,
    /// The runtime saved the sheet at this local time, merging in what
    /// another writer had saved meanwhile.
    Merged {
        at: String,
        report: crate::domain::store::MergeReport,
    },
    /// The runtime reloaded the sheet from disk (someone else changed it).
    Reloaded,
    /// An export finished: the file written, or why it failed.
    Exported(Result<String, String>),
    /// A crash left this recovery file, which differs from the sheet.
    RecoveryFound(String),
    /// The recovery file was taken in and saved at this local time (`Ok`),
    /// or why not.
    Recovered(Result<String, String>),
    /// The window is read-only for this reason (`Some`), or may edit again
    /// (`None`: the other claimdesk let go of the sheet).
    ReadOnly(Option<String>),
    /// Workspace sheets read so far, and in all.
    WorkspaceProgress(usize, usize),
    /// Every sheet of the workspace has been read.
    WorkspaceLoaded(Box<crate::domain::workspace::Workspace>),
    /// The similar-claims index over the workspace is built.
    SimilarReady(std::sync::Arc<crate::domain::similar::Index>),
    /// Sheets of other articles changed on disk (a `git pull`), read again.
    SheetsChanged(Vec<(usize, crate::domain::workspace::Item)>),
    /// The runtime opened an article of the workspace.
    Opened {
        doc: Box<Doc>,
        read_only: Option<String>,
        select: Option<String>,
    },
    OpenFailed(String),
    /// A search run off the UI thread finished.
    SearchDone {
        target: workspace::SearchTarget,
        generation: u64,
        hits: Vec<crate::domain::search::Hit>,
        count: usize,
    },
    /// The browser was started on this address, or why it was not.
    UrlOpened(Result<String, String>),
    /// The open article changed on disk: its new text, read again.
    ArticleChanged(Box<crate::domain::Article>),
    /// An article was added to the workspace (`A`), or (source, why) not.
    ArticleAdded(Result<add_article::Added, (String, String)>),
    /// The fact-check libraries were loaded and the claims matched.
    PriorReady(std::sync::Arc<crate::domain::factcheck::prior::PriorMatches>),
    /// An export was written to `path` with these notes (a ClaimReview
    /// without a publish URL, claims it left out), as the CLI gives them.
    ExportedWithNotes {
        path: String,
        notes: Vec<String>,
    },
    /// The articles of the open article's folder (`m` on a single
    /// article), and which of them is open; their sheets follow.
    FolderOpened {
        ws: Box<crate::domain::workspace::Workspace>,
        current: Option<usize>,
    },
    /// Articles that appeared in the workspace's folder, their sheets read.
    ArticlesAppeared(Vec<crate::domain::workspace::Item>),
    /// A message for the status bar from work the runtime did.
    Note(String),
}

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save the sheet (merging what others saved meanwhile).
    Save,
    /// Reload the sheet from disk ("take theirs").
    Reload,
    /// Export the verification sheet in this format beside the sheet, off
    /// the UI thread; the runtime reports with [`Action::Exported`].
    Export(ExportFormat),
    /// Take the recovery file in, save it, and remove it.
    RestoreRecovery,
    /// Remove the recovery file.
    DiscardRecovery,
    /// Open an article of the workspace in the main view (creating its
    /// sheet if it has none), selecting this claim id; the runtime answers
    /// with [`Action::Opened`] or [`Action::OpenFailed`].
    Open {
        article: std::path::PathBuf,
        select: Option<String>,
    },
    /// Run a search off the UI thread; answered by [`Action::SearchDone`].
    Search(workspace::SearchJob),
    /// Build the workspace's similar-claims index again, off the UI thread
    /// (sheets were made or pulled); answered by [`Action::SimilarReady`].
    IndexSimilar,
    /// Open this address (an http or https URL) in the system browser,
    /// without waiting for it; the runtime reports with [`Action::UrlOpened`].
    OpenUrl(String),
    /// Read this source (an address or a file) into a new article and sheet
    /// in `folder`, off the UI thread; answered by [`Action::ArticleAdded`].
    AddArticle {
        source: String,
        folder: std::path::PathBuf,
    },
    /// Load the fact-check libraries for this sheet and match these claims
    /// (id, text) off the UI thread; answered by [`Action::PriorReady`].
    LoadPrior {
        sheet: std::path::PathBuf,
        claims: Vec<(String, String)>,
    },
    Quit,
    /// Remember the article's share of the screen (percent) in the config
    /// file; a failure comes back as [`Action::Note`].
    RememberSplit(u16),
    /// Put `text` on the clipboard (the system's, or the terminal's by OSC
    /// 52); `what` names it for the message that follows.
    Copy {
        text: String,
        what: String,
    },
    /// Read this folder as a workspace (its sheets off the UI thread);
    /// answered by [`Action::FolderOpened`], then as a workspace loads.
    OpenFolder(std::path::PathBuf),
}
