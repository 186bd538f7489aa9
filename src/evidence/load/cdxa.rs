//! CycloneDX 1.6 attestations (CDXA, `declarations`) mapped onto tender answers.
//!
//! The convention (CycloneDX claims have no properties, so it lives in the predicate):
//! a claim in `declarations.claims[]` answers a tender question when its `predicate` reads
//!
//! ```text
//! tenderguard:attestation.support.end = 2032-01-31
//! ```
//!
//! i.e. `tenderguard:`, a vocabulary path starting with `attestation.`, `=`, and the value.
//! The value is read as JSON when it is JSON (`true`, `14`, `"text"`, `["a","b"]`) and as
//! text otherwise. Claims listed as `counterClaims` of any `attestations[].map[]` entry are
//! not mapped. Other claims (free-text predicates) are kept out of the answers and counted
//! in one `cdxa-unmapped-claims` warning. Each mapped value is type-checked like a YAML
//! answer; errors point at the claim's `predicate`.
//!
//! It does not judge `conformance` or `confidence` scores, evidence or signatures.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::attestation::{AttestationLoad, Places, UNKNOWN_KEY, check_value};
use crate::diag::{Code, Diagnostic, Location, did_you_mean};
use crate::evidence::model::Attestation;
use crate::evidence::schema::{Ty, Vocabulary};

/// Claims that do not name a tender question.
pub const UNMAPPED: Code = Code("cdxa-unmapped-claims");
/// Two claims answer the same question.
pub const DUPLICATE_ANSWER: Code = Code("cdxa-duplicate-answer");

const PREFIX: &str = "tenderguard:";

/// True for a CycloneDX document with `declarations`.
pub fn is_cdxa(v: &Value) -> bool {
    v.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX")
        && v.get("declarations").is_some()
}

