//! The user's configuration: `$XDG_CONFIG_HOME/claimdesk/config.toml`
//! (or `~/.config/claimdesk/config.toml`; `CLAIMDESK_CONFIG` names another
//! file). Every key is optional.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::Stamp;
use crate::domain::error::{Error, Result};
use crate::domain::export;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Who is reviewing: stamped on every verdict.
    pub analyst: Option<String>,
    /// The publishing organisation (ClaimReview `author`).
    pub organisation: Option<String>,
    /// Base URL where reviews are published (ClaimReview `url`).
    pub publish_url: Option<String>,
    /// After a verdict, move to the next claim not yet reviewed.
    pub advance: bool,
    /// Mouse support in the TUI (off by default, so text can be selected).
    pub mouse: bool,
    /// The claims list's order on opening: "article" (default) or "score".
    pub order: ListOrder,
    /// Key bindings that replace the defaults: `action = ["key", ...]`.
    pub keys: toml::Table,
}

impl Config {
    /// Export options from the configuration: analyst, organisation and
    /// publish URL; an analyst named on the command line (`--analyst`) wins
    /// over the configuration's. Blank values count as absent.
    pub fn export_options(&self, analyst: Option<&str>, generated_at: Stamp) -> export::Options {
        let clean = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        export::Options {
            analyst: clean(analyst).or_else(|| clean(self.analyst.as_deref())),
            organisation: clean(self.organisation.as_deref()),
            publish_url: clean(self.publish_url.as_deref()),
            ..export::Options::new(generated_at)
        }
    }
}

/// The order of the claims list: as in the article, or the most
/// check-worthy first.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ListOrder {
    #[default]
    Article,
    Score,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            analyst: None,
            organisation: None,
            publish_url: None,
            advance: true,
            mouse: false,
            order: ListOrder::Article,
            keys: toml::Table::new(),
        }
    }
}

impl Config {
    /// Where the configuration is read from, if anywhere.
    pub fn path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("CLAIMDESK_CONFIG") {
            return Some(PathBuf::from(p));
        }
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
        Some(base.join("claimdesk").join("config.toml"))
    }

    /// Load the configuration; a missing file gives the defaults, a broken
    /// one an error with its line and column.
    pub fn load() -> Result<Config> {
        match Config::path() {
            Some(p) if p.exists() => Config::load_from(&p),
            _ => Ok(Config::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(path, "cannot read the configuration", e))?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        toml::from_str(text).map_err(|e| match e.span() {
            Some(span) => Error::sheet_at(path, text, span.start, e.message().trim()),
            None => Error::sheet(path, e.message().trim()),
        })
    }

    /// An error about the `[keys]` entry of `action`, at its line and
    /// column in the configuration file (when the file names it).
    pub fn keys_error(action: &str, message: &str) -> Error {
        let message = format!("[keys] {action}: {message}");
        let Some(path) = Config::path() else {
            return Error::Invalid(message);
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match keys_entry_offset(&text, action) {
            Some(at) => Error::sheet_at(&path, &text, at, message),
            None => Error::sheet(&path, message),
        }
    }

    /// The analyst's name: the command line's, then the configuration's,
    /// then the sheet's default, then `$USER`, then "analyst"; a blank one
    /// counts as not given.
    pub fn analyst_name(&self, cli: Option<&str>, sheet: Option<&str>) -> String {
        let given = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        given(cli.map(str::to_owned))
            .or_else(|| given(self.analyst.clone()))
            .or_else(|| given(sheet.map(str::to_owned)))
            .or_else(|| given(std::env::var("USER").ok()))
            .unwrap_or_else(|| "analyst".to_owned())
    }
}

/// Where `action` is set under `[keys]` in this configuration text.
fn keys_entry_offset(text: &str, action: &str) -> Option<usize> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let keys = doc.as_table().get("keys")?.as_table_like()?;
    if let Some((key, _)) = keys.get_key_value(action) {
        return key.span().map(|s| s.start);
    }
    // The per-context form: `[keys.main]`.
    keys.iter().find_map(|(_, section)| {
        let (key, _) = section.as_table_like()?.get_key_value(action)?;
        key.span().map(|s| s.start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_positions() {
        let c = Config::parse(
            Path::new("c.toml"),
            "analyst = \"ana\"\nadvance = false\n[keys]\nquit = [\"Q\"]\n",
        )
        .unwrap();
        assert_eq!(c.analyst.as_deref(), Some("ana"));
        assert!(!c.advance && !c.mouse);
        assert!(c.keys.contains_key("quit"));
        let e =
            Config::parse(Path::new("c.toml"), "analyst = \"ana\"\nadvnce = true\n").unwrap_err();
        assert!(e.to_string().starts_with("c.toml:2:1:"), "{e}");
        assert_eq!(c.analyst_name(Some("cli"), None), "cli");
        assert_eq!(c.analyst_name(None, Some("sheet")), "ana");
        assert_eq!(c.analyst_name(Some(" "), None), "ana", "a blank --analyst");
        assert_eq!(Config::default().analyst_name(None, Some("sheet")), "sheet");
    }

    #[test]
    fn export_options_from_config() {
        let at = Stamp::parse("2026-01-01T00:00:00Z").unwrap();
        let config = Config {
            analyst: Some("cfg".into()),
            organisation: Some("  ".into()),
            publish_url: Some("https://x.org/r".into()),
            ..Config::default()
        };
        let o = config.export_options(Some("cli"), at);
        assert_eq!(o.analyst.as_deref(), Some("cli"));
        assert_eq!(o.organisation, None);
        let o = config.export_options(None, at);
        assert_eq!(o.analyst.as_deref(), Some("cfg"));
    }

    #[test]
    fn keys_entries_are_found_for_their_position() {
        let text = "analyst = \"ana\"\n[keys]\nquit = [\"Q\"]\n  deny = [\"x\"]\n";
        let at = keys_entry_offset(text, "deny").unwrap();
        assert_eq!(crate::domain::error::line_col(text, at), (4, 3));
        assert_eq!(keys_entry_offset(text, "confirm"), None);
        let nested = "[keys.main]\nquit = []\n";
        assert_eq!(keys_entry_offset(nested, "quit"), Some(12));
        let inline = "keys = { quit = [] }";
        assert_eq!(keys_entry_offset(inline, "quit"), Some(9));
    }
}
