//! What a tender asks of a vendor: the attestation answers its clauses read and the other
//! evidence they need. Pure data from a checked [`Tender`]; the response template
//! (`report::template`) and the contract annex (`report::annex`) render it.
//!
//! Input: an [`ir::Tender`]. Output: a [`Questionnaire`]:
//! - [`Asked`] fields: every `attestation.…` path that an item's `when`, `require` or score
//!   reads (a path that stops at a record asks for every field below it), plus every
//!   tender `question`, in vocabulary order, each with the clause ids that read it;
//! - [`EvidenceNeed`]s: every `evidence` kind the items list, plus `sbom` and `document`
//!   where a clause reads those roots without listing them, each with its clause ids.
//!
//! It does not read evidence, evaluate anything or render text.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::engine::ir::{self, ExprKind, PathRoot, Tender};
use crate::evidence::schema::{Field, Ty, Vocabulary};

/// Record nesting followed when expanding a record path (the vocabulary is shallow).
const MAX_DEPTH: usize = 16;

/// What a tender asks a vendor for.
#[derive(Debug, Clone, PartialEq)]
pub struct Questionnaire {
    /// Attestation fields, in vocabulary order (tender questions last in their record).
    pub fields: Vec<Asked>,
    /// Other evidence, in the order of [`crate::evidence::schema::EVIDENCE_KINDS`].
    pub evidence: Vec<EvidenceNeed>,
}

/// One attestation answer the tender asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    /// The path after `attestation` (`["support", "end"]`).
    pub path: Vec<String>,
    pub ty: Ty,
    pub prompt_en: String,
    pub prompt_nl: String,
    /// An example answer as text (the vocabulary's, or one made up for the type).
    pub example: String,
    /// For a list of records: the element's fields.
    pub element_fields: Vec<Field>,
    /// Ids of the items that read it, in tender order.
    pub clauses: Vec<String>,
    /// True for a tender `question`.
    pub question: bool,
}

impl Asked {
    /// `attestation.support.end`.
    pub fn dotted(&self) -> String {
        format!("attestation.{}", self.path.join("."))
    }

    /// The RFC 6901 pointer of the answer in an attestation (`/support/end`).
    pub fn pointer(&self) -> String {
        self.path
            .iter()
            .map(|s| format!("/{}", crate::diag::pointer_token(s)))
            .collect()
    }

    /// The prompt in a language (`nl`, else English), falling back to the other one.
    pub fn prompt(&self, lang: &str) -> &str {
        let (first, second) = if lang == "nl" {
            (&self.prompt_nl, &self.prompt_en)
        } else {
            (&self.prompt_en, &self.prompt_nl)
        };
        if first.is_empty() { second } else { first }
    }

    /// The example as a typed JSON value, as an attestation would hold it.
    pub fn example_value(&self) -> Value {
        match &self.ty {
            Ty::List(inner) => match inner.as_ref() {
                Ty::Record(_) => {
                    let entry: serde_json::Map<String, Value> = self
                        .element_fields
                        .iter()
                        .map(|f| {
                            let ex = if f.example.is_empty() {
                                type_example(&f.ty)
                            } else {
                                f.example.as_str()
                            };
                            (f.name.clone(), typed(&f.ty, ex))
                        })
                        .collect();
                    json!([entry])
                }
                t => json!([typed(t, &self.example)]),
            },
            t => typed(t, &self.example),
        }
    }
}

/// Evidence other than attestation answers, and who needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceNeed {
    /// One of `EVIDENCE_KINDS`.
    pub kind: String,
    /// Ids of the items that need it, in tender order.
    pub clauses: Vec<String>,
}

/// What `tender` asks for.
pub fn questionnaire(tender: &Tender) -> Questionnaire {
    let mut reads: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &tender.items {
        let mut need = |kind: &str| {
            let ids = kinds.entry(kind.to_owned()).or_default();
            if !ids.contains(&item.id) {
                ids.push(item.id.clone());
            }
        };
        for kind in &item.evidence {
            need(kind);
        }
        for expr in item.exprs() {
            ir::walk(expr, &mut |e| {
                if let ExprKind::Path { root, fields } = &e.kind {
                    match root {
                        PathRoot::Attestation if !fields.is_empty() => {
                            let ids = reads.entry(fields.clone()).or_default();
                            if !ids.contains(&item.id) {
                                ids.push(item.id.clone());
                            }
                        }
                        PathRoot::Sbom => need("sbom"),
                        PathRoot::Documents => need("document"),
                        _ => {}
                    }
                }
                true
            });
        }
    }
    let questions: BTreeSet<&[String]> = tender.questions.iter().map(|q| &q.path[..]).collect();
    let mut fields = Vec::new();
    collect(
        &tender.vocabulary,
        "attestation",
        &mut Vec::new(),
        &Ctx {
            reads: &reads,
            questions: &questions,
        },
        false,
        &mut fields,
    );
    let evidence = crate::evidence::schema::EVIDENCE_KINDS
        .iter()
        .filter(|k| **k != "attestation")
        .filter_map(|k| {
            kinds.get(*k).map(|ids| EvidenceNeed {
                kind: (*k).to_owned(),
                clauses: ids.clone(),
            })
        })
        .collect();
    Questionnaire { fields, evidence }
}

