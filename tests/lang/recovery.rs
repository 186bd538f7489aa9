//! Parsing goes on after a syntax error: each item is parsed on its own, so every broken
//! item reports its error, and a cut in the wrong place never changes a verdict.

use super::{codes, parse, parse_raw};

/// The (line, column) of every diagnostic for `src`.
fn positions(src: &str) -> Vec<(usize, usize)> {
    let Err((diags, sm)) = parse_raw(src) else {
        return Vec::new();
    };
    diags
        .iter()
        .map(|d| match &d.location {
            Some(tenderguard::diag::Location::Source { file, span }) => {
                sm.get(*file).unwrap().line_col(span.start)
            }
            other => panic!("not a source location: {other:?}"),
        })
        .collect()
}

#[test]
fn every_broken_item_reports_one_error() {
    let src = "clause A \"t\" {\n}\nparam x = 1\nclause B \"t\" knockout {\n  require x = 1\n}\nclause C \"t\" knockout { require true }\nquestion attestation.q : bool \"a\"\n";
    assert_eq!(codes(src), ["syntax-error"; 3]);
    assert_eq!(positions(src), [(1, 14), (5, 13), (9, 1)]);
}

#[test]
fn literal_errors_in_later_items_are_reported_too() {
    let src = "clause A \"t\" {\n}\nparam d = 2027-02-30\n";
    assert_eq!(codes(src), ["syntax-error", "invalid-date"]);
}

#[test]
fn a_keyword_used_as_a_name_is_not_a_cut() {
    // `use` is a valid clause id and `clause` a valid parameter name: the item scan cuts
    // there, and the whole file decides.
    let src = "param clause = 1\nclause use \"t\" knockout {\n  require clause == 1\n}\n";
    let file = parse(src).unwrap();
    assert_eq!(file.items.len(), 2);
    let broken = "param clause = 1\nclause use \"t\" {\n}\nclause B \"t\" { }\n";
    assert_eq!(positions(broken), [(2, 16), (4, 14)]);
}

#[test]
fn a_header_after_items_is_a_syntax_error() {
    let src = "param x = 1\ntender \"T\" {\n  published 2027-01-01\n}\n";
    assert_eq!(codes(src), ["syntax-error"]);
    assert_eq!(positions(src), [(2, 1)]);
    let twice = "tender \"T\" {\n}\ntender \"U\" {\n}\n";
    assert_eq!(positions(twice), [(3, 1)]);
}

#[test]
fn comments_before_the_first_item_are_kept() {
    let src = "// one\n\n/* two */\ntender \"T\" {\n}\n// three\nparam x = 1\n// four\n";
    let file = parse(src).unwrap();
    assert_eq!(file.comments.0, ["// one", "/* two */"]);
    assert_eq!(file.trailing.0, ["// four"]);
}
