//! Key bindings: the defaults are embedded as TOML (`action = ["key", ...]`)
//! and `Config.keys` replaces the keys of any action it names.
//!
//! Key syntax: a character (`j`, `?`, `]`), a named key (`Down`, `Enter`,
//! `Esc`, `Tab`, `Backspace`, `Home`, `End`, `PageUp`, `PageDown`, `Space`,
//! `F1`..`F12`), optionally with `Ctrl-` and/or `Alt-` in front.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The default keymap, as a user would write it in `[keys]`.
pub const DEFAULT_KEYMAP: &str = r#"
down = ["j", "Down"]
up = ["k", "Up"]
top = ["g", "Home"]
bottom = ["G", "End"]
page_down = ["PageDown", "Ctrl-d"]
page_up = ["PageUp", "Ctrl-u"]
scroll_down = ["J", "Ctrl-e"]
scroll_up = ["K"]
word_next = ["w"]
word_prev = ["b"]
focus = ["Tab"]
focus_article = ["h"]
focus_list = ["l"]
next_claim = ["]"]
prev_claim = ["["]
visual = ["v"]
add_claim = ["a"]
confirm = ["c", "1"]
unconfirm = ["u", "2"]
deny = ["d", "3"]
detail = ["Enter"]
edit_note = ["e"]
edit_claim = ["r"]
split = ["|"]
merge = ["M"]
delete = ["x"]
add_source = ["s"]
sources = ["S"]
edit_source = ["r"]
remove_source = ["x"]
open_source = ["o"]
history = ["H"]
undo = ["Ctrl-z", "Backspace"]
redo = ["Ctrl-y", "Ctrl-r"]
filter = ["f"]
order = ["O"]
search = ["/"]
next_match = ["n"]
prev_match = ["N"]
save = ["Ctrl-s"]
export = ["E"]
switcher = ["Ctrl-p"]
all_claims = ["W"]
add_article = ["A"]
similar = ["m"]
prior = ["P"]
approve = ["Y"]
help = ["?", "F1"]
quit = ["q"]
force_quit = ["Ctrl-c"]
close = ["Esc"]
"#;

/// What a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    ScrollDown,
    ScrollUp,
    WordNext,
    WordPrev,
    Focus,
    FocusArticle,
    FocusList,
    NextClaim,
    PrevClaim,
    Visual,
    AddClaim,
    Confirm,
    Unconfirm,
    Deny,
    Detail,
    EditNote,
    EditClaim,
    Split,
    Merge,
    Delete,
    AddSource,
    Sources,
    EditSource,
    RemoveSource,
    OpenSource,
    History,
    Undo,
    Redo,
    Filter,
    Order,
    Search,
    NextMatch,
    PrevMatch,
    Save,
    Export,
    Switcher,
    AllClaims,
    AddArticle,
    Similar,
    /// The published fact-checks matching the claim.
    Prior,
    Approve,
    Help,
    Quit,
    ForceQuit,
    Close,
}

impl Command {
    /// Every command, in the order the help overlay lists them.
    pub const ALL: [Command; 51] = [
        Command::Down,
        Command::Up,
        Command::Top,
        Command::Bottom,
        Command::PageDown,
        Command::PageUp,
        Command::ScrollDown,
        Command::ScrollUp,
        Command::WordNext,
        Command::WordPrev,
        Command::Focus,
        Command::FocusArticle,
        Command::FocusList,
        Command::NextClaim,
        Command::PrevClaim,
        Command::Visual,
        Command::AddClaim,
        Command::Confirm,
        Command::Unconfirm,
        Command::Deny,
        Command::Detail,
        Command::EditNote,
        Command::EditClaim,
        Command::Split,
        Command::Merge,
        Command::Delete,
        Command::AddSource,
        Command::Sources,
        Command::EditSource,
        Command::RemoveSource,
        Command::OpenSource,
        Command::History,
        Command::Undo,
        Command::Redo,
        Command::Filter,
        Command::Order,
        Command::Search,
        Command::NextMatch,
        Command::PrevMatch,
        Command::Save,
        Command::Export,
        Command::Switcher,
        Command::AllClaims,
        Command::AddArticle,
        Command::Similar,
        Command::Prior,
        Command::Approve,
        Command::Help,
        Command::Quit,
        Command::ForceQuit,
        Command::Close,
    ];

