//! HTML: one self-contained page. Inline CSS (with print rules), no
//! JavaScript, nothing fetched from elsewhere (a Content-Security-Policy says
//! so to the browser too), status badges that carry text as well as colour,
//! every piece of text escaped, and only http/https sources made links.

use std::fmt::Write;

use super::{ArticleReport, ClaimReport, Report, Tally};
use crate::domain::Status;
use crate::domain::link::is_web_url;
use crate::domain::sanitize;
use crate::domain::verdict::Verdict;

const STYLE: &str = "\
:root{--fg:#1b1f23;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--fg);background:var(--bg);max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.3rem;margin:2.5rem 0 .5rem;padding-top:1rem;border-top:2px solid var(--line)}
h3{font-size:1.05rem;margin:0 0 .5rem;display:flex;gap:.6rem;align-items:center}
.muted{color:var(--muted)}
table{border-collapse:collapse;margin:.75rem 0}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.meta dt{font-weight:600}
dl.meta dd{margin:0;overflow-wrap:anywhere}
code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.progress{height:.6rem;background:var(--soft);border:1px solid var(--line);border-radius:.3rem;overflow:hidden;max-width:20rem}
.progress span{display:block;height:100%;background:#2da44e}
.claim{border:1px solid var(--line);border-radius:.4rem;padding:.8rem 1rem;margin:1rem 0;break-inside:avoid}
.claim blockquote{margin:.3rem 0 .6rem;padding:.2rem .8rem;border-left:4px solid var(--line);white-space:pre-wrap;font-size:1.05rem}
.claim dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0}
.claim dt{color:var(--muted)}
.claim dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.claim ul{margin:0;padding-left:1.2rem;white-space:normal}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;font-weight:600;border:1px solid;white-space:nowrap}
.badge.confirmed{background:#dafbe1;color:#116329;border-color:#4ac26b}
.badge.unconfirmed{background:#fff8c5;color:#7d4e00;border-color:#d4a72c}
.badge.denied{background:#ffebe9;color:#a40e26;border-color:#ff8182}
.badge.not-reviewed{background:var(--soft);color:var(--muted);border-color:var(--line)}
.warn{color:#a40e26;font-weight:600}
@media print{
body{font-size:10.5pt;max-width:none;margin:0;color:#000}
h2{break-before:page;border-top:none}
section.article:first-of-type h2{break-before:auto}
.claim{border-color:#999}
.badge{background:none!important;color:#000!important;border-color:#000!important}
.progress{display:none}
a{color:#000;text-decoration:none}
a[href]::after{content:\" <\" attr(href) \">\";font-size:.85em;overflow-wrap:anywhere}
}
";

pub(super) fn render(r: &Report) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = match r.articles.as_slice() {
        [one] => format!("Verification sheet: {}", one.title),
        _ => format!("Verification sheet: {} articles", r.articles.len()),
    };
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"claimdesk\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>");
    out.push_str("<header>\n<h1>Verification sheet</h1>\n<p class=\"muted\">Generated ");
    let _ = write!(
        out,
        "<time datetime=\"{0}\">{0}</time>",
        esc(&r.generated_at)
    );
    if let Some(by) = &r.generated_by {
        let _ = write!(out, " by {}", esc(by));
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
            " · filter: {} ({} of {} claims shown)",
            esc(f),
            r.shown,
            r.counts.total
        );
    }
    out.push_str("</p>\n");
    if r.articles.len() != 1 {
        let _ = writeln!(
            out,
            "<p><strong>Overall:</strong> {}</p>",
            r.counts.progress_text()
        );
        counts(&mut out, &r.counts);
    }
    out.push_str("</header>\n");
    for a in &r.articles {
        article(&mut out, a);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn counts(out: &mut String, c: &Tally) {
    out.push_str("<table class=\"counts\">\n<tr><th>Confirmed</th><th>Unconfirmed</th><th>Denied</th><th>Not reviewed</th><th>Total</th></tr>\n");
    let _ = writeln!(
        out,
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</table>",
        c.confirmed, c.unconfirmed, c.denied, c.not_reviewed, c.total
    );
    let _ = writeln!(
        out,
        "<div class=\"progress\" role=\"img\" aria-label=\"{0}\"><span style=\"width:{1}%\"></span></div>",
        esc(&c.progress_text()),
        c.percent()
    );
}

fn article(out: &mut String, a: &ArticleReport) {
    let _ = writeln!(
        out,
        "<section class=\"article\" id=\"{}\">\n<h2>{}</h2>\n<dl class=\"meta\">",
        a.slug,
        esc(&a.title)
    );
    let _ = writeln!(
        out,
        "<dt>Article</dt><dd><code>{}</code></dd>",
        esc(&a.file)
    );
    let _ = writeln!(out, "<dt>Sheet</dt><dd><code>{}</code></dd>", esc(&a.sheet));
    if let Some(url) = &a.source_url {
        let _ = writeln!(out, "<dt>Source</dt><dd>{}</dd>", link(url));
    }
    if let Some(p) = &a.published {
        let _ = writeln!(out, "<dt>Published</dt><dd>{}</dd>", esc(p));
    }
    let _ = write!(out, "<dt>SHA-256</dt><dd><code>{}</code>", esc(&a.sha256));
    if a.article_changed {
        out.push_str(
            " <span class=\"warn\">changed since the sheet was written: positions may be off</span>",
        );
    }
    out.push_str("</dd>\n");
    let analysts = if a.analysts.is_empty() {
        "none yet".to_owned()
    } else {
        a.analysts
            .iter()
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "<dt>Analysts</dt><dd>{analysts}</dd>");
    let _ = writeln!(
        out,
        "<dt>Progress</dt><dd>{}</dd>\n</dl>",
        a.counts.progress_text()
    );
    counts(out, &a.counts);
    if a.claims.is_empty() {
        out.push_str("<p class=\"muted\">No claims to show.</p>\n");
    }
    for c in &a.claims {
        claim(out, c);
    }
    out.push_str("</section>\n");
}

fn badge(c: &ClaimReport) -> String {
    let (class, mark) = match (c.reviewed, c.status) {
        (false, _) => ("not-reviewed", "○"),
        _ if !c.disputes.is_empty() => ("not-reviewed", "⚡"),
        (true, _) if c.needs_review => ("not-reviewed", "!"),
        (true, Status::Confirmed) => ("confirmed", "✔"),
        (true, Status::Unconfirmed) => ("unconfirmed", "?"),
        (true, Status::Denied) => ("denied", "✘"),
    };
    format!(
        "<span class=\"badge {class}\">{mark} {}</span>",
        c.verdict()
    )
}

fn claim(out: &mut String, c: &ClaimReport) {
    let _ = writeln!(
        out,
        "<article class=\"claim\" id=\"{}\">\n<h3><span>{}</span> {}</h3>",
        c.anchor,
        esc(&c.id),
        badge(c)
    );
    let _ = writeln!(out, "<blockquote>{}</blockquote>\n<dl>", esc(&c.text));
    let _ = writeln!(
        out,
        "<dt>Place</dt><dd>paragraph {}, line {}</dd>",
        c.paragraph, c.line
    );
    let _ = writeln!(
        out,
        "<dt>Speaker</dt><dd>{}</dd>",
        c.speaker.as_deref().map(esc).unwrap_or_else(|| "—".into())
    );
    let reviewed = match (&c.reviewed_at, &c.reviewed_by) {
        (Some(at), Some(by)) if c.reviewed => {
            format!("<time datetime=\"{0}\">{0}</time> by {1}", esc(at), esc(by))
        }
        (Some(at), None) if c.reviewed => format!("<time datetime=\"{0}\">{0}</time>", esc(at)),
        _ => Verdict::NotReviewed.label().into(),
    };
    let _ = writeln!(out, "<dt>Reviewed</dt><dd>{reviewed}</dd>");
    let note = if c.note.trim().is_empty() {
        "—".into()
    } else {
        esc(c.note.trim_end())
    };
    let _ = writeln!(out, "<dt>Note</dt><dd>{note}</dd>");
    if c.sources.is_empty() {
        out.push_str("<dt>Sources</dt><dd>none</dd>\n");
    } else {
        out.push_str("<dt>Sources</dt><dd><ul>");
        for s in &c.sources {
            let _ = write!(out, "<li>{}</li>", link(s));
        }
        out.push_str("</ul></dd>\n");
    }
    if !c.prior.is_empty() {
        out.push_str("<dt>Checked before</dt><dd><ul>");
        for p in &c.prior {
            let _ = write!(
                out,
                "<li>{}: {} ({})</li>",
                esc(&p.summary),
                esc(&p.claim_reviewed),
                link(&p.url)
            );
        }
        out.push_str("</ul></dd>\n");
    }
    out.push_str("</dl>\n</article>\n");
}

/// An http(s) source as a link; anything else (javascript:, data:, a
/// citation) as plain text.
fn link(s: &str) -> String {
    if is_web_url(s) {
        format!(
            "<a href=\"{0}\" rel=\"noopener noreferrer nofollow\">{0}</a>",
            esc(s)
        )
    } else {
        esc(s)
    }
}

/// Text for HTML content or a quoted attribute: control characters and
/// bidirectional overrides made visible (newlines kept), then `& < > " '`
/// escaped.
pub(super) fn esc(s: &str) -> String {
    let clean = sanitize::text(s);
    let mut out = String::with_capacity(clean.len() + 16);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
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
    fn escapes_everything() {
        assert_eq!(
            esc("<a href='x'>\"&\"</a>\u{1b}\u{202e}\n"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;\u{241b}\u{FFFD}\n"
        );
        assert_eq!(
            link("https://x.org/?a=1&b=\"2\""),
            "<a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer nofollow\">https://x.org/?a=1&amp;b=&quot;2&quot;</a>"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("data:text/html,<b>"), "data:text/html,&lt;b&gt;");
    }

    #[test]
    fn hostile_page_has_no_live_markup() {
        let doc = hostile_doc();
        let out = render(
            &[&doc],
            Format::Html,
            &Options::new(at("2026-11-28T12:00:00Z")),
        )
        .unwrap()
        .text;
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("javascript:alert(1)\""));
        assert!(!out.contains('\u{1b}'));
        assert!(!out.contains("src="));
        assert!(!out.contains("<link"));
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
        assert!(out.contains("=HYPERLINK(&quot;http://evil&quot;)"));
        assert_eq!(out.matches("<a href=").count(), 1);
        assert!(out.contains("<span class=\"badge denied\">✘ denied</span>"));
        assert!(out.contains("<span class=\"badge not-reviewed\">○ not reviewed</span>"));
        assert!(out.contains("@media print"));
    }
}
