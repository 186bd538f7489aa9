//! The engine: resolve imports and parameters, check paths and types against the evidence
//! vocabulary, evaluate clauses against a bid, score criteria. Pure: no I/O.
//!
//! The front half is [`compile`]: `.tg` text → [`resolve`] (imports, parameters) →
//! [`check`] (paths, types, texts, scores) → [`ir::Tender`], the only input of evaluation.

pub mod assess;
pub mod check;
pub mod docs;
pub mod eval;
pub mod explain;
pub mod funcs;
pub mod fused;
pub mod glob;
pub mod ir;
pub mod library;
pub mod licence;
pub mod plan;
pub mod questionnaire;
pub mod resolve;
mod types;
pub mod value;
pub mod verdict;
pub mod version;

pub use check::{compile, compile_with};
pub use resolve::{NoFiles, SourceLoader};

use crate::diag::{CodeInfo, Severity};

/// The stable codes of the resolve and check stages.
pub mod codes {
    use crate::diag::Code;

    pub const UNKNOWN_SET: Code = Code("unknown-set");
    pub const IMPORT_NOT_FOUND: Code = Code("import-not-found");
    pub const INVALID_IMPORT_PATH: Code = Code("invalid-import-path");
    pub const UNKNOWN_CLAUSE: Code = Code("unknown-clause");
    pub const DUPLICATE_ID: Code = Code("duplicate-id");
    pub const IMPORT_CYCLE: Code = Code("import-cycle");
    pub const IMPORT_TOO_DEEP: Code = Code("import-too-deep");
    pub const UNKNOWN_PARAM: Code = Code("unknown-param");
    pub const OVERRIDE_TYPE_MISMATCH: Code = Code("override-type-mismatch");
    pub const DUPLICATE_PARAM: Code = Code("duplicate-param");
    pub const RESERVED_PARAM_NAME: Code = Code("reserved-param-name");
    pub const IMPORTED_TENDER_HEADER: Code = Code("imported-tender-header");
    pub const UNKNOWN_NAME: Code = Code("unknown-name");
    pub const UNKNOWN_FIELD: Code = Code("unknown-field");
    pub const NOT_A_RECORD: Code = Code("not-a-record");
    pub const TYPE_MISMATCH: Code = Code("type-mismatch");
    pub const NOT_BOOL: Code = Code("not-bool");
    pub const NOT_A_LIST: Code = Code("not-a-list");
    pub const EXPECTED_LITERAL: Code = Code("expected-literal");
    pub const INVALID_SPDX: Code = Code("invalid-spdx");
    pub const INVALID_VERSION_RANGE: Code = Code("invalid-version-range");
    pub const UNKNOWN_FUNCTION: Code = Code("unknown-function");
    pub const WRONG_ARITY: Code = Code("wrong-arity");
    pub const UNKNOWN_PLACEHOLDER: Code = Code("unknown-placeholder");
    pub const MISSING_TRANSLATION: Code = Code("missing-translation");
    pub const UNDECLARED_LANGUAGE: Code = Code("undeclared-language");
    pub const UNUSED_PARAM: Code = Code("unused-param");
    pub const UNKNOWN_WAIVER_TARGET: Code = Code("unknown-waiver-target");
    pub const EXPIRED_WAIVER: Code = Code("expired-waiver");
    pub const MISSING_REQUIRE: Code = Code("missing-require");
    pub const MISSING_SCORE: Code = Code("missing-score");
    pub const DUPLICATE_ENTRY: Code = Code("duplicate-entry");
    pub const MISPLACED_ENTRY: Code = Code("misplaced-entry");
    pub const INVALID_SCORE_POINTS: Code = Code("invalid-score-points");
    pub const SCORE_OUT_OF_RANGE: Code = Code("score-out-of-range");
    pub const SCORE_POINT_TYPE: Code = Code("score-point-type");
    pub const ZERO_WEIGHTS: Code = Code("zero-weights");
    pub const QUESTION_OUTSIDE_ATTESTATION: Code = Code("question-outside-attestation");
    pub const QUESTION_CLASH: Code = Code("question-clash");
    pub const UNKNOWN_EVIDENCE_KIND: Code = Code("unknown-evidence-kind");
    pub const CONSTANT_CONDITION: Code = Code("constant-condition");
}

const fn error(code: crate::diag::Code, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(code: crate::diag::Code, summary: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
        summary,
    }
}

