//! Hostile nesting and sizes give clean diagnostics, never a stack overflow, on the 2 MB
//! stacks of test threads.

use super::{clause, codes};
use tenderguard::lang;
use tenderguard::limits::Limits;

/// Runs `f` on a thread with a 2 MB stack, like the test harness and many servers.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

fn assert_too_deep(src: String) {
    small_stack(move || {
        assert_eq!(
            codes(&src),
            ["nesting-too-deep"],
            "{}",
            &src[..80.min(src.len())]
        );
    });
}

#[test]
fn hundred_thousand_parentheses() {
    let n = 100_000;
    assert_too_deep(clause(&format!("{}a{}", "(".repeat(n), ")".repeat(n))));
}

#[test]
fn hundred_thousand_nots() {
    assert_too_deep(clause(&format!("{}a", "not ".repeat(100_000))));
}

#[test]
fn hundred_thousand_minus_signs() {
    assert_too_deep(clause(&format!("{}a > 1", "- ".repeat(100_000))));
    assert_too_deep(clause(&format!("{}a > 1", "-".repeat(100_000))));
}

#[test]
fn deep_lists_calls_quantifiers_and_types() {
    assert_too_deep(clause(&format!(
        "{}1{}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    )));
    assert_too_deep(clause(&format!(
        "{}1{}",
        "f(".repeat(50_000),
        ")".repeat(50_000)
    )));
    assert_too_deep(clause(&"all x in y: ".repeat(50_000)));
    assert_too_deep(clause(&"a or all x in y: ".repeat(50_000)));
    assert_too_deep(clause(&format!(
        "{}a{}",
        "not (".repeat(50_000),
        ")".repeat(50_000)
    )));
    let ty = format!("{}string{}", "list<".repeat(50_000), ">".repeat(50_000));
    assert_too_deep(format!("question attestation.x : {ty} \"a\" \"b\"\n"));
}

#[test]
fn long_flat_chains_are_bounded_by_height() {
    // 300 terms joined by `or` build a tree 300 deep: refused with a clear message.
    let terms: Vec<String> = (0..300).map(|i| format!("a{i}")).collect();
    assert_too_deep(clause(&terms.join(" or ")));
    // 200 terms are fine.
    let terms: Vec<String> = (0..200).map(|i| format!("a{i}")).collect();
    let src = clause(&terms.join(" or "));
    small_stack(move || assert!(codes(&src).is_empty()));
}

#[test]
fn nesting_within_the_limit_parses_on_a_small_stack() {
    let depth = Limits::default().max_expr_depth - 2;
    let src = clause(&format!("{}a{}", "(".repeat(depth), ")".repeat(depth)));
    small_stack(move || assert!(codes(&src).is_empty()));
    let src = clause(&format!("{}a", "not ".repeat(depth)));
    small_stack(move || assert!(codes(&src).is_empty()));
    let src = clause(&format!("{}1", "-".repeat(depth)));
    small_stack(move || assert!(codes(&src).is_empty()));
}

#[test]
fn too_deep_points_at_the_culprit() {
    let src = clause(&format!("{}a{}", "(".repeat(1000), ")".repeat(1000)));
    let err = lang::parse(tenderguard::diag::FileId(0), &src, &Limits::default()).unwrap_err();
    let span = match err[0].location {
        Some(tenderguard::diag::Location::Source { span, .. }) => span,
        _ => panic!("no span"),
    };
    assert_eq!(&src[span.range()], "(");
}

#[test]
fn oversized_sources_are_refused_before_parsing() {
    let limits = Limits {
        max_source_bytes: 100,
        ..Limits::default()
    };
    let src = clause(&"a and ".repeat(40));
    let err = lang::parse(tenderguard::diag::FileId(0), &src, &limits).unwrap_err();
    assert_eq!(err[0].code.0, "source-too-large");
}
