//! The cheap pre-scan that runs before pest: finds comments (kept for `fmt`), unterminated
//! strings and comments, and bounds nesting so the recursive parser can never exhaust the
//! stack.
//!
//! Input: source text and `Limits`. Output: the comments in source order and where each
//! top-level item starts (so that `syntax` can parse one item at a time), or one
//! diagnostic. It is a byte-level scan that knows only strings, comments, brackets and a
//! few keywords; it does not tokenize the language.

#![expect(
    clippy::result_large_err,
    reason = "a diagnostic is built once per error, never on a hot path"
)]

use super::codes;
use crate::diag::{Diagnostic, FileId, Span};
use crate::limits::Limits;

/// A comment as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Comment {
    pub span: Span,
    pub text: String,
}

/// What the parser recurses on: brackets and quantifiers. Each open bracket starts a frame
/// that counts the quantifiers inside it (a quantifier's body runs to the end of its
/// bracket or statement).
#[derive(Debug, Default)]
struct Frame {
    quantifiers: usize,
    counts: bool,
}

/// What the scan found.
#[derive(Debug, Default)]
pub(super) struct Scanned {
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// The byte offset of every keyword that can start a top-level item (`tender`, `use`,
    /// `param`, `clause`, `criterion`, `question`, `waive`) outside any bracket, in order.
    /// A well-formed file is exactly its items, each running to the next start.
    pub item_starts: Vec<usize>,
}

/// Scans `src`; returns its comments and item starts, or the first problem found.
pub(super) fn scan(file: FileId, src: &str, limits: &Limits) -> Result<Scanned, Diagnostic> {
    let bytes = src.as_bytes();
    let mut comments = Vec::new();
    let mut item_starts = Vec::new();
    let mut frames: Vec<Frame> = vec![Frame::default()];
    let mut depth = 0usize;
    let mut after_dot = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i = skip_string(file, src, i)?;
                after_dot = false;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = src
                    .get(i..)
                    .and_then(|r| r.find('\n'))
                    .map_or(src.len(), |n| i + n);
                comments.push(comment(src, i, end));
                i = end;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(n) = src.get(i + 2..).and_then(|r| r.find("*/")) else {
                    return Err(unterminated_comment(file, i));
                };
                let end = i + 2 + n + 2;
                comments.push(comment(src, i, end));
                i = end;
                continue;
            }
            b'(' | b'[' | b'{' => {
                let counts = b != b'{';
                depth += usize::from(counts);
                frames.push(Frame {
                    quantifiers: 0,
                    counts,
                });
                if depth > limits.max_expr_depth {
                    return Err(too_deep(file, Span::new(i, i + 1), limits));
                }
            }
            b')' | b']' | b'}' if frames.len() > 1 => {
                if let Some(f) = frames.pop() {
                    depth = depth.saturating_sub(f.quantifiers + usize::from(f.counts));
                }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = word_end(bytes, i);
                let word = src.get(i..end).unwrap_or("");
                if !after_dot
                    && frames.len() == 1
                    && bytes.get(end) != Some(&b'.')
                    && is_item_start(word)
                {
                    item_starts.push(i);
                }
                if !after_dot && let Some(frame) = frames.last_mut() {
                    if matches!(word, "all" | "any" | "none") {
                        frame.quantifiers += 1;
                        depth += 1;
                        if depth > limits.max_expr_depth {
                            return Err(too_deep(file, Span::new(i, end), limits));
                        }
                    } else if is_statement(word) {
                        depth = depth.saturating_sub(frame.quantifiers);
                        frame.quantifiers = 0;
                    }
                }
                after_dot = false;
                i = end;
                continue;
            }
            _ => {}
        }
        after_dot = b == b'.';
        i += 1;
    }
    Ok(Scanned {
        comments,
        item_starts,
    })
}

/// Words that start a top-level item (or the tender header).
fn is_item_start(word: &str) -> bool {
    matches!(
        word,
        "tender" | "use" | "param" | "clause" | "criterion" | "question" | "waive"
    )
}

