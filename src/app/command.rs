//! Every command a key can be bound to, from one table: its name in the
//! keymap, the context where its keys apply, whether it changes the sheet
//! (refused in a read-only window) and what it does (for the help overlay
//! and `docs/keys.md`). The default keys live in `keymap.toml`.

/// Where a command's keys apply. Two commands of one context may not share
/// a key; commands of different contexts may (`r` edits the claim on the
/// main screen and the source in the sources list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// The main screen: the claims list and the article.
    Main,
    /// The sources list of a claim.
    Sources,
    /// Every popup and prompt: confirm, cancel.
    Popup,
    /// One-line inputs: the search line, the switcher, the claims query,
    /// the add-article prompt.
    Line,
    /// The note, source and claim editors.
    Editor,
    /// The workspace's lists: switcher, all claims, similar claims.
    Picker,
}

impl Context {
    pub const ALL: [Context; 6] = [
        Context::Main,
        Context::Sources,
        Context::Popup,
        Context::Line,
        Context::Editor,
        Context::Picker,
    ];

    /// The section name in the keymap TOML (`[keys.main]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Main => "main",
            Context::Sources => "sources",
            Context::Popup => "popup",
            Context::Line => "line",
            Context::Editor => "editor",
            Context::Picker => "picker",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Listed in the help overlay (the other contexts show their keys in
    /// their own popups).
    pub fn in_help(self) -> bool {
        matches!(self, Context::Main | Context::Sources)
    }
}

/// The one table of commands: `Variant = "name", Context, changes the
/// sheet, "what it does";`. The order is the help overlay's.
macro_rules! commands {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $ctx:ident, $mutates:literal, $desc:literal; )*) => {
        /// What a key can be bound to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $( $(#[$doc])* $variant, )*
        }

        impl Command {
            /// Every command, in the order the help overlay lists them.
            pub const ALL: [Command; <[&str]>::len(&[$($name),*])] = [$(Command::$variant),*];

            /// The name used in the keymap TOML.
            pub fn name(self) -> &'static str {
                match self { $( Command::$variant => $name, )* }
            }

            /// What it does, for the help overlay.
            pub fn describe(self) -> &'static str {
                match self { $( Command::$variant => $desc, )* }
            }

            /// Where its keys apply.
            pub fn context(self) -> Context {
                match self { $( Command::$variant => Context::$ctx, )* }
            }

            /// Does it change the sheet? (Refused in a read-only window.)
            pub fn mutates(self) -> bool {
                match self { $( Command::$variant => $mutates, )* }
            }
        }
    };
}

