//! The JSON Schema (draft 2020-12) of an attestation, generated from the vocabulary.
//!
//! Input: a [`Vocabulary`] (the standard one, or one with a tender's `question`s added).
//! Output: the schema as a `serde_json::Value`: one `$defs` entry per attestation record,
//! `additionalProperties: false` everywhere, descriptions from the English prompts and
//! `examples` from the vocabulary. Every answer may also be `null` (not answered yet), as the
//! attestation loader accepts. Types: `date` → string, `format: date` and a `YYYY-MM-DD`
//! pattern; `url` → string, `format: uri` and an `http(s)://`/`mailto:` pattern; `bool` →
//! boolean; `number` → number; `percent` → number or `"80%"`; `severity` → its five names.
//!
//! The committed `schemas/attestation.schema.json` is this function's output for the
//! standard vocabulary; a test fails when they differ. The response-template generator reuses
//! [`attestation_schema`] for a tender's own questions. It does not validate anything itself
//! (the loader does, with better messages).

use serde_json::{Map, Value, json};

use crate::evidence::schema::{Field, Ty, Vocabulary};

/// The `YYYY-MM-DD` shape (the loader also checks the calendar).
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// Absolute `http(s)://host…` or `mailto:a@b`, no whitespace.
pub const URL_PATTERN: &str = "^(https?://[^\\s/?#@:][^\\s]*|mailto:[^\\s@]+@[^\\s]+)$";
/// `80%`, `12.5 %`.
pub const PERCENT_PATTERN: &str = "^-?[0-9]+(\\.[0-9]+)? ?%$";
/// `5 years`, `30 days`.
pub const DURATION_PATTERN: &str = "^[0-9]+ (day|days|week|weeks|month|months|year|years)$";
/// The severity names, lowest first.
pub const SEVERITIES: &[&str] = &["none", "low", "medium", "high", "critical"];

/// The attestation schema for a vocabulary.
pub fn attestation_schema(vocab: &Vocabulary) -> Value {
    let mut defs = Map::new();
    for record in vocab
        .records()
        .filter(|r| is_attestation_record(vocab, &r.name))
    {
        if record.name != "attestation" {
            defs.insert(
                record.name.clone(),
                record_schema(record.fields(), &record.doc, false),
            );
        }
    }
    let root = vocab.record("attestation");
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("$id".into(), json!("urn:tenderguard:schema:attestation"));
    schema.insert("title".into(), json!("Tenderguard attestation"));
    if let Value::Object(body) = record_schema(
        root.map_or(&[][..], |r| r.fields()),
        root.map_or("", |r| r.doc.as_str()),
        true,
    ) {
        schema.extend(body);
    }
    schema.insert("$defs".into(), Value::Object(defs));
    Value::Object(schema)
}

/// True for `attestation` and every record reachable from it.
fn is_attestation_record(vocab: &Vocabulary, name: &str) -> bool {
    fn reaches(vocab: &Vocabulary, from: &str, target: &str, depth: usize) -> bool {
        if from == target {
            return true;
        }
        if depth > 32 {
            return false;
        }
        vocab.record(from).is_some_and(|r| {
            r.fields()
                .iter()
                .any(|f| record_of(&f.ty).is_some_and(|n| reaches(vocab, n, target, depth + 1)))
        })
    }
    reaches(vocab, "attestation", name, 0)
}

fn record_of(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Record(n) => Some(n),
        Ty::List(t) => record_of(t),
        _ => None,
    }
}

fn record_schema(fields: &[Field], doc: &str, top: bool) -> Value {
    let mut props = Map::new();
    if top {
        props.insert(
            "$schema".into(),
            json!({"type": "string", "description": "The schema this file follows (for editors)."}),
        );
    }
    for f in fields {
        props.insert(f.name.clone(), field_schema(f));
    }
    let mut s = Map::new();
    s.insert(
        "type".into(),
        if top {
            json!("object")
        } else {
            json!(["object", "null"])
        },
    );
    if !doc.is_empty() {
        s.insert("description".into(), json!(doc));
    }
    s.insert("properties".into(), Value::Object(props));
    s.insert("additionalProperties".into(), json!(false));
    Value::Object(s)
}

fn field_schema(f: &Field) -> Value {
    let mut s = match type_schema(&f.ty) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if !f.doc.is_empty() {
        s.insert("description".into(), json!(f.doc));
    }
    if !f.example.is_empty() {
        s.insert("examples".into(), json!([example(&f.ty, &f.example)]));
    }
    Value::Object(s)
}

/// The example as a typed JSON value (`"14"` → `14` for numbers).
fn example(ty: &Ty, text: &str) -> Value {
    match ty {
        Ty::Bool => text
            .parse::<bool>()
            .map_or_else(|_| json!(text), |b| json!(b)),
        Ty::Number => serde_json::from_str::<serde_json::Number>(text)
            .map_or_else(|_| json!(text), Value::Number),
        _ => json!(text),
    }
}

fn type_schema(ty: &Ty) -> Value {
    match ty {
        Ty::Bool => json!({"type": ["boolean", "null"]}),
        Ty::Number => json!({"type": ["number", "null"]}),
        Ty::Percent => json!({"type": ["number", "string", "null"], "pattern": PERCENT_PATTERN}),
        Ty::String | Ty::License | Ty::Error => json!({"type": ["string", "null"]}),
        Ty::Version => json!({"type": ["string", "number", "null"]}),
        Ty::Date => json!({"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN}),
        Ty::Duration => json!({"type": ["string", "null"], "pattern": DURATION_PATTERN}),
        Ty::Url => json!({"type": ["string", "null"], "format": "uri", "pattern": URL_PATTERN}),
        Ty::Severity => {
            let mut names: Vec<Value> = SEVERITIES.iter().map(|s| json!(s)).collect();
            names.push(Value::Null);
            json!({"enum": names})
        }
        Ty::Record(name) => json!({"$ref": format!("#/$defs/{name}")}),
        Ty::List(inner) => json!({"type": ["array", "null"], "items": type_schema(inner)}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_map_to_schema() {
        assert_eq!(type_schema(&Ty::Date)["format"], "date");
        assert_eq!(type_schema(&Ty::Url)["format"], "uri");
        let s = attestation_schema(&Vocabulary::standard());
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(
            s["properties"]["support"]["$ref"],
            "#/$defs/attestation.support"
        );
        let end = &s["$defs"]["attestation.support"]["properties"]["end"];
        assert_eq!(end["examples"][0], "2032-01-31");
        assert_eq!(
            s["$defs"]["attestation.support"]["properties"]["response_days"]["examples"][0],
            14
        );
        assert!(s["$defs"].get("component").is_none());
    }

    #[test]
    fn questions_appear_in_the_schema() {
        let mut v = Vocabulary::standard();
        v.add_question(&["cloud", "region"], Ty::String, "Region?", "Regio?")
            .unwrap();
        let s = attestation_schema(&v);
        assert_eq!(
            s["$defs"]["attestation.cloud"]["properties"]["region"]["description"],
            "Region?"
        );
    }
}