    /// The name used in the keymap TOML.
    pub fn name(self) -> &'static str {
        match self {
            Command::Down => "down",
            Command::Up => "up",
            Command::Top => "top",
            Command::Bottom => "bottom",
            Command::PageDown => "page_down",
            Command::PageUp => "page_up",
            Command::Focus => "focus",
            Command::FocusArticle => "focus_article",
            Command::FocusList => "focus_list",
            Command::NextClaim => "next_claim",
            Command::PrevClaim => "prev_claim",
            Command::Confirm => "confirm",
            Command::Unconfirm => "unconfirm",
            Command::Deny => "deny",
            Command::Detail => "detail",
            Command::EditNote => "edit_note",
            Command::AddSource => "add_source",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::Filter => "filter",
            Command::Order => "order",
            Command::Search => "search",
            Command::NextMatch => "next_match",
            Command::PrevMatch => "prev_match",
            Command::Save => "save",
            Command::Export => "export",
            Command::Switcher => "switcher",
            Command::AllClaims => "all_claims",
            Command::AddArticle => "add_article",
            Command::Similar => "similar",
            Command::Prior => "prior",
            Command::Approve => "approve",
            Command::Help => "help",
            Command::Quit => "quit",
            Command::ForceQuit => "force_quit",
            Command::ScrollDown => "scroll_down",
            Command::ScrollUp => "scroll_up",
            Command::WordNext => "word_next",
            Command::WordPrev => "word_prev",
            Command::Visual => "visual",
            Command::AddClaim => "add_claim",
            Command::EditClaim => "edit_claim",
            Command::Split => "split",
            Command::Merge => "merge",
            Command::Delete => "delete",
            Command::Sources => "sources",
            Command::EditSource => "edit_source",
            Command::RemoveSource => "remove_source",
            Command::OpenSource => "open_source",
            Command::History => "history",
            Command::Close => "close",
        }
    }

    /// What it does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Down => "down / next sentence",
            Command::Up => "up / prev sentence",
            Command::Top => "first claim",
            Command::Bottom => "last claim",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::Focus => "switch pane",
            Command::FocusArticle => "focus the article",
            Command::FocusList => "focus claims list",
            Command::NextClaim => "next claim in text",
            Command::PrevClaim => "prev claim in text",
            Command::Confirm => "mark confirmed",
            Command::Unconfirm => "mark unconfirmed",
            Command::Deny => "mark denied",
            Command::Detail => "claim detail",
            Command::EditNote => "edit the note",
            Command::AddSource => "add a source",
            Command::Undo => "undo",
            Command::Redo => "redo",
            Command::Filter => "cycle status filter",
            Command::Order => "article / score order",
            Command::Search => "search claims",
            Command::NextMatch => "next match",
            Command::PrevMatch => "previous match",
            Command::Save => "save now / retry",
            Command::Export => "export the verification sheet",
            Command::Switcher => "switch article (workspace)",
            Command::AllClaims => "all claims of the workspace",
            Command::AddArticle => "add an article: URL or file (workspace)",
            Command::Similar => "similar claims in other articles",
            Command::Prior => "prior fact-checks of the claim",
            Command::Approve => "approve another analyst's pending verdict",
            Command::Help => "this help",
            Command::Quit => "quit",
            Command::ForceQuit => "quit at once",
            Command::ScrollDown => "scroll article down",
            Command::ScrollUp => "scroll article up",
            Command::WordNext => "next word (article)",
            Command::WordPrev => "prev word (article)",
            Command::Visual => "select (article)",
            Command::AddClaim => "add claim (article)",
            Command::EditClaim => "edit text & speaker",
            Command::Split => "split the claim",
            Command::Merge => "merge with next",
            Command::Delete => "delete the claim",
            Command::Sources => "sources list",
            Command::EditSource => "edit source (list)",
            Command::RemoveSource => "remove source (list)",
            Command::OpenSource => "open URL in browser",
            Command::History => "claim history",
            Command::Close => "close / clear search",
        }
    }

    /// Does it change the sheet? (Refused in a read-only window.) Listed
    /// without a wildcard so that a new command must be decided here.
    pub fn mutates(self) -> bool {
        match self {
            Command::Confirm
            | Command::Unconfirm
            | Command::Deny
            | Command::EditNote
            | Command::AddSource
            | Command::AddClaim
            | Command::EditClaim
            | Command::Split
            | Command::Merge
            | Command::Delete
            | Command::EditSource
            | Command::RemoveSource
            | Command::Undo
            | Command::Redo
            | Command::Approve
            | Command::Save => true,
            Command::Down
            | Command::Up
            | Command::Top
            | Command::Bottom
            | Command::PageDown
            | Command::PageUp
            | Command::ScrollDown
            | Command::ScrollUp
            | Command::WordNext
            | Command::WordPrev
            | Command::Visual
            | Command::Sources
            | Command::OpenSource
            | Command::History
            | Command::Focus
            | Command::FocusArticle
            | Command::FocusList
            | Command::NextClaim
            | Command::PrevClaim
            | Command::Detail
            | Command::Filter
            | Command::Order
            | Command::Search
            | Command::NextMatch
            | Command::PrevMatch
            | Command::Export
            | Command::Switcher
            | Command::AllClaims
            | Command::AddArticle
            | Command::Similar
            | Command::Prior
            | Command::Help
            | Command::Quit
            | Command::ForceQuit
            | Command::Close => false,
        }
    }

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A key with its modifiers, normalised (Shift is folded into characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Chord {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::Tab
            }
            other => other,
        };
        Chord { code, mods }
    }

    pub fn of(ev: &KeyEvent) -> Chord {
        Chord::new(ev.code, ev.modifiers)
    }

    /// Parse "Ctrl-d", "Down", "?", "F1", "Shift-Tab".
    pub fn parse(s: &str) -> Result<Chord, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 5 && lower.starts_with("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.len() > 4 && lower.starts_with("alt-") {
                mods |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else if rest.len() > 6 && lower.starts_with("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "down" => KeyCode::Down,
                "up" => KeyCode::Up,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "space" => KeyCode::Char(' '),
                f if f.len() >= 2 && f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => return Err(format!("unknown key \"{s}\"")),
                },
                _ => return Err(format!("unknown key \"{s}\"")),
            },
        };
        Ok(Chord::new(code, mods))
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Keys to commands, and back (for help and hints).
#[derive(Debug, Clone)]
pub struct Keymap {
    by_chord: HashMap<Chord, Command>,
    by_command: HashMap<Command, Vec<Chord>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        match Keymap::from_config(&toml::Table::new()) {
            Ok(k) => k,
            // The embedded keymap is tested; this cannot happen.
            Err(_) => Keymap {
                by_chord: HashMap::new(),
                by_command: HashMap::new(),
            },
        }
    }
}

