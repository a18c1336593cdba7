//! The Markdown report (the default format): summary first, an overview
//! table, then a section per claim. Written for GitHub (GFM tables); every
//! piece of text is escaped so that it reads as text, never as markup.

use std::fmt::Write;

use super::{ArticleReport, ClaimReport, Report, Tally};
use crate::domain::link::is_web_url;
use crate::domain::sanitize;
use crate::domain::verdict::Verdict;

/// Characters of claim text shown in the overview table.
const OVERVIEW_CHARS: usize = 90;

pub(super) fn render(r: &Report) -> String {
    let mut out = String::new();
    out.push_str("# Verification sheet\n\n");
    let _ = write!(out, "Generated {}", r.generated_at);
    if let Some(by) = &r.generated_by {
        let _ = write!(out, " by {}", inline(by));
    }
    let _ = write!(
        out,
        " · {} article{}",
        r.articles.len(),
        if r.articles.len() == 1 { "" } else { "s" }
    );
    if let Some(f) = r.filter {
        let _ = write!(
            out,
            " · filter: {f} ({} of {} claims shown)",
            r.shown, r.counts.total
        );
    }
    out.push_str("\n\n");
    if r.articles.len() != 1 {
        let _ = writeln!(out, "**Overall:** {}\n", r.counts.progress_text());
        counts_table(&mut out, &r.counts);
    }
    for a in &r.articles {
        article(&mut out, a);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn counts_table(out: &mut String, c: &Tally) {
    out.push_str("| Confirmed | Unconfirmed | Denied | Not reviewed | Total |\n");
    out.push_str("|---:|---:|---:|---:|---:|\n");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n",
        c.confirmed, c.unconfirmed, c.denied, c.not_reviewed, c.total
    );
}

fn article(out: &mut String, a: &ArticleReport) {
    let _ = writeln!(out, "## {}\n", inline(&a.title));
    out.push_str("| | |\n|---|---|\n");
    let _ = writeln!(out, "| Article | {} |", code(&a.file));
    let _ = writeln!(out, "| Sheet | {} |", code(&a.sheet));
    if let Some(url) = &a.source_url {
        let _ = writeln!(out, "| Source | {} |", link(url));
    }
    if let Some(p) = &a.published {
        let _ = writeln!(out, "| Published | {} |", inline(p));
    }
    let _ = write!(out, "| SHA-256 | `{}` ", a.sha256);
    if a.article_changed {
        out.push_str("(**changed since the sheet was written**: positions may be off) ");
    }
    out.push_str("|\n");
    let analysts = if a.analysts.is_empty() {
        "none yet".to_owned()
    } else {
        a.analysts
            .iter()
            .map(|s| inline(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "| Analysts | {analysts} |");
    let _ = writeln!(out, "| Progress | {} |\n", a.counts.progress_text());
    counts_table(out, &a.counts);

    if a.claims.is_empty() {
        out.push_str("No claims to show.\n\n");
        return;
    }
    out.push_str("| ID | Place | Status | Speaker | Claim |\n");
    out.push_str("|---|---|---|---|---|\n");
    for c in &a.claims {
        let short: String = if c.text.chars().count() > OVERVIEW_CHARS {
            let cut: String = c.text.chars().take(OVERVIEW_CHARS - 1).collect();
            format!("{}…", cut.trim_end())
        } else {
            c.text.clone()
        };
        let _ = writeln!(
            out,
            "| {} | ¶{} l.{} | {} | {} | {} |",
            inline(&c.id),
            c.paragraph,
            c.line,
            badge(c),
            c.speaker
                .as_deref()
                .map(inline)
                .unwrap_or_else(|| "—".into()),
            inline(&short)
        );
    }
    out.push('\n');
    for c in &a.claims {
        claim(out, c);
    }
}

fn badge(c: &ClaimReport) -> String {
    let mark = match (c.reviewed, c.status) {
        (false, _) => "○",
        _ if !c.disputes.is_empty() => "⚡",
        (true, _) if c.needs_review => "!",
        (true, crate::domain::Status::Confirmed) => "✔",
        (true, crate::domain::Status::Unconfirmed) => "?",
        (true, crate::domain::Status::Denied) => "✘",
    };
    format!("{mark} {}", c.verdict())
}

fn claim(out: &mut String, c: &ClaimReport) {
    let _ = writeln!(out, "### {} · {}\n", inline(&c.id), badge(c));
    let _ = writeln!(out, "> {}\n", block(&c.text, "> "));
    let _ = writeln!(
        out,
        "- **Place:** paragraph {}, line {}",
        c.paragraph, c.line
    );
    let _ = writeln!(
        out,
        "- **Speaker:** {}",
        c.speaker
            .as_deref()
            .map(inline)
            .unwrap_or_else(|| "—".into())
    );
    match (&c.reviewed_at, &c.reviewed_by) {
        (Some(at), Some(by)) if c.reviewed => {
            let _ = writeln!(out, "- **Reviewed:** {at} by {}", inline(by));
        }
        (Some(at), None) if c.reviewed => {
            let _ = writeln!(out, "- **Reviewed:** {at}");
        }
        _ => {
            let _ = writeln!(out, "- **Reviewed:** {}", Verdict::NotReviewed);
        }
    }
    if c.note.trim().is_empty() {
        out.push_str("- **Note:** —\n");
    } else {
        let _ = writeln!(out, "- **Note:** {}", block(&c.note, "  "));
    }
    if c.sources.is_empty() {
        out.push_str("- **Sources:** none\n");
    } else {
        out.push_str("- **Sources:**\n");
        for s in &c.sources {
            let _ = writeln!(out, "  - {}", link(s));
        }
    }
    if !c.prior.is_empty() {
        out.push_str("- **Checked before:**\n");
        for p in &c.prior {
            let _ = writeln!(
                out,
                "  - {}: {} ({})",
                inline(&p.summary),
                inline(&p.claim_reviewed),
                link(&p.url)
            );
        }
    }
    out.push('\n');
}

/// A source or URL: an autolink when it is a plain http(s) address, else text.
fn link(s: &str) -> String {
    if is_web_url(s) && !s.contains(['<', '>']) {
        format!("<{s}>")
    } else {
        inline(s)
    }
}

/// A file name in backticks (with a longer fence when it holds backticks).
fn code(s: &str) -> String {
    let s = sanitize::line(s);
    let fence = if s.contains('`') { "`` " } else { "`" };
    let close = if s.contains('`') { " ``" } else { "`" };
    format!("{fence}{}{close}", s.replace('|', "\\|"))
}

/// Text on one line: control characters made visible, newlines as spaces,
/// Markdown punctuation escaped.
pub(super) fn inline(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    escape_line(sanitize::line(&one_line).trim())
}

/// Multi-line text: each line escaped, joined with hard line breaks and
/// `indent` (the blockquote marker or list indentation) at each new line.
/// Blank lines are dropped, so the text stays one block.
fn block(s: &str, indent: &str) -> String {
    let clean = sanitize::text(s);
    clean
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(escape_line)
        .collect::<Vec<_>>()
        .join(&format!("\\\n{indent}"))
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // "12." or "3)" at the start would make an ordered list.
    let numbered = line
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&i| i > 0 && line[i..].starts_with(['.', ')']));
    for (i, c) in line.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            // What would start a block: heading, list, setext underline.
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ if Some(i) == numbered => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::export::tests::{at, hostile_doc};
    use crate::domain::export::{Format, Options, render};

    #[test]
    fn escapes_markup() {
        assert_eq!(
            inline("<b>*x*</b> | a_b"),
            "\\<b\\>\\*x\\*\\</b\\> \\| a\\_b"
        );
        assert_eq!(inline("# no heading"), "\\# no heading");
        assert_eq!(inline("- no list"), "\\- no list");
        assert_eq!(inline("1. no list, 2. items"), "1\\. no list, 2. items");
        assert_eq!(inline("a\nb\u{1b}c"), "a b\u{241b}c");
        assert_eq!(block("one\n\n=two", "> "), "one\\\n> \\=two");
        assert_eq!(link("https://x.org/a_b"), "<https://x.org/a_b>");
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
    }

    #[test]
    fn hostile_text_is_inert() {
        let doc = hostile_doc();
        let out = render(
            &[&doc],
            Format::Markdown,
            &Options::new(at("2026-11-28T12:00:00Z")),
        )
        .unwrap()
        .text;
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("\\<script\\>alert(1)\\</script\\> \\& \"quotes\""));
        assert!(!out.contains('\u{1b}'));
        assert!(
            out.contains("line one\\\n  line two \u{241b}\\[31m"),
            "{out}"
        );
        assert!(
            out.contains("  - <https://example.org/a?b=1&c=\"2\">"),
            "{out}"
        );
        assert!(out.contains("  - javascript:alert(1)\n"), "{out}");
        assert!(out.contains("### C2 · ○ not reviewed"), "{out}");
        assert!(out.contains("- **Reviewed:** 2026-11-28T10:00:00Z by ana"));
    }
}
