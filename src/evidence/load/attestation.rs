//! Attestations: the vendor's answers to the tender's questions, YAML or JSON, checked
//! against the vocabulary.
//!
//! Input: the file's display name, its bytes, the [`Vocabulary`] (with the tender's
//! `question`s added) and the [`Limits`]. Output: an [`AttestationLoad`] (the answers as a
//! JSON value tree, plus warnings and, for CycloneDX files, what was mapped) or every error.
//!
//! Checks, each error with a JSON pointer (and `line:column` for YAML):
//! - every key names a field of the record reachable from `attestation` (unknown keys get a
//!   "did you mean" help; `$schema` is allowed at the top for editors);
//! - every value has its field's type: `date` is `YYYY-MM-DD`, `bool` is `true`/`false`
//!   (not `"yes"`), `url` is an absolute `http(s)://` or `mailto:` URL, and so on;
//! - `null` and missing answers are fine: they evaluate to `unknown` later.
//!
//! A CycloneDX 1.6 attestation (`bomFormat: CycloneDX` with `declarations`) is mapped onto
//! the same answers by the convention in [`cdxa`](super::cdxa). It does not evaluate anything
//! and does not read files.

use std::sync::Arc;

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Location, did_you_mean, pointer_token};
use crate::evidence::json;
use crate::evidence::model::Attestation;
use crate::evidence::schema::{Ty, Vocabulary};
use crate::evidence::yaml::{self, YamlDoc};
use crate::lang::ast::{Date, Duration, DurationUnit};
use crate::limits::Limits;

/// A key that is not a question of the tender.
pub const UNKNOWN_KEY: Code = Code("attestation-unknown-key");
/// An answer of the wrong type.
pub const WRONG_TYPE: Code = Code("attestation-wrong-type");
/// The file is not an attestation at all (not a mapping).
pub const NOT_ATTESTATION: Code = Code("attestation-invalid");

/// What loading an attestation produced.
#[derive(Debug, Clone, PartialEq)]
pub struct AttestationLoad {
    pub attestation: Attestation,
    pub warnings: Vec<Diagnostic>,
    /// For a CycloneDX attestation: each vocabulary path mapped, with the claim's pointer.
    pub mapped: Vec<(String, String)>,
}

/// Where answer values are in the file: YAML knows line:column, JSON only pointers.
pub(crate) struct Places<'a> {
    pub file: &'a str,
    pub yaml: Option<&'a YamlDoc>,
}

impl Places<'_> {
    pub fn at(&self, pointer: &str) -> Location {
        match self.yaml {
            Some(doc) => doc.location(self.file, pointer),
            None => Location::pointer(self.file, pointer),
        }
    }

    pub fn at_key(&self, pointer: &str) -> Location {
        match self.yaml {
            Some(doc) => doc.key_location(self.file, pointer),
            None => Location::pointer(self.file, pointer),
        }
    }
}

/// Loads an attestation from YAML or JSON bytes.
pub fn load(
    name: &str,
    bytes: &[u8],
    vocab: &Vocabulary,
    limits: &Limits,
) -> Result<AttestationLoad, Vec<Diagnostic>> {
    let file: &Arc<str> = &Arc::from(name);
    let text = json::prepare(file, bytes, limits).map_err(|d| vec![*d])?;
    let yaml_doc;
    let (value, places) = if looks_like_json(text) {
        let v = json::read_value(file, bytes, limits).map_err(|d| vec![*d])?;
        (v, Places { file, yaml: None })
    } else {
        yaml_doc = yaml::parse(file, text, limits).map_err(|d| vec![*d])?;
        (
            yaml_doc.value.clone(),
            Places {
                file,
                yaml: Some(&yaml_doc),
            },
        )
    };
    if super::cdxa::is_cdxa(&value) {
        return super::cdxa::load(file, &value, vocab);
    }
    let errors = check_answers(&value, vocab, &places);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut value = value;
    if let Some(map) = value.as_object_mut() {
        map.shift_remove("$schema");
    }
    Ok(AttestationLoad {
        attestation: Attestation {
            file: Arc::clone(file),
            answers: value,
            from_cdxa: false,
        },
        warnings: Vec::new(),
        mapped: Vec::new(),
    })
}

/// True when the first significant character opens a JSON object or array.
pub(crate) fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Checks a whole answers tree against the `attestation` record.
pub(crate) fn check_answers(
    value: &Value,
    vocab: &Vocabulary,
    places: &Places<'_>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    match value {
        Value::Object(map) => {
            let root = Ty::Record("attestation".to_owned());
            let top: serde_json::Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "$schema")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            check_value(&Value::Object(top), &root, "", vocab, places, &mut errors);
        }
        Value::Null => {}
        _ => errors.push(
            Diagnostic::error(
                NOT_ATTESTATION,
                "an attestation must be a mapping of answers",
            )
            .at(places.at(""))
            .with_help("start from the response template: `support:`, `credentials:`…"),
        ),
    }
    errors
}

