//! Evidence: what vendors submit (SBOMs, attestations, VEX, documents), loaded, validated
//! and normalised into one model, and the vocabulary clauses use to read it.

pub mod attestation_schema;
pub mod bid;
pub mod json;
pub mod license;
pub mod load;
pub mod model;
pub mod schema;
pub mod text;
pub mod validate;
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
    // CycloneDX (load/cyclonedx*.rs)
    code(
        "unsupported-version",
        Severity::Error,
        "the SBOM's format version is not one Tenderguard reads",
    ),
    code(
        "not-cyclonedx",
        Severity::Error,
        "`bomFormat` or the XML namespace is not CycloneDX's",
    ),
    code(
        "missing-field",
        Severity::Error,
        "a required field is missing",
    ),
    code(
        "invalid-value",
        Severity::Error,
        "a value has the wrong type, is not an allowed value, or is malformed",
    ),
    code(
        "unexpected-field",
        Severity::Error,
        "a field or element is not allowed where it appears",
    ),
    code(
        "invalid-hash",
        Severity::Error,
        "a digest is not hex of the right length for its algorithm",
    ),
    code(
        "invalid-purl",
        Severity::Error,
        "a package URL does not parse",
    ),
    code(
        "invalid-license",
        Severity::Error,
        "a licence entry is malformed or names an id not on the SPDX list",
    ),
    code(
        "duplicate-bom-ref",
        Severity::Error,
        "two elements share one `bom-ref`",
    ),
    code(
        "dangling-ref",
        Severity::Error,
        "a dependency names a `bom-ref` that does not exist",
    ),
    code(
        "dangling-affects",
        Severity::Warning,
        "a vulnerability affects a `bom-ref` that does not exist",
    ),
    code(
        "too-many-errors",
        Severity::Error,
        "more errors than reported were found in one file",
    ),
    code(
        "invalid-xml",
        Severity::Error,
        "the file is not well-formed XML, or has a DTD",
    ),
    code(
        "unknown-format",
        Severity::Error,
        "the file is not a recognised evidence format",
    ),
    // schemas (validate.rs)
    code(
        "schema-violation",
        Severity::Error,
        "the document violates the given JSON Schema",
    ),
    code(
        "schema-format",
        Severity::Warning,
        "a value does not match a `format` of the given JSON Schema",
    ),
    code(
        "schema-unavailable",
        Severity::Error,
        "the given JSON Schema cannot be compiled offline",
    ),
    // licences (license.rs)
    code(
        "unknown-license",
        Severity::Warning,
        "a licence is not an SPDX expression and is kept as a named licence",
    ),
    // SPDX (load/spdx*.rs)
    code(
        "spdx-duplicate-spdxid",
        Severity::Error,
        "two elements of an SPDX document share one SPDXID",
    ),
    code(
        "spdx-syntax",
        Severity::Error,
        "an SPDX tag-value line is not `Tag: value`, or a `<text>` is never closed",
    ),
    code(
        "spdx-unknown-tag",
        Severity::Warning,
        "an SPDX tag-value tag is unknown and was skipped",
    ),
    // YAML, attestations (yaml.rs, load/attestation.rs, load/cdxa.rs)
    code(
        "yaml-syntax",
        Severity::Error,
        "the file is not valid YAML, or holds more than one document",
    ),
    code(
        "attestation-unknown-key",
        Severity::Error,
        "an attestation key is not a question of the tender",
    ),
    code(
        "attestation-wrong-type",
        Severity::Error,
        "an attestation answer has the wrong type",
    ),
    code(
        "attestation-invalid",
        Severity::Error,
        "the attestation is not a mapping of answers",
    ),
    code(
        "cdxa-unmapped-claims",
        Severity::Warning,
        "CycloneDX attestation claims that name no tender question were not mapped",
    ),
    code(
        "cdxa-duplicate-answer",
        Severity::Error,
        "two CycloneDX claims answer the same question",
    ),
    // PDF documents (load/pdf.rs)
    code(
        "pdf-invalid",
        Severity::Error,
        "a document is not a readable PDF (garbage, truncated beyond repair, damaged structure)",
    ),
    code("pdf-no-pages", Severity::Error, "a PDF has no pages"),
    code(
        "pdf-encrypted",
        Severity::Warning,
        "a PDF needs a password to open; only the fact that it is encrypted is known",
    ),
    code(
        "pdf-repaired",
        Severity::Warning,
        "a PDF's cross-reference table is broken and was rebuilt by scanning the file",
    ),
    code(
        "pdf-text-unreadable",
        Severity::Warning,
        "no text was found in a PDF and some pages could not be read, so whether it has text is unknown",
    ),
    code(
        "pdf-invalid-date",
        Severity::Warning,
        "a PDF's creation date is not a PDF date and was ignored",
    ),
    // bid folders (bid.rs)
    code(
        "manifest-invalid",
        Severity::Error,
        "`bid.yaml` does not match the manifest schema",
    ),
    code(
        "bid-path-escape",
        Severity::Error,
        "a path leaves the bid folder: absolute, `..`, or a symlink pointing out",
    ),
    code(
        "bid-unreadable",
        Severity::Error,
        "the bid folder or a file in it cannot be read",
    ),
    code(
        "bid-digest-mismatch",
        Severity::Error,
        "a file's SHA-256 differs from the one in `bid.yaml`",
    ),
    code(
        "bid-second-attestation",
        Severity::Error,
        "a bid holds more than one attestation",
    ),
    code(
        "bid-unlisted-file",
        Severity::Warning,
        "a file in the bid folder is not listed in `bid.yaml` and was not read",
    ),
    code(
        "bid-unrecognised-file",
        Severity::Warning,
        "a file is not a recognised evidence format and was skipped",
    ),
    code(
        "bid-symlink-skipped",
        Severity::Warning,
        "a symlink inside the bid folder was skipped (symlinks are never followed)",
    ),
];