pub(super) fn parse_table(
    table: &toml::Table,
    origin: &str,
) -> Result<Vec<(Command, Vec<Chord>)>, String> {
    let mut out = Vec::new();
    for (name, value) in table {
        let command = Command::from_name(name).ok_or_else(|| {
            format!(
                "{origin}: unknown action \"{name}\" (known: {})",
                Command::ALL.map(Command::name).join(", ")
            )
        })?;
        let keys: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .ok_or_else(|| format!("{origin}: {name}: keys must be strings"))
                })
                .collect::<Result<_, _>>()?,
            _ => {
                return Err(format!(
                    "{origin}: {name}: expected a key or a list of keys"
                ));
            }
        };
        let chords = keys
            .into_iter()
            .map(|k| Chord::parse(k).map_err(|e| format!("{origin}: {name}: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        out.push((command, chords));
    }
    Ok(out)
}

impl Keymap {
    /// The defaults with the user's `[keys]` applied: an action named there
    /// gets exactly the keys given, and those keys leave other actions.
    pub fn from_config(user: &toml::Table) -> Result<Keymap, String> {
        let defaults: toml::Table = DEFAULT_KEYMAP
            .parse()
            .map_err(|e| format!("built-in keymap: {e}"))?;
        let mut by_command: HashMap<Command, Vec<Chord>> = HashMap::new();
        for (command, chords) in parse_table(&defaults, "built-in keymap")? {
            by_command.insert(command, chords);
        }
        let user_table = user;
        let user = parse_table(user, "config [keys]")?;
        super::keymap_check::check(user_table)
            .map_err(|c| format!("config [keys]: {}: {}", c.action, c.message))?;
        for (_, chords) in &user {
            for list in by_command.values_mut() {
                list.retain(|c| !chords.contains(c));
            }
        }
        for (command, chords) in user {
            by_command.insert(command, chords);
        }
        let mut by_chord = HashMap::new();
        for command in Command::ALL {
            for chord in by_command.get(&command).into_iter().flatten() {
                by_chord.entry(*chord).or_insert(command);
            }
        }
        Ok(Keymap {
            by_chord,
            by_command,
        })
    }

    /// The command of a key on the main screen. A key may be bound to more
    /// than one command when they apply in different places (`r` edits the
    /// claim, and the source in the sources list): the first in
    /// [`Command::ALL`] order is the main screen's.
    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        self.by_chord.get(&Chord::of(ev)).copied()
    }

    /// Is this key bound to `command`? (For the places with keys of their
    /// own, such as the sources list.)
    pub fn is(&self, ev: &KeyEvent, command: Command) -> bool {
        self.keys(command).contains(&Chord::of(ev))
    }

    pub fn keys(&self, command: Command) -> &[Chord] {
        self.by_command
            .get(&command)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The keys of a command as shown to the user: "c 1".
    pub fn label(&self, command: Command) -> String {
        self.keys(command)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first key of a command, for compact hints.
    pub fn first(&self, command: Command) -> Option<String> {
        self.keys(command).first().map(ToString::to_string)
    }
}

/// The default bindings as a Markdown table, one row per command:
/// `docs/keys.md` holds this table, and a test fails when it is out of date
/// (`UPDATE_DOCS=1 cargo test --test docs` writes it anew).
pub fn reference_markdown() -> String {
    let map = Keymap::default();
    let mut out = String::from(
        "| action | default keys | what it does | changes the sheet |\n|---|---|---|---|\n",
    );
    for command in Command::ALL {
        let keys: Vec<String> = map
            .keys(command)
            .iter()
            .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            command.name(),
            keys.join(" "),
            command.describe(),
            if command.mutates() { "yes" } else { "" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_every_command() {
        let k = Keymap::default();
        for c in Command::ALL {
            assert!(!k.keys(c).is_empty(), "{} has no key", c.name());
        }
        assert_eq!(
            k.command(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('N'), KeyModifiers::SHIFT)),
            Some(Command::PrevMatch)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Command::Help)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Command::PageDown)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('d'), KeyModifiers::NONE)),
            Some(Command::Deny)
        );
        assert_eq!(k.label(Command::Undo), "Ctrl-z Bksp");
        // r and x are the claim's on the main screen, the source's in the
        // sources list.
        let r = key(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(k.command(&r), Some(Command::EditClaim));
        assert!(k.is(&r, Command::EditSource));
        let x = key(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(k.command(&x), Some(Command::Delete));
        assert!(k.is(&x, Command::RemoveSource));
    }

    #[test]
    fn user_keys_replace_and_steal() {
        let user: toml::Table = "quit = [\"Q\"]\ndown = [\"q\", \"Down\"]".parse().unwrap();
        let k = Keymap::from_config(&user).unwrap();
        assert_eq!(
            k.command(&key(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            Some(Command::Quit)
        );
        assert_eq!(
            k.command(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        let bad: toml::Table = "jump = [\"x\"]".parse().unwrap();
        assert!(
            Keymap::from_config(&bad)
                .unwrap_err()
                .contains("unknown action \"jump\"")
        );
        let bad: toml::Table = "quit = [\"Hyper-x\"]".parse().unwrap();
        assert!(
            Keymap::from_config(&bad)
                .unwrap_err()
                .contains("unknown key")
        );
    }
}
