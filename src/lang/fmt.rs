//! The canonical text of an AST: what `tenderguard fmt` prints.
//!
//! Input: an [`ast::File`](super::ast::File) or one expression. Output: a string. Layout:
//! two-space indent, one entry per line, one space around binary operators, parentheses
//! only where precedence needs them (and around a quantifier used as an operand), strings
//! re-escaped, one blank line between items (consecutive one-line items of the same kind,
//! such as `param`s, stay together). Comments are printed on their own lines before the
//! node they were attached to. The output parses back to an equal AST, and formatting it
//! again changes nothing.
//!
//! Expressions deeper than [`MAX_DEPTH`] (the parser never builds them) are cut off with
//! `(…)` rather than recursing further.

use std::fmt::Write as _;

use super::ast::*;
use super::literal::{date_text, duration_text, escape, number_text};

/// The deepest expression printed in full.
pub const MAX_DEPTH: usize = 1024;

const INDENT: &str = "  ";

/// The canonical text of a whole file.
pub fn format(file: &File) -> String {
    let mut out = String::new();
    comments(&mut out, &file.comments, "");
    if let Some(t) = &file.tender {
        tender(&mut out, t);
    }
    let mut prev: Option<&Item> = None;
    for item in &file.items {
        if (file.tender.is_some() || prev.is_some()) && !stacks(prev, item) {
            out.push('\n');
        }
        write_item(&mut out, item);
        prev = Some(item);
    }
    let has_nodes = file.tender.is_some() || !file.items.is_empty();
    if !file.trailing.0.is_empty() && has_nodes {
        out.push('\n');
    }
    comments(&mut out, &file.trailing, "");
    out
}

/// The canonical text of one expression (for messages and reports).
pub fn format_expr(e: &Expr) -> String {
    let mut out = String::new();
    expr(&mut out, e, 0);
    out
}

/// Whether `item` goes right under `prev` without a blank line.
fn stacks(prev: Option<&Item>, item: &Item) -> bool {
    let Some(prev) = prev else { return false };
    if !item.comments().0.is_empty() {
        return false;
    }
    matches!(
        (prev, item),
        (Item::Use(_), Item::Use(_))
            | (Item::Param(_), Item::Param(_))
            | (Item::Question(_), Item::Question(_))
            | (Item::Waive(_), Item::Waive(_))
    )
}

fn comments(out: &mut String, c: &Comments, indent: &str) {
    for line in &c.0 {
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
}

fn tender(out: &mut String, t: &Tender) {
    let _ = write!(out, "tender {} {{", escape(&t.id));
    if t.fields.is_empty() && t.trailing.0.is_empty() {
        out.push_str("}\n");
        return;
    }
    out.push('\n');
    for f in &t.fields {
        comments(out, &f.comments, INDENT);
        out.push_str(INDENT);
        header_field(out, &f.field);
        out.push('\n');
    }
    comments(out, &t.trailing, INDENT);
    out.push_str("}\n");
}

fn header_field(out: &mut String, f: &TenderField) {
    let _ = match f {
        TenderField::Title { lang, text } => write!(out, "title.{} {}", lang.node, escape(text)),
        TenderField::Buyer(s) => write!(out, "buyer {}", escape(s)),
        TenderField::Published(d) => write!(out, "published {}", date_text(d.node)),
        TenderField::Deadline(d) => write!(out, "deadline {}", date_text(d.node)),
        TenderField::Languages(l) => write!(out, "languages {}", joined(l, |s| s.node.clone())),
    };
}

fn joined<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(", ")
}

