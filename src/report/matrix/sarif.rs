//! SARIF 2.1.0: one run; the clauses are the rules, every fail, unknown and waived result a
//! result (waived ones carry an accepted external `suppression` with the waiver). Levels
//! and locations are documented in the parent module. Message texts pass `escape::terminal`
//! (viewers show them as plain text); URIs pass `escape::uri_path`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::RenderOptions;
use super::common;
use crate::engine::verdict::{Assessment, ClauseResult, ItemKind, Verdict};
use crate::evidence::model::Locator;
use crate::report::escape;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn assessment(a: &Assessment, opts: &RenderOptions<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = a.results.iter().map(rule).collect();
    let results: Vec<Value> = a
        .results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| result(i, r))
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tenderguard",
                "version": opts.tool_version,
                "informationUri": "https://example.invalid/tenderguard",
                "rules": rules,
            }},
            "originalUriBaseIds": {
                "BIDROOT": { "description": { "text": "the bid folder" } },
            },
            "automationDetails": { "id": format!("{}/{}", escape::terminal(&a.tender_id), escape::terminal(&a.vendor)) },
            "properties": {
                "tender": { "id": a.tender_id, "title": a.tender_title },
                "bid": { "vendor": a.vendor, "product": a.product },
                "as_of": common::date(a.as_of),
                "status": a.summary.status.name(),
                "award_score": common::round2(a.summary.award_score),
                "knockouts_failed": a.summary.knockouts_failed,
            },
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

fn rule(r: &ClauseResult) -> Value {
    let mut help = format!("{} {}", common::kind_word(r.kind), r.id);
    if !r.refs.is_empty() {
        help.push_str(&format!("; references: {}", r.refs.join(", ")));
    }
    help.push_str(&format!("; defined at {}", r.defined_at));
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": { "text": escape::terminal(&r.title) },
        "help": { "text": escape::terminal(&help) },
        "defaultConfiguration": { "level": fail_level(r.kind) },
        "properties": { "kind": r.kind.name(), "refs": r.refs },
    })
}

fn fail_level(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Knockout => "error",
        ItemKind::Recommended => "warning",
        ItemKind::Criterion => "note",
    }
}

fn level(r: &ClauseResult) -> Option<&'static str> {
    match (r.verdict, r.kind) {
        (Verdict::Fail | Verdict::Waived, kind) => Some(fail_level(kind)),
        (Verdict::Unknown, ItemKind::Knockout) => Some("warning"),
        (Verdict::Unknown, _) => Some("note"),
        _ => None,
    }
}

fn result(index: usize, r: &ClauseResult) -> Option<Value> {
    let level = level(r)?;
    let mut result = json!({
        "ruleId": r.id,
        "ruleIndex": index,
        "level": level,
        "message": { "text": message(r) },
        "locations": [location(r)],
        "properties": {
            "verdict": r.verdict.name(),
            "kind": r.kind.name(),
            "witness_count": r.witness_count.max(r.witnesses.len()),
            "witnesses": r.witnesses.iter().map(|w| json!({
                "subject": w.subject,
                "value": w.value,
                "location": common::witness_place(w),
            })).collect::<Vec<_>>(),
        },
    });
    if let (Some(waiver), Some(obj)) = (common::waiver_text(r), result.as_object_mut()) {
        obj.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": escape::terminal(&waiver),
            }]),
        );
    }
    Some(result)
}

/// `verdict: explanation` and the first witness, as plain one-paragraph text.
fn message(r: &ClauseResult) -> String {
    let mut text = format!("{}: {}", r.verdict.name(), r.title);
    if !r.explanation.trim().is_empty() {
        text.push_str(&format!(". {}", r.explanation.trim()));
    }
    if let Some(w) = r.witnesses.first() {
        text.push_str(&format!(" ({}", common::witness_text(w)));
        if let Some(more) = common::more_than_shown(r, 1) {
            text.push_str(&format!(", {}", common::more_text(more)));
        }
        text.push(')');
    }
    escape::terminal_multiline(&text)
}

/// The first witness's evidence file, else where the clause is defined.
fn location(r: &ClauseResult) -> Value {
    if let Some(p) = r.witnesses.iter().find_map(|w| w.provenance.as_ref()) {
        let uri = escape::uri_path(&p.file);
        return match &p.at {
            Locator::Line(line) => json!({ "physicalLocation": {
                "artifactLocation": { "uri": uri, "uriBaseId": "BIDROOT" },
                "region": { "startLine": line },
            }}),
            Locator::Pointer(pointer) => json!({
                "physicalLocation": { "artifactLocation": { "uri": uri, "uriBaseId": "BIDROOT" } },
                "properties": { "pointer": pointer.as_str() },
            }),
        };
    }
    let (file, line, column) = split_defined_at(&r.defined_at);
    let mut physical = json!({ "artifactLocation": { "uri": escape::uri_path(file) } });
    if let (Some(line), Some(obj)) = (line, physical.as_object_mut()) {
        obj.insert(
            "region".into(),
            json!({ "startLine": line, "startColumn": column.unwrap_or(1) }),
        );
    }
    json!({ "physicalLocation": physical })
}

/// `tender.tg:12:3` → (`tender.tg`, 12, 3); anything else is a bare file.
fn split_defined_at(s: &str) -> (&str, Option<u32>, Option<u32>) {
    let mut parts = s.rsplitn(3, ':');
    let (Some(col), Some(line), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return (s, None, None);
    };
    match (line.parse::<u32>(), col.parse::<u32>()) {
        (Ok(l), Ok(c)) if l > 0 && c > 0 && !file.is_empty() => (file, Some(l), Some(c)),
        _ => (s, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defined_at_splits_into_file_line_column() {
        assert_eq!(
            split_defined_at("tender.tg:12:3"),
            ("tender.tg", Some(12), Some(3))
        );
        assert_eq!(
            split_defined_at("<library>/x.tg:40:1"),
            ("<library>/x.tg", Some(40), Some(1))
        );
        assert_eq!(split_defined_at("tender.tg"), ("tender.tg", None, None));
        assert_eq!(split_defined_at("a:b:c"), ("a:b:c", None, None));
    }
}
