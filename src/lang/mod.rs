//! The clause language: text → AST, and AST → canonical text.
//!
//! [`parse`] runs three steps: `scan` (a cheap byte scan that keeps comments, bounds
//! nesting before any recursion and finds where items start), `syntax` (the pest grammar
//! in `grammar/tenderguard.pest`) and `lower` (pest pairs → [`ast`], validating literals
//! and collecting every error); `pieces` runs the last two item by item, on several
//! threads for large files.
//! [`fmt`] prints an AST in canonical form. This module knows nothing about evidence:
//! resolving imports and checking paths and types is the engine's job. pest types never
//! leave this module.

pub mod ast;
pub mod fmt;
mod literal;
mod lower;
mod lower_expr;
mod pieces;
mod scan;
mod syntax;

use crate::diag::{CodeInfo, Diagnostic, FileId, Span};
use crate::limits::Limits;

/// Parses one `.tg` source. Spans are byte offsets into `src`. On failure, returns every
/// error found: one syntax error per broken item at most, and every invalid literal.
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
    let limits = &Limits {
        max_expr_depth: limits.max_expr_depth.min(MAX_STACK_LEVELS),
        ..*limits
    };
    let scanned = scan::scan(file, src, limits).map_err(|d| vec![d])?;
    on_own_stack(limits, || pieces::parse(file, src, limits, scanned)).unwrap_or_else(|| {
        Err(vec![
            Diagnostic::error(codes::SYNTAX_ERROR, "the parser could not run")
                .at_span(file, Span::new(0, 0)),
        ])
    })
}

/// Stack reserved per level of expression nesting: unoptimised builds of the generated
/// parser and the lowering use up to ~15 KiB per level; the rest is margin.
const STACK_PER_LEVEL: usize = 32 * 1024;

/// Nesting beyond this is refused whatever the limits say.
const MAX_STACK_LEVELS: usize = 4096;

/// The stack a thread that parses and lowers needs under `limits`.
fn stack_size(limits: &Limits) -> usize {
    let levels = limits.max_expr_depth.min(MAX_STACK_LEVELS);
    (8 << 20) + levels * STACK_PER_LEVEL
}

/// Runs the recursive stages (pest, lowering) on a thread whose stack fits the nesting the
/// limits allow, so that a caller's small stack (2 MiB test threads) cannot overflow.
fn on_own_stack<T: Send>(limits: &Limits, work: impl FnOnce() -> T + Send) -> Option<T> {
    on_own_stacks(limits, vec![work]).pop()
}

/// Runs each work at once on a thread of its own whose stack fits the nesting the limits
/// allow; returns their results in order. The stacks are reserved, not committed: unused
/// pages cost nothing. A work whose thread cannot be started runs on the caller's stack
/// (pest's guard still stops runaway recursion there). The engine's checker uses it too:
/// typing an expression recurses as deep as parsing it.
pub(crate) fn on_own_stacks<T: Send, W: FnOnce() -> T + Send>(
    limits: &Limits,
    works: Vec<W>,
) -> Vec<T> {
    fn run<T, W: FnOnce() -> T>(cell: &std::sync::Mutex<Option<W>>) -> Option<T> {
        cell.lock().ok().and_then(|mut w| w.take()).map(|w| w())
    }
    let size = stack_size(limits);
    let cells: Vec<_> = works
        .into_iter()
        .map(|w| std::sync::Mutex::new(Some(w)))
        .collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = cells
            .iter()
            .map(|cell| {
                std::thread::Builder::new()
                    .name("tenderguard-work".into())
                    .stack_size(size)
                    .spawn_scoped(scope, move || run(cell))
            })
            .collect();
        cells
            .iter()
            .zip(handles)
            .filter_map(|(cell, handle)| {
                let ran = match handle {
                    Ok(h) => h
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => None,
                };
                ran.or_else(|| run(cell))
            })
            .collect()
    })
}

/// Splits `n` units of work into at most `threads` contiguous runs of at least `min_run`
/// units (always at least one run, empty when `n` is 0): the runs a stage gives to
/// [`on_own_stacks`]. Contiguous runs joined in order keep results independent of `threads`.
pub(crate) fn run_ranges(n: usize, threads: usize, min_run: usize) -> Vec<std::ops::Range<usize>> {
    let runs = (n / min_run.max(1)).clamp(1, threads.max(1));
    let size = n.div_ceil(runs).max(1);
    (0..runs)
        .map(|k| (k * size).min(n)..((k + 1) * size).min(n))
        .filter(|r| !r.is_empty() || n == 0)
        .collect()
}

/// The threads a large file's stages may use: what the machine offers.
pub(crate) fn available_threads() -> usize {
    // asked once: the answer reads cgroup files under /proc, about 0.1 ms each time
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from))
}

/// The fuzz target's property, shared with the tests that replay its seeds: any bytes
/// either fail to parse, or parse to an AST whose canonical text parses back to an equal
/// AST and formats to itself. Returns what went wrong.
#[doc(hidden)]
pub fn fuzz_round_trip(data: &[u8]) -> Result<(), String> {
    let Ok(src) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let limits = Limits::default();
    let Ok(ast) = parse(FileId(0), src, &limits) else {
        return Ok(());
    };
    let text = fmt::format(&ast);
    let again = parse(FileId(0), &text, &limits)
        .map_err(|d| format!("canonical text does not parse: {d:?}\n{text}"))?;
    if again != ast {
        return Err(format!("canonical text means something else:\n{text}"));
    }
    let twice = fmt::format(&again);
    if twice != text {
        return Err(format!(
            "formatting is not idempotent:\n{text}\n---\n{twice}"
        ));
    }
    Ok(())
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