commands! {
    Down = "down", Main, false, "down / next sentence";
    Up = "up", Main, false, "up / prev sentence";
    Top = "top", Main, false, "first claim";
    Bottom = "bottom", Main, false, "last claim";
    PageDown = "page_down", Main, false, "page down";
    PageUp = "page_up", Main, false, "page up";
    ScrollDown = "scroll_down", Main, false, "scroll article down";
    ScrollUp = "scroll_up", Main, false, "scroll article up";
    WordNext = "word_next", Main, false, "next word (article)";
    WordPrev = "word_prev", Main, false, "prev word (article)";
    Focus = "focus", Main, false, "switch pane";
    FocusArticle = "focus_article", Main, false, "focus the article";
    FocusList = "focus_list", Main, false, "focus claims list";
    NextClaim = "next_claim", Main, false, "next claim in text";
    PrevClaim = "prev_claim", Main, false, "prev claim in text";
    Visual = "visual", Main, false, "select (article)";
    AddClaim = "add_claim", Main, true, "add claim (article)";
    Confirm = "confirm", Main, true, "mark confirmed";
    Unconfirm = "unconfirm", Main, true, "mark unconfirmed";
    Deny = "deny", Main, true, "mark denied";
    Detail = "detail", Main, false, "claim detail";
    EditNote = "edit_note", Main, true, "edit the note";
    EditClaim = "edit_claim", Main, true, "edit text & speaker";
    Split = "split", Main, true, "split the claim";
    Merge = "merge", Main, true, "merge with next";
    Delete = "delete", Main, true, "delete the claim";
    AddSource = "add_source", Main, true, "add a source";
    Sources = "sources", Main, false, "sources list";
    EditSource = "edit_source", Sources, true, "edit source (list)";
    RemoveSource = "remove_source", Sources, true, "remove source (list)";
    OpenSource = "open_source", Main, false, "open URL in browser";
    History = "history", Main, false, "claim history";
    Undo = "undo", Main, true, "undo";
    Redo = "redo", Main, true, "redo";
    Filter = "filter", Main, false, "cycle status filter";
    Order = "order", Main, false, "article / score order";
    Search = "search", Main, false, "search claims";
    NextMatch = "next_match", Main, false, "next match";
    PrevMatch = "prev_match", Main, false, "previous match";
    Save = "save", Main, true, "save now / retry";
    Export = "export", Main, false, "export the verification sheet";
    Switcher = "switcher", Main, false, "switch article (workspace)";
    AllClaims = "all_claims", Main, false, "all claims of the workspace";
    AddArticle = "add_article", Main, false, "add an article: URL or file (workspace)";
    Similar = "similar", Main, false, "similar claims in other articles";
    /// The published fact-checks matching the claim.
    Prior = "prior", Main, false, "prior fact-checks of the claim";
    Approve = "approve", Main, true, "approve another analyst's pending verdict";
    Help = "help", Main, false, "this help";
    Quit = "quit", Main, false, "quit";
    /// Quits from anywhere, popups and prompts included.
    ForceQuit = "force_quit", Main, false, "quit at once";
    Close = "close", Main, false, "close / clear search";
    /// Reopens the search line with its query after Enter kept it.
    EditSearch = "edit_search", Main, false, "edit the search query again";
    FilterBack = "filter_back", Main, false, "cycle the filter backwards";
    /// Starts or ends a range of selected claims in the list.
    SelectRange = "select_range", Main, false, "select a range of claims (list)";
    ToggleSelect = "toggle_select", Main, false, "select / unselect the claim (list)";
    /// Removes the claim leaving a tombstone marked not-a-claim.
    Dismiss = "dismiss", Main, true, "dismiss: not a claim";
    Assign = "assign", Main, true, "assign the claim to an analyst";
    SendBack = "send_back", Main, true, "send a pending verdict back with a note";
    ArticleNarrower = "article_narrower", Main, false, "smaller article pane (remembered)";
    ArticleWider = "article_wider", Main, false, "larger article pane (remembered)";
    SplitReset = "split_reset", Main, false, "panes back to their default sizes";
    Copy = "copy", Main, false, "copy the claim's text, quote or a source";
    ArticleFacts = "article_facts", Main, true, "the article's title, URL, date and site";
    Ok = "ok", Popup, false, "confirm / open the selection";
    Cancel = "cancel", Popup, false, "close the popup / cancel the edit";
    SplitLeft = "split_left", Popup, false, "move the cut left (split)";
    SplitRight = "split_right", Popup, false, "move the cut right (split)";
    LineClear = "line_clear", Line, false, "clear the line";
    LineErase = "line_erase", Line, false, "erase the last character";
    LineNext = "line_next", Line, false, "next row while typing";
    LinePrev = "line_prev", Line, false, "previous row while typing";
    KeepEdit = "keep_edit", Editor, true, "keep the text";
    NextField = "next_field", Editor, false, "switch text / speaker";
    PickDown = "pick_down", Picker, false, "next row (not typing)";
    PickUp = "pick_up", Picker, false, "previous row (not typing)";
    PickFirst = "pick_first", Picker, false, "first row (not typing)";
    PickLast = "pick_last", Picker, false, "last row (not typing)";
    PickPageDown = "pick_page_down", Picker, false, "ten rows down";
    PickPageUp = "pick_page_up", Picker, false, "ten rows up";
    PickType = "pick_type", Picker, false, "type a query (all claims)";
    PickFilter = "pick_filter", Picker, false, "cycle status filter (all claims)";
    PickSort = "pick_sort", Picker, false, "cycle the order (switcher)";
    PickCopy = "pick_copy", Picker, true, "copy the verdict (similar, prior)";
}

impl Command {
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The commands the help overlay lists, in order.
    pub fn help() -> impl Iterator<Item = Command> {
        Command::ALL.into_iter().filter(|c| c.context().in_help())
    }
}