struct Ctx<'a> {
    reads: &'a BTreeMap<Vec<String>, Vec<String>>,
    questions: &'a BTreeSet<&'a [String]>,
}

/// Walks the attestation records in vocabulary order, emitting the asked leaves. `all`:
/// an ancestor record is read as a whole, so every leaf below it is asked.
fn collect(
    vocab: &Vocabulary,
    record: &str,
    prefix: &mut Vec<String>,
    ctx: &Ctx<'_>,
    all: bool,
    out: &mut Vec<Asked>,
) {
    let Some(rec) = vocab.record(record) else {
        return;
    };
    if prefix.len() > MAX_DEPTH {
        return;
    }
    for field in rec.fields() {
        prefix.push(field.name.clone());
        let read_here = ctx.reads.contains_key(prefix.as_slice());
        match &field.ty {
            Ty::Record(name) => {
                collect(vocab, name, prefix, ctx, all || read_here, out);
            }
            _ => {
                let asked = all || read_here || ctx.questions.contains(prefix.as_slice());
                if asked {
                    out.push(asked_field(vocab, field, prefix, ctx));
                }
            }
        }
        prefix.pop();
    }
}

fn asked_field(vocab: &Vocabulary, field: &Field, path: &[String], ctx: &Ctx<'_>) -> Asked {
    // Clauses that read this path, or a record above it.
    let mut clauses: Vec<String> = Vec::new();
    for n in 1..=path.len() {
        let ids = path
            .get(..n)
            .and_then(|p| ctx.reads.get(p))
            .into_iter()
            .flatten();
        for id in ids {
            if !clauses.contains(id) {
                clauses.push(id.clone());
            }
        }
    }
    let element_fields = match field.ty.element() {
        Some(Ty::Record(name)) => vocab
            .record(name)
            .map(|r| r.fields().to_vec())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let example = if field.example.is_empty() {
        type_example(field.ty.element().unwrap_or(&field.ty)).to_owned()
    } else {
        field.example.clone()
    };
    Asked {
        path: path.to_vec(),
        ty: field.ty.clone(),
        prompt_en: field.doc.clone(),
        prompt_nl: field.doc_nl.clone(),
        example,
        element_fields,
        clauses,
        question: ctx.questions.contains(path),
    }
}

/// A plausible answer for a type, for fields without a vocabulary example (questions).
pub fn type_example(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "true",
        Ty::Number => "1",
        Ty::Percent => "80%",
        Ty::Date => "2032-01-31",
        Ty::Duration => "5 years",
        Ty::Version => "1.0.0",
        Ty::Severity => "low",
        Ty::License => "Apache-2.0",
        Ty::Url => "https://vendor.example/",
        Ty::String | Ty::Record(_) | Ty::List(_) | Ty::Error => "text",
    }
}

/// The example text as a JSON value of the type (`"14"` → `14`, `"false"` → `false`).
fn typed(ty: &Ty, text: &str) -> Value {
    match ty {
        Ty::Bool => text
            .parse::<bool>()
            .map_or_else(|_| json!(text), Value::Bool),
        Ty::Number => serde_json::from_str::<serde_json::Number>(text)
            .map_or_else(|_| json!(text), Value::Number),
        _ => json!(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str) -> Tender {
        crate::engine::compile_for_test(src)
    }

    const SRC: &str = r#"
tender "T-1" { title.en "T" published 2027-01-15 }
clause A "a" knockout {
  text.en "a"
  require attestation.support.end >= tender.published
}
clause B "b" knockout {
  text.en "b"
  evidence pentest-report
  when exists(attestation.credentials)
  require any c in attestation.certifications: c.name == "ISO/IEC 27001"
}
criterion C "c" weight 1 {
  text.en "c"
  score yesno(len(sbom.components) > 0 and attestation.support.end > tender.published)
}
question attestation.cloud.region : string "Which region?" "Welke regio?"
"#;

    #[test]
    fn asks_exactly_what_clauses_read() {
        let q = questionnaire(&compile(SRC));
        let paths: Vec<String> = q.fields.iter().map(Asked::dotted).collect();
        assert_eq!(
            paths,
            [
                "attestation.support.end",
                "attestation.credentials.universal_default_password",
                "attestation.credentials.unique_per_device",
                "attestation.credentials.brute_force_protection",
                "attestation.credentials.mfa",
                "attestation.certifications",
                "attestation.cloud.region",
            ]
        );
        let end = q.fields.first().unwrap();
        assert_eq!(end.clauses, ["A", "C"]);
        assert_eq!(end.pointer(), "/support/end");
        assert_eq!(end.example_value(), json!("2032-01-31"));
        let certs = q.fields.get(5).unwrap();
        assert_eq!(certs.example_value()[0]["name"], "ISO/IEC 27001");
        let region = q.fields.last().unwrap();
        assert!(region.question && region.clauses.is_empty());
        assert_eq!(region.prompt("nl"), "Welke regio?");
        let kinds: Vec<&str> = q.evidence.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["sbom", "pentest-report"]);
    }
}
