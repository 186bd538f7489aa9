//! Evidence: what vendors submit (SBOMs, attestations, VEX, documents), loaded, validated
//! and normalised into one model, and the vocabulary clauses use to read it.

pub mod json;
pub mod license;
pub mod load;
pub mod model;
pub mod schema;
pub mod yaml;

use crate::diag::{Code, CodeInfo, Severity};

const fn code(code: &'static str, severity: Severity, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code: Code(code),
        severity,
        summary,
    }
}

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[
    // JSON reading (json.rs)
    code(
        "invalid-json",
        Severity::Error,
        "the file is not well-formed JSON (syntax error or truncated)",
    ),
    code(
        "duplicate-key",
        Severity::Error,
        "a JSON object or YAML mapping has the same key twice",
    ),
    code(
        "too-deep",
        Severity::Error,
        "JSON or XML nesting is deeper than the depth limit",
    ),
    code(
        "limit-exceeded",
        Severity::Error,
        "a file, string or count is larger than its limit",
    ),
    code(
        "invalid-utf8",
        Severity::Error,
        "the file is not valid UTF-8",
    ),
    // licences (license.rs)
    code(
        "unknown-license",
        Severity::Warning,
        "a licence is not an SPDX expression and is kept as a named licence",
    ),
];
