//! The clause language: text → AST, and AST → canonical text.
//!
//! [`parse`] runs three steps: `scan` (a cheap byte scan that keeps comments and bounds
//! nesting before any recursion), `syntax` (the pest grammar in `grammar/tenderguard.pest`)
//! and `lower` (pest pairs → [`ast`], validating literals and collecting every error).
//! [`fmt`] prints an AST in canonical form. This module knows nothing about evidence:
//! resolving imports and checking paths and types is the engine's job. pest types never
//! leave this module.

pub mod ast;
pub mod fmt;
mod literal;
mod lower;
mod lower_expr;
mod scan;
mod syntax;

use crate::diag::{CodeInfo, Diagnostic, FileId, Span};
use crate::limits::Limits;

/// Parses one `.tg` source. Spans are byte offsets into `src`. On failure, returns every
/// error found (syntax errors stop at the first one; literal errors are all collected).
pub fn parse(file: FileId, src: &str, limits: &Limits) -> Result<ast::File, Vec<Diagnostic>> {
    let len = u64::try_from(src.len()).unwrap_or(u64::MAX);
    if len > limits.max_source_bytes {
        return Err(vec![
            Diagnostic::error(
                codes::SOURCE_TOO_LARGE,
                format!(
                    "this file has {len} bytes, more than the limit of {}",
                    limits.max_source_bytes
                ),
            )
            .at_span(file, Span::new(0, 0))
            .with_label("file starts here")
            .with_help("split the tender into several files joined with `use \"./part.tg\"`"),
        ]);
    }
    let comments = scan::scan(file, src, limits).map_err(|d| vec![d])?;
    let tree = syntax::parse_file(file, src, limits.max_source_bytes).map_err(|d| vec![d])?;
    lower::lower_file(file, limits, comments, tree)
}

/// The words that cannot name a parameter, variable or function.
pub fn reserved_words() -> &'static [&'static str] {
    syntax::RESERVED
}

/// The stable codes of this stage.
pub mod codes {
    use crate::diag::Code;

    pub const SYNTAX_ERROR: Code = Code("syntax-error");
    pub const NESTING_TOO_DEEP: Code = Code("nesting-too-deep");
    pub const SOURCE_TOO_LARGE: Code = Code("source-too-large");
    pub const UNTERMINATED_STRING: Code = Code("unterminated-string");
    pub const UNTERMINATED_COMMENT: Code = Code("unterminated-comment");
    pub const INVALID_ESCAPE: Code = Code("invalid-escape");
    pub const CONTROL_CHARACTER: Code = Code("control-character");
    pub const INVALID_DATE: Code = Code("invalid-date");
    pub const INVALID_NUMBER: Code = Code("invalid-number");
    pub const INVALID_DURATION: Code = Code("invalid-duration");
    pub const CHAINED_COMPARISON: Code = Code("chained-comparison");
    pub const DUPLICATE_HEADER_FIELD: Code = Code("duplicate-header-field");
    pub const UNKNOWN_TYPE: Code = Code("unknown-type");
}

const fn error(code: crate::diag::Code, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: crate::diag::Severity::Error,
        summary,
    }
}

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[
    error(codes::SYNTAX_ERROR, "the text does not follow the grammar"),
    error(
        codes::NESTING_TOO_DEEP,
        "an expression nests deeper than the limit",
    ),
    error(
        codes::SOURCE_TOO_LARGE,
        "a `.tg` file is larger than the limit",
    ),
    error(
        codes::UNTERMINATED_STRING,
        "a string has no closing quote on its line",
    ),
    error(
        codes::UNTERMINATED_COMMENT,
        "a block comment is never closed",
    ),
    error(codes::INVALID_ESCAPE, "a string contains an unknown escape"),
    error(
        codes::CONTROL_CHARACTER,
        "a string contains a raw control character",
    ),
    error(codes::INVALID_DATE, "a date does not exist"),
    error(
        codes::INVALID_NUMBER,
        "a number is too large or too precise",
    ),
    error(
        codes::INVALID_DURATION,
        "a duration is not a whole number of units",
    ),
    error(
        codes::CHAINED_COMPARISON,
        "comparisons are chained without `and`",
    ),
    error(
        codes::DUPLICATE_HEADER_FIELD,
        "a tender header field is given twice",
    ),
    error(codes::UNKNOWN_TYPE, "a question names an unknown type"),
];