/// Maps the claims of a CycloneDX attestation onto answers.
pub fn load(
    file: &Arc<str>,
    doc: &Value,
    vocab: &Vocabulary,
) -> Result<AttestationLoad, Vec<Diagnostic>> {
    let decl = doc.get("declarations");
    let counter = counter_claims(decl);
    let claims = decl
        .and_then(|d| d.get("claims"))
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let mut answers = Map::new();
    let (mut mapped, mut errors, mut unmapped) = (Vec::new(), Vec::new(), 0usize);
    for (i, claim) in claims.iter().enumerate() {
        let pointer = format!("/declarations/claims/{i}/predicate");
        let bom_ref = claim.get("bom-ref").and_then(Value::as_str).unwrap_or("");
        let predicate = claim.get("predicate").and_then(Value::as_str).unwrap_or("");
        let Some(rest) = predicate.trim().strip_prefix(PREFIX) else {
            unmapped += 1;
            continue;
        };
        if counter.contains(bom_ref) {
            continue;
        }
        match map_claim(rest, &pointer, file, vocab, &mut answers) {
            Ok(path) => mapped.push((path, pointer)),
            Err(d) => errors.extend(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings = Vec::new();
    if unmapped > 0 {
        warnings.push(
            Diagnostic::warning(
                UNMAPPED,
                format!("{unmapped} claim(s) do not name a tender question and were not mapped"),
            )
            .at(Location::pointer(&**file, "/declarations/claims"))
            .with_help("to answer a question, write the predicate as `tenderguard:attestation.support.end = 2032-01-31`"),
        );
    }
    Ok(AttestationLoad {
        attestation: Attestation {
            file: Arc::clone(file),
            answers: Value::Object(answers),
            from_cdxa: true,
        },
        warnings,
        mapped,
    })
}

/// The bom-refs listed as counter-claims anywhere.
fn counter_claims(decl: Option<&Value>) -> BTreeSet<String> {
    let maps = decl
        .and_then(|d| d.get("attestations"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("map").and_then(Value::as_array))
        .flatten();
    maps.filter_map(|m| m.get("counterClaims").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Maps one `path = value` predicate into the answers tree; returns the dotted path.
fn map_claim(
    rest: &str,
    pointer: &str,
    file: &Arc<str>,
    vocab: &Vocabulary,
    answers: &mut Map<String, Value>,
) -> Result<String, Vec<Diagnostic>> {
    let at = || Location::pointer(&**file, pointer);
    let Some((path, raw)) = rest.split_once('=') else {
        return Err(vec![
            Diagnostic::error(UNKNOWN_KEY, "a `tenderguard:` claim has no `= value`")
                .at(at())
                .with_help("write `tenderguard:attestation.support.end = 2032-01-31`"),
        ]);
    };
    let path = path.trim();
    let raw = raw.trim();
    let value =
        serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.to_owned()));
    let segments: Vec<&str> = path.split('.').collect();
    let ty = resolve(&segments, vocab).map_err(|d| vec![(*d).at(at())])?;
    let places = Places { file, yaml: None };
    let mut errors = Vec::new();
    let answer_pointer: String = segments.iter().skip(1).map(|s| format!("/{s}")).collect();
    check_value(&value, &ty, &answer_pointer, vocab, &places, &mut errors);
    if !errors.is_empty() {
        // The checker names the answer's path; the place is the claim.
        return Err(errors.into_iter().map(|d| d.at(at())).collect());
    }
    insert(answers, segments.get(1..).unwrap_or(&[]), value).map_err(|()| {
        vec![
            Diagnostic::error(
                DUPLICATE_ANSWER,
                format!("`{}` is answered twice", esc(path)),
            )
            .at(at()),
        ]
    })?;
    Ok(path.to_owned())
}

fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

/// The type at a dotted path starting with `attestation`.
fn resolve(segments: &[&str], vocab: &Vocabulary) -> Result<Ty, Box<Diagnostic>> {
    let unknown = |msg: String, help: Option<String>| {
        let d = Diagnostic::error(UNKNOWN_KEY, msg);
        Box::new(match help {
            Some(h) => d.with_help(h),
            None => d,
        })
    };
    let (first, rest) = segments.split_first().unwrap_or((&"", &[]));
    if *first != "attestation" || rest.is_empty() {
        return Err(unknown(
            format!("`{}` is not an attestation path", esc(&segments.join("."))),
            Some("paths start with `attestation.`, e.g. `attestation.support.end`".to_owned()),
        ));
    }
    let mut ty = Ty::Record("attestation".to_owned());
    for seg in rest {
        let Ty::Record(name) = &ty else {
            return Err(unknown(
                format!("`{}` goes below an answer", esc(&segments.join("."))),
                None,
            ));
        };
        let Some(record) = vocab.record(name) else {
            return Err(unknown(format!("`{}` is unknown", esc(name)), None));
        };
        ty = match record.field(seg) {
            Some(f) => f.ty.clone(),
            None => {
                let help = did_you_mean(seg, record.fields().iter().map(|f| f.name.as_str()))
                    .map(|s| format!("did you mean `{s}`?"));
                return Err(unknown(
                    format!(
                        "`{}` is not a question of this tender",
                        esc(&segments.join("."))
                    ),
                    help,
                ));
            }
        };
    }
    Ok(ty)
}

/// Inserts a value at a path of object keys; `Err` when it is there already.
fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), ()> {
    let Some((last, parents)) = path.split_last() else {
        return Err(());
    };
    let mut cur = map;
    for seg in parents {
        let entry = cur
            .entry((*seg).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        cur = entry.as_object_mut().ok_or(())?;
    }
    if cur.contains_key(*last) {
        return Err(());
    }
    cur.insert((*last).to_owned(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(claims: &[&str]) -> Value {
        let claims: Vec<Value> = claims
            .iter()
            .enumerate()
            .map(|(i, p)| serde_json::json!({"bom-ref": format!("c{i}"), "predicate": p}))
            .collect();
        serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "declarations": {"claims": claims}})
    }

    fn run(claims: &[&str]) -> Result<AttestationLoad, Vec<Diagnostic>> {
        load(
            &Arc::from("a.cdx.json"),
            &doc(claims),
            &Vocabulary::standard(),
        )
    }

    #[test]
    fn claims_map_to_answers() {
        let a = run(&[
            "tenderguard:attestation.support.end = 2032-01-31",
            "tenderguard:attestation.credentials.mfa = true",
            "Free text",
        ])
        .unwrap();
        assert_eq!(a.attestation.answers["support"]["end"], "2032-01-31");
        assert_eq!(a.attestation.answers["credentials"]["mfa"], true);
        assert_eq!(a.mapped.len(), 2);
        assert_eq!(a.warnings.len(), 1);
        assert!(a.attestation.from_cdxa);
    }

    #[test]
    fn bad_claims_are_errors() {
        let e = run(&["tenderguard:attestation.suport.end = 2032-01-31"]).unwrap_err();
        assert_eq!(e[0].code, UNKNOWN_KEY);
        assert_eq!(e[0].help.as_deref(), Some("did you mean `support`?"));
        let e = run(&["tenderguard:attestation.support.end = soon"]).unwrap_err();
        assert_eq!(e[0].code, super::super::attestation::WRONG_TYPE);
        let e = run(&[
            "tenderguard:attestation.support.end = 2032-01-31",
            "tenderguard:attestation.support.end = 2033-01-31",
        ])
        .unwrap_err();
        assert_eq!(e[0].code, DUPLICATE_ANSWER);
    }
}
