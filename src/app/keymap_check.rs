//! Key bindings from the configuration that cannot work together are
//! refused, naming the action so the error can point at its line: a key
//! given to two actions of one context, no key left that quits, a quit key
//! taken by another action while quit keeps no other.

use std::collections::HashMap;

use super::keymap::{Chord, Command, DEFAULT_KEYMAP, parse_table};

/// What is wrong, and the action of `[keys]` it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub action: String,
    pub message: String,
}

const QUITS: [Command; 2] = [Command::Quit, Command::ForceQuit];

/// Check the user's `[keys]` against each other and the defaults. Syntax
/// (unknown actions and keys) is the keymap's to report: it passes here.
pub fn check(user: &toml::Table) -> Result<(), Conflict> {
    let Ok(user) = parse_table(user, "config [keys]") else {
        return Ok(());
    };
    let conflict = |c: Command, message: String| Conflict {
        action: c.name().to_owned(),
        message,
    };
    for (i, (a, keys_a)) in user.iter().enumerate() {
        for (b, keys_b) in &user[i + 1..] {
            let shared = keys_a.iter().find(|k| keys_b.contains(k));
            if let Some(k) = shared.filter(|_| a != b && a.context() == b.context()) {
                return Err(conflict(
                    *b,
                    format!("{k} is bound to both {} and {}", a.name(), b.name()),
                ));
            }
        }
    }
    let defaults: toml::Table = DEFAULT_KEYMAP.parse().unwrap_or_default();
    let defaults: HashMap<Command, Vec<Chord>> = parse_table(&defaults, "built-in keymap")
        .unwrap_or_default()
        .into_iter()
        .collect();
    let rebound = |c: Command| user.iter().any(|(u, _)| *u == c);
    let mut quit_keys = 0;
    for q in QUITS {
        let mut left = if rebound(q) {
            user.iter().find(|(u, _)| *u == q).map(|(_, k)| k.clone())
        } else {
            defaults.get(&q).cloned()
        }
        .unwrap_or_default();
        if !rebound(q) {
            // Another action given a quit key takes it: refused, so that
            // quitting never lands on an everyday key by surprise.
            for (a, keys) in user.iter().filter(|(a, _)| !QUITS.contains(a)) {
                if let Some(k) = keys.iter().find(|k| left.contains(k)) {
                    return Err(conflict(
                        *a,
                        format!(
                            "{k} is the key of {}: give {} other keys in [keys] first, or {} another key",
                            q.name(),
                            q.name(),
                            a.name()
                        ),
                    ));
                }
            }
            left.retain(|k| !user.iter().any(|(_, keys)| keys.contains(k)));
        }
        quit_keys += left.len();
    }
    if quit_keys == 0 {
        let q = QUITS
            .into_iter()
            .find(|q| rebound(*q))
            .unwrap_or(Command::Quit);
        return Err(conflict(
            q,
            "no key left that quits: give quit or force_quit a key".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_str(s: &str) -> Result<(), Conflict> {
        check(&s.parse().unwrap())
    }

    #[test]
    fn conflicts_are_refused_naming_the_action() {
        let e = check_str("confirm = [\"x\"]\ndeny = [\"x\"]").unwrap_err();
        assert_eq!(e.action, "deny");
        assert_eq!(e.message, "x is bound to both confirm and deny");
        let e = check_str("quit = []\nforce_quit = []").unwrap_err();
        assert_eq!(
            e.message,
            "no key left that quits: give quit or force_quit a key"
        );
        for taker in ["confirm", "down"] {
            let e = check_str(&format!("{taker} = [\"q\"]")).unwrap_err();
            assert_eq!(e.action, taker);
            assert!(
                e.message.starts_with("q is the key of quit"),
                "{}",
                e.message
            );
        }
        let e = check_str("close = [\"Ctrl-c\"]").unwrap_err();
        assert!(
            e.message.starts_with("Ctrl-c is the key of force_quit"),
            "{}",
            e.message
        );
    }

    #[test]
    fn what_works_together_passes() {
        assert!(check_str("").is_ok());
        assert!(check_str("quit = [\"Q\"]\ndown = [\"q\", \"Down\"]").is_ok());
        assert!(check_str("quit = []").is_ok(), "Ctrl-c still quits");
        assert!(
            check_str("edit_claim = [\"e\"]\nedit_source = [\"e\"]").is_ok(),
            "two contexts"
        );
        assert!(
            check_str("confirm = [\"y\"]").is_ok(),
            "taking a default key is allowed"
        );
    }
}
