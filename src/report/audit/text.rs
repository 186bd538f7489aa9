//! The terminal table and Markdown of the audit and the tender diff. Both walk the same
//! sections through a [`Sink`] that knows how to escape and lay out its output kind, so the
//! two formats cannot drift apart.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::{Audit, counts_text, detail_text, place};
use crate::diff::evidence::{ComponentChange, ComponentSide, EvidenceDiff};
use crate::diff::tender::{FieldChange, ItemRef, TenderDiff, TextChange, WordEdit};
use crate::diff::verdicts::VerdictChange;
use crate::report::escape;

/// Terminal text or Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Table,
    Markdown,
}

struct Sink<'a> {
    kind: Kind,
    out: &'a mut dyn Write,
}

impl Sink<'_> {
    fn esc(&self, s: &str) -> String {
        match self.kind {
            Kind::Table => escape::terminal(s),
            Kind::Markdown => escape::markdown_cell(s),
        }
    }

    fn title(&mut self, s: &str) -> io::Result<()> {
        let s = self.esc(s);
        match self.kind {
            Kind::Table => writeln!(self.out, "{s}\n{}", "=".repeat(s.width().min(100))),
            Kind::Markdown => writeln!(self.out, "# {s}"),
        }
    }

    fn heading(&mut self, s: &str) -> io::Result<()> {
        let s = self.esc(s);
        match self.kind {
            Kind::Table => writeln!(self.out, "\n{s}\n{}", "-".repeat(s.width().min(100))),
            Kind::Markdown => writeln!(self.out, "\n## {s}\n"),
        }
    }

    fn line(&mut self, s: &str) -> io::Result<()> {
        let s = self.esc(s);
        match self.kind {
            Kind::Table => writeln!(self.out, "{s}"),
            Kind::Markdown => writeln!(self.out, "{s}  "),
        }
    }

    fn bullet(&mut self, s: &str) -> io::Result<()> {
        let s = self.esc(s);
        writeln!(self.out, "- {s}")
    }

    /// Rows under a header; `notes` (raw) follow a row: indented lines in the table, a
    /// `<br>`-joined last column in Markdown.
    fn table(&mut self, header: &[&str], rows: &[(Vec<String>, Vec<String>)]) -> io::Result<()> {
        match self.kind {
            Kind::Markdown => {
                writeln!(self.out, "| {} | notes |", header.join(" | "))?;
                writeln!(self.out, "|{}---|", "---|".repeat(header.len()))?;
                for (cells, notes) in rows {
                    let cells: Vec<String> = cells.iter().map(|c| self.esc(c)).collect();
                    let notes: Vec<String> = notes.iter().map(|c| self.esc(c)).collect();
                    writeln!(
                        self.out,
                        "| {} | {} |",
                        cells.join(" | "),
                        notes.join("<br>")
                    )?;
                }
                Ok(())
            }
            Kind::Table => {
                let esc: Vec<Vec<String>> = rows
                    .iter()
                    .map(|(c, _)| c.iter().map(|x| escape::terminal(x)).collect())
                    .collect();
                let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
                for row in &esc {
                    for (w, c) in widths.iter_mut().zip(row) {
                        *w = (*w).max(c.width());
                    }
                }
                let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
                write_row(self.out, &head, &widths)?;
                for (row, (_, notes)) in esc.iter().zip(rows) {
                    write_row(self.out, row, &widths)?;
                    for n in notes {
                        writeln!(self.out, "      {}", escape::terminal(n))?;
                    }
                }
                Ok(())
            }
        }
    }
}

fn write_row(out: &mut dyn Write, cells: &[String], widths: &[usize]) -> io::Result<()> {
    let mut line = String::new();
    for (c, w) in cells.iter().zip(widths) {
        line.push_str(c);
        line.push_str(&" ".repeat(w.saturating_sub(c.width()) + 2));
    }
    writeln!(out, "{}", line.trim_end())
}

pub fn audit_table(a: &Audit<'_>, out: &mut dyn Write) -> io::Result<()> {
    audit(
        a,
        &mut Sink {
            kind: Kind::Table,
            out,
        },
    )
}

pub fn audit_markdown(a: &Audit<'_>, out: &mut dyn Write) -> io::Result<()> {
    audit(
        a,
        &mut Sink {
            kind: Kind::Markdown,
            out,
        },
    )
}

