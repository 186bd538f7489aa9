//! Validation of a JSON document against a JSON Schema the user holds (`validate --schema`),
//! and the reference the conformance tests hold our loaders to.
//!
//! Input: the schema and the document as values, plus any schemas the first one `$ref`s
//! (given as `(uri, schema)` pairs). Output: diagnostics with the JSON pointer of each
//! violation: structural violations are errors (`schema-violation`), `format` violations
//! (e.g. `iri-reference`) warnings (`schema-format`), because real SBOMs from the format's
//! own project fail them. Fully offline: a `$ref` to anything not given is one
//! `schema-unavailable` error naming it. It does not read files or fetch anything.

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Location};

pub const SCHEMA_VIOLATION: Code = Code("schema-violation");
pub const SCHEMA_FORMAT: Code = Code("schema-format");
pub const SCHEMA_UNAVAILABLE: Code = Code("schema-unavailable");

/// Errors reported per document before the rest are counted.
const MAX_REPORTED: usize = 100;

/// Validates `doc` (read from `file`) against `schema`; `resources` are the schemas it
/// references, by URI.
pub fn validate_against_schema(
    file: &str,
    schema: &Value,
    resources: &[(&str, &Value)],
    doc: &Value,
) -> Vec<Diagnostic> {
    let registry = resources
        .iter()
        .try_fold(jsonschema::Registry::new(), |r, (uri, v)| {
            r.add(*uri, (*v).clone())
        })
        .and_then(jsonschema::RegistryBuilder::prepare);
    let registry = match registry {
        Ok(r) => r,
        Err(e) => return vec![unavailable(file, &e.to_string())],
    };
    let build = |formats: bool| {
        jsonschema::options()
            .offline()
            .with_registry(&registry)
            .should_validate_formats(formats)
            .build(schema)
    };
    let (structural, with_formats) = match (build(false), build(true)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return vec![unavailable(file, &e.to_string())],
    };
    let mut out: Vec<Diagnostic> = structural
        .iter_errors(doc)
        .map(|e| {
            Diagnostic::error(
                SCHEMA_VIOLATION,
                crate::report::escape::terminal(&e.to_string()),
            )
            .at(Location::pointer(file, e.instance_path().as_str()))
        })
        .collect();
    out.extend(with_formats.iter_errors(doc).filter_map(|e| {
        matches!(
            e.kind(),
            jsonschema::error::ValidationErrorKind::Format { .. }
        )
        .then(|| {
            Diagnostic::warning(
                SCHEMA_FORMAT,
                crate::report::escape::terminal(&e.to_string()),
            )
            .at(Location::pointer(file, e.instance_path().as_str()))
        })
    }));
    if out.len() > MAX_REPORTED {
        let more = out.len() - MAX_REPORTED;
        out.truncate(MAX_REPORTED);
        out.push(
            Diagnostic::error(
                crate::evidence::load::cyclonedx::TOO_MANY_ERRORS,
                format!("…and {more} more schema findings"),
            )
            .at(Location::file(file)),
        );
    }
    out
}

fn unavailable(file: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        SCHEMA_UNAVAILABLE,
        format!(
            "the schema cannot be used: {}",
            crate::report::escape::terminal(why)
        ),
    )
    .at(Location::file(file))
    .with_help("schemas are never fetched from the network; a schema that `$ref`s another file cannot be used on its own")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn violations_are_errors_and_formats_warnings() {
        let schema = json!({
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "integer"}, "u": {"type": "string", "format": "email"}}
        });
        let d = validate_against_schema("f.json", &schema, &[], &json!({"a": "x", "u": "nope"}));
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].code, d[0].is_error()), (SCHEMA_VIOLATION, true));
        assert_eq!(d[0].location, Some(Location::pointer("f.json", "/a")));
        assert_eq!((d[1].code, d[1].is_error()), (SCHEMA_FORMAT, false));
        assert!(validate_against_schema("f", &schema, &[], &json!({"a": 1})).is_empty());
    }

    #[test]
    fn remote_refs_are_never_fetched() {
        let schema = json!({"$ref": "https://example.com/other.schema.json"});
        let d = validate_against_schema("f", &schema, &[], &json!({}));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, SCHEMA_UNAVAILABLE);
        assert!(
            d[0].message.contains("example.com/other.schema.json"),
            "{}",
            d[0].message
        );
        let other = json!({"type": "string"});
        let d = validate_against_schema(
            "f",
            &schema,
            &[("https://example.com/other.schema.json", &other)],
            &json!(5),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, SCHEMA_VIOLATION);
    }
}
