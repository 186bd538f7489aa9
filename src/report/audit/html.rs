//! The audit as one self-contained HTML page: inline CSS, no script, no external asset. The
//! Content-Security-Policy forbids scripts and every load (`default-src 'none'`), so even a
//! vendor string that slipped past escaping could not run or fetch anything. Every string
//! passes `escape::html`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::text::who;
use super::{Audit, counts_text, detail_text, place};
use crate::diff::evidence::{ComponentChange, ComponentSide};
use crate::diff::verdicts::{Outcome, VerdictChange};
use crate::report::escape::html as esc;

const CSS: &str = "
:root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
body { margin: 2rem auto; max-width: 80rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.flag { background: #fbd9dc; color: #8a1020; font-weight: 700; padding: .4rem .6rem; }
.ok { background: #d7f0dd; color: #0b5a1e; padding: .4rem .6rem; }
tr.red-flag, tr.broken { background: #fbdde0; }
.place { color: #555; font-family: ui-monospace, monospace; font-size: .9em; }
";

pub fn audit(a: &Audit<'_>, out: &mut dyn Write) -> io::Result<()> {
    let d = a.evidence;
    let mut s = String::new();
    let title = format!("Delivery audit: {} → {}", who(&d.bid), who(&d.delivered));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"tenderguard {}\">\n<title>{}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(a.tool_version),
        esc(&title),
        esc(&title)
    );
    if let Some((id, t)) = a.tender {
        let _ = writeln!(s, "<p>Tender: {} {}</p>", esc(id), esc(t));
    }
    let _ = writeln!(
        s,
        "<p>Components: {} at bid, {} delivered: {}</p>",
        d.bid.components,
        d.delivered.components,
        esc(&counts_text(d))
    );
    let flags = d.red_flags().count();
    if flags > 0 {
        let _ = writeln!(
            s,
            "<p class=\"flag\">RED FLAG: {flags} component(s) delivered with a different digest for the same version</p>"
        );
    }
    if let Some(v) = a.verdicts {
        match a.broken_promises() {
            0 => s.push_str("<p class=\"ok\">No broken promises</p>\n"),
            n => {
                let _ = writeln!(s, "<p class=\"flag\">BROKEN PROMISES: {n}</p>");
            }
        }
        verdicts(v, &mut s);
    }
    components(&d.components, &mut s);
    answers(a, &mut s);
    s.push_str("</body>\n</html>\n");
    out.write_all(s.as_bytes())
}

fn verdicts(v: &[VerdictChange], s: &mut String) {
    let _ = writeln!(s, "<h2>Verdict changes ({})</h2>", v.len());
    if v.is_empty() {
        s.push_str("<p>none</p>\n");
        return;
    }
    s.push_str("<table>\n<thead><tr><th>id</th><th>title</th><th>at bid</th><th>at delivery</th></tr></thead>\n<tbody>\n");
    let cell = |o: &Option<Outcome>| {
        o.as_ref().map_or_else(
            || "not assessed".to_owned(),
            |o| format!("<b>{}</b> {}", o.verdict.name(), esc(&o.explanation)),
        )
    };
    for c in v {
        let class = if c.broken_promise {
            " class=\"broken\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<tr{class}><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(&c.title),
            cell(&c.bid),
            cell(&c.delivered)
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn components(cs: &[ComponentChange], s: &mut String) {
    let _ = writeln!(s, "<h2>Component changes ({})</h2>", cs.len());
    if cs.is_empty() {
        s.push_str("<p>none</p>\n");
        return;
    }
    s.push_str("<table>\n<thead><tr><th>change</th><th>component</th><th>bid</th><th>delivered</th><th>details</th></tr></thead>\n<tbody>\n");
    let side = |x: &Option<ComponentSide>| {
        x.as_ref().map_or_else(
            || "-".to_owned(),
            |x| {
                format!(
                    "{} {}<br><span class=\"place\">{}</span>",
                    esc(x.version.as_deref().unwrap_or("?")),
                    esc(x.license.as_deref().unwrap_or("")),
                    esc(&place(x.provenance.as_ref()))
                )
            },
        )
    };
    for c in cs {
        let (class, change) = if c.red_flag() {
            (" class=\"red-flag\"", "RED FLAG")
        } else {
            ("", c.kind.name())
        };
        let details: Vec<String> = c.details.iter().map(|d| esc(&detail_text(d))).collect();
        let name = c.subject().map(|x| x.name.clone()).unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr{class}><td>{change}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&name),
            side(&c.bid),
            side(&c.delivered),
            details.join("<br>")
        );
    }
    s.push_str("</tbody>\n</table>\n");
}

fn answers(a: &Audit<'_>, s: &mut String) {
    let d = a.evidence;
    if !d.answers.is_empty() {
        let _ = writeln!(
            s,
            "<h2>Attestation answers changed ({})</h2>",
            d.answers.len()
        );
        s.push_str("<table>\n<thead><tr><th>answer</th><th>bid</th><th>delivered</th></tr></thead>\n<tbody>\n");
        for x in &d.answers {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&x.pointer),
                esc(x.bid.as_deref().unwrap_or("(absent)")),
                esc(x.delivered.as_deref().unwrap_or("(absent)"))
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    if !d.vulnerabilities.is_empty() {
        let _ = writeln!(
            s,
            "<h2>Vulnerabilities changed ({})</h2>",
            d.vulnerabilities.len()
        );
        s.push_str("<table>\n<thead><tr><th>change</th><th>id</th><th>bid</th><th>delivered</th></tr></thead>\n<tbody>\n");
        for v in &d.vulnerabilities {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                v.kind,
                esc(&v.id),
                esc(v.bid.as_deref().unwrap_or("-")),
                esc(v.delivered.as_deref().unwrap_or("-"))
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
}