/// Words that start a statement or an item: a quantifier before them has ended.
fn is_statement(word: &str) -> bool {
    matches!(
        word,
        "require"
            | "when"
            | "score"
            | "ref"
            | "text"
            | "evidence"
            | "clause"
            | "criterion"
            | "param"
            | "use"
            | "question"
            | "waive"
            | "tender"
    )
}

fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes
        .get(end)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        end += 1;
    }
    end
}

fn comment(src: &str, start: usize, end: usize) -> Comment {
    Comment {
        span: Span::new(start, end),
        text: src.get(start..end).unwrap_or("").trim_end().to_owned(),
    }
}

/// Returns the index after the closing quote; a string must end on the line it starts.
fn skip_string(file: FileId, src: &str, start: usize) -> Result<usize, Diagnostic> {
    let bytes = src.as_bytes();
    let mut i = start + 1;
    loop {
        match bytes.get(i) {
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') if bytes.get(i + 1).is_some_and(|c| *c != b'\n') => i += 2,
            Some(b'\n') | None => {
                let end = src
                    .get(start..)
                    .and_then(|r| r.find('\n'))
                    .map_or(src.len(), |n| start + n);
                return Err(Diagnostic::error(
                    codes::UNTERMINATED_STRING,
                    "this string has no closing quote",
                )
                .at_span(file, Span::new(start, end))
                .with_label("the string starts here and runs to the end of the line")
                .with_help("close it with `\"`; write `\\n` for a line break inside a string"));
            }
            Some(_) => i += 1,
        }
    }
}

fn unterminated_comment(file: FileId, start: usize) -> Diagnostic {
    Diagnostic::error(
        codes::UNTERMINATED_COMMENT,
        "this block comment is never closed",
    )
    .at_span(file, Span::new(start, start + 2))
    .with_label("the comment starts here")
    .with_help("close it with `*/`; block comments do not nest")
}

pub(super) fn too_deep(file: FileId, span: Span, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        codes::NESTING_TOO_DEEP,
        format!(
            "this expression nests more than {} levels deep",
            limits.max_expr_depth
        ),
    )
    .at_span(file, span)
    .with_label("too deep here")
    .with_help("split the condition into several `require` lines, or use `x in [a, b, c]` instead of long `or` chains")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> Result<Vec<Comment>, Diagnostic> {
        scan(FileId(0), src, &Limits::default()).map(|s| s.comments)
    }

    fn starts(src: &str) -> Vec<usize> {
        scan(FileId(0), src, &Limits::default())
            .unwrap()
            .item_starts
    }

    #[test]
    fn item_starts_are_top_level_keywords_only() {
        let src = "tender \"T\" { title.en \"use\" }\nparam x = 1 // clause\nclause A \"t\" knockout {\n  require tender.published == attestation.use.x\n}\nquestion attestation.param.q : bool \"a\" \"b\"\nwaive A for \"v\" until 2027-01-01 because \"r\"";
        let found: Vec<&str> = starts(src).into_iter().map(|i| &src[i..i + 5]).collect();
        assert_eq!(found, ["tende", "param", "claus", "quest", "waive"]);
    }

    #[test]
    fn finds_comments_outside_strings() {
        let c = run("// a\nparam x = \"// no\" /* b */\n").unwrap();
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["// a", "/* b */"]);
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let d = run("param x = \"abc\nparam y = 1").unwrap_err();
        assert_eq!(d.code, codes::UNTERMINATED_STRING);
    }

    #[test]
    fn unterminated_comment() {
        assert_eq!(run("/* x").unwrap_err().code, codes::UNTERMINATED_COMMENT);
    }

    #[test]
    fn deep_brackets_and_quantifier_chains_are_refused() {
        let deep = "(".repeat(300);
        assert_eq!(run(&deep).unwrap_err().code, codes::NESTING_TOO_DEEP);
        let chain = "require all x in y: ".repeat(2) + &"all x in y: ".repeat(300);
        assert_eq!(run(&chain).unwrap_err().code, codes::NESTING_TOO_DEEP);
    }

    #[test]
    fn statements_reset_quantifier_counts() {
        let many = "require all x in y: z\n".repeat(1000);
        assert!(run(&many).is_ok());
        let paths = "require a.all.any.none\n".repeat(1000);
        assert!(run(&paths).is_ok());
    }
}
