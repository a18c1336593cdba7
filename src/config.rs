//! The user's configuration: `$XDG_CONFIG_HOME/claimdesk/config.toml`
//! (or `~/.config/claimdesk/config.toml`; `CLAIMDESK_CONFIG` names another
//! file). Every key is optional.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::error::{Error, Result};

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
}
