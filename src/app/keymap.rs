//! Key bindings: the defaults are embedded as TOML (`action = ["key", ...]`)
//! and `Config.keys` replaces the keys of any action it names.
//!
//! Key syntax: a character (`j`, `?`, `]`), a named key (`Down`, `Enter`,
//! `Esc`, `Tab`, `Backspace`, `Home`, `End`, `PageUp`, `PageDown`, `Space`,
//! `F1`..`F12`), optionally with `Ctrl-` and/or `Alt-` in front.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The default keymap, as a user would write it in `[keys]`, one section
/// per context.
pub const DEFAULT_KEYMAP: &str = include_str!("keymap.toml");

pub use super::command::{Command, Context};

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
    by_chord: HashMap<(Context, Chord), Command>,
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

/// The bindings of a `[keys]` table: a command at the top level
/// (`confirm = ["c"]`) or under its context's section (`[keys.main]`).
pub(super) fn parse_table(
    table: &toml::Table,
    origin: &str,
) -> Result<Vec<(Command, Vec<Chord>)>, String> {
    let mut out = Vec::new();
    for (name, value) in table {
        if let toml::Value::Table(section) = value {
            let context = Context::from_name(name).ok_or_else(|| {
                format!(
                    "{origin}: unknown section [{name}] (known: {})",
                    Context::ALL.map(Context::name).join(", ")
                )
            })?;
            for (command, chords) in parse_table(section, origin)? {
                if command.context() != context {
                    return Err(format!(
                        "{origin}: {}: not a key of [{name}]; it belongs in [{}]",
                        command.name(),
                        command.context().name()
                    ));
                }
                out.push((command, chords));
            }
            continue;
        }
        out.push(parse_binding(name, value, origin)?);
    }
    Ok(out)
}

fn parse_binding(
    name: &str,
    value: &toml::Value,
    origin: &str,
) -> Result<(Command, Vec<Chord>), String> {
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
    Ok((command, chords))
}

impl Keymap {
    /// The defaults with the user's `[keys]` applied: an action named there
    /// gets exactly the keys given, and those keys leave the other actions
    /// of its context.
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
        for (command, chords) in &user {
            for (other, list) in by_command.iter_mut() {
                if other.context() == command.context() {
                    list.retain(|c| !chords.contains(c));
                }
            }
        }
        for (command, chords) in user {
            by_command.insert(command, chords);
        }
        let mut by_chord = HashMap::new();
        for command in Command::ALL {
            for chord in by_command.get(&command).into_iter().flatten() {
                by_chord
                    .entry((command.context(), *chord))
                    .or_insert(command);
            }
        }
        Ok(Keymap {
            by_chord,
            by_command,
        })
    }

    /// The command of a key on the main screen. A key may be bound to
    /// commands of other contexts too (`r` edits the claim here, and the
    /// source in the sources list); a sources key no main command takes
    /// works here too, on the selected source.
    pub fn command(&self, ev: &KeyEvent) -> Option<Command> {
        self.command_in(Context::Main, ev)
            .or_else(|| self.command_in(Context::Sources, ev))
    }

    /// The command of a key in `context`.
    pub fn command_in(&self, context: Context, ev: &KeyEvent) -> Option<Command> {
        self.by_chord.get(&(context, Chord::of(ev))).copied()
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

/// The character a key types into a one-line input: a character without
/// Ctrl (text editors take their keys whole).
pub fn typed(ev: &KeyEvent) -> Option<char> {
    match ev.code {
        KeyCode::Char(c) if !ev.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    }
}

/// Is this key the one written `name` (`"F12"`, `"Ctrl-c"`)? For keys
/// outside the keymap, such as the crash drill's.
pub fn is_key(ev: &KeyEvent, name: &str) -> bool {
    Chord::parse(name).is_ok_and(|c| c == Chord::of(ev))
}

/// The key event written `name` (`"x"`, `"Ctrl-s"`), as a terminal sends
/// it: for tests and scripted input.
pub fn key_event(name: &str) -> Option<KeyEvent> {
    Chord::parse(name)
        .ok()
        .map(|c| KeyEvent::new(c.code, c.mods))
}

/// The default bindings as a Markdown table, one row per command:
/// `docs/keys.md` holds this table, and a test fails when it is out of date
/// (`UPDATE_DOCS=1 cargo test --test docs` writes it anew).
pub fn reference_markdown() -> String {
    let map = Keymap::default();
    let mut out = String::from(
        "| action | where (`[keys.…]`) | default keys | what it does | changes the sheet |\n|---|---|---|---|---|\n",
    );
    for command in Command::ALL {
        let keys: Vec<String> = map
            .keys(command)
            .iter()
            .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
            .collect();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            command.name(),
            command.context().name(),
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
        assert_eq!(k.label(Command::Undo), "Ctrl-z");
        assert_eq!(k.label(Command::EditSearch), "Bksp");
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
    fn defaults_sit_in_their_context_section() {
        let table: toml::Table = DEFAULT_KEYMAP.parse().unwrap();
        for (section, value) in &table {
            let context = Context::from_name(section).unwrap();
            for name in value.as_table().unwrap().keys() {
                let command = Command::from_name(name).unwrap();
                assert_eq!(command.context(), context, "{name} in [{section}]");
            }
        }
        let k = Keymap::default();
        let enter = key(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(k.command(&enter), Some(Command::Detail));
        assert_eq!(k.command_in(Context::Popup, &enter), Some(Command::Ok));
        assert_eq!(
            typed(&key(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some('x')
        );
        assert_eq!(typed(&key(KeyCode::Char('x'), KeyModifiers::CONTROL)), None);
        assert!(is_key(&key(KeyCode::F(12), KeyModifiers::NONE), "F12"));
    }

    #[test]
    fn user_keys_by_context_section() {
        let user: toml::Table = "[main]\nconfirm = [\"y\"]\n[line]\nline_clear = [\"Ctrl-w\"]"
            .parse()
            .unwrap();
        let k = Keymap::from_config(&user).unwrap();
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(k.command(&y), Some(Command::Confirm));
        // y stays the picker's copy key: another context.
        assert!(k.is(&y, Command::PickCopy));
        assert!(k.is(
            &key(KeyCode::Char('w'), KeyModifiers::CONTROL),
            Command::LineClear
        ));
        assert!(!k.is(
            &key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            Command::LineClear
        ));
        let wrong: toml::Table = "[line]\nconfirm = [\"y\"]".parse().unwrap();
        let e = Keymap::from_config(&wrong).unwrap_err();
        assert!(
            e.contains("confirm: not a key of [line]; it belongs in [main]"),
            "{e}"
        );
        let unknown: toml::Table = "[lists]\ndown = [\"j\"]".parse().unwrap();
        let e = Keymap::from_config(&unknown).unwrap_err();
        assert!(e.contains("unknown section [lists]"), "{e}");
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