pub fn tender_table(d: &TenderDiff, out: &mut dyn Write) -> io::Result<()> {
    tender(
        d,
        &mut Sink {
            kind: Kind::Table,
            out,
        },
    )
}

pub fn tender_markdown(d: &TenderDiff, out: &mut dyn Write) -> io::Result<()> {
    tender(
        d,
        &mut Sink {
            kind: Kind::Markdown,
            out,
        },
    )
}

/// `Acme Software B.V. PermitDesk 4.2.0`.
pub(super) fn who(o: &crate::diff::evidence::Overview) -> String {
    [
        o.vendor.as_deref(),
        o.product.as_deref(),
        o.version.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

fn audit(a: &Audit<'_>, s: &mut Sink<'_>) -> io::Result<()> {
    let d = a.evidence;
    s.title(&format!(
        "Delivery audit: {} → {}",
        who(&d.bid),
        who(&d.delivered)
    ))?;
    if let Some((id, title)) = a.tender {
        s.line(&format!("Tender: {id} {title}"))?;
    }
    s.line(&format!(
        "Components: {} at bid, {} delivered: {}",
        d.bid.components,
        d.delivered.components,
        counts_text(d)
    ))?;
    let flags = d.red_flags().count();
    if flags > 0 {
        s.line(&format!(
            "RED FLAG: {flags} component(s) delivered with a different digest for the same version"
        ))?;
    }
    if let Some(v) = a.verdicts {
        let broken = a.broken_promises();
        s.line(&match broken {
            0 => "No broken promises: every knock-out that passed at bid time still passes"
                .to_owned(),
            n => {
                format!("BROKEN PROMISES: {n} knock-out(s) passed at bid time and do not pass now")
            }
        })?;
        verdicts(v, s)?;
    }
    components(d, s)?;
    answers(d, s)?;
    vulnerabilities(d, s)
}

fn verdicts(v: &[VerdictChange], s: &mut Sink<'_>) -> io::Result<()> {
    s.heading(&format!("Verdict changes ({})", v.len()))?;
    if v.is_empty() {
        return s.line("none");
    }
    for c in v {
        let mark = if c.broken_promise {
            "BROKEN PROMISE "
        } else {
            ""
        };
        s.bullet(&format!("{mark}{}", c.sentence()))?;
        if let Some(b) = c.bid.as_ref().filter(|b| !b.explanation.is_empty()) {
            s.line(&format!("  at bid: {}", b.explanation))?;
        }
    }
    Ok(())
}

fn components(d: &EvidenceDiff, s: &mut Sink<'_>) -> io::Result<()> {
    s.heading(&format!("Component changes ({})", d.components.len()))?;
    if d.components.is_empty() {
        return s.line("none");
    }
    let rows: Vec<(Vec<String>, Vec<String>)> = d.components.iter().map(component_row).collect();
    s.table(
        &["change", "component", "bid", "delivered", "licence"],
        &rows,
    )
}

fn component_row(c: &ComponentChange) -> (Vec<String>, Vec<String>) {
    let name = c
        .subject()
        .map(|x| {
            let mut n = x.label();
            if let Some(v) = &x.version {
                n.truncate(n.len().saturating_sub(v.len() + 1));
            }
            n
        })
        .unwrap_or_default();
    let ver = |s: &Option<ComponentSide>| {
        s.as_ref()
            .map(|x| x.version.clone().unwrap_or_else(|| "?".into()))
            .unwrap_or_else(|| "-".into())
    };
    let license = c
        .subject()
        .and_then(|x| x.license.clone())
        .unwrap_or_default();
    let change = if c.red_flag() {
        "RED FLAG".to_owned()
    } else {
        c.kind.name().to_owned()
    };
    let mut notes: Vec<String> = c.details.iter().map(detail_text).collect();
    let places = [
        c.bid
            .as_ref()
            .map(|b| format!("bid: {}", place(b.provenance.as_ref()))),
        c.delivered
            .as_ref()
            .map(|b| format!("delivered: {}", place(b.provenance.as_ref()))),
    ];
    notes.push(places.into_iter().flatten().collect::<Vec<_>>().join("  "));
    (
        vec![change, name, ver(&c.bid), ver(&c.delivered), license],
        notes,
    )
}

fn answers(d: &EvidenceDiff, s: &mut Sink<'_>) -> io::Result<()> {
    if d.answers.is_empty() {
        return Ok(());
    }
    s.heading(&format!(
        "Attestation answers changed ({})",
        d.answers.len()
    ))?;
    let none = || "(absent)".to_owned();
    let rows: Vec<(Vec<String>, Vec<String>)> = d
        .answers
        .iter()
        .map(|a| {
            let file = a
                .delivered_file
                .clone()
                .or(a.bid_file.clone())
                .unwrap_or_default();
            (
                vec![
                    a.pointer.clone(),
                    a.bid.clone().unwrap_or_else(none),
                    a.delivered.clone().unwrap_or_else(none),
                ],
                vec![format!("{file}#{}", a.pointer)],
            )
        })
        .collect();
    s.table(&["answer", "bid", "delivered"], &rows)
}

fn vulnerabilities(d: &EvidenceDiff, s: &mut Sink<'_>) -> io::Result<()> {
    if d.vulnerabilities.is_empty() {
        return Ok(());
    }
    s.heading(&format!(
        "Vulnerabilities changed ({})",
        d.vulnerabilities.len()
    ))?;
    let rows: Vec<(Vec<String>, Vec<String>)> = d
        .vulnerabilities
        .iter()
        .map(|v| {
            let p = v
                .delivered_provenance
                .as_ref()
                .or(v.bid_provenance.as_ref());
            (
                vec![
                    v.kind.to_owned(),
                    v.id.clone(),
                    v.bid.clone().unwrap_or_else(|| "-".into()),
                    v.delivered.clone().unwrap_or_else(|| "-".into()),
                ],
                vec![place(p)],
            )
        })
        .collect();
    s.table(&["change", "id", "bid", "delivered"], &rows)
}

fn tender(d: &TenderDiff, s: &mut Sink<'_>) -> io::Result<()> {
    let id = if d.old_id == d.new_id {
        d.new_id.clone()
    } else {
        format!("{} → {}", d.old_id, d.new_id)
    };
    s.title(&format!("Tender amendment: {id}"))?;
    if d.is_empty() {
        return s.line("No changes.");
    }
    s.line(&format!(
        "{} clause(s) added, {} removed, {} changed; {} parameter(s) and {} header field(s) changed",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.params.len(),
        d.meta.len()
    ))?;
    fields("Header", &d.meta, s)?;
    fields("Parameters", &d.params, s)?;
    items("Added clauses", &d.added, s)?;
    items("Removed clauses", &d.removed, s)?;
    if !d.changed.is_empty() {
        s.heading(&format!("Changed clauses ({})", d.changed.len()))?;
    }
    for c in &d.changed {
        s.bullet(&format!("{} {}", c.id, c.title))?;
        for f in &c.fields {
            s.line(&format!("  {}", field_text(f)))?;
        }
        for t in &c.texts {
            s.line(&format!("  text.{}: {}", t.lang, words_text(t)))?;
        }
    }
    Ok(())
}

fn fields(title: &str, fs: &[FieldChange], s: &mut Sink<'_>) -> io::Result<()> {
    if fs.is_empty() {
        return Ok(());
    }
    s.heading(title)?;
    for f in fs {
        s.bullet(&field_text(f))?;
    }
    Ok(())
}

fn items(title: &str, is: &[ItemRef], s: &mut Sink<'_>) -> io::Result<()> {
    if is.is_empty() {
        return Ok(());
    }
    s.heading(&format!("{title} ({})", is.len()))?;
    for i in is {
        s.bullet(&format!(
            "{} {} ({}, {})",
            i.id, i.title, i.kind, i.defined_at
        ))?;
    }
    Ok(())
}

fn field_text(f: &FieldChange) -> String {
    let v = |o: &Option<String>| o.clone().unwrap_or_else(|| "(absent)".into());
    format!("{}: {} → {}", f.field, v(&f.old), v(&f.new))
}

/// `Updates for [-five-]{+six+} years`: removed words in `[-…-]`, added in `{+…+}` (the
/// notation of `git diff --word-diff`), readable in a terminal and in Markdown alike.
pub(super) fn words_text(t: &TextChange) -> String {
    t.words
        .iter()
        .map(|w| match w {
            WordEdit::Same(s) => s.clone(),
            WordEdit::Removed(s) => format!("[-{s}-]"),
            WordEdit::Added(s) => format!("{{+{s}+}}"),
        })
        .collect()
}