/// Checks one value against a type, pushing every error found.
pub(crate) fn check_value(
    value: &Value,
    ty: &Ty,
    pointer: &str,
    vocab: &Vocabulary,
    places: &Places<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    if value.is_null() {
        return;
    }
    match ty {
        Ty::Record(name) => check_record(value, name, pointer, vocab, places, errors),
        Ty::List(inner) => match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(
                        item,
                        inner,
                        &format!("{pointer}/{i}"),
                        vocab,
                        places,
                        errors,
                    );
                }
            }
            _ => errors.push(wrong_type(value, ty, pointer, places)),
        },
        scalar => {
            if let Err(help) = check_scalar(value, scalar) {
                errors.push(wrong_type(value, ty, pointer, places).with_help(help));
            }
        }
    }
}

fn check_record(
    value: &Value,
    name: &str,
    pointer: &str,
    vocab: &Vocabulary,
    places: &Places<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(record) = vocab.record(name) else {
        return;
    };
    let Value::Object(map) = value else {
        errors.push(
            wrong_type(value, &Ty::Record(name.to_owned()), pointer, places)
                .with_help("write the answers of this section as a mapping (`key: value` lines)"),
        );
        return;
    };
    for (key, v) in map {
        let child = format!("{pointer}/{}", pointer_token(key));
        match record.field(key) {
            Some(field) => check_value(v, &field.ty, &child, vocab, places, errors),
            None => errors.push(unknown_key(key, record, &child, places)),
        }
    }
}

fn unknown_key(
    key: &str,
    record: &crate::evidence::schema::Record,
    pointer: &str,
    places: &Places<'_>,
) -> Diagnostic {
    let path = dotted(pointer);
    let d = Diagnostic::error(
        UNKNOWN_KEY,
        format!("`{}` is not a question of this tender", esc(&path)),
    )
    .at(places.at_key(pointer));
    let names = record.fields().iter().map(|f| f.name.as_str());
    match did_you_mean(key, names) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "the questions here are: {}",
            record
                .fields()
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `/support/end` → `attestation.support.end`.
pub(crate) fn dotted(pointer: &str) -> String {
    let mut s = String::from("attestation");
    for seg in pointer.split('/').skip(1) {
        s.push('.');
        s.push_str(&seg.replace("~1", "/").replace("~0", "~"));
    }
    s
}

fn esc(s: &str) -> String {
    crate::report::escape::terminal(s)
}

pub(crate) fn wrong_type(value: &Value, ty: &Ty, pointer: &str, places: &Places<'_>) -> Diagnostic {
    Diagnostic::error(
        WRONG_TYPE,
        format!(
            "`{}` must be {}, found {}",
            esc(&dotted(pointer)),
            describe(ty),
            shown(value)
        ),
    )
    .at(places.at(pointer))
}

/// The value as shown in a message: short, escaped.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            format!("`{}`", esc(&short))
        }
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
        other => format!("`{other}`"),
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "`true` or `false`".to_owned(),
        Ty::Number => "a number".to_owned(),
        Ty::Percent => "a percentage (`80` or `80%`)".to_owned(),
        Ty::String => "text".to_owned(),
        Ty::Date => "a date `YYYY-MM-DD`".to_owned(),
        Ty::Duration => "a duration (`5 years`, `30 days`)".to_owned(),
        Ty::Version => "a version".to_owned(),
        Ty::Severity => "a severity (`none`, `low`, `medium`, `high`, `critical`)".to_owned(),
        Ty::License => "an SPDX licence expression".to_owned(),
        Ty::Url => "an absolute `https://`, `http://` or `mailto:` URL".to_owned(),
        Ty::Record(_) => "a mapping".to_owned(),
        Ty::List(t) => format!("a list of {}", describe(t)),
        Ty::Error => "a value".to_owned(),
    }
}

/// Checks a scalar; `Err` holds the help line.
fn check_scalar(value: &Value, ty: &Ty) -> Result<(), &'static str> {
    let text = value.as_str();
    let ok = match ty {
        Ty::Bool => value.is_boolean(),
        Ty::Number => value.is_number(),
        Ty::Percent => value.is_number() || text.is_some_and(is_percent),
        Ty::String | Ty::License => text.is_some(),
        Ty::Version => text.is_some() || value.is_number(),
        Ty::Date => text.is_some_and(|s| parse_date(s).is_some()),
        Ty::Duration => text.is_some_and(is_duration),
        Ty::Severity => {
            text.is_some_and(|s| crate::evidence::attestation_schema::SEVERITIES.contains(&s))
        }
        Ty::Url => text.is_some_and(is_url),
        Ty::Record(_) | Ty::List(_) | Ty::Error => true,
    };
    if ok {
        return Ok(());
    }
    Err(match ty {
        Ty::Bool if text.is_some() => {
            "write `true` or `false` without quotes (`yes`/`no` are text)"
        }
        Ty::Number if text.is_some() => "write the number without quotes",
        Ty::String if !value.is_object() && !value.is_array() => "put the value in quotes",
        Ty::Date => "write the date as `YYYY-MM-DD`, e.g. `2032-01-31`",
        Ty::Url => "give the full address, e.g. `https://vendor.example/security`",
        Ty::Duration => "write e.g. `5 years`, `18 months`, `30 days`",
        _ => "see the response template for the expected answer",
    })
}