fn write_item(out: &mut String, item: &Item) {
    comments(out, item.comments(), "");
    match item {
        Item::Use(u) => use_item(out, u),
        Item::Param(p) => {
            let _ = writeln!(out, "param {} = {}", p.name.node, literal(&p.value));
        }
        Item::Clause(c) => {
            let _ = write!(
                out,
                "clause {} {} {}",
                c.id.node,
                escape(&c.title),
                level(c.level.node)
            );
            body(out, &c.body, &c.trailing);
        }
        Item::Criterion(c) => {
            let _ = write!(
                out,
                "criterion {} {} weight {}",
                c.id.node,
                escape(&c.title),
                c.weight.node
            );
            body(out, &c.body, &c.trailing);
        }
        Item::Question(q) => {
            let _ = writeln!(
                out,
                "question {} : {} {} {}",
                q.path.dotted(),
                type_name(&q.ty),
                escape(&q.prompt_en),
                escape(&q.prompt_nl)
            );
        }
        Item::Waive(w) => {
            let _ = writeln!(
                out,
                "waive {} for {} until {} because {}",
                w.id.node,
                escape(&w.vendor),
                date_text(w.until.node),
                escape(&w.reason)
            );
        }
    }
}

fn use_item(out: &mut String, u: &Use) {
    let _ = write!(out, "use {}", escape(&u.set));
    if let Some(sel) = &u.selection {
        if sel.is_empty() {
            out.push_str(" {}");
        } else {
            let _ = write!(out, " {{ {} }}", joined(sel, |s| s.node.clone()));
        }
    }
    if !u.overrides.is_empty() {
        let values = joined(&u.overrides, |o| {
            format!("{} = {}", o.name.node, literal(&o.value))
        });
        let _ = write!(out, " with {{ {values} }}");
    }
    out.push('\n');
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Knockout => "knockout",
        Level::Recommended => "recommended",
    }
}

/// `list<…<name>…>`, unwrapped in a loop.
fn type_name(t: &TypeName) -> String {
    let mut lists = 0;
    let mut cur = t;
    loop {
        match cur {
            TypeName::List(inner) => {
                lists += 1;
                cur = &inner.node;
            }
            TypeName::Named(name) => {
                return format!("{}{name}{}", "list<".repeat(lists), ">".repeat(lists));
            }
        }
    }
}

fn body(out: &mut String, entries: &[Entry], trailing: &Comments) {
    if entries.is_empty() && trailing.0.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    out.push_str(" {\n");
    for e in entries {
        comments(out, &e.comments, INDENT);
        out.push_str(INDENT);
        entry(out, &e.entry);
        out.push('\n');
    }
    comments(out, trailing, INDENT);
    out.push_str("}\n");
}

fn entry(out: &mut String, e: &ClauseEntry) {
    match e {
        ClauseEntry::Ref(refs) => {
            let _ = write!(out, "ref {}", joined(refs, |s| escape(s)));
        }
        ClauseEntry::Text { lang, text } => {
            let _ = write!(out, "text.{} {}", lang.node, escape(text));
        }
        ClauseEntry::Evidence(kinds) => {
            let _ = write!(out, "evidence {}", joined(kinds, |s| s.node.clone()));
        }
        ClauseEntry::When(x) => {
            out.push_str("when ");
            expr(out, x, 0);
        }
        ClauseEntry::Require(x) => {
            out.push_str("require ");
            expr(out, x, 0);
        }
        ClauseEntry::Score(s) => {
            out.push_str("score ");
            score_rule(out, s);
        }
    }
}

fn score_rule(out: &mut String, s: &ScoreRule) {
    let (name, input, points) = match s {
        ScoreRule::Linear { input, points } => ("linear", input, points.as_slice()),
        ScoreRule::Steps { input, points } => ("steps", input, points.as_slice()),
        ScoreRule::YesNo(input) => ("yesno", input, &[][..]),
    };
    let _ = write!(out, "{name}(");
    expr(out, input, 0);
    for p in points {
        let _ = write!(out, ", {} => {}", literal(&p.at), number_text(p.score.node));
    }
    out.push(')');
}

