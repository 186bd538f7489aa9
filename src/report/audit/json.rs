//! The JSON shapes specified in the parent module's doc (`schema_version: 1`).

use serde_json::{Value, json};

use super::{Audit, detail_text, provenance_json};
use crate::diff::evidence::{
    AnswerChange, ChangeKind, ComponentChange, ComponentSide, Detail, Overview, VulnerabilityChange,
};
use crate::diff::tender::{FieldChange, ItemRef, TenderDiff, WordEdit};
use crate::diff::verdicts::{Outcome, VerdictChange};
use crate::report::matrix::common::round2;

/// The version of both audit JSON shapes.
pub const SCHEMA_VERSION: u32 = 1;

fn tool(version: &str) -> Value {
    json!({"name": "tenderguard", "version": version})
}

pub fn audit(a: &Audit<'_>) -> Value {
    let d = a.evidence;
    let counts = d.counts();
    let n = |k: ChangeKind| counts.get(&k).copied().unwrap_or(0);
    json!({
        "schema_version": SCHEMA_VERSION,
        "kind": "audit",
        "tool": tool(a.tool_version),
        "tender": a.tender.map(|(id, title)| json!({"id": id, "title": title})),
        "bid": overview(&d.bid),
        "delivered": overview(&d.delivered),
        "summary": {
            "added": n(ChangeKind::Added),
            "removed": n(ChangeKind::Removed),
            "upgraded": n(ChangeKind::Upgraded),
            "downgraded": n(ChangeKind::Downgraded),
            "changed": n(ChangeKind::Changed),
            "unchanged": d.unchanged,
            "red_flags": d.red_flags().count(),
            "answers_changed": d.answers.len(),
            "vulnerabilities_changed": d.vulnerabilities.len(),
            "verdicts_changed": a.verdicts.map(<[VerdictChange]>::len),
            "broken_promises": a.verdicts.map(|_| a.broken_promises()),
        },
        "components": d.components.iter().map(component).collect::<Vec<_>>(),
        "answers": d.answers.iter().map(answer).collect::<Vec<_>>(),
        "vulnerabilities": d.vulnerabilities.iter().map(vulnerability).collect::<Vec<_>>(),
        "verdicts": a.verdicts.map(|v| v.iter().map(verdict).collect::<Vec<_>>()),
    })
}

fn overview(o: &Overview) -> Value {
    json!({
        "vendor": o.vendor,
        "product": o.product,
        "version": o.version,
        "components": o.components,
        "files": o.files.iter().map(|(p, h)| json!({"path": p, "sha256": h})).collect::<Vec<_>>(),
    })
}

fn component(c: &ComponentChange) -> Value {
    json!({
        "change": c.kind.name(),
        "matched_by": c.matched_by.map(|m| m.name()),
        "name": c.subject().map(ComponentSide::label),
        "red_flag": c.red_flag(),
        "bid": c.bid.as_ref().map(side),
        "delivered": c.delivered.as_ref().map(side),
        "details": c.details.iter().map(detail).collect::<Vec<_>>(),
    })
}

fn side(s: &ComponentSide) -> Value {
    json!({
        "name": s.name,
        "group": s.group,
        "version": s.version,
        "purl": s.purl,
        "ecosystem": s.ecosystem,
        "license": s.license,
        "supplier": s.supplier,
        "hashes": s.hashes.iter().map(|(a, v)| json!({"alg": a, "value": v})).collect::<Vec<_>>(),
        "provenance": provenance_json(s.provenance.as_ref()),
    })
}

fn detail(d: &Detail) -> Value {
    let (field, alg, bid, delivered) = match d {
        Detail::License { bid, delivered } => ("license", None, bid.clone(), delivered.clone()),
        Detail::Supplier { bid, delivered } => ("supplier", None, bid.clone(), delivered.clone()),
        Detail::Identity { bid, delivered } => {
            ("identity", None, Some(bid.clone()), Some(delivered.clone()))
        }
        Detail::Hash {
            alg,
            bid,
            delivered,
        } => (
            "hash",
            Some(alg.clone()),
            Some(bid.clone()),
            Some(delivered.clone()),
        ),
    };
    json!({
        "field": field,
        "alg": alg,
        "bid": bid,
        "delivered": delivered,
        "message": detail_text(d),
    })
}

fn answer(a: &AnswerChange) -> Value {
    json!({
        "pointer": a.pointer,
        "bid": a.bid,
        "delivered": a.delivered,
        "bid_file": a.bid_file,
        "delivered_file": a.delivered_file,
    })
}

fn vulnerability(v: &VulnerabilityChange) -> Value {
    json!({
        "id": v.id,
        "change": v.kind,
        "bid": v.bid,
        "delivered": v.delivered,
        "bid_provenance": provenance_json(v.bid_provenance.as_ref()),
        "delivered_provenance": provenance_json(v.delivered_provenance.as_ref()),
    })
}

fn verdict(v: &VerdictChange) -> Value {
    json!({
        "id": v.id,
        "title": v.title,
        "kind": v.kind.name(),
        "broken_promise": v.broken_promise,
        "sentence": v.sentence(),
        "bid": v.bid.as_ref().map(outcome),
        "delivered": v.delivered.as_ref().map(outcome),
    })
}

fn outcome(o: &Outcome) -> Value {
    json!({
        "verdict": o.verdict.name(),
        "score": round2(o.score),
        "explanation": o.explanation,
        "witnesses": o.witnesses.iter().map(|w| json!({
            "subject": w.subject,
            "value": w.value,
            "provenance": provenance_json(w.provenance.as_ref()),
        })).collect::<Vec<_>>(),
        "witness_count": o.witness_count,
    })
}

pub fn tender(d: &TenderDiff, tool_version: &str) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "kind": "tender_diff",
        "tool": tool(tool_version),
        "old": {"id": d.old_id},
        "new": {"id": d.new_id},
        "meta": d.meta.iter().map(field).collect::<Vec<_>>(),
        "params": d.params.iter().map(field).collect::<Vec<_>>(),
        "added": d.added.iter().map(item_ref).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(item_ref).collect::<Vec<_>>(),
        "changed": d.changed.iter().map(|c| json!({
            "id": c.id,
            "title": c.title,
            "fields": c.fields.iter().map(field).collect::<Vec<_>>(),
            "texts": c.texts.iter().map(|t| json!({
                "lang": t.lang,
                "old": t.old,
                "new": t.new,
                "words": t.words.iter().map(word).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn field(f: &FieldChange) -> Value {
    json!({"field": f.field, "old": f.old, "new": f.new})
}

fn item_ref(i: &ItemRef) -> Value {
    json!({"id": i.id, "title": i.title, "kind": i.kind, "defined_at": i.defined_at})
}

fn word(w: &WordEdit) -> Value {
    let (op, text) = match w {
        WordEdit::Same(t) => ("same", t),
        WordEdit::Removed(t) => ("removed", t),
        WordEdit::Added(t) => ("added", t),
    };
    json!({"op": op, "text": text})
}