/// A strict `YYYY-MM-DD` calendar date.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    Some(Date {
        year: d.year(),
        month: u8::try_from(d.month()).ok()?,
        day: u8::try_from(d.day()).ok()?,
    })
}

fn is_percent(s: &str) -> bool {
    s.trim()
        .strip_suffix('%')
        .is_some_and(|n| n.trim().parse::<f64>().is_ok_and(f64::is_finite))
}

fn is_duration(s: &str) -> bool {
    parse_duration(s).is_some()
}

/// A duration answer: a whole number and a unit, singular or plural (`5 years`, `1 day`).
pub fn parse_duration(s: &str) -> Option<Duration> {
    let mut parts = s.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let unit = match unit {
        "day" | "days" => DurationUnit::Days,
        "week" | "weeks" => DurationUnit::Weeks,
        "month" | "months" => DurationUnit::Months,
        "year" | "years" => DurationUnit::Years,
        _ => return None,
    };
    Some(Duration {
        amount: i64::from(n.parse::<u32>().ok()?),
        unit,
    })
}

/// An absolute `http(s)://host…` or `mailto:local@domain` URL (lowercase scheme), without
/// spaces or controls. Agrees with `attestation_schema::URL_PATTERN`.
pub fn is_url(s: &str) -> bool {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = s;
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return rest
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty());
    }
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.and_then(|r| r.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.starts_with(':') && !host.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<AttestationLoad, Vec<Diagnostic>> {
        load(
            "a.yaml",
            text.as_bytes(),
            &Vocabulary::standard(),
            &Limits::default(),
        )
    }

    #[test]
    fn a_good_attestation_loads() {
        let a = run("support:\n  end: 2032-01-31\n  policy_url: https://v.example/s\ncredentials:\n  mfa: true\n")
            .unwrap();
        assert_eq!(a.attestation.answers["support"]["end"], "2032-01-31");
    }

    #[test]
    fn unknown_keys_suggest() {
        let e = run("suport:\n  end: 2032-01-31\n").unwrap_err();
        assert_eq!(e[0].code, UNKNOWN_KEY);
        assert_eq!(e[0].help.as_deref(), Some("did you mean `support`?"));
        assert!(
            matches!(
                e[0].location,
                Some(Location::Pointer {
                    line_col: Some((1, 1)),
                    ..
                })
            ),
            "{:?}",
            e[0]
        );
    }

    #[test]
    fn wrong_types_have_pointer_and_line() {
        let e = run(
            "support:\n  end: 31-01-2032\n  policy_url: vendor.example\ncredentials:\n  mfa: yes\n",
        )
        .unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| (d.code, d.location.clone())).collect();
        assert_eq!(e.len(), 3, "{codes:?}");
        assert!(e.iter().all(|d| d.code == WRONG_TYPE));
        let Some(Location::Pointer {
            pointer, line_col, ..
        }) = &e[2].location
        else {
            panic!()
        };
        assert_eq!(pointer, "/credentials/mfa");
        assert_eq!(*line_col, Some((5, 8)));
    }

    #[test]
    fn json_attestations_work_too() {
        let e = run(r#"{"support": {"end": "2032-02-30"}}"#).unwrap_err();
        assert_eq!(e[0].code, WRONG_TYPE);
        assert!(run(r#"{"$schema": "x", "support": {"end": "2032-02-28"}}"#).is_ok());
    }

    #[test]
    fn urls_and_dates() {
        assert!(is_url("https://a.example/x"));
        assert!(is_url("mailto:sec@a.example"));
        assert!(!is_url("ftp://a.example"));
        assert!(!is_url("https://"));
        assert!(!is_url("javascript:alert(1)"));
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert_eq!(
            parse_duration("10 years"),
            Some(Duration {
                amount: 10,
                unit: DurationUnit::Years
            })
        );
        assert_eq!(
            parse_duration("1 week").map(|d| d.unit),
            Some(DurationUnit::Weeks)
        );
        assert_eq!(parse_duration("10 yrs"), None);
        assert_eq!(parse_duration("-3 days"), None);
        assert!(parse_date("2023-2-01").is_none());
    }

    #[test]
    fn not_a_mapping_and_not_utf8() {
        assert_eq!(run("- a\n- b\n").unwrap_err()[0].code, NOT_ATTESTATION);
        let bad = load(
            "a.yaml",
            b"support:\n  end: \xff\n",
            &Vocabulary::standard(),
            &Limits::default(),
        );
        assert_eq!(bad.unwrap_err()[0].code, json::INVALID_UTF8);
    }
}