/// A literal as written in source.
pub fn literal(l: &Literal) -> String {
    match l {
        Literal::String(s) => escape(s),
        Literal::Number(n) => number_text(*n),
        Literal::Percent(n) => format!("{}%", number_text(*n)),
        Literal::Bool(b) => b.to_string(),
        Literal::Date(d) => date_text(*d),
        Literal::Duration(d) => duration_text(*d),
        Literal::Version(v) => format!("v{}", escape(v)),
        Literal::Severity(s) => severity(*s).to_owned(),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::None => "none",
        Severity::Low => "low",
        Severity::Medium => "medium",
        Severity::High => "high",
        Severity::Critical => "critical",
    }
}

// ───────────── expressions ─────────────

/// Printing levels, loosest first: a child is parenthesised when its level is below what
/// its position needs.
const QUANT: u8 = 0;
const NOT: u8 = 3;
const CMP: u8 = 4;
const NEG: u8 = 7;
const ATOM: u8 = 8;

fn bin_level(op: BinOp) -> u8 {
    match op.precedence() {
        1 => 1,
        2 => 2,
        3 => CMP,
        4 => 5,
        _ => 6,
    }
}

fn level_of(e: &Expr) -> u8 {
    match e {
        Expr::Quant { .. } => QUANT,
        Expr::Binary(op, ..) => bin_level(*op),
        Expr::Unary(UnOp::Not, _) => NOT,
        Expr::Unary(UnOp::Neg, _) => NEG,
        _ => ATOM,
    }
}

/// Prints `e`, in parentheses when its level is below `min`.
fn operand(out: &mut String, e: &Expr, min: u8, depth: usize) {
    if level_of(e) < min {
        out.push('(');
        expr(out, e, depth);
        out.push(')');
    } else {
        expr(out, e, depth);
    }
}

fn expr(out: &mut String, e: &Expr, depth: usize) {
    if depth > MAX_DEPTH {
        out.push_str("(…)");
        return;
    }
    let d = depth + 1;
    match e {
        Expr::Lit(l) => out.push_str(&literal(l)),
        Expr::Path(p) => out.push_str(&p.dotted()),
        Expr::List(items) => {
            out.push('[');
            list(out, items, d);
            out.push(']');
        }
        Expr::Unary(UnOp::Not, x) => {
            out.push_str("not ");
            operand(out, x, NOT, d);
        }
        Expr::Unary(UnOp::Neg, x) => {
            out.push('-');
            let mut inner = String::new();
            operand(&mut inner, x, NEG, d);
            if inner.starts_with('-') {
                out.push(' ');
            }
            out.push_str(&inner);
        }
        Expr::Binary(op, l, r) => {
            let lv = bin_level(*op);
            // comparisons do not associate: a comparison operand is always parenthesised
            let left_min = if lv == CMP { CMP + 1 } else { lv };
            operand(out, l, left_min, d);
            let _ = write!(out, " {} ", op.symbol());
            operand(out, r, lv + 1, d);
        }
        Expr::Call { name, args } => {
            out.push_str(&name.node);
            out.push('(');
            list(out, args, d);
            out.push(')');
        }
        Expr::Quant {
            q,
            var,
            collection,
            filter,
            body,
        } => {
            let _ = write!(out, "{} {} in ", quantifier(*q), var.node);
            operand(out, collection, QUANT + 1, d);
            if let Some(f) = filter {
                out.push_str(" where ");
                operand(out, f, QUANT + 1, d);
            }
            out.push_str(": ");
            expr(out, body, d);
        }
        Expr::Aggregate {
            agg,
            var,
            collection,
            filter,
        } => {
            let name = match agg {
                Aggregate::Count => "count",
                Aggregate::Share => "share",
            };
            let _ = write!(out, "{name}({} in ", var.node);
            operand(out, collection, QUANT + 1, d);
            if let Some(f) = filter {
                out.push_str(" where ");
                operand(out, f, QUANT + 1, d);
            }
            out.push(')');
        }
    }
}

fn list(out: &mut String, items: &[Spanned<Expr>], depth: usize) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, x, depth);
    }
}

fn quantifier(q: Quantifier) -> &'static str {
    match q {
        Quantifier::All => "all",
        Quantifier::Any => "any",
        Quantifier::None => "none",
    }
}