/// The diagnostic codes this stage emits.
pub const CODES: &[CodeInfo] = &[
    error(
        codes::UNKNOWN_SET,
        "a `use` names a bundled clause set that does not exist",
    ),
    error(codes::IMPORT_NOT_FOUND, "an imported file cannot be read"),
    error(
        codes::INVALID_IMPORT_PATH,
        "an import path is absolute, leaves its directory or does not end in `.tg`",
    ),
    error(
        codes::UNKNOWN_CLAUSE,
        "a selection names a clause the set does not have",
    ),
    error(
        codes::DUPLICATE_ID,
        "two clauses or criteria have the same id",
    ),
    error(codes::IMPORT_CYCLE, "files import each other in a cycle"),
    error(codes::IMPORT_TOO_DEEP, "imports nest deeper than the limit"),
    error(
        codes::UNKNOWN_PARAM,
        "a `with { … }` override names a parameter the set does not declare",
    ),
    error(
        codes::OVERRIDE_TYPE_MISMATCH,
        "an override's value has another type than the parameter",
    ),
    error(
        codes::DUPLICATE_PARAM,
        "a parameter is declared twice in one file",
    ),
    error(
        codes::RESERVED_PARAM_NAME,
        "a parameter has the name of an evidence root",
    ),
    error(
        codes::IMPORTED_TENDER_HEADER,
        "an imported file has a `tender` header",
    ),
    error(
        codes::UNKNOWN_NAME,
        "a path starts with a name that is no root, parameter or variable",
    ),
    error(
        codes::UNKNOWN_FIELD,
        "a path names a field the record does not have",
    ),
    error(
        codes::NOT_A_RECORD,
        "a path reads a field of a value that is not a record",
    ),
    error(
        codes::TYPE_MISMATCH,
        "an operator or function gets a value of the wrong type",
    ),
    error(codes::NOT_BOOL, "a condition is not a `bool`"),
    error(
        codes::NOT_A_LIST,
        "a quantifier or `in` ranges over something that is not a list",
    ),
    error(
        codes::EXPECTED_LITERAL,
        "an operand must be written as a literal",
    ),
    error(
        codes::INVALID_SPDX,
        "a licence expression or identifier is not valid SPDX",
    ),
    error(
        codes::INVALID_VERSION_RANGE,
        "a version range cannot be parsed",
    ),
    error(
        codes::UNKNOWN_FUNCTION,
        "a call names a function that does not exist",
    ),
    error(
        codes::WRONG_ARITY,
        "a function gets too many or too few arguments",
    ),
    error(
        codes::UNKNOWN_PLACEHOLDER,
        "a `{name}` in a text is not a parameter",
    ),
    warning(
        codes::MISSING_TRANSLATION,
        "a text is missing in a language the tender declares",
    ),
    warning(
        codes::UNDECLARED_LANGUAGE,
        "a text is in a language the tender does not declare",
    ),
    warning(
        codes::UNUSED_PARAM,
        "a parameter of the tender is never used",
    ),
    error(
        codes::UNKNOWN_WAIVER_TARGET,
        "a waiver names a clause that does not exist",
    ),
    warning(
        codes::EXPIRED_WAIVER,
        "a waiver ends before the tender is published",
    ),
    error(codes::MISSING_REQUIRE, "a clause has no `require`"),
    error(codes::MISSING_SCORE, "a criterion has no `score`"),
    error(
        codes::DUPLICATE_ENTRY,
        "a clause repeats an entry that may appear once",
    ),
    error(
        codes::MISPLACED_ENTRY,
        "a `score` in a clause or a `require` in a criterion",
    ),
    error(
        codes::INVALID_SCORE_POINTS,
        "score points are too few or not ascending",
    ),
    error(codes::SCORE_OUT_OF_RANGE, "a score point is outside 0–100"),
    error(
        codes::SCORE_POINT_TYPE,
        "a score point's value has another type than the rule's input",
    ),
    warning(
        codes::ZERO_WEIGHTS,
        "criteria exist but their weights sum to zero",
    ),
    error(
        codes::QUESTION_OUTSIDE_ATTESTATION,
        "a question's path does not start with `attestation.`",
    ),
    error(
        codes::QUESTION_CLASH,
        "a question's path clashes with the built-in vocabulary",
    ),
    error(
        codes::UNKNOWN_EVIDENCE_KIND,
        "an `evidence` entry names an unknown kind",
    ),
    warning(
        codes::CONSTANT_CONDITION,
        "a condition reads no evidence, so it always has the same outcome",
    ),
];

/// Compiles a tender from text for unit tests (bundled imports only).
#[cfg(test)]
pub(crate) fn compile_for_test(src: &str) -> ir::Tender {
    let mut sources = crate::diag::SourceMap::new();
    let id = sources.add("t.tg", src);
    compile_with(
        crate::lang::parse,
        id,
        &mut sources,
        &mut NoFiles,
        &crate::limits::Limits::default(),
    )
    .map(|(t, _)| t)
    .unwrap_or_else(|d| panic!("{d:?}"))
}
