//! HTML: one self-contained page (inline CSS and script, no external asset). The
//! Content-Security-Policy allows exactly our style and script, by SHA-256 hash, and nothing
//! else: even a vendor string that slipped past escaping could not run or load anything.
//! Without JavaScript the tables are complete; the script only adds sorting (click a column
//! header) and filtering (by verdict and text), and un-hides the filter controls. Every
//! vendor string passes `escape::html`.

use std::fmt::Write as _;
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::RenderOptions;
use super::common;
use crate::engine::verdict::{Assessment, ClauseResult, Comparison, Status, Verdict};
use crate::report::escape::html as esc;

const CSS: &str = r#"
:root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
body { margin: 2rem auto; max-width: 80rem; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: .5rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
.status { font-weight: 700; font-size: 1.1rem; padding: .4rem .6rem; display: inline-block; }
.status.qualified { background: #d7f0dd; color: #0b5a1e; }
.status.disqualified { background: #fbd9dc; color: #8a1020; }
.controls { margin: 1rem 0; display: flex; gap: 1rem; }
table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; position: sticky; top: 0; }
table.sortable th { cursor: pointer; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.v-pass { background: #e3f4e7; }
.v-fail { background: #fbdde0; }
.v-unknown { background: #fff1c2; }
.v-not_applicable { background: #f2f2f2; color: #555; }
.v-waived { background: #dfeefb; }
td.details p { margin: 0 0 .3rem; white-space: pre-wrap; }
td.details ul { margin: 0; padding-left: 1.2rem; }
.place { color: #555; font-family: ui-monospace, monospace; font-size: .9em; }
.more { font-style: italic; }
@media print { .controls { display: none; } th { position: static; } }
"#;

const SCRIPT: &str = r#"
(function () {
  var controls = document.querySelector('.controls');
  var verdict = document.getElementById('tg-verdict');
  var text = document.getElementById('tg-text');
  if (controls && verdict && text) {
    controls.hidden = false;
    var filter = function () {
      var v = verdict.value, q = text.value.toLowerCase();
      document.querySelectorAll('table.filterable tbody tr').forEach(function (tr) {
        var vs = ' ' + (tr.getAttribute('data-verdicts') || '') + ' ';
        var okV = !v || vs.indexOf(' ' + v + ' ') >= 0;
        var okT = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
        tr.hidden = !(okV && okT);
      });
    };
    verdict.addEventListener('change', filter);
    text.addEventListener('input', filter);
  }
  var key = function (tr, i) {
    var td = tr.cells[i];
    if (!td) { return ''; }
    var s = td.getAttribute('data-sort');
    return s !== null ? s : td.textContent.trim();
  };
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, i) {
      th.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, i), y = key(b, i), nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
"#;

const VERDICTS: [Verdict; 5] = [
    Verdict::Pass,
    Verdict::Fail,
    Verdict::Unknown,
    Verdict::NotApplicable,
    Verdict::Waived,
];

pub fn assessment(a: &Assessment, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let name = common::bid_name(a);
    let mut s = String::new();
    head(&mut s, &format!("Compliance matrix: {name}"), opts);
    let _ = writeln!(s, "<header>\n<h1>Compliance matrix: {}</h1>", esc(&name));
    meta(
        &mut s,
        &a.tender_id,
        &a.tender_title,
        common::date(a.as_of),
        opts,
    );
    summary(&mut s, a);
    s.push_str("</header>\n<main>\n");
    controls(&mut s);
    s.push_str("<table class=\"sortable filterable\" id=\"results\">\n<thead><tr><th>Verdict</th><th>Id</th><th>Kind</th><th>Title</th><th>Score</th><th>Details</th></tr></thead>\n<tbody>\n");
    for r in &a.results {
        result_row(&mut s, r, opts);
    }
    s.push_str("</tbody>\n</table>\n</main>\n");
    tail(&mut s);
    out.write_all(s.as_bytes())
}

pub fn comparison(c: &Comparison, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    head(&mut s, &format!("Bid comparison: {}", c.tender_title), opts);
    let _ = writeln!(
        s,
        "<header>\n<h1>Bid comparison: {}</h1>",
        esc(&c.tender_title)
    );
    meta(
        &mut s,
        &c.tender_id,
        &c.tender_title,
        common::date(c.as_of),
        opts,
    );
    s.push_str("</header>\n<main>\n<h2>Ranking</h2>\n");
    s.push_str("<table class=\"sortable\" id=\"ranking\">\n<thead><tr><th>Rank</th><th>Vendor</th><th>Status</th><th>Award score</th></tr></thead>\n<tbody>\n");
    for (bid, rank) in c.bids.iter().zip(common::ranks(c)) {
        ranking_row(&mut s, bid, rank);
    }
    s.push_str("</tbody>\n</table>\n<h2>Matrix</h2>\n");
    controls(&mut s);
    matrix(&mut s, c);
    s.push_str("</main>\n");
    tail(&mut s);
    out.write_all(s.as_bytes())
}

fn head(s: &mut String, title: &str, opts: &RenderOptions<'_>) {
    let csp = format!(
        "default-src 'none'; style-src 'sha256-{}'; script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        sha256_base64(CSS),
        sha256_base64(SCRIPT)
    );
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"tenderguard {}\">\n<title>{}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n",
        esc(opts.tool_version),
        esc(title)
    );
}

fn tail(s: &mut String) {
    let _ = write!(s, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
}

fn meta(s: &mut String, id: &str, title: &str, as_of: String, opts: &RenderOptions<'_>) {
    let _ = writeln!(
        s,
        "<dl class=\"meta\"><dt>Tender</dt><dd>{} ({})</dd><dt>As of</dt><dd>{as_of}</dd>\
         <dt>Tool</dt><dd>tenderguard {}</dd></dl>",
        esc(title),
        esc(id),
        esc(opts.tool_version)
    );
}

fn summary(s: &mut String, a: &Assessment) {
    let class = match a.summary.status {
        Status::Qualified => "qualified",
        Status::Disqualified => "disqualified",
    };
    let score = common::score_text(a.summary.award_score).unwrap_or_else(|| "—".to_owned());
    let _ = writeln!(
        s,
        "<p class=\"status {class}\">{}</p>\n<p>{} · award score {score}</p>",
        esc(&common::status_line(&a.summary)),
        common::counts_line(&a.summary)
    );
}

/// The filter controls: hidden until the script shows them.
fn controls(s: &mut String) {
    s.push_str("<div class=\"controls\" hidden>\n<label>Verdict <select id=\"tg-verdict\"><option value=\"\">all</option>");
    for v in VERDICTS {
        let _ = write!(
            s,
            "<option value=\"{}\">{}</option>",
            v.name(),
            common::verdict_word(v)
        );
    }
    s.push_str(
        "</select></label>\n<label>Search <input id=\"tg-text\" type=\"search\"></label>\n</div>\n",
    );
}

fn verdict_cell(v: Verdict, text: &str) -> String {
    format!("<td class=\"v-{}\">{text}</td>", v.name())
}

fn result_row(s: &mut String, r: &ClauseResult, opts: &RenderOptions<'_>) {
    let score = common::score_text(r.score);
    let _ = writeln!(
        s,
        "<tr data-verdicts=\"{v}\">{}<td>{}</td><td>{}</td><td>{}</td><td class=\"num\" data-sort=\"{}\">{}</td><td class=\"details\">{}</td></tr>",
        verdict_cell(
            r.verdict,
            &format!(
                "{} {}",
                common::verdict_symbol(r.verdict),
                common::verdict_word(r.verdict)
            )
        ),
        esc(&r.id),
        common::kind_word(r.kind),
        esc(&r.title),
        score.as_deref().unwrap_or("-1"),
        score.as_deref().unwrap_or(""),
        details(r, opts),
        v = r.verdict.name(),
    );
}

fn details(r: &ClauseResult, opts: &RenderOptions<'_>) -> String {
    let mut s = String::new();
    if !common::has_details(r) {
        return s;
    }
    if !r.explanation.trim().is_empty() {
        let _ = write!(s, "<p>{}</p>", esc(r.explanation.trim()));
    }
    let shown = r.witnesses.iter().take(opts.max_witnesses);
    let more = common::more_than_shown(r, shown.clone().count());
    if shown.len() > 0 || more.is_some() {
        s.push_str("<ul>");
        for w in shown {
            let _ = write!(
                s,
                "<li>{}: {}",
                esc(&w.subject),
                esc(common::witness_value(w))
            );
            if let Some(place) = common::witness_place(w) {
                let _ = write!(s, " <span class=\"place\">{}</span>", esc(&place));
            }
            s.push_str("</li>");
        }
        if let Some(n) = more {
            let _ = write!(s, "<li class=\"more\">{}</li>", common::more_text(n));
        }
        s.push_str("</ul>");
    }
    if let Some(w) = common::waiver_text(r) {
        let _ = write!(s, "<p>{}</p>", esc(&w));
    }
    s
}

fn ranking_row(s: &mut String, bid: &Assessment, rank: Option<usize>) {
    let score = common::score_text(bid.summary.award_score);
    let class = match bid.summary.status {
        Status::Qualified => "v-pass",
        Status::Disqualified => "v-fail",
    };
    let _ = writeln!(
        s,
        "<tr><td class=\"num\" data-sort=\"{}\">{}</td><td>{}</td><td class=\"{class}\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td></tr>",
        rank.map_or_else(|| "999999".to_owned(), |r| r.to_string()),
        rank.map_or_else(|| "—".to_owned(), |r| r.to_string()),
        esc(&common::bid_name(bid)),
        esc(&common::status_line(&bid.summary)),
        score.as_deref().unwrap_or("-1"),
        score.as_deref().unwrap_or("—"),
    );
}

fn matrix(s: &mut String, c: &Comparison) {
    s.push_str("<table class=\"sortable filterable\" id=\"matrix\">\n<thead><tr><th>Id</th><th>Kind</th><th>Title</th>");
    for bid in &c.bids {
        let _ = write!(s, "<th>{}</th>", esc(&bid.vendor));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in common::clause_rows(c) {
        let verdicts: Vec<&str> = row
            .cells
            .iter()
            .flatten()
            .map(|r| r.verdict.name())
            .collect();
        let _ = write!(
            s,
            "<tr data-verdicts=\"{}\"><td>{}</td><td>{}</td><td>{}</td>",
            verdicts.join(" "),
            esc(row.id),
            common::kind_word(row.kind),
            esc(row.title)
        );
        for cell in &row.cells {
            match cell {
                Some(r) => s.push_str(&verdict_cell(r.verdict, &common::matrix_cell(Some(r)))),
                None => s.push_str("<td>—</td>"),
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

fn sha256_base64(text: &str) -> String {
    base64(&Sha256::digest(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648 §4), for CSP hash sources.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(
                    ALPHABET.get(index as usize).copied().unwrap_or(b'='),
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
